import type { Pin } from '@/contract/api';
import { lazyModule } from '@/lib/lazy/lazy-module';
import { useLazyModule } from '@/lib/lazy/use-lazy-module';

/**
 * A card's Save button and menu, the closeup's Save and the "Ordered for you" note are a chunk
 * of their own (pin-extras.ts): none of them is drawn by the first paint, and together they were
 * ~1 kB gzipped of the first paint's 100 KB budget (scripts/check-bundle-budget.ts).
 *
 * Nothing moves when they arrive: a card's actions float over its image, the note ends the count
 * line once the order is personalized (later still), and the closeup keeps a Save-sized place
 * (`.closeup-actions`' min-height). Results and closeup pages ask for the chunk before React renders
 * (src/app/prefetch-first-view.ts); any page fetches it when its first card mounts. A failed
 * fetch (offline, a deploy replaced the chunk) is tried again by the next card that mounts.
 */
export const pinExtrasModule = lazyModule(() => import('./pin-extras'));

export function LazyCardExtras({ pin }: { pin: Pin }) {
  const extras = useLazyModule(pinExtrasModule);
  return extras.status === 'loaded' ? <extras.value.CardExtras pin={pin} /> : null;
}

export function LazyCloseupExtras({ pin }: { pin: Pin }) {
  const extras = useLazyModule(pinExtrasModule);
  return extras.status === 'loaded' ? (
    <extras.value.CloseupExtras pin={pin} />
  ) : (
    <div className="closeup-actions" aria-hidden="true" />
  );
}

export function LazyPersonalizedNote({ query }: { query: string }) {
  const extras = useLazyModule(pinExtrasModule);
  return extras.status === 'loaded' ? <extras.value.PersonalizedNote query={query} /> : null;
}
