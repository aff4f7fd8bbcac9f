import { describe, expect, it } from 'vitest';
import { currentLocale, formatNumber } from './i18n';

describe('formatNumber', () => {
  it('writes English integers as Intl.NumberFormat does, without building one', () => {
    expect(currentLocale()).toBe('en');
    const values = [0, 7, -7, 999, 1000, -1000, 2465, 12_345, 999_999, 1_000_000, -123_456_789];
    for (const n of [...values, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER])
      expect(formatNumber(n), String(n)).toBe(new Intl.NumberFormat('en').format(n));
  });

  it('leaves what is not a safe integer to Intl', () => {
    for (const n of [0.5, 1234.5678, -0.25, 1e21, Number.NaN, Infinity])
      expect(formatNumber(n), String(n)).toBe(new Intl.NumberFormat('en').format(n));
  });
});
