import { describe, expect, it } from 'vitest';
import { lateBound, liveService } from './live-service';

class Counter {
  #count: number;
  constructor(start: number) {
    this.#count = start;
  }
  next(): number {
    return ++this.#count;
  }
}

function makeService(name: string) {
  return {
    name,
    info: () => ({ name }),
    pools: { size: name.length, search: (q: string) => `${name}:${q}` },
    counter: new Counter(name === 'first' ? 0 : 100),
    missing: undefined as string | undefined,
  };
}

describe('liveService', () => {
  it('answers from the instance current at each call, even through references taken before a swap', () => {
    const live = liveService(makeService('first'));
    const { view } = live;
    // What a route keeps at registration time.
    const pools = view.pools;
    const search = view.pools.search;
    const counter = view.counter;
    expect(search('cat')).toBe('first:cat');
    expect(counter.next()).toBe(1);
    expect(view.info()).toEqual({ name: 'first' });

    const previous = live.swap(makeService('second'));
    expect(previous.name).toBe('first');
    expect(live.current.name).toBe('second');
    expect(view.name).toBe('second');
    expect(pools.search('cat')).toBe('second:cat');
    expect(search('dog')).toBe('second:dog');
    expect(pools.size).toBe(6);
    // A class with private fields: the method runs with the real instance as `this`.
    expect(counter.next()).toBe(101);
    expect(view.info()).toEqual({ name: 'second' });
  });

  it('reports absent properties as absent, so `view.x ?? fallback` works', () => {
    const { view } = liveService(makeService('first'));
    expect(view.missing ?? 'none').toBe('none');
    expect('pools' in view).toBe(true);
    expect(Object.keys(view)).toEqual(['name', 'info', 'pools', 'counter', 'missing']);
  });

  it('is read-only: writes go to an instance, not the view', () => {
    const view = lateBound(() => makeService('first'));
    expect(() => {
      (view as { name: string }).name = 'changed';
    }).toThrow(TypeError);
  });
});
