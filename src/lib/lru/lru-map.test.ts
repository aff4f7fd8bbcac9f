import { describe, expect, it } from 'vitest';
import { LruMap } from './lru-map';

const keys = <K, V>(lru: LruMap<K, V>): K[] => [...lru].map(([key]) => key);

describe('LruMap', () => {
  it('evicts the least recently used entry beyond capacity', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3);
    expect([lru.has('a'), lru.has('b'), lru.has('c'), lru.size]).toEqual([true, false, true, 2]);
    expect(lru.get('b')).toBeUndefined();
    expect(keys(lru)).toEqual(['a', 'c']);
  });

  it('iterates from the least to the most recent', () => {
    const lru = new LruMap<string, number>(5);
    lru.set('a', 1).set('b', 2).set('c', 3);
    expect([...lru]).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('get refreshes recency; peek, has and iteration do not', () => {
    const lru = new LruMap<string, number>(3);
    lru.set('a', 1).set('b', 2).set('c', 3);
    expect(lru.peek('a')).toBe(1);
    expect(lru.has('b')).toBe(true);
    expect([...lru]).toHaveLength(3);
    expect(keys(lru)).toEqual(['a', 'b', 'c']);
    expect(lru.get('a')).toBe(1);
    expect(keys(lru)).toEqual(['b', 'c', 'a']);
    lru.set('d', 4);
    expect(keys(lru)).toEqual(['c', 'a', 'd']);
  });

  it('a miss changes nothing', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1).set('b', 2);
    expect(lru.get('x')).toBeUndefined();
    expect(lru.peek('x')).toBeUndefined();
    expect(lru.has('x')).toBe(false);
    expect(keys(lru)).toEqual(['a', 'b']);
  });

  it('set on an existing key replaces its value and makes it the most recent, evicting nothing', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1).set('b', 2).set('a', 10);
    expect([...lru]).toEqual([
      ['b', 2],
      ['a', 10],
    ]);
    lru.set('c', 3);
    expect([...lru]).toEqual([
      ['a', 10],
      ['c', 3],
    ]);
  });

  it('refreshes entries whose value is undefined or null like any other', () => {
    const lru = new LruMap<string, number | null | undefined>(2);
    lru.set('u', undefined).set('n', null);
    expect(lru.get('u')).toBeUndefined();
    expect(lru.has('u')).toBe(true);
    lru.set('x', 1);
    expect(keys(lru)).toEqual(['u', 'x']);
    expect(lru.get('n')).toBeUndefined();
  });

  it('holds exactly capacity entries, one at capacity 1', () => {
    const lru = new LruMap<number, number>(1);
    for (let i = 0; i < 5; i++) lru.set(i, i * i);
    expect([...lru]).toEqual([[4, 16]]);
    const big = new LruMap<number, number>(100);
    for (let i = 0; i < 250; i++) big.set(i, i);
    expect(big.size).toBe(100);
    expect(keys(big)[0]).toBe(150);
  });

  it('delete and clear remove entries', () => {
    const lru = new LruMap<string, number>(3);
    lru.set('a', 1).set('b', 2).set('c', 3);
    expect(lru.delete('b')).toBe(true);
    expect(lru.delete('b')).toBe(false);
    expect(keys(lru)).toEqual(['a', 'c']);
    lru.set('d', 4).set('e', 5);
    expect(keys(lru)).toEqual(['c', 'd', 'e']);
    lru.clear();
    expect(lru.size).toBe(0);
    expect([...lru]).toEqual([]);
  });

  it('takes initial entries oldest first, keeping the last capacity of them', () => {
    const lru = new LruMap(
      2,
      new Map([
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ]),
    );
    expect([...lru]).toEqual([
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new LruMap(0)).toThrow(/positive integer/);
    expect(() => new LruMap(-1)).toThrow(/positive integer/);
    expect(() => new LruMap(1.5)).toThrow(/positive integer/);
    expect(() => new LruMap(Number.NaN)).toThrow(/positive integer/);
    expect(() => new LruMap(Infinity)).toThrow(/positive integer/);
  });
});
