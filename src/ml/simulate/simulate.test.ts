import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngagementEventSchema } from '@/ranking/engagement';
import { openSearchService } from '@/server/service/search-service';
import type { SearchEngine } from '@/server/engine/types';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { impressionsFromEvents } from '../train/from-events';
import { loadCorpus, type Corpus } from './corpus';
import { ImpressionSchema, parseImpressionsJsonl, serializeImpressionsJsonl } from './impressions';
import { createRng } from './prng';
import { examineProbability, SIM_CONFIG, simulate } from './simulate';
import { createUser, indexCorpus, interestIn, relevanceGrade, type CorpusIndex } from './users';

let engine: SearchEngine;
let corpus: Corpus;
let index: CorpusIndex;

beforeAll(async () => {
  const dataDir = await ensureTestIndex();
  engine = openSearchService({ dataDir });
  corpus = loadCorpus(dataDir);
  index = indexCorpus(corpus);
});
afterAll(() => engine?.close());

describe('prng', () => {
  it('is reproducible and uniform-ish', () => {
    const a = createRng(1);
    const b = createRng(1);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.05);
    expect(createRng(2).next()).not.toBe(createRng(1).next());
  });
});

describe('examination', () => {
  it('decays with rank', () => {
    expect(examineProbability(0)).toBe(SIM_CONFIG.examineTop);
    for (let r = 1; r < 30; r++)
      expect(examineProbability(r)).toBeLessThan(examineProbability(r - 1));
  });
});

describe('simulator', () => {
  it('builds users from real corpus pins', () => {
    const user = createUser(index, 'u', createRng(3));
    expect(user.interests.length).toBeGreaterThanOrEqual(1);
    for (const it of user.interests) {
      expect(index.interestCategories).toContain(it.category);
      expect(it.tags.size).toBeGreaterThan(0);
    }
    const scores = corpus.pins.map((p) => interestIn(user, p));
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
    expect(Math.max(...scores)).toBeGreaterThan(0.5);
  });

  it('is reproducible from its seed', () => {
    const a = simulate({ index, engine, users: 5, seed: 11 });
    const b = simulate({ index, engine, users: 5, seed: 11 });
    const c = simulate({ index, engine, users: 5, seed: 12 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('logs schema-valid events and impressions of the engine’s real first pages', () => {
    const logs = simulate({ index, engine, users: 20, seed: 5 });
    const impressions = logs.flatMap((l) => l.impressions);
    expect(impressions.length).toBeGreaterThan(20);
    for (const log of logs) {
      for (const e of log.events) expect(EngagementEventSchema.parse(e)).toEqual(e);
      const times = log.events.map((e) => e.at);
      expect(times).toEqual([...times].sort((x, y) => x - y));
      for (const imp of log.impressions) {
        expect(ImpressionSchema.parse(imp)).toEqual(imp);
        const page = engine.search({
          q: imp.query,
          refine: [],
          offset: 0,
          limit: SIM_CONFIG.pageSize,
        });
        expect(imp.items.map((i) => i.id)).toEqual(page.items.map((c) => c.id));
        for (const i of [...imp.clicked, ...imp.saved, ...imp.hidden])
          expect(i).toBeLessThan(imp.items.length);
        expect(imp.saved.every((i) => imp.clicked.includes(i))).toBe(true);
        expect(imp.grades).toEqual(
          imp.items.map((it) => relevanceGrade(log.user, corpus.byId.get(it.id)!, imp.query)),
        );
        // Every click is in the engagement log, after the page was shown.
        for (const i of imp.clicked) {
          const id = imp.items[i]!.id;
          expect(
            log.events.some(
              (e) => e.type === 'click' && e.pinId === id && e.at > imp.at && e.query === imp.query,
            ),
          ).toBe(true);
        }
      }
    }
    expect(parseImpressionsJsonl(serializeImpressionsJsonl(impressions))).toEqual(impressions);
    // Position bias: the top half of pages gets more clicks than the bottom half.
    const top = impressions
      .flatMap((i) => i.clicked)
      .filter((r) => r < SIM_CONFIG.pageSize / 2).length;
    const bottom = impressions
      .flatMap((i) => i.clicked)
      .filter((r) => r >= SIM_CONFIG.pageSize / 2).length;
    expect(top).toBeGreaterThan(bottom);
  });

  it('rebuilds impressions from a bare engagement log (what the browser exports)', () => {
    const [log] = simulate({ index, engine, users: 1, seed: 9 }).filter((l) => l.events.length > 0);
    const rebuilt = impressionsFromEvents(log!.events, engine, corpus, 'me');
    const clickedIds = (imps: typeof rebuilt) =>
      imps.flatMap((i) => i.clicked.map((k) => i.items[k]!.id)).sort();
    expect(clickedIds(rebuilt)).toEqual(
      clickedIds(log!.impressions.filter((i) => i.clicked.length > 0)),
    );
    expect(rebuilt.every((i) => i.dwellMs?.length === i.clicked.length)).toBe(true);
  });
});
