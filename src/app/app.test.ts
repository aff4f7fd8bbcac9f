import { describe, expect, it } from 'vitest';
import { pageKey } from './app';

describe('pageKey', () => {
  it('keeps a search page across refinements, not across queries or exact mode', () => {
    const base = { name: 'search', q: 'cat', refine: [], exact: false } as const;
    expect(pageKey({ ...base, refine: ['color:red'] })).toBe(pageKey(base));
    expect(pageKey({ ...base, q: 'dog' })).not.toBe(pageKey(base));
    expect(pageKey({ ...base, exact: true })).not.toBe(pageKey(base));
  });

  it('is the URL for other pages', () => {
    expect(pageKey({ name: 'pin', id: 'a' })).toBe('/pin/a');
    expect(pageKey({ name: 'home' })).toBe('/');
  });
});
