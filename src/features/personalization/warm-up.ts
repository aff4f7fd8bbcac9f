/**
 * Starts loading the reranker in the background as soon as it can matter: at page load when
 * the device holds an engagement history (a return visit, whose first screen is personalized:
 * loading in parallel with the first request instead of after it), otherwise when a search box
 * gets focus (results pages also warm it up with their first page). A new visitor never
 * downloads the model at page load: there is nothing to personalize yet, and on a slow link the
 * runtime would compete with the first images. The controller itself is a lazy chunk, like
 * everything the model needs.
 */
import { storedLogHint } from './store/log-hint';

/**
 * The `?ep=` flag of the first URL, recorded by the lazily loaded ep module. The string is read
 * at start-up, while the first URL is still in the address bar; the module (shared with the
 * rerank lab, so a chunk of its own) is imported rather than preloaded, which keeps it off the
 * first paint's JavaScript. The reranker loads only after this has settled (warmUpReranker),
 * and any other path to it starts later still, after a first page of results.
 */
let epCaptured: Promise<unknown> = Promise.resolve();

export function warmUpReranker(): void {
  void epCaptured
    .then(() => import('@/lib/rerank/rerank-main'))
    .then(({ getRerankController }) => getRerankController().warmUp());
}

/**
 * A return visit: onnxruntime and, for the first page while it loads, the TS scorer with the same
 * weights (src/lib/rerank/first-page-scorer.ts). Its chunk is fetched while the ep flag is recorded.
 */
const warmUpFirstPage = () =>
  void Promise.all([import('@/lib/rerank/first-page-scorer'), epCaptured]).then(([m]) =>
    m.warmUpPageScorer(),
  );

export function installRerankWarmUp(target: Document = document): () => void {
  const firstSearch = location.search;
  epCaptured = import('@/lib/rerank/ep').then(({ captureEpPreference }) =>
    captureEpPreference(firstSearch),
  );
  if (storedLogHint()) warmUpFirstPage();
  const onFocus = (event: FocusEvent) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'search')
      warmUpReranker();
  };
  target.addEventListener('focusin', onFocus);
  return () => target.removeEventListener('focusin', onFocus);
}
