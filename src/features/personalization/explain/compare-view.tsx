import { useQuery } from '@tanstack/react-query';
import type { Candidate, Pin } from '@/contract/api';
import { EXACT_ON, EXACT_PARAM } from '@/contract/constants';
import { apiGet, errorMessage } from '@/lib/api-client/api-client';
import { t } from '@/lib/i18n/i18n';
import { loadContract } from '@/lib/api-client/load-contract';
import { getRerankController } from '@/lib/rerank/rerank-main';
import { rerankPage } from '@/lib/rerank/rerank-page';
import { useRoute } from '@/lib/url-state/use-location';
import type { EngagementEvent } from '@/ranking/engagement';
import { useEngagementStore } from '../store/engagement-store';

/** Thumbnails per column: the top of the grid is what a reviewer looks at. */
export const COMPARE_COUNT = 30;
/** The compare view may wait for the model to load; a feed page may not. */
const COMPARE_BUDGET_MS = 30_000;

interface CompareFilters {
  q: string;
  refine: readonly string[];
  exact: boolean;
}

export const compareKeys = {
  all: ['personalization', 'compare'] as const,
  order: (filters: CompareFilters, historyStamp: string) =>
    [...compareKeys.all, { ...filters, refine: [...filters.refine] }, historyStamp] as const,
};

type Comparison = {
  server: Candidate[];
  /** Server rank of every pin of the pool (0-based). */
  serverRank: ReadonlyMap<string, number>;
} & ({ personalized: Candidate[]; note: null } | { personalized: null; note: string });

/** Display data for pool pins that are not on the server's first page. */
async function pinsFor(ids: readonly string[], signal: AbortSignal): Promise<Map<string, Pin>> {
  if (ids.length === 0) return new Map();
  const { items } = await apiGet({
    path: '/pins',
    params: { ids: ids.join(',') },
    schema: async () => (await loadContract()).PinsResponseSchema,
    signal,
  });
  return new Map(items.map((pin) => [pin.id, pin]));
}

/** The server's first page next to the top of the reranked pool, as the feed cuts page 1. */
async function compare(
  { q, refine, exact }: CompareFilters,
  history: readonly EngagementEvent[],
  signal: AbortSignal,
): Promise<Comparison> {
  const page = await apiGet({
    path: '/search',
    params: { q, refine, limit: COMPARE_COUNT, [EXACT_PARAM]: exact ? EXACT_ON : null },
    schema: async () => (await loadContract()).SearchResponseSchema,
    signal,
  });
  const server = page.items;
  const pool = page.pool?.candidates ?? server;
  const serverRank = new Map(pool.map((c, i) => [c.id, i]));
  if (history.length === 0)
    return {
      server,
      serverRank,
      personalized: null,
      note: t('No history: personalized order = server order.'),
    };
  const outcome = await rerankPage(getRerankController(), {
    candidates: pool,
    history,
    nowMs: Date.now(),
    query: q,
    budgetMs: COMPARE_BUDGET_MS,
  });
  if (outcome.kind !== 'reordered')
    return {
      server,
      serverRank,
      personalized: null,
      note: t('Server order kept: {reason}', { reason: outcome.reason }),
    };
  const top = outcome.order.slice(0, COMPARE_COUNT).map((i) => pool[i]!);
  const known = new Map<string, Pin>(server.map((c) => [c.id, c]));
  const fetched = await pinsFor(
    top.filter((c) => !known.has(c.id)).map((c) => c.id),
    signal,
  );
  const personalized = top.flatMap((c) => {
    const pin = known.get(c.id) ?? fetched.get(c.id);
    return pin ? [{ ...pin, ...c }] : [];
  });
  return { server, serverRank, personalized, note: null };
}

function Column({
  title,
  items,
  serverRank,
}: {
  title: string;
  items: Candidate[];
  serverRank: ReadonlyMap<string, number>;
}) {
  return (
    <div className="compare__column">
      <h4>{title}</h4>
      <ol aria-label={title}>
        {items.map((pin, i) => {
          const from = serverRank.get(pin.id) ?? i;
          return (
            <li key={pin.id} className="compare__item" data-pin-id={pin.id}>
              <img src={pin.imageUrl} alt={pin.title} width={56} height={56} loading="lazy" />
              <span className="compare__rank" aria-hidden="true">
                {from === i ? i + 1 : `${from + 1}→${i + 1}`}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/**
 * Server order next to personalized order for the query on screen: the server's first page, and
 * the top of the whole candidate pool reranked (what the feed's page 1 is cut from; hidden pins
 * are not left out here).
 */
export default function CompareView() {
  const route = useRoute();
  const events = useEngagementStore((s) => s.events);
  const filters =
    route.name === 'search' ? { q: route.q, refine: route.refine, exact: route.exact } : null;
  // The last event's time stands for the whole history: any change makes a new comparison.
  const stamp = `${events.length}:${events.at(-1)?.at ?? 0}`;
  const result = useQuery({
    queryKey: compareKeys.order(filters ?? { q: '', refine: [], exact: false }, stamp),
    queryFn: ({ signal }) => compare(filters!, events, signal),
    enabled: filters !== null,
  });

  if (!filters) return <p className="p13n-muted">{t('Search for something to compare orders.')}</p>;
  if (result.isError)
    return (
      <p role="alert">{t('Couldn’t compare: {error}', { error: errorMessage(result.error) })}</p>
    );
  if (!result.data) return <p aria-busy="true">{t('Comparing…')}</p>;
  const { server, serverRank, personalized, note } = result.data;
  return (
    <section aria-label={t('Compare orders for “{query}”', { query: filters.q })}>
      {note && <p className="p13n-muted">{note}</p>}
      <div className="compare">
        <Column title={t('Server order')} items={server} serverRank={serverRank} />
        <Column title={t('Personalized')} items={personalized ?? server} serverRank={serverRank} />
      </div>
    </section>
  );
}
