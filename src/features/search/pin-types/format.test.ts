import { describe, expect, it } from 'vitest';
import { formatDuration, formatPrice, isoDuration } from './format';

describe('formatPrice', () => {
  it.each([
    ['en', 129, 'EUR', '€129.00'],
    ['de', 129, 'EUR', '129,00\u00a0€'],
    ['en', 1999, 'JPY', '¥1,999'],
    ['fr', 12.5, 'USD', '12,50\u00a0$US'],
    ['en', 12.345, 'BHD', 'BHD\u00a012.345'],
  ])('%s %d %s → %s', (locale, price, currency, expected) => {
    expect(formatPrice({ price, currency }, locale)).toBe(expected);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [2400, '0:03'],
    [3000, '0:03'],
    [65_000, '1:05'],
    [3_723_000, '1:02:03'],
  ])('%d ms → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it('says the same length for <time dateTime>', () => {
    expect(isoDuration(2400)).toBe('PT3S');
  });
});
