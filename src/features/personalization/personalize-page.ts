/**
 * Personalizes one page of a feed (search results, or a closeup's "More like
 * this") before the feed shows it: hidden pins leave, the rest are scored by the
 * on-device reranker from the engagement log and reordered (src/lib/rerank/rerank-page.ts). The page keeps server order when there is no
 * history, or when the reranker is not ready / not fast enough within the
 * budget, and the debug panel says which and why.
 */
import type { Candidate } from '@/contract/api';
import { invertOrder } from '@/lib/rerank/rank-order';
import { getRerankController } from '@/lib/rerank/rerank-main';
import { rerankPage } from '@/lib/rerank/rerank-page';
import { useEngagementStore, whenHydrated } from './store/engagement-store';
import { idsOfType } from './store/engagement-log';
import { useExplainStore, type CardExplanation, type PageReport } from './store/explain-store';
import { isDebugOn } from './store/ui-store';

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
  // Hides and history from an earlier visit must be in before the first page is shown.
  await whenHydrated();
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
      identityExplanations(candidates, base),
    );
    return candidates;
  }

  const { order, scores, features } = outcome;
  const ranks = invertOrder(order);
  const cards = new Map<string, CardExplanation>(
    candidates.map((c, i) => [
      c.id,
      {
        serverRank: base + i,
        newRank: base + ranks[i]!,
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
  return order.map((i) => candidates[i]!);
}

/** Contributions are for the debug panel only: computed after the page is shown. */
async function explainLater(
  candidates: readonly Candidate[],
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
