/**
 * The debug panel's account of the latest results page's modules: the server's order and scores,
 * the reader's engagement with each kind, and the order the device showed (src/ranking/page-modules.ts).
 */
import { formatNumber, t } from '@/lib/i18n/i18n';
import { useExplainStore } from '../store/explain-store';

const fixed = (x: number, digits = 2) => formatNumber(Number(x.toFixed(digits)));
const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${fixed(Math.abs(x))}`;

export function ModuleOrder() {
  const report = useExplainStore((s) => s.modules);
  if (!report) return <p className="p13n-muted">{t('No results page with modules yet.')}</p>;
  if (!report.restored || !report.page)
    return (
      <p data-testid="module-order">
        {t('Module order for “{query}”: server order, because the log was not restored yet.', {
          query: report.query,
        })}
      </p>
    );
  const { ranked, overall } = report.page;
  const p = report.params;
  return (
    <>
      <p data-testid="module-order">
        {t(
          'Module order for “{query}”: final = server score + {weight} × (the kind’s click rate − your rate, {overall}); a kind’s rate is drawn towards yours by {prior} views, and events count half after {days} days.',
          {
            query: report.query,
            weight: formatNumber(p.weight),
            overall: fixed(overall),
            prior: formatNumber(p.priorViews),
            days: formatNumber(p.halfLifeDays),
          },
        )}
      </p>
      <table className="p13n-table" data-testid="module-order-table">
        <caption className="sr-only">{t('Modules')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Module')}</th>
            <th scope="col">{t('Server rank')}</th>
            <th scope="col">{t('Server score')}</th>
            <th scope="col">{t('Seen · used')}</th>
            <th scope="col">{t('Rate')}</th>
            <th scope="col">{t('Engagement')}</th>
            <th scope="col">{t('Final score')}</th>
          </tr>
        </thead>
        <tbody>
          {ranked.map((r) => (
            <tr key={r.module.kind} data-module-kind={r.module.kind}>
              <th scope="row">{r.module.kind}</th>
              <td>{formatNumber(r.serverRank + 1)}</td>
              <td>{fixed(r.serverScore)}</td>
              <td>
                {r.engagement
                  ? `${fixed(r.engagement.views, 1)} · ${fixed(r.engagement.clicks, 1)}`
                  : '–'}
              </td>
              <td>{r.engagement ? fixed(r.engagement.rate) : '–'}</td>
              <td>{signed(r.lift)}</td>
              <td>{fixed(r.finalScore)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
