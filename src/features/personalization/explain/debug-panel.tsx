import { lazy, Suspense, useId } from 'react';
import { useStore } from 'zustand';
import { describeChoice } from '@/lib/rerank/ep-choice';
import { getPageScorer, type ReferenceStatus } from '@/lib/rerank/first-page-scorer';
import { getRerankController, type RerankerStatus } from '@/lib/rerank/rerank-main';
import { useExplainStore, type PageReport } from '../store/explain-store';
import { useIsPanelOpen, usePersonalizationUi } from '../store/ui-store';

const CompareView = lazy(() => import('./compare-view'));

const ms = (x: number | null | undefined) =>
  x === null || x === undefined ? '–' : `${x.toFixed(2)} ms`;

function stateLine(status: RerankerStatus): string {
  switch (status.state) {
    case 'idle':
      return 'idle (loads when the search box gets focus or results arrive)';
    case 'loading':
      return `loading (${status.thread === 'worker' ? 'in a worker' : 'on the main thread'})`;
    case 'ready':
      return 'ready';
    case 'failed':
      return `failed: ${status.reason}`;
  }
}

function referenceLine(reference: ReferenceStatus): string {
  switch (reference.state) {
    case 'idle':
      return 'not loaded (loads at page load when this device holds a history)';
    case 'loading':
      return 'loading';
    case 'ready':
      return `ready ${Math.round(reference.engine.readyAt)} ms after page load (${ms(reference.engine.loadMs)} to load)`;
    case 'failed':
      return `failed: ${reference.reason}`;
  }
}

/** Who scored a page, in a few words. */
export const scorerLabel = (p: PageReport): string =>
  p.scorer?.path === 'ts' ? 'TS scorer' : p.scorer?.path === 'ort' ? 'onnxruntime' : '–';

function ReRankerFacts({ status }: { status: RerankerStatus }) {
  const info = status.state === 'ready' ? status.info : null;
  const attempts =
    status.state === 'ready'
      ? status.info.attempts
      : status.state === 'failed'
        ? status.attempts
        : [];
  return (
    <dl className="p13n-facts">
      <dt>Reranker</dt>
      <dd
        data-testid="reranker-state"
        className={status.state === 'failed' ? 'p13n-state--failed' : undefined}
      >
        {stateLine(status)}
      </dd>
      <dt>Execution provider</dt>
      <dd data-testid="reranker-ep">{info ? info.ep : '–'}</dd>
      <dt>Why this EP</dt>
      <dd data-testid="reranker-ep-reason">{info ? describeChoice(info.choice) : '–'}</dd>
      <dt>Requested</dt>
      <dd>
        {status.preference === 'auto'
          ? 'auto (WebGPU only where measured faster)'
          : `${status.preference} (forced by ?ep=)`}
      </dd>
      <dt>Runs on</dt>
      <dd>
        {info ? (info.thread === 'worker' ? 'Web Worker' : 'main thread (worker failed)') : '–'}
        {status.state === 'failed' && status.workerError && ` (worker: ${status.workerError})`}
      </dd>
      <dt>Model version</dt>
      <dd data-testid="model-version">{info?.modelVersion ?? '–'}</dd>
      <dt>TS scorer (first page)</dt>
      <dd data-testid="reference-state">{referenceLine(getPageScorer().referenceStatus())}</dd>
      <dt>Load time</dt>
      <dd>{ms(info?.loadMs)}</dd>
      <dt>Last inference</dt>
      <dd data-testid="inference-ms">
        {ms(status.state === 'ready' ? status.lastInferenceMs : null)}
      </dd>
      {attempts.length > 0 && (
        <>
          <dt>EPs tried</dt>
          <dd>
            <ul className="p13n-list">
              {attempts.map((a) => (
                <li key={a.ep}>
                  {a.ep}:{' '}
                  {a.ok ? `worked (${a.ms.toFixed(0)} ms)` : `failed: ${a.reason ?? 'unknown'}`}
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </dl>
  );
}

function PageLog({ pages }: { pages: readonly PageReport[] }) {
  if (pages.length === 0) return <p className="p13n-muted">No result pages yet.</p>;
  return (
    <table className="p13n-table">
      <caption className="sr-only">Recent result pages</caption>
      <thead>
        <tr>
          <th scope="col">Query</th>
          <th scope="col">Ranks</th>
          <th scope="col">Order</th>
          <th scope="col">Scored by</th>
          <th scope="col">Inference</th>
        </tr>
      </thead>
      <tbody>
        {pages.map((p) => (
          <tr key={`${p.at}-${p.query}-${p.offset ?? 'x'}`}>
            <td>{p.query === '' ? <em>related pins</em> : p.query}</td>
            <td>
              {p.offset === null ? `${p.count} items` : `${p.offset + 1}–${p.offset + p.count}`}
            </td>
            <td>
              {p.outcome === 'personalized' ? 'personalized' : `server order (${p.reason ?? ''})`}
            </td>
            <td title={p.scorer?.why}>{scorerLabel(p)}</td>
            <td>{ms(p.inferenceMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Who scored the first page of the latest feed, and why (the log is newest first). */
function firstPageLine(pages: readonly PageReport[]): string {
  const first = pages.find((p) => p.query === pages[0]?.query && (p.offset ?? 0) === 0);
  if (!first) return 'First page: none yet.';
  if (first.outcome !== 'personalized') return `First page: server order (${first.reason ?? ''}).`;
  if (first.scorer?.path === 'ts')
    return `First page scored by the TS scorer: ${first.scorer.why}.`;
  return `First page scored by onnxruntime: ${first.scorer?.why ?? 'ready'}.`;
}

/** The reranker's debug panel (toggled by the dock's Debug button or `?debug=1`). */
export default function DebugPanel() {
  const headingId = useId();
  const status = useStore(getRerankController().status);
  const pages = useExplainStore((s) => s.pages);
  const { close, toggle } = usePersonalizationUi();
  const comparing = useIsPanelOpen('compare');
  const latest = pages[0];

  return (
    <section className="p13n-panel p13n-panel--wide" aria-labelledby={headingId}>
      <div className="p13n-panel__header">
        <h2 id={headingId} className="p13n-panel__title">
          Reranker debug
        </h2>
        <button type="button" className="button" onClick={() => close('debug')}>
          Close
        </button>
      </div>
      <ReRankerFacts status={status} />
      <p
        data-testid="feed-order"
        className={latest?.outcome === 'server-order' ? 'p13n-state--failed' : undefined}
      >
        {!latest
          ? 'No page ranked yet.'
          : latest.outcome === 'personalized'
            ? `Latest page personalized (${ms(latest.totalMs)} in all).`
            : `Showing server order: ${latest.reason ?? 'reranker unavailable'}.`}
      </p>
      <p data-testid="first-page-scorer">{firstPageLine(pages)}</p>
      <p className="p13n-muted">
        Cards show server rank → new rank and the features that moved them most (score change when
        the feature is set to the page average).
      </p>
      <h3>Pages</h3>
      <PageLog pages={pages} />
      <div className="p13n-actions">
        <button
          type="button"
          className="button"
          aria-pressed={comparing}
          onClick={() => toggle('compare')}
        >
          Compare orders
        </button>
      </div>
      {comparing && (
        <Suspense fallback={<p>Loading…</p>}>
          <CompareView />
        </Suspense>
      )}
    </section>
  );
}
