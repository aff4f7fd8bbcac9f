/**
 * Orders a feed's candidate pool (search results, or a closeup's "More like this") for the feed
 * to cut its pages from (src/features/search/feed/pool-feed.ts): hidden pins leave, the rest —
 * the whole pool, or what is not on screen yet — are scored by the on-device reranker from the
 * engagement log (src/lib/rerank/rerank-page.ts) and ordered by score. Server order when there
 * is no history, or when the reranker is not ready / not fast enough within the budget (then
 * `provisional` while it is still loading); the debug panel says which and why.
 */
import type { PoolCandidate } from '@/contract/api';
import { getPageScorer } from '@/lib/rerank/first-page-scorer';
import { invertOrder } from '@/lib/rerank/rank-order';
import { getRerankController } from '@/lib/rerank/rerank-main';
import { rerankPage, type ScoredBy } from '@/lib/rerank/rerank-page';
import { CANDIDATE_FEATURE_COUNT } from '@/ranking/sequence-spec';
import { storedLogHint, useEngagementStore, whenHydrated } from './store/engagement-store';
import { idsOfType } from './store/engagement-log';
import { useExplainStore, type CardExplanation, type PageReport } from './store/explain-store';
import { isDebugOn } from './store/ui-store';

// A return visit: this chunk comes with the first request, before React has rendered
// (src/app/prefetch-first-view.ts, hinted in a results page's HTML), so the TS scorer's weights
// start loading here, earlier than warm-up.ts's page-load start, which then finds them under way.
if (storedLogHint()) getPageScorer().warmUp();

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

/**
 * The debug panel's line and the User Timing mark for a first page whose order was known at once
 * (search-personalization.ts orderAtOnce: no history on this device, so server order), reported
 * when this chunk is in, with the time it was decided.
 */
export function reportOrderAtOnce({
  pool,
  exclude,
  shown,
  query,
  decidedAt,
}: {
  pool: readonly PoolCandidate[];
  exclude: ReadonlySet<string>;
  shown: number;
  query: string;
  decidedAt: number;
}): void {
  const candidates = pool.filter((c) => !exclude.has(c.id));
  const serverRanks = pool.flatMap((c, rank) => (exclude.has(c.id) ? [] : [rank]));
  const reason = 'no history yet';
  useExplainStore.getState().report(
    {
      at: Date.now(),
      query,
      offset: shown,
      count: candidates.length,
      totalMs: 0,
      outcome: 'server-order',
      reason,
      inferenceMs: null,
    },
    identityExplanations(candidates, serverRanks, shown),
  );
  if (shown === 0)
    performance.mark('inspo:first-page', {
      startTime: decidedAt,
      detail: {
        query,
        outcome: 'server-order',
        reason,
        scorer: null,
        why: null,
        hydrationWaitMs: 0,
        orderMs: 0,
      },
    });
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
  const entered = performance.now();
  // Hides and history from an earlier visit must be in before the first page is shown.
  await whenHydrated();
  const started = performance.now();
  const controller = getRerankController();
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
  ) => {
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
    // A User Timing mark per feed's first order (DevTools shows it; bench/fresh-load-personalization.ts
    // and e2e/return-visit.spec.ts read it): when it was decided, how, and how long it waited.
    if (shown === 0)
      performance.mark('inspo:first-page', {
        detail: {
          query,
          outcome: page.outcome,
          reason: page.reason,
          scorer: page.scorer?.path ?? null,
          why: page.scorer?.why ?? null,
          hydrationWaitMs: started - entered,
          orderMs: performance.now() - started,
        },
      });
  };

  if (events.length === 0 || candidates.length < 2) {
    // Loaded now for the pages after the reader's first actions (with a history, the page scorer
    // starts it once the first page is decided).
    void controller.warmUp();
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

  // While onnxruntime loads (a fresh load's first page), the TS scorer with the same weights.
  const outcome = await rerankPage(getPageScorer(), {
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
  report(
    {
      outcome: 'personalized',
      reason: null,
      inferenceMs: outcome.inferenceMs,
      scorer: describeScorer(outcome.scoredBy),
    },
    cards,
  );
  // Explanations are best effort: a missing weights file only leaves the badges without them.
  if (features)
    void explainLater(candidates, features, CANDIDATE_FEATURE_COUNT, cards).catch(() => undefined);
  return { ids: order.map((i) => candidates[i]!.id), provisional: false };
}

/** Which path scored a page, and why, for the debug panel. */
function describeScorer(by: ScoredBy): NonNullable<PageReport['scorer']> {
  return by.path === 'ts'
    ? { path: 'ts', why: by.why }
    : { path: 'ort', why: `onnxruntime-web ready (${by.info.ep}, model ${by.info.modelVersion})` };
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
