/**
 * Orders a feed's candidate pool (search results, or a closeup's "More like this") for the feed
 * to cut its pages from (src/features/search/feed/pool-feed.ts): hidden pins leave, the rest —
 * the whole pool, or what is not on screen yet — are scored by the on-device reranker from the
 * engagement log (src/lib/rerank/rerank-page.ts) and ordered by score. Server order when there
 * is no history, or when the reranker is not ready / not fast enough within the budget (then
 * `provisional` while it is still loading); the debug panel says which and why.
 */
import type { PoolCandidate } from '@/contract/api';
import { invertOrder } from '@/lib/rerank/rank-order';
import { getRerankController } from '@/lib/rerank/rerank-main';
import { rerankPage } from '@/lib/rerank/rerank-page';
import { useEngagementStore, whenHydrated } from './store/engagement-store';
import { idsOfType } from './store/engagement-log';
import { useExplainStore, type CardExplanation, type PageReport } from './store/explain-store';
import { isDebugOn } from './store/ui-store';

/**
 * How long the order may wait for the reranker (loading included) before it is the server's:
 * a frame budget's worth, well under what a reader notices. The first page waits on it.
 */
export const RERANK_BUDGET_MS = 150;

function identityExplanations(
  candidates: readonly PoolCandidate[],
  serverRanks: readonly number[],
  shown: number,
) {
  return new Map<string, CardExplanation>(
    candidates.map((c, i) => [
      c.id,
      { serverRank: serverRanks[i]!, newRank: shown + i, score: null, contributions: null },
    ]),
  );
}

export async function personalizePool({
  pool,
  exclude,
  shown,
  query,
}: {
  /** The feed's candidate pool, in server order. */
  pool: readonly PoolCandidate[];
  /** Pins already on screen. */
  exclude: ReadonlySet<string>;
  /** How many pins are on screen: the new order's ranks start there. */
  shown: number;
  feedKey: string;
  query: string;
}): Promise<{ ids: string[]; provisional: boolean }> {
  // Hides and history from an earlier visit must be in before the first page is shown.
  await whenHydrated();
  const started = performance.now();
  const controller = getRerankController();
  void controller.warmUp();
  const { events } = useEngagementStore.getState();
  const hidden = idsOfType(events, 'hide');
  const candidates: PoolCandidate[] = [];
  const serverRanks: number[] = [];
  pool.forEach((c, rank) => {
    if (exclude.has(c.id) || hidden.has(c.id)) return;
    candidates.push(c);
    serverRanks.push(rank);
  });
  const serverOrder = candidates.map((c) => c.id);
  const report = (
    page: Omit<PageReport, 'at' | 'query' | 'offset' | 'count' | 'totalMs'>,
    cards: Map<string, CardExplanation>,
  ) =>
    useExplainStore.getState().report(
      {
        at: Date.now(),
        query,
        offset: shown,
        count: candidates.length,
        totalMs: performance.now() - started,
        ...page,
      },
      cards,
    );

  if (events.length === 0 || candidates.length < 2) {
    report(
      {
        outcome: 'server-order',
        reason: events.length === 0 ? 'no history yet' : 'nothing to reorder',
        inferenceMs: null,
      },
      identityExplanations(candidates, serverRanks, shown),
    );
    return { ids: serverOrder, provisional: false };
  }

  const outcome = await rerankPage(controller, {
    candidates,
    history: events,
    nowMs: Date.now(),
    query,
    budgetMs: RERANK_BUDGET_MS,
    // Explanations need the matrix after it went to the worker: a copy only while the panel is on.
    keepFeatures: isDebugOn(),
  });
  if (outcome.kind === 'server-order') {
    report(
      { outcome: 'server-order', reason: outcome.reason, inferenceMs: null },
      identityExplanations(candidates, serverRanks, shown),
    );
    // Still loading (not failed): the feed asks again for a later page, when it may be ready.
    const state = controller.status.getState().state;
    return { ids: serverOrder, provisional: state === 'loading' || state === 'idle' };
  }

  const { order, scores, features } = outcome;
  const ranks = invertOrder(order);
  const cards = new Map<string, CardExplanation>(
    candidates.map((c, i) => [
      c.id,
      {
        serverRank: serverRanks[i]!,
        newRank: shown + ranks[i]!,
        score: scores[i]!,
        contributions: null,
      },
    ]),
  );
  report({ outcome: 'personalized', reason: null, inferenceMs: outcome.inferenceMs }, cards);
  // Explanations are best effort: a missing weights file only leaves the badges without them.
  if (features)
    void explainLater(candidates, features, outcome.info.featureCount, cards).catch(
      () => undefined,
    );
  return { ids: order.map((i) => candidates[i]!.id), provisional: false };
}

/** Contributions are for the debug panel only: computed after the page is shown. */
async function explainLater(
  candidates: readonly PoolCandidate[],
  features: Float32Array,
  featureCount: number,
  cards: Map<string, CardExplanation>,
): Promise<void> {
  const { explainRows } = await import('./explain/explain-contributions');
  const result = await explainRows({ features, rows: candidates.length, featureCount });
  if (!result.ok) return;
  const explained = new Map<string, CardExplanation>();
  candidates.forEach((c, i) => {
    const card = cards.get(c.id);
    if (card) explained.set(c.id, { ...card, contributions: result.rows[i]! });
  });
  useExplainStore.getState().explain(explained);
}
