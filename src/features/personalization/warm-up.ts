/**
 * Starts loading the reranker in the background as soon as it can matter: at page load when
 * the device holds an engagement history (a return visit, whose first screen is personalized:
 * loading in parallel with the first request instead of after it), otherwise when a search box
 * gets focus (results pages also warm it up with their first page). A new visitor never
 * downloads the model at page load: there is nothing to personalize yet, and on a slow link the
 * runtime would compete with the first images. The controller itself is a lazy chunk, like
 * everything the model needs.
 */
import { captureEpPreference } from '@/lib/rerank/ep';
import { storedLogHint } from './store/engagement-store';

export function warmUpReranker(): void {
  void import('@/lib/rerank/rerank-main').then(({ getRerankController }) =>
    getRerankController().warmUp(),
  );
}

export function installRerankWarmUp(target: Document = document): () => void {
  // Now, while the first URL (with any ?ep= flag) is still in the address bar.
  captureEpPreference(location.search);
  if (storedLogHint()) warmUpReranker();
  const onFocus = (event: FocusEvent) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'search')
      warmUpReranker();
  };
  target.addEventListener('focusin', onFocus);
  return () => target.removeEventListener('focusin', onFocus);
}
