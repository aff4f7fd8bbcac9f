/**
 * Starts loading the reranker in the background as soon as a search is likely:
 * when a search box gets focus (results pages also warm it up with their first
 * page). The controller itself is a lazy chunk, like everything the model needs.
 */
import { captureEpPreference } from '@/lib/rerank/ep';

export function warmUpReranker(): void {
  void import('@/lib/rerank/rerank-main').then(({ getRerankController }) =>
    getRerankController().warmUp(),
  );
}

export function installRerankWarmUp(target: Document = document): () => void {
  // Now, while the first URL (with any ?ep= flag) is still in the address bar.
  captureEpPreference(location.search);
  const onFocus = (event: FocusEvent) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'search')
      warmUpReranker();
  };
  target.addEventListener('focusin', onFocus);
  return () => target.removeEventListener('focusin', onFocus);
}
