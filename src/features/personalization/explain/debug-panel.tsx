import { lazy, Suspense, useId } from 'react';
import { useStore } from 'zustand';
import { currentLocale, formatNumber, t, withMessages } from '@/lib/i18n/i18n';
import { describeChoice } from '@/lib/rerank/ep-choice';
import { getPageScorer, type ReferenceStatus } from '@/lib/rerank/first-page-scorer';
import { getRerankController, type RerankerStatus } from '@/lib/rerank/rerank-main';
import { useExplainStore, type PageReport } from '../store/explain-store';
import { ModuleOrder } from './module-order';
import { useIsPanelOpen, usePersonalizationUi } from '../store/ui-store';

const CompareView = lazy(() => withMessages('panels', import('./compare-view')));

/**
 * A duration in the interface's language, two decimals ("12.34 ms", "12,34 ms"); '–' when none.
 * Diagnostic reasons (why an EP failed, why the server order was kept) come from the reranker
 * in English and are shown as they are.
 */
const ms = (x: number | null | undefined, decimals = 2) =>
  x === null || x === undefined
    ? '–'
    : new Intl.NumberFormat(currentLocale(), {
        style: 'unit',
        unit: 'millisecond',
        unitDisplay: 'short',
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
        useGrouping: false,
      }).format(x);

function stateLine(status: RerankerStatus): string {
  switch (status.state) {
    case 'idle':
      return t('idle (loads when the search box gets focus or results arrive)');
    case 'loading':
      return status.thread === 'worker'
        ? t('loading (in a worker)')
        : t('loading (on the main thread)');
    case 'ready':
      return t('ready');
    case 'failed':
      return t('failed: {reason}', { reason: status.reason });
  }
}

function referenceLine(reference: ReferenceStatus): string {
  switch (reference.state) {
    case 'idle':
      return t('not loaded (loads at page load when this device holds a history)');
    case 'loading':
      return t('loading');
    case 'ready':
      return t('ready {at} after page load ({load} to load)', {
        at: ms(reference.engine.readyAt, 0),
        load: ms(reference.engine.loadMs),
      });
    case 'failed':
      return t('failed: {reason}', { reason: reference.reason });
  }
}

/** Who scored a page, in a few words. */
export const scorerLabel = (p: PageReport): string =>
  p.scorer?.path === 'ts' ? t('TS scorer') : p.scorer?.path === 'ort' ? 'onnxruntime' : '–';

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
      <dt>{t('Reranker')}</dt>
      <dd
        data-testid="reranker-state"
        className={status.state === 'failed' ? 'p13n-state--failed' : undefined}
      >
        {stateLine(status)}
      </dd>
      <dt>{t('Execution provider')}</dt>
      <dd data-testid="reranker-ep">{info ? info.ep : '–'}</dd>
      <dt>{t('Why this EP')}</dt>
      <dd data-testid="reranker-ep-reason">{info ? describeChoice(info.choice) : '–'}</dd>
      <dt>{t('Requested')}</dt>
      <dd>
        {status.preference === 'auto'
          ? t('auto (WebGPU only where measured faster)')
          : t('{ep} (forced by ?ep=)', { ep: status.preference })}
      </dd>
      <dt>{t('Runs on')}</dt>
      <dd>
        {info ? (info.thread === 'worker' ? 'Web Worker' : t('main thread (worker failed)')) : '–'}
        {status.state === 'failed' &&
          status.workerError &&
          ` ${t('(worker: {error})', { error: status.workerError })}`}
      </dd>
      <dt>{t('Model version')}</dt>
      <dd data-testid="model-version">{info?.modelVersion ?? '–'}</dd>
      <dt>{t('TS scorer (first page)')}</dt>
      <dd data-testid="reference-state">{referenceLine(getPageScorer().referenceStatus())}</dd>
      <dt>{t('Load time')}</dt>
      <dd>{ms(info?.loadMs)}</dd>
      <dt>{t('Last inference')}</dt>
      <dd data-testid="inference-ms">
        {ms(status.state === 'ready' ? status.lastInferenceMs : null)}
      </dd>
      {attempts.length > 0 && (
        <>
          <dt>{t('EPs tried')}</dt>
          <dd>
            <ul className="p13n-list">
              {attempts.map((a) => (
                <li key={a.ep}>
                  {a.ep}:{' '}
                  {a.ok
                    ? t('worked ({ms})', { ms: ms(a.ms, 0) })
                    : t('failed: {reason}', { reason: a.reason ?? t('unknown') })}
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
  if (pages.length === 0) return <p className="p13n-muted">{t('No result pages yet.')}</p>;
  return (
    <table className="p13n-table">
      <caption className="sr-only">{t('Recent result pages')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('Query')}</th>
          <th scope="col">{t('Ranks')}</th>
          <th scope="col">{t('Order')}</th>
          <th scope="col">{t('Scored by')}</th>
          <th scope="col">{t('Inference')}</th>
        </tr>
      </thead>
      <tbody>
        {pages.map((p) => (
          <tr key={`${p.at}-${p.query}-${p.offset ?? 'x'}`}>
            <td>{p.query === '' ? <em>{t('related pins')}</em> : p.query}</td>
            <td>
              {p.offset === null
                ? t('{count, plural, one {# item} other {# items}}', { count: p.count })
                : `${formatNumber(p.offset + 1)}–${formatNumber(p.offset + p.count)}`}
            </td>
            <td>
              {p.outcome === 'personalized'
                ? t('personalized')
                : t('server order ({reason})', { reason: p.reason ?? '' })}
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
  if (!first) return t('First page: none yet.');
  if (first.outcome !== 'personalized')
    return t('First page: server order ({reason}).', { reason: first.reason ?? '' });
  if (first.scorer?.path === 'ts')
    return t('First page scored by the TS scorer: {why}.', { why: first.scorer.why });
  return t('First page scored by onnxruntime: {why}.', { why: first.scorer?.why ?? t('ready') });
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
          {t('Reranker debug')}
        </h2>
        <button type="button" className="button" onClick={() => close('debug')}>
          {t('Close')}
        </button>
      </div>
      <ReRankerFacts status={status} />
      <p
        data-testid="feed-order"
        className={latest?.outcome === 'server-order' ? 'p13n-state--failed' : undefined}
      >
        {!latest
          ? t('No page ranked yet.')
          : latest.outcome === 'personalized'
            ? t('Latest page personalized ({ms} in all).', { ms: ms(latest.totalMs) })
            : t('Showing server order: {reason}.', {
                reason: latest.reason ?? t('reranker unavailable'),
              })}
      </p>
      <p data-testid="first-page-scorer">{firstPageLine(pages)}</p>
      <p className="p13n-muted">
        {t(
          'Cards show server rank → new rank and the features that moved them most (score change when the feature is set to the page average).',
        )}
      </p>
      <h3>{t('Pages')}</h3>
      <PageLog pages={pages} />
      <h3>{t('Modules')}</h3>
      <ModuleOrder />
      <div className="p13n-actions">
        <button
          type="button"
          className="button"
          aria-pressed={comparing}
          onClick={() => toggle('compare')}
        >
          {t('Compare orders')}
        </button>
      </div>
      {comparing && (
        <Suspense fallback={<p>{t('Loading…')}</p>}>
          <CompareView />
        </Suspense>
      )}
    </section>
  );
}
