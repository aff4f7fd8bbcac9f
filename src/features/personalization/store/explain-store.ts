/**
 * What the reranker did, for the debug panel and the card badges: per page, whether it was
 * personalized (or why it kept server order) and how long inference took; per card, its
 * server rank, new rank, score and top feature contributions. Client state only.
 */
import { create } from 'zustand';
import { LruMap } from '@/lib/lru/lru-map';
import type { ModuleRankingParams } from '@/ranking/module-ranking';
import type { PageModules } from '@/ranking/page-modules';

/** Pages remembered for the panel's log. */
const PAGE_LOG_SIZE = 20;
/** Cards remembered (a few feeds' worth). */
const CARD_LIMIT = 1000;

export interface Contribution {
  feature: string;
  /** Score change this feature's value caused against the page-mean baseline. */
  value: number;
}

export interface CardExplanation {
  /** 0-based ranks within the feed (within the page when the page's offset is unknown). */
  serverRank: number;
  newRank: number;
  score: number | null;
  contributions: Contribution[] | null;
}

export type PageOutcome = 'personalized' | 'server-order';

export interface PageReport {
  at: number;
  query: string;
  offset: number | null;
  count: number;
  outcome: PageOutcome;
  /** Why server order was kept, or a note about the run. */
  reason: string | null;
  inferenceMs: number | null;
  /**
   * What scored a personalized page: onnxruntime-web, or the TS reference scorer (same weights)
   * while onnxruntime was still loading (src/lib/rerank/first-page-scorer.ts), and why.
   */
  scorer?: { path: 'ort' | 'ts'; why: string };
  /** Feature building + inference + ordering, as the reader waited for it. */
  totalMs: number;
}

/**
 * How the device ordered the latest results page's modules (src/ranking/page-modules.ts): every
 * module's server score, engagement and final score, or that the log was not restored yet and the
 * server's order was kept.
 */
export interface ModuleOrderReport {
  query: string;
  at: number;
  /** False: the log was still being restored, so the page kept the server's order. */
  restored: boolean;
  page: PageModules | null;
  params: ModuleRankingParams;
}

interface ExplainState {
  pages: PageReport[];
  modules: ModuleOrderReport | null;
  cards: ReadonlyMap<string, CardExplanation>;
  report(page: PageReport, cards: ReadonlyMap<string, CardExplanation>): void;
  explain(cards: ReadonlyMap<string, CardExplanation>): void;
  reportModules(report: ModuleOrderReport): void;
  reset(): void;
}

/**
 * A new map (the store's state is never mutated) of the CARD_LIMIT most recently explained
 * cards. Only explaining a card again counts as a use: reading one (a badge) does not.
 */
function mergeCards(
  current: ReadonlyMap<string, CardExplanation>,
  added: ReadonlyMap<string, CardExplanation>,
): Map<string, CardExplanation> {
  const next = new LruMap(CARD_LIMIT, current);
  for (const [id, card] of added) next.set(id, card);
  return new Map(next);
}

export const useExplainStore = create<ExplainState>()((set) => ({
  pages: [],
  modules: null,
  cards: new Map(),
  report: (page, cards) =>
    set((s) => ({
      pages: [page, ...s.pages].slice(0, PAGE_LOG_SIZE),
      cards: mergeCards(s.cards, cards),
    })),
  explain: (cards) => set((s) => ({ cards: mergeCards(s.cards, cards) })),
  reportModules: (modules) => set({ modules }),
  reset: () => set({ pages: [], cards: new Map() }),
}));
