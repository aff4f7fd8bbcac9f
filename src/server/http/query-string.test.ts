import { describe, expect, it } from 'vitest';
import { parseQueryString } from '@/server/http/query-string';

const parsed = (raw: string) => ({ ...parseQueryString(raw) });

describe('parseQueryString', () => {
  it.each([
    ['q=cat', { q: 'cat' }],
    ['q=red+cat', { q: 'red cat' }],
    ['q=red%20cat%2B1', { q: 'red cat+1' }],
    ['q=caf%C3%A9', { q: 'café' }],
    ['q=%F0%9F%90%88', { q: '🐈' }],
    ['q=', { q: '' }],
    ['q', { q: '' }],
    ['', {}],
    ['&&q=a&&', { q: 'a' }],
    ['q=a=b', { q: 'a=b' }],
    // Invalid escapes follow the browser: a stray % stays literal, bad UTF-8 becomes U+FFFD.
    ['q=%', { q: '%' }],
    ['q=100%', { q: '100%' }],
    ['q=%zz', { q: '%zz' }],
    ['q=%FF', { q: '\uFFFD' }],
    ['q=%E0%A4%A', { q: '\uFFFD%A' }],
    ['q=%ED%A0%80', { q: '\uFFFD\uFFFD\uFFFD' }],
    ['q=%C3', { q: '\uFFFD' }],
    ['%FF=1', { '\uFFFD': '1' }],
  ])('%j', (raw, expected) => {
    expect(parsed(raw)).toEqual(expected);
  });

  it('collects repeated keys into an array in order', () => {
    expect(parsed('refine=a&q=x&refine=b&refine=c')).toEqual({ refine: ['a', 'b', 'c'], q: 'x' });
  });

  it('decodes encoded surrogate halves (WTF-8) to U+FFFD, never to a lone surrogate', () => {
    expect(parseQueryString('q=%ED%B0%80%ED%A0%BD').q).toBe('\uFFFD'.repeat(6));
  });

  it('treats __proto__ as an ordinary key without touching prototypes', () => {
    const result = parseQueryString('__proto__=x&constructor=y');
    expect(Object.getPrototypeOf(result)).toBeNull();
    expect(result['__proto__']).toBe('x');
    expect(result['constructor']).toBe('y');
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
});
