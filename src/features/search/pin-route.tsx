import { errorMessage } from '@/lib/api-client/api-client';
import { useDocumentTitle } from '@/lib/dom/use-document-title';
import { lazyModule, type LazyModuleState } from '@/lib/lazy/lazy-module';
import { useLazyModule } from '@/lib/lazy/use-lazy-module';
import { useScrollRestoration } from '@/lib/url-state/use-scroll-restoration';
import { ErrorState } from './feed/feed-states';
import { BackButton, CloseupSkeleton } from './pin-page-skeleton';
import { t } from '@/lib/i18n/i18n';

/**
 * The closeup page is a chunk of its own: a first paint of results does not need it. The app
 * preloads it when idle, and at once when the first URL is a pin's, so opening a card normally
 * finds it loaded.
 */
export const pinPageModule = lazyModule(() => import('./pin-page'));

/** Until the chunk is in: the page's own loading state (Back and the closeup skeleton). */
function PinPagePending({ state }: { state: LazyModuleState<unknown> }) {
  useDocumentTitle(null);
  useScrollRestoration(false);
  return (
    <div className="pin-page">
      <BackButton />
      {state.status === 'failed' ? (
        <ErrorState
          title={t('Couldn’t load this pin.')}
          message={errorMessage(state.error)}
          onRetry={() => void pinPageModule.load().catch(() => undefined)}
        />
      ) : (
        <CloseupSkeleton />
      )}
    </div>
  );
}

export function PinRoute({ id }: { id: string }) {
  const page = useLazyModule(pinPageModule);
  return page.status === 'loaded' ? (
    <page.value.PinPage id={id} />
  ) : (
    <PinPagePending state={page} />
  );
}
