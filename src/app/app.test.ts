import { describe, expect, it } from 'vitest';
import type { Route } from '@/lib/url-state/routes';
import { pageKey } from './app';

describe('pageKey', () => {
  it('keeps a search page across refinements, not across queries or exact mode', () => {
    const base: Extract<Route, { name: 'search' }> = {
      name: 'search',
      q: 'cat',
      refine: [],
      exact: false,
    };
    expect(pageKey({ ...base, refine: ['color:red'] })).toBe(pageKey(base));
    expect(pageKey({ ...base, q: 'dog' })).not.toBe(pageKey(base));
    expect(pageKey({ ...base, exact: true })).not.toBe(pageKey(base));
  });

  it('is the URL for other pages', () => {
    expect(pageKey({ name: 'pin', id: 'a' })).toBe('/pin/a');
    expect(pageKey({ name: 'home' })).toBe('/');
  });
});
