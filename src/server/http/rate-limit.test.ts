import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT, rateLimitedMessage, rateLimitFromEnv } from '@/server/http/rate-limit';

describe('rateLimitFromEnv', () => {
  it('keeps the default when the variables are unset or empty', () => {
    expect(rateLimitFromEnv({})).toEqual({ max: 600, timeWindowMs: 60_000 });
    expect(rateLimitFromEnv({ INSPO_RATE_LIMIT_MAX: '', INSPO_RATE_LIMIT_WINDOW_S: ' ' })).toEqual(
      DEFAULT_RATE_LIMIT,
    );
  });

  it('reads the maximum and the window in seconds', () => {
    expect(
      rateLimitFromEnv({ INSPO_RATE_LIMIT_MAX: '1000000', INSPO_RATE_LIMIT_WINDOW_S: '10' }),
    ).toEqual({ max: 1_000_000, timeWindowMs: 10_000 });
    expect(rateLimitFromEnv({ INSPO_RATE_LIMIT_MAX: '50' })).toEqual({
      max: 50,
      timeWindowMs: 60_000,
    });
  });

  it.each([
    ['INSPO_RATE_LIMIT_MAX', '0', 'a whole number from 1 to 9007199254740991, got "0"'],
    ['INSPO_RATE_LIMIT_MAX', '-5', 'a whole number from 1 to 9007199254740991, got "-5"'],
    ['INSPO_RATE_LIMIT_MAX', '2.5', 'a whole number from 1 to 9007199254740991, got "2.5"'],
    ['INSPO_RATE_LIMIT_MAX', '1e6', 'a whole number from 1 to 9007199254740991, got "1e6"'],
    ['INSPO_RATE_LIMIT_MAX', 'lots', 'a whole number from 1 to 9007199254740991, got "lots"'],
    ['INSPO_RATE_LIMIT_WINDOW_S', '60000000', 'a whole number from 1 to 86400, got "60000000"'],
  ])('refuses %s=%s with a message naming the variable', (name, value, message) => {
    expect(() => rateLimitFromEnv({ [name]: value })).toThrow(`${name} must be ${message}.`);
  });
});

describe('rateLimitedMessage', () => {
  it.each([
    [60_000, 'Too many requests; retry in 60 seconds.'],
    [59_001, 'Too many requests; retry in 60 seconds.'],
    [58_999, 'Too many requests; retry in 59 seconds.'],
    [1_000, 'Too many requests; retry in 1 second.'],
    [1, 'Too many requests; retry in 1 second.'],
    [0, 'Too many requests; retry in 1 second.'],
  ])('rounds %i ms up to whole seconds like Retry-After', (ttlMs, message) => {
    expect(rateLimitedMessage(ttlMs)).toBe(message);
  });
});
