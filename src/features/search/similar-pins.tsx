/**
 * "N similar" in the closeup: the exact and near-duplicate images folded into this
 * pin's card (`Pin.similar`). A disclosure button, so the closeup stays short for a long series;
 * opened, it lists the look-alikes as links (thumbnail + title), fetched in one batch then.
 * Part of the closeup's lazy chunk: nothing here weighs on a results page's first paint.
 */
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { Pin } from '@/contract/api';
import { apiGet, errorMessage } from '@/lib/api-client/api-client';
import { loadContract } from '@/lib/api-client/load-contract';
import { Link } from '@/lib/url-state/link';
import { pinHref } from '@/lib/url-state/routes';
import { pinKeys } from './api/query-keys';

export const similarLabel = (n: number): string => `${n} similar`;

function SimilarList({ ids }: { ids: readonly string[] }) {
  const pins = useQuery({
    queryKey: pinKeys.batch(ids),
    // The batch route directly, not get-pins.ts: that module is a first-view chunk of its own
    // (scripts/lib/first-view-chunks.ts), which an import from the closeup would merge away.
    queryFn: ({ signal }) =>
      apiGet({
        path: '/pins',
        params: { ids: ids.join(',') },
        schema: async () => (await loadContract()).PinsResponseSchema,
        signal,
      }),
  });
  if (pins.isError)
    return (
      <p role="alert" className="similar__state">
        Couldn’t load them: {errorMessage(pins.error)}
      </p>
    );
  if (!pins.data)
    return (
      <p role="status" className="similar__state">
        Loading…
      </p>
    );
  return (
    <ul className="similar__list">
      {pins.data.items.map((p) => (
        <li key={p.id}>
          <Link className="similar__item" href={pinHref(p.id)}>
            <img
              src={p.imageUrl}
              alt=""
              width={p.width}
              height={p.height}
              loading="lazy"
              decoding="async"
              style={{ backgroundColor: p.dominantColor }}
            />
            <span>{p.title}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function SimilarPins({ pin }: { pin: Pin }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const ids = pin.similar ?? [];
  if (ids.length === 0) return null;
  return (
    <section className="similar" aria-label="Similar images">
      <button
        type="button"
        className="similar__toggle"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
      >
        {similarLabel(ids.length)}
      </button>
      <div id={listId} hidden={!open}>
        <p className="similar__note">Near-identical images, shown here instead of in the grid.</p>
        {open && <SimilarList ids={ids} />}
      </div>
    </section>
  );
}
