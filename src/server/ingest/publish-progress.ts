/**
 * `npm run index` with INSPO_ENGINE=solr: publishes the built artifact into the cluster
 * (publish-cluster.ts) with progress — a bar on a terminal, a line every few seconds otherwise
 * (CI logs) — and a summary: the new collection, pins per second, the alias switch.
 */
import cliProgress from 'cli-progress';
import type { ClusterConfig } from '@/server/service/engine-config';
import { publishToCluster, type PublishProgress, type PublishReport } from './publish-cluster';

const PLAIN_PROGRESS_EVERY_MS = 5_000;
const fmtInt = (n: number): string => n.toLocaleString('en-US');
const fmtS = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

const PHASES: Record<PublishProgress['phase'], string> = {
  collection: 'creating the collection',
  pins: 'sending pins',
  model: 'sending the query model',
  commit: 'committing',
  verify: 'checking every pin is searchable',
  alias: 'switching the alias',
};

export async function publishWithProgress({
  dataDir,
  cluster,
}: {
  dataDir: string;
  cluster: ClusterConfig;
}): Promise<PublishReport> {
  console.log(
    `Publishing to the Solr cluster at ${cluster.urls.join(', ')}: a new collection (${cluster.shards} shards × ${cluster.replicas} copies), then alias "${cluster.alias}"`,
  );
  const bar = process.stdout.isTTY
    ? new cliProgress.SingleBar(
        {
          format:
            'cluster {bar} {percentage}% | {value}/{total} pins | {rate} pins/s | {duration_formatted}',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let barActive = false;
  let lastLine = 0;
  let report: PublishReport;
  try {
    report = await publishToCluster({
      dataDir,
      cluster,
      onProgress(p) {
        const rate = p.elapsedMs > 0 ? Math.round((p.sent * 1000) / p.elapsedMs) : 0;
        if (p.phase === 'pins') {
          if (bar) {
            if (!barActive) bar.start(p.total, p.sent, { rate });
            else bar.update(p.sent, { rate });
            barActive = true;
          } else if (
            p.sent === p.total ||
            performance.now() - lastLine >= PLAIN_PROGRESS_EVERY_MS
          ) {
            lastLine = performance.now();
            console.log(
              `[cluster ${fmtS(p.elapsedMs)}] ${fmtInt(p.sent)}/${fmtInt(p.total)} pins (${rate}/s)`,
            );
          }
          return;
        }
        if (barActive) bar?.stop();
        barActive = false;
        console.log(`[cluster ${fmtS(p.elapsedMs)}] ${PHASES[p.phase]}…`);
      },
    });
  } finally {
    if (barActive) bar?.stop();
  }
  console.log(
    [
      `Published ${fmtInt(report.pins)} pins to ${report.collection} in ${fmtS(report.elapsedMs)} (pins ${fmtS(report.pinsMs)}, ${fmtInt(Math.round((report.pins * 1000) / Math.max(1, report.pinsMs)))} pins/s; commit ${fmtS(report.commitMs)}); configset ${report.configset}`,
      `Alias "${report.alias}" → ${report.collection}${report.previous ? ` (was ${report.previous}, kept)` : ''}${report.deleted.length ? `; deleted ${report.deleted.join(', ')}` : ''}`,
    ].join('\n'),
  );
  return report;
}
