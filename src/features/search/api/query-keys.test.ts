import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { pinKeys, searchKeys } from './query-keys';

describe('searchKeys', () => {
  it('nests general → specific', () => {
    expect(searchKeys.all).toEqual(['search']);
    expect(searchKeys.lists()).toEqual(['search', 'list']);
    expect(searchKeys.list({ q: 'cat', refine: ['red'], exact: false })).toEqual([
      'search',
      'list',
      { q: 'cat', refine: ['red'], exact: false },
    ]);
  });

  it('distinguishes every variable the fetcher uses, including refinement order', () => {
    const keys = [
      searchKeys.list({ q: 'cat', refine: [], exact: false }),
      searchKeys.list({ q: 'dog', refine: [], exact: false }),
      searchKeys.list({ q: 'cat', refine: ['red'], exact: false }),
      searchKeys.list({ q: 'cat', refine: ['red', 'cute'], exact: false }),
      searchKeys.list({ q: 'cat', refine: ['cute', 'red'], exact: false }),
      searchKeys.list({ q: 'cat', refine: [], exact: true }),
    ];
    expect(new Set(keys.map((k) => JSON.stringify(k))).size).toBe(keys.length);
  });

  it('does not keep a reference to the caller’s refine array', () => {
    const refine = ['red'];
    const key = searchKeys.list({ q: 'cat', refine, exact: false });
    refine.push('blue');
    expect(key[2].refine).toEqual(['red']);
  });
});

describe('pinKeys', () => {
  it('nests general → specific', () => {
    expect(pinKeys.detail('a')).toEqual(['pins', 'detail', 'a']);
    expect(pinKeys.related('a')).toEqual(['pins', 'related', 'a']);
  });
});

describe('prefix matching with a real QueryClient', () => {
  it('invalidating searchKeys.lists() hits every list and no pin', () => {
    const client = new QueryClient();
    client.setQueryData(searchKeys.list({ q: 'cat', refine: [], exact: false }), 1);
    client.setQueryData(searchKeys.list({ q: 'dog', refine: ['x'], exact: false }), 2);
    client.setQueryData(pinKeys.detail('a'), 3);
    client.setQueryData(pinKeys.related('a'), 4);
    expect(client.getQueryCache().findAll({ queryKey: searchKeys.lists() })).toHaveLength(2);
    expect(client.getQueryCache().findAll({ queryKey: pinKeys.all })).toHaveLength(2);
    expect(client.getQueryCache().findAll({ queryKey: pinKeys.relatedLists() })).toHaveLength(1);
  });
});
