import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngagementEventSchema } from '@/ranking/engagement';
import type { SearchEngine } from '@/server/engine/types';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { openSearchService } from '@/server/service/search-service';
import { loadCorpus } from './corpus';
import { ImpressionSchema } from './impressions';
import { broaderWords, likeOf, personaGrade, personaTags, simulatePersonas } from './personas';
import { createPoolSource, POOL_SIZE, type PoolSource } from './pool-source';
import { createRng } from './prng';
import { SIM_CONFIG, simulate } from './simulate';
import { HELD_OUT_TAG_MODULUS, isHeldOutTag, isValidationTag } from './tag-split';
import { createUser, indexCorpus, type CorpusIndex } from './users';

let engine: SearchEngine;
let index: CorpusIndex;
let pools: PoolSource;

beforeAll(async () => {
  const dataDir = await ensureTestIndex();
  engine = openSearchService({ dataDir });
  index = indexCorpus(loadCorpus(dataDir));
  pools = createPoolSource(engine, index);
});
afterAll(() => engine?.close());

describe('held-out tag split', () => {
  it('is a fixed quarter of the tags, whatever the corpus', () => {
    expect(isHeldOutTag('bird')).toBe(isHeldOutTag('Bird'));
    const tags = [...index.tagPins.keys()];
    const share = tags.filter(isHeldOutTag).length / tags.length;
    expect(Math.abs(share - 1 / HELD_OUT_TAG_MODULUS)).toBeLessThan(0.05);
  });

  it('has a validation split: an eighth of the tags, all from the training side', () => {
    expect(isValidationTag('Bird')).toBe(isValidationTag('bird'));
    const tags = [...index.tagPins.keys()];
    const validation = tags.filter(isValidationTag);
    expect(validation.some(isHeldOutTag)).toBe(false);
    expect(Math.abs(validation.length / tags.length - 1 / 8)).toBeLessThan(0.05);
    const personas = personaTags(index, 'training', isValidationTag);
    expect(personas.length).toBeGreaterThan(0);
    expect(personas.every(isValidationTag)).toBe(true);
    const others = personaTags(index, 'training', (t) => !isValidationTag(t));
    expect(others.some(isValidationTag)).toBe(false);
    expect(others.length + personas.length).toBe(personaTags(index, 'training').length);
  });

  it('never defines a training user’s interests', () => {
    for (let u = 0; u < 40; u++) {
      const user = createUser(index, `u${u}`, createRng(u), isHeldOutTag);
      for (const it of user.interests) for (const t of it.tags) expect(isHeldOutTag(t)).toBe(false);
    }
  });
});

describe('pool exploration', () => {
  it('shows a shuffled sample of the pool: part of the first page, the rest from deeper', () => {
    const logs = simulate({ index, engine, pools, users: 15, seed: 4, exploreRate: 1 });
    const explored = logs.flatMap((l) => l.impressions).filter((i) => i.ranks);
    expect(explored.length).toBeGreaterThan(10);
    for (const imp of explored) {
      const pool = pools(imp.query).candidates;
      const ranks = imp.ranks!;
      expect(new Set(ranks).size).toBe(ranks.length);
      expect(ranks.filter((r) => r < SIM_CONFIG.pageSize)).toHaveLength(SIM_CONFIG.exploreHead);
      ranks.forEach((r, i) => expect(imp.items[i]!.id).toBe(pool[r]!.id));
    }
  });
});

describe('personas (the second behaviour generator)', () => {
  it('like held-out tags only, and log schema-valid, reproducible sessions graded over the pool', () => {
    const tags = personaTags(index);
    expect(tags.length).toBeGreaterThan(10);
    expect(tags.every(isHeldOutTag)).toBe(true);
    const a = simulatePersonas({ index, pools, users: 12, seed: 3, poolGrades: true });
    const b = simulatePersonas({ index, pools, users: 12, seed: 3, poolGrades: true });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    let clicks = 0;
    for (const { persona, events, impressions } of a) {
      for (const t of persona.liked) expect(isHeldOutTag(t.tag)).toBe(true);
      for (const e of events) expect(EngagementEventSchema.parse(e)).toEqual(e);
      for (const imp of impressions) {
        expect(ImpressionSchema.parse(imp)).toEqual(imp);
        const pool = pools(imp.query);
        expect(imp.poolGrades).toHaveLength(Math.min(POOL_SIZE, pool.candidates.length));
        imp.poolGrades!.forEach((g, r) =>
          expect(g).toBe(personaGrade(persona, pool.entries[r]!.pin, imp.query)),
        );
        clicks += imp.clicked.length;
        // A cascade: clicks come in scan order.
        expect(imp.clicked).toEqual([...imp.clicked].sort((x, y) => x - y));
      }
      // A pin carrying a liked tag is fully liked (unless it also carries the disliked tag).
      const liked = persona.liked[0]!.tag;
      const pin = index.tagPins
        .get(liked)
        ?.find((p) => !p.tags.includes(persona.dislikedTag ?? ''));
      if (pin) expect(likeOf(persona, pin)).toBe(1);
    }
    expect(clicks).toBeGreaterThan(10);
  });

  it('as training users: training-side tags only, their own pages exploring the pool', () => {
    const heldOut = new Set(personaTags(index));
    const training = personaTags(index, 'training');
    expect(training.length).toBeGreaterThan(10);
    expect(training.some((t) => heldOut.has(t) || isHeldOutTag(t))).toBe(false);
    const logs = simulatePersonas({
      index,
      pools,
      users: 12,
      seed: 3,
      tagSide: 'training',
      exploreRate: 1,
    });
    let explored = 0;
    for (const { persona, impressions } of logs) {
      for (const t of persona.liked) expect(isHeldOutTag(t.tag)).toBe(false);
      if (persona.dislikedTag) expect(isHeldOutTag(persona.dislikedTag)).toBe(false);
      for (const imp of impressions) {
        if (!imp.ranks) continue;
        explored++;
        const pool = pools(imp.query);
        imp.ranks.forEach((r, i) => expect(imp.items[i]!.id).toBe(pool.candidates[r]!.id));
        expect(imp.ranks.some((r) => r >= SIM_CONFIG.pageSize)).toBe(true);
      }
    }
    expect(explored).toBeGreaterThan(10);
    // Exploring is opt-in: the held-out personas (exploreRate 0) are the same with or without it.
    const plain = simulatePersonas({ index, pools, users: 4, seed: 3 });
    const zero = simulatePersonas({ index, pools, users: 4, seed: 3, exploreRate: 0 });
    expect(JSON.stringify(zero)).toBe(JSON.stringify(plain));
    expect(plain.every((l) => l.impressions.every((i) => i.ranks === undefined))).toBe(true);
  });

  it('explore around their taste: broader words that often go with a liked tag', () => {
    const tags = personaTags(index);
    const withBroader = tags
      .map((t) => [t, broaderWords(index, t)] as const)
      .filter(([, b]) => b.length > 0);
    expect(withBroader.length).toBeGreaterThan(tags.length / 4);
    for (const [tag, broader] of withBroader) {
      const pins = index.tagPins.get(tag)!;
      for (const word of broader) {
        expect(index.tagPins.get(word)!.length).toBeGreaterThan(pins.length);
        expect(pins.filter((p) => p.tags.includes(word)).length).toBeGreaterThanOrEqual(
          0.25 * pins.length,
        );
        expect(index.queryVocabulary).toContain(word);
      }
    }
  });
});
