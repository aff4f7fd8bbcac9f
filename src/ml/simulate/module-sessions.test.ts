import { describe, expect, it } from 'vitest';
import { createRng } from './prng';
import {
  deviceRanker,
  evaluateModuleRanking,
  makeModuleReader,
  orderQuality,
  serverRanker,
  visitPage,
  type QueryModules,
} from './module-sessions';

const sets: QueryModules[] = [
  {
    query: 'chair',
    modules: [
      { kind: 'narrow', score: 0.8 },
      { kind: 'related', score: 0.45 },
      { kind: 'shop', score: 0.4 },
    ],
  },
  {
    query: 'rain',
    modules: [
      { kind: 'narrow', score: 0.7 },
      { kind: 'watch', score: 0.6 },
    ],
  },
  {
    query: 'cat',
    modules: [
      { kind: 'narrow', score: 0.9 },
      { kind: 'related', score: 0.5 },
    ],
  },
];

describe('module sessions', () => {
  it('logs a view for each seen module and at most one use, only of a seen one', () => {
    const rng = createRng(1);
    const reader = {
      id: 'r',
      neutral: false,
      taste: { narrow: 100, related: 100, shop: 100, watch: 100 },
    };
    for (let i = 0; i < 50; i++) {
      const events = visitPage(rng, reader, 'chair', sets[0]!.modules, i);
      for (const click of events.filter((e) => e.type === 'module-click')) {
        expect(
          events.filter((e) => e.type === 'module-view' && e.kind === click.kind),
        ).toHaveLength(1);
        expect(
          events.filter((e) => e.type === 'module-click' && e.kind === click.kind),
        ).toHaveLength(1);
      }
    }
  });

  it('scores an order by the reader’s own use chances', () => {
    const reader = {
      id: 'r',
      neutral: false,
      taste: { narrow: 0.1, related: 1, shop: 1, watch: 5 },
    };
    const rain = sets[1]!.modules;
    const server = orderQuality(reader, rain);
    const flipped = orderQuality(reader, [rain[1]!, rain[0]!]);
    expect(flipped.ndcg).toBe(1);
    expect(flipped.mrr).toBe(1);
    expect(server.ndcg).toBeLessThan(1);
    expect(server.mrr).toBe(0.5);
    expect(flipped.expectedUses).toBeGreaterThan(server.expectedUses);
  });

  it('the device order equals the server’s with no log, and beats it for readers with tastes', () => {
    const neutral = makeModuleReader(createRng(3), 'n');
    expect(deviceRanker()(sets[0]!.modules, [], 0)).toEqual(sets[0]!.modules);
    expect(neutral.taste.narrow).toBeGreaterThan(0);
    const device = evaluateModuleRanking({
      rng: createRng(7),
      sets,
      readers: 60,
      pages: 40,
      warmUp: 10,
      ranker: deviceRanker(),
    });
    const server = evaluateModuleRanking({
      rng: createRng(7),
      sets,
      readers: 60,
      pages: 40,
      warmUp: 10,
      ranker: serverRanker,
    });
    expect(server.reordered).toBe(0);
    expect(server.device.ndcg).toBeCloseTo(server.server.ndcg);
    expect(device.reordered).toBeGreaterThan(0);
    expect(device.device.ndcg).toBeGreaterThan(device.server.ndcg);
    expect(device.device.mrr).toBeGreaterThan(device.server.mrr);
  });
});
