/**
 * Personalizes one page of search results before the feed shows it:
 * hidden pins leave, the rest are scored by the on-device reranker from the
 * engagement log and reordered. The page keeps server order when there is no
 * history, or when the reranker is not ready / not fast enough within the
 * budget, and the debug panel says which and why.
 */
import type { Candidate } from '@/contract/api';
import { invertOrder, orderByScore } from '@/lib/rerank/rank-order';
import { getRerankController } from '@/lib/rerank/rerank-main';
import { useEngagementStore } from './engagement-store';
import { idsOfType } from './engagement-log';
import { useExplainStore, type CardExplanation, type PageReport } from './explain-store';
import { isDebugOn } from './ui-store';

/**
 * How long a page may wait for the reranker (loading included) before it is shown
 * in server order: a frame budget's worth, well under what a reader notices.
 */
export const RERANK_BUDGET_MS = 150;

function identityExplanations(items: readonly Candidate[], offset: number) {
  return new Map<string, CardExplanation>(
    items.map((c, i) => [
      c.id,
      { serverRank: offset + i, newRank: offset + i, score: null, contributions: null },
    ]),
  );
}

export async function personalizePage({
  items,
  offset,
  query,
}: {
  items: Candidate[];
  feedKey: string;
  offset: number | null;
  query: string;
}): Promise<Candidate[]> {
  const started = performance.now();
  const controller = getRerankController();
  void controller.warmUp();
  const { events } = useEngagementStore.getState();
  const hidden = idsOfType(events, 'hide');
  const candidates = hidden.size > 0 ? items.filter((c) => !hidden.has(c.id)) : items;
  const base = offset ?? 0;
  const report = (
    page: Omit<PageReport, 'at' | 'query' | 'offset' | 'count' | 'totalMs'>,
    cards: Map<string, CardExplanation>,
  ) =>
    useExplainStore.getState().report(
      {
        at: Date.now(),
        query,
        offset,
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
      identityExplanations(candidates, base),
    );
    return candidates;
  }

  let features: Float32Array;
  let featureCount: number;
  try {
    const { buildFeatureMatrix, FEATURE_COUNT } = await import('@/ranking/features');
    features = buildFeatureMatrix({ candidates, history: events, nowMs: Date.now(), query });
    featureCount = FEATURE_COUNT;
  } catch (error) {
    // A chunk that failed to load, or a history the features cannot read: keep server order.
    report(
      {
        outcome: 'server-order',
        reason: `features failed: ${(error as Error).message}`,
        inferenceMs: null,
      },
      identityExplanations(candidates, base),
    );
    return candidates;
  }
  // The matrix is transferred to the worker; keep a copy only when the panel wants explanations.
  const kept = isDebugOn() ? features.slice() : null;
  const outcome = await controller.score({
    features,
    rows: candidates.length,
    budgetMs: RERANK_BUDGET_MS,
  });
  if (outcome.kind === 'server-order') {
    report(
      { outcome: 'server-order', reason: outcome.reason, inferenceMs: null },
      identityExplanations(candidates, base),
    );
    return candidates;
  }

  const order = orderByScore(outcome.scores);
  const ranks = invertOrder(order);
  const cards = new Map<string, CardExplanation>(
    candidates.map((c, i) => [
      c.id,
      {
        serverRank: base + i,
        newRank: base + ranks[i]!,
        score: outcome.scores[i]!,
        contributions: null,
      },
    ]),
  );
  report({ outcome: 'personalized', reason: null, inferenceMs: outcome.ms }, cards);
  // Explanations are best effort: a missing weights file only leaves the badges without them.
  if (kept) void explainLater(candidates, kept, featureCount, cards).catch(() => undefined);
  return order.map((i) => candidates[i]!);
}

/** Contributions are for the debug panel only: computed after the page is shown. */
async function explainLater(
  candidates: readonly Candidate[],
  features: Float32Array,
  featureCount: number,
  cards: Map<string, CardExplanation>,
): Promise<void> {
  const { explainRows } = await import('./explain-contributions');
  const result = await explainRows({ features, rows: candidates.length, featureCount });
  if (!result.ok) return;
  const explained = new Map<string, CardExplanation>();
  candidates.forEach((c, i) => {
    const card = cards.get(c.id);
    if (card) explained.set(c.id, { ...card, contributions: result.rows[i]! });
  });
  useExplainStore.getState().explain(explained);
}
