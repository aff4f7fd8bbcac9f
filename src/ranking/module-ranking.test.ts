import { describe, expect, it } from 'vitest';
import type { ModuleEvent } from './module-engagement';
import {
  assignSlots,
  MODULE_RANKING_PARAMS,
  moduleEngagementStats,
  rankModules,
} from './module-ranking';

const NOW = 1_800_000_000_000;
const DAY = 86_400_000;
const view = (kind: string, at = NOW): ModuleEvent => ({
  v: 1,
  type: 'module-view',
  kind,
  query: 'q',
  at,
  slot: 0,
});
const click = (kind: string, at = NOW): ModuleEvent => ({
  ...view(kind, at),
  type: 'module-click',
  action: 'open',
});
const times = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);

const server = [
  { kind: 'narrow', score: 0.8, slot: 2 },
  { kind: 'related', score: 0.45, slot: 6 },
  { kind: 'watch', score: 0.4, slot: 11 },
];

describe('moduleEngagementStats', () => {
  it('is the prior alone with no history', () => {
    const stats = moduleEngagementStats([], NOW);
    expect(stats.overall).toBeCloseTo(MODULE_RANKING_PARAMS.baseRate);
    expect(stats.byKind.size).toBe(0);
  });

  it('shrinks a kind with few views towards the reader’s overall rate', () => {
    const events = [...times(20, () => view('narrow')), view('watch'), click('watch')];
    const stats = moduleEngagementStats(events, NOW);
    const watch = stats.byKind.get('watch')!;
    const narrow = stats.byKind.get('narrow')!;
    // One view, one click: far from a rate of 1 with a prior of 3 views.
    expect(watch.rate).toBeGreaterThan(stats.overall);
    expect(watch.rate).toBeLessThan(0.5);
    expect(narrow.rate).toBeLessThan(stats.overall);
  });

  it('decays old events by the half-life and never rates a kind above its views', () => {
    const old = moduleEngagementStats([view('shop', NOW - 30 * DAY)], NOW);
    expect(old.byKind.get('shop')!.views).toBeCloseTo(0.5);
    const orphan = moduleEngagementStats([click('shop'), click('shop')], NOW);
    expect(orphan.byKind.get('shop')!.clicks).toBe(0);
  });
});

describe('rankModules', () => {
  it('keeps the server order exactly without history', () => {
    const ranked = rankModules(server, moduleEngagementStats([], NOW));
    expect(ranked.map((r) => r.module.kind)).toEqual(['narrow', 'related', 'watch']);
    expect(ranked.every((r) => r.lift === 0 && r.finalScore === r.serverScore)).toBe(true);
  });

  it('lifts a kind the reader opens and lowers one they ignore, with every term', () => {
    const events = [
      ...times(10, () => view('narrow')),
      ...times(10, () => view('watch')),
      ...times(8, () => click('watch')),
    ];
    const ranked = rankModules(server, moduleEngagementStats(events, NOW));
    // Ten views of narrowing without a click put it below related searches, never seen.
    expect(ranked.map((r) => r.module.kind)).toEqual(['watch', 'related', 'narrow']);
    const watch = ranked[0]!;
    expect(watch.serverRank).toBe(2);
    expect(watch.finalScore).toBeCloseTo(watch.serverScore + watch.lift);
    expect(watch.lift).toBeGreaterThan(0);
    expect(ranked[2]!.lift).toBeLessThan(0);
    // A kind never seen keeps its server score.
    expect(ranked[1]!.engagement).toBeNull();
    expect(ranked[1]!.lift).toBe(0);
  });

  it('breaks ties by server rank', () => {
    const tied = [
      { kind: 'a', score: 0.5 },
      { kind: 'b', score: 0.5 },
    ];
    expect(rankModules(tied, moduleEngagementStats([], NOW)).map((r) => r.module.kind)).toEqual([
      'a',
      'b',
    ]);
  });
});

describe('assignSlots', () => {
  it('gives the server’s slots to the new order, and a spare one to the device’s module', () => {
    const ordered = [server[2]!, { kind: 'saves' }, server[0]!];
    expect(assignSlots(ordered, [2, 6, 11, 17, 24]).map((m) => [m.kind, m.slot])).toEqual([
      ['watch', 2],
      ['saves', 6],
      ['narrow', 11],
    ]);
    expect(
      assignSlots([{ kind: 'saves' }, server[0]!, server[1]!], [2, 6, 11, 17, 24]).map(
        (m) => m.slot,
      ),
    ).toEqual([2, 6, 11]);
  });
});
