/**
 * The candidate pool of a query: the engine's first POOL_SIZE results, what the device reranks.
 * Cached per query (the engine is deterministic and simulated users repeat queries a lot), and
 * shared by the simulators, the dataset builder and the evaluation so they all see one pool.
 */
import { firstTags } from '@/ranking/event-tags';
import type { RankingCandidate } from '@/ranking/feature-spec';
import type { SearchEngine } from '@/server/engine/types';
import type { CorpusPin } from './corpus';
import type { ImpressionItem } from './impressions';
import type { CorpusIndex } from './users';

/** How deep the device reranks: the top 300 server candidates of a query. */
export const POOL_SIZE = 300;

export interface PoolEntry {
  item: ImpressionItem;
  pin: CorpusPin;
  candidate: RankingCandidate;
}

export interface Pool {
  query: string;
  entries: PoolEntry[];
  /** The entries' candidates, in server order: what a reranker is given. */
  candidates: RankingCandidate[];
}

export type PoolSource = (query: string) => Pool;

export function createPoolSource(
  engine: SearchEngine,
  index: CorpusIndex,
  size = POOL_SIZE,
): PoolSource {
  const cache = new Map<string, Pool>();
  return (query) => {
    let pool = cache.get(query);
    if (!pool) {
      const result = engine.search({ q: query, refine: [], offset: 0, limit: size });
      const entries = result.items.flatMap((c): PoolEntry[] => {
        const pin = index.corpus.byId.get(c.id);
        if (!pin) return [];
        const tags = firstTags(pin.tags);
        const candidate: RankingCandidate = {
          id: c.id,
          title: c.title,
          category: c.category,
          dominantColor: c.dominantColor,
          popularity: c.popularity,
          serverScore: c.serverScore,
          lexicalScore: c.lexicalScore,
          semanticScore: c.semanticScore,
          embedding: c.embedding,
          // What the server's pool sends (candidate-pool.ts): the pin's first tags and how many
          // of the corpus's pins carry each.
          tags,
          tagPins: tags.map((t) => index.corpus.tagFrequency.get(t) ?? 0),
        };
        return [
          {
            item: {
              id: c.id,
              serverScore: c.serverScore,
              lexicalScore: c.lexicalScore,
              semanticScore: c.semanticScore,
            },
            pin,
            candidate,
          },
        ];
      });
      pool = { query, entries, candidates: entries.map((e) => e.candidate) };
      cache.set(query, pool);
    }
    return pool;
  };
}
