/**
 * Per-client rate limit over the API routes (static files are free). The default suits one
 * person or one household behind a NAT; operators raise it with environment variables, and the
 * load benchmark (bench/load-mixed.ts) must, because it is one loopback client at 500 requests/s.
 */

export interface RateLimitSettings {
  /** Requests per client IP per window, counted over the API routes only. */
  max: number;
  timeWindowMs: number;
}

/** 10 requests/s sustained: typing with autocomplete plus scrolling stays far below it. */
export const DEFAULT_RATE_LIMIT: RateLimitSettings = { max: 600, timeWindowMs: 60_000 };

export const RATE_LIMIT_MAX_ENV = 'INSPO_RATE_LIMIT_MAX';
export const RATE_LIMIT_WINDOW_ENV = 'INSPO_RATE_LIMIT_WINDOW_S';

const MS_PER_SECOND = 1000;
/** A window over a day is almost certainly a unit mistake (milliseconds given as seconds). */
const MAX_WINDOW_S = 24 * 60 * 60;

function readWholeNumber(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  { fallback, max }: { fallback: number; max: number },
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be a whole number from 1 to ${max}, got "${raw}".`);
  }
  return value;
}

/**
 * The 429's message: the same whole seconds as its Retry-After header (the window's time left,
 * rounded up), so the two never disagree.
 */
export function rateLimitedMessage(ttlMs: number): string {
  const seconds = Math.max(1, Math.ceil(ttlMs / MS_PER_SECOND));
  return `Too many requests; retry in ${seconds} second${seconds === 1 ? '' : 's'}.`;
}

/**
 * INSPO_RATE_LIMIT_MAX (requests per client per window) and INSPO_RATE_LIMIT_WINDOW_S (the
 * window in seconds) over DEFAULT_RATE_LIMIT; an unset or empty variable keeps the default.
 * Throws a message naming the variable for anything else than a positive whole number.
 */
export function rateLimitFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): RateLimitSettings {
  return {
    max: readWholeNumber(env, RATE_LIMIT_MAX_ENV, {
      fallback: DEFAULT_RATE_LIMIT.max,
      max: Number.MAX_SAFE_INTEGER,
    }),
    timeWindowMs:
      readWholeNumber(env, RATE_LIMIT_WINDOW_ENV, {
        fallback: DEFAULT_RATE_LIMIT.timeWindowMs / MS_PER_SECOND,
        max: MAX_WINDOW_S,
      }) * MS_PER_SECOND,
  };
}
