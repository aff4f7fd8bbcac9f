import { describe, expect, it } from 'vitest';
import type { SearchModule } from '@/contract/api';
import { encodeEmbedding } from './embedding';
import type { EngagementEvent } from './engagement';
import type { ModuleEvent } from './module-engagement';
import { pageModules, savesOf } from './page-modules';
import { savedMatches, type PoolEntry, type SavedPin } from './saved-matches';

const NOW = 1_800_000_000_000;
const axis = (i: number, dims = 32) =>
  encodeEmbedding(Array.from({ length: dims }, (_, j) => (j === i ? 1 : 0.05)));
const display = (id: string) => ({
  imageUrl: `/t/${id}.webp`,
  imageUrl2x: `/t/${id}@2x.webp`,
  width: 236,
  height: 200,
});
const pool: PoolEntry[] = Array.from({ length: 30 }, (_, i) => ({
  id: `p${i}`,
  title: `Cat ${i}`,
  embedding: axis(0),
  ...(i < 10 ? { display: display(`p${i}`) } : {}),
}));
const save = (pinId: string, over: Partial<SavedPin> = {}): SavedPin => ({
  pinId,
  query: '',
  dominantColor: '#112233',
  embedding: axis(5),
  display: { title: `Saved ${pinId}`, ...display(pinId) },
  ...over,
});

describe('savedMatches', () => {
  it('finds saved candidates and saves made under or titled with the query; nothing else', () => {
    const matches = savedMatches(
      [
        save('x1', { query: 'dogs' }),
        save('p3', { display: undefined }), // a candidate: drawn from the pool's display data
        save('x2', { query: 'Cats' }), // plural-insensitive
        save('x3', { display: { title: 'A black cat', ...display('x3') } }), // its title
        save('x4', { embedding: axis(0) }), // close in meaning only: left to the server's candidates
      ],
      'cat',
      pool,
    );
    expect(matches.map((m) => [m.pinId, m.reason])).toEqual([
      ['p3', 'candidate'],
      ['x2', 'words'],
      ['x3', 'words'],
    ]);
    expect(matches[0]!.display).toEqual({ title: 'Cat 3', ...display('p3') });
  });

  it('needs two matches, and a picture to draw for each', () => {
    expect(savedMatches([save('p1')], 'cat', pool)).toEqual([]);
    // p20 is a candidate but neither the pool (past its first 10) nor the save has its picture.
    expect(savedMatches([save('p1'), save('p20', { display: undefined })], 'cat', pool)).toEqual(
      [],
    );
    expect(savedMatches([save('p1'), save('p2')], '  ', pool)).toEqual([]);
  });
});

const saveEvent = (pinId: string, at: number): EngagementEvent => ({
  v: 1,
  type: 'save',
  pinId,
  at,
  query: 'cat',
  category: 'Animals',
  dominantColor: '#112233',
  embedding: axis(5),
  display: { title: pinId, ...display(pinId) },
});
const narrow = {
  kind: 'narrow',
  title: 'Narrow it down',
  score: 0.8,
  slot: 2,
  tiles: [],
} as unknown as SearchModule;
const watch = {
  kind: 'watch',
  title: 'Watch',
  score: 0.4,
  slot: 6,
  pins: [],
} as unknown as SearchModule;
const mod = (type: ModuleEvent['type'], kind: string): ModuleEvent => ({
  v: 1,
  type,
  kind,
  query: 'q',
  at: NOW,
  slot: 1,
});

describe('pageModules', () => {
  it('is the server’s modules as they came without history', () => {
    const page = pageModules({
      modules: [narrow, watch],
      query: 'cat',
      pool,
      events: [],
      moduleEvents: [],
      now: NOW,
    });
    expect(page.modules).toEqual([narrow, watch]);
  });

  it('adds "From your saves" and reorders with module engagement, keeping the server’s slots', () => {
    const events = [saveEvent('p1', NOW - 2), saveEvent('p2', NOW - 1)];
    expect(savesOf(events).map((s) => s.pinId)).toEqual(['p2', 'p1']);
    const moduleEvents = [
      ...Array.from({ length: 6 }, () => mod('module-view', 'narrow')),
      ...Array.from({ length: 6 }, () => mod('module-view', 'watch')),
      ...Array.from({ length: 5 }, () => mod('module-click', 'watch')),
    ];
    const page = pageModules({
      modules: [narrow, watch],
      query: 'cat',
      pool,
      events,
      moduleEvents,
      now: NOW,
    });
    expect(page.modules.map((m) => [m.kind, m.slot])).toEqual([
      ['watch', 2],
      ['saves', 6],
      ['narrow', 11], // seen six times, never used
    ]);
    const saves = page.modules[1]!;
    expect(saves.kind === 'saves' && saves.pins.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(page.ranked.map((r) => r.serverRank)).toEqual([1, 2, 0]);
    expect(page.ranked.map((r) => r.module)).toEqual(page.modules);
  });
});
