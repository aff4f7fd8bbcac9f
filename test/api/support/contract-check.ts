/**
 * What every API answer owes a client, as checks that return a problem (or null) instead of
 * throwing, so a fuzz run can report the request with it: never a 5xx; a 4xx is the contract's
 * `{ error: { code, message } }` with a code that fits the status and a message a person can
 * act on; a 2xx parses with the route's response schema.
 */
import { STATUS_CODES } from 'node:http';
import type { z } from 'zod';
import { ErrorResponseSchema } from '@/contract/api';
import type { WireResponse } from './http-client';

/** Shorter than this is not an explanation ("Error", "Bad"). */
const MIN_MESSAGE_LENGTH = 12;
const SHOWN_BODY_CHARS = 160;

/** The error codes each status may carry (error-handling.ts, api-error.ts). */
const CODES_FOR_STATUS: Readonly<Record<number, readonly string[]>> = {
  400: ['bad_request', 'bad_cursor'],
  403: ['bad_request'],
  404: ['not_found'],
  408: ['bad_request'],
  409: ['unavailable'],
  413: ['payload_too_large'],
  414: ['payload_too_large'],
  429: ['rate_limited'],
  431: ['payload_too_large'],
};

const shown = (response: WireResponse): string =>
  `${response.status} ${response.text.slice(0, SHOWN_BODY_CHARS)}`;

function json(response: WireResponse): { value: unknown } | null {
  try {
    return { value: response.json() };
  } catch {
    return null;
  }
}

/** Problems with a 4xx answer, or null when it is a clear contract error. */
export function errorProblem(response: WireResponse): string | null {
  const type = response.headers['content-type'] ?? '';
  if (!type.startsWith('application/json'))
    return `a ${response.status} that is not JSON (${type})`;
  const body = json(response);
  if (body === null) return `a ${response.status} whose body is not JSON: ${shown(response)}`;
  const parsed = ErrorResponseSchema.safeParse(body.value);
  if (!parsed.success) return `not the contract's error shape: ${shown(response)}`;
  const { code, message } = parsed.data.error;
  if (!(CODES_FOR_STATUS[response.status] ?? []).includes(code)) {
    return `code "${code}" on a ${response.status}`;
  }
  if (message.trim().length < MIN_MESSAGE_LENGTH || message === STATUS_CODES[response.status]) {
    return `an unhelpful message: "${message}"`;
  }
  if (/\n\s+at |node_modules|\.ts:\d+/.test(message))
    return `a message that leaks internals: "${message}"`;
  return null;
}

/**
 * Problems with any answer: a 5xx, a 4xx that is not a clear contract error, a 2xx that the
 * schema rejects (or that `extra` finds wrong), or any other status.
 */
export function answerProblem<T>(
  response: WireResponse,
  schema: z.ZodType<T>,
  extra: (body: T) => string | null = () => null,
): string | null {
  if (response.status >= 500) return `server error: ${shown(response)}`;
  if (response.status >= 400) return errorProblem(response);
  if (response.status < 200 || response.status >= 300)
    return `unexpected status: ${shown(response)}`;
  const body = json(response);
  if (body === null) return `a 2xx whose body is not JSON: ${shown(response)}`;
  const parsed = schema.safeParse(body.value);
  if (!parsed.success) {
    return `a 2xx the schema rejects (${parsed.error.issues[0]?.message ?? '?'}): ${shown(response)}`;
  }
  return extra(parsed.data);
}
