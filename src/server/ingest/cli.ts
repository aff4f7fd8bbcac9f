/**
 * `npm run index` — builds <data>/index/inspo.sqlite and <data>/thumbs from the corpus; with
 * INSPO_ENGINE=solr it then publishes that build into the cluster (a new collection, then the
 * alias: publish-cluster.ts).
 *
 *   npm run index -- [--data DIR] [--sources openmoji,openclipart,sweethome3d,meteocons,manifest,generated] [--manifest FILE]
 *                    [--generated N [--seed S]] [--limit N] [--first-source] [--verbose]
 *                    [--publish-only]
 *
 * `--publish-only` (INSPO_ENGINE=solr) publishes the index already built under --data, without
 * rebuilding it.
 *
 * `--first-source` (what `npm start` runs on a fresh clone) indexes only the first of the sources
 * and, when there are more, leaves the pending-sources marker: the server then builds the
 * complete index in the background (background-build.ts). `--ipc` is that background build: the
 * server forks this file and reads progress and the result over the IPC channel.
 *
 * Env: INSPO_DATA_DIR (default ./data), INSPO_SOURCES, INSPO_MANIFEST, INSPO_GENERATED (a pin
 * count: adds N synthetic pins, docs/generated-corpus.md), INSPO_GENERATED_SEED. A progress bar on a
 * terminal; plain periodic lines otherwise (CI logs).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { mediaDir } from '@/server/engine/pin-media';
import { thumbsDir } from '@/server/engine/schema';
import { ClusterUnavailableError } from '@/server/cluster/solr-engine';
import { engineConfigFromEnv } from '@/server/service/engine-config';
import { clipCacheDir } from './animation-recorder';
import { buildIndex, defaultSources } from './build-index';
import type { BuildMessage } from './background-build';
import { clearPendingSources, writePendingSources } from './pending-sources';
import { publishWithProgress } from './publish-progress';
import { DEFAULT_GENERATED_SEED } from './sources/generated';
import type { BuildProgress, BuildReport, SkipReason } from './types';

/** Without a TTY, one progress line this often. */
const PLAIN_PROGRESS_EVERY_MS = 5_000;
const EXAMPLES_PER_REASON = 3;

const fmtInt = (n: number): string => n.toLocaleString('en-US');
const fmtMb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const fmtS = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function dirStats(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  if (!fs.existsSync(dir)) return { files, bytes };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += fs.statSync(path.join(dir, entry.name)).size;
  }
  return { files, bytes };
}

/** Forked by the server (background-build.ts): progress and the result go over IPC, nothing to stdout. */
function ipcReporter(send: (message: BuildMessage) => void): {
  onProgress: (p: BuildProgress) => void;
  stop: () => void;
} {
  return { onProgress: (progress) => send({ type: 'progress', progress }), stop: () => {} };
}

function progressReporter(): { onProgress: (p: BuildProgress) => void; stop: () => void } {
  const started = performance.now();
  if (process.stdout.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format:
          'images {bar} {percentage}% | {value}/{total} | {rendered} rendered, {reused} cached, {skipped} skipped{clips}{embedded} | {duration_formatted} (eta {eta_formatted})',
        hideCursor: true,
        etaBuffer: 200,
      },
      cliProgress.Presets.shades_classic,
    );
    let barActive = false;
    return {
      onProgress(p) {
        if (p.phase === 'scan') console.log(`scanned ${p.source}: ${fmtInt(p.items)} inputs`);
        else if (p.phase === 'images') {
          const payload = {
            rendered: p.rendered,
            reused: p.reused,
            skipped: p.skipped,
            clips: p.recorded ? `, clips recorded: ${fmtInt(p.recorded)}` : '',
            embedded: p.embedded ? `, ${fmtInt(p.embedded)} embedded` : '',
          };
          if (!barActive) {
            bar.start(p.total, p.done, payload);
            barActive = true;
          } else bar.update(p.done, payload);
        } else {
          if (barActive) bar.stop();
          barActive = false;
          console.log(`writing index (${fmtInt(p.pins)} pins)…`);
        }
      },
      stop: () => {
        if (barActive) bar.stop();
      },
    };
  }
  let lastLine = 0;
  return {
    onProgress(p) {
      const t = fmtS(performance.now() - started);
      if (p.phase === 'scan')
        console.log(`[index ${t}] scanned ${p.source}: ${fmtInt(p.items)} inputs`);
      else if (p.phase === 'write')
        console.log(`[index ${t}] writing index (${fmtInt(p.pins)} pins)`);
      else if (p.done === p.total || performance.now() - lastLine >= PLAIN_PROGRESS_EVERY_MS) {
        lastLine = performance.now();
        const pct = p.total ? Math.floor((100 * p.done) / p.total) : 100;
        console.log(
          `[index ${t}] images ${fmtInt(p.done)}/${fmtInt(p.total)} (${pct}%): ${fmtInt(p.rendered)} rendered, ${fmtInt(p.reused)} cached, ${fmtInt(p.skipped)} skipped` +
            (p.recorded ? `, clips recorded: ${fmtInt(p.recorded)}` : '') +
            (p.embedded ? `, ${fmtInt(p.embedded)} embedded` : ''),
        );
      }
    },
    stop: () => {},
  };
}

export function formatSummary(
  report: BuildReport,
  { verbose = false }: { verbose?: boolean } = {},
): string {
  const lines: string[] = [];
  lines.push(
    `Indexed ${fmtInt(report.pins)} pins in ${fmtS(report.elapsedMs)} → ${report.dbPath} (${fmtMb(report.dbBytes)})`,
  );
  for (const [source, count] of Object.entries(report.sources))
    lines.push(`  ${source.padEnd(12)} ${fmtInt(count ?? 0).padStart(7)}`);
  lines.push(
    `Images: ${fmtInt(report.rendered)} rendered, ${fmtInt(report.reused)} reused from the cache`,
  );
  if (report.embeddings) {
    const e = report.embeddings;
    lines.push(
      `Embeddings: ${fmtInt(e.words)} word vectors, ${fmtInt(e.pinsWithVector)} of ${fmtInt(e.pins)} pins embedded in ${fmtS(e.ms)} (HNSW ${fmtMb(e.hnswBytes)})`,
    );
  }
  if (report.imageEmbeddings) {
    const e = report.imageEmbeddings;
    lines.push(
      `Image embeddings (encoder ${e.version}): ${fmtInt(e.pins)} pins; ${fmtInt(e.embedded)} images embedded in ${fmtS(e.ms)}, ${fmtInt(e.cached)} from the cache${e.failed ? `, ${fmtInt(e.failed)} failed` : ''}`,
    );
  }
  if (report.tagHead) {
    const h = report.tagHead;
    lines.push(
      `Predicted tags: head on ${fmtInt(h.trainPins)} pins (${fmtInt(h.labels.tags)} tags, ${fmtInt(h.labels.categories)} categories) in ${fmtS(h.ms)}; ` +
        `held-out precision@5 ${h.precisionAt5.toFixed(3)} on ${fmtInt(h.heldOutPins)} pins (most frequent tags: ${h.baselinePrecisionAt5.toFixed(3)})`,
    );
  }
  if (report.multilingual) {
    const m = report.multilingual;
    const langs = Object.entries(m.languages)
      .map(([tag, n]) => `${tag} ${fmtInt(n)}`)
      .join(', ');
    lines.push(
      `Other languages: ${fmtInt(m.pins)} pins (${langs}), ${fmtInt(m.translations)} words mapped to English`,
    );
  }
  const thumbs = dirStats(thumbsDir(report.dataDir));
  lines.push(
    `Thumbnails: ${thumbsDir(report.dataDir)} (${fmtInt(thumbs.files)} files, ${fmtMb(thumbs.bytes)})`,
  );
  if (report.recorded) {
    const r = report.recorded;
    const clips = dirStats(clipCacheDir(report.dataDir));
    lines.push(
      `Clips recorded from animations: ${fmtInt(r.recorded)} recorded, ${fmtInt(r.cached)} from the cache${r.failed ? `, ${fmtInt(r.failed)} failed` : ''} in ${fmtS(r.ms)}; cache: ${clipCacheDir(report.dataDir)} (${fmtInt(clips.files)} files, ${fmtMb(clips.bytes)})`,
    );
  }
  if (report.typed) {
    const media = dirStats(mediaDir(report.dataDir));
    lines.push(
      `Typed pins: ${fmtInt(report.typed.products)} products, ${fmtInt(report.typed.videos)} videos; ` +
        `clips and captions: ${mediaDir(report.dataDir)} (${fmtInt(media.files)} files, ${fmtMb(media.bytes)})`,
    );
  }
  const total = report.skippedItems.length;
  lines.push(total === 0 ? 'Skipped: none' : `Skipped ${fmtInt(total)}:`);
  const reasons = Object.entries(report.skipped).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0)) as [
    SkipReason,
    number,
  ][];
  for (const [reason, count] of reasons) {
    const items = report.skippedItems.filter((s) => s.reason === reason);
    lines.push(`  ${reason.padEnd(22)} ${fmtInt(count).padStart(6)}`);
    for (const s of verbose ? items : items.slice(0, EXAMPLES_PER_REASON)) {
      lines.push(`      ${s.source}: ${s.ref} — ${s.detail}`);
    }
  }
  return lines.join('\n');
}

const positiveInt = (text: string, what: string): number => {
  const n = Number(text);
  if (!(Number.isInteger(n) && n > 0)) throw new Error(`${what} must be a positive integer, got ${text}`);
  return n;
};

/** INSPO_GENERATED (count) and INSPO_GENERATED_SEED, as buildIndex's `generated` option. */
function parseGenerated(env: NodeJS.ProcessEnv): { count: number; seed: number } | undefined {
  if (!env.INSPO_GENERATED) return undefined;
  return {
    count: positiveInt(env.INSPO_GENERATED, '--generated / INSPO_GENERATED'),
    seed: env.INSPO_GENERATED_SEED
      ? positiveInt(env.INSPO_GENERATED_SEED, '--seed / INSPO_GENERATED_SEED')
      : DEFAULT_GENERATED_SEED,
  };
}

const onServerGone = () => process.exit(1);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      sources: { type: 'string' },
      manifest: { type: 'string' },
      limit: { type: 'string' },
      'first-source': { type: 'boolean', default: false },
      ipc: { type: 'boolean', default: false },
      generated: { type: 'string' },
      seed: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      'publish-only': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      'npm run index -- [--data DIR] [--sources openmoji,openclipart,sweethome3d,meteocons,manifest,generated] [--manifest FILE] [--generated N [--seed S]] [--limit N] [--first-source] [--verbose] [--publish-only]\n  INSPO_ENGINE=solr: also publish the build into the Solr cluster (INSPO_SOLR_URL, INSPO_SOLR_ALIAS, INSPO_SOLR_SHARDS, INSPO_SOLR_REPLICAS)',
    );
    return;
  }
  const env = { ...process.env };
  if (values.sources) env.INSPO_SOURCES = values.sources;
  if (values.manifest) env.INSPO_MANIFEST = values.manifest;
  if (values.generated) env.INSPO_GENERATED = values.generated;
  if (values.seed) env.INSPO_GENERATED_SEED = values.seed;
  const generated = parseGenerated(env);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
    throw new Error(`--limit must be a positive integer, got ${values.limit}`);
  const dataDir = values.data ?? env.INSPO_DATA_DIR ?? './data';
  // INSPO_ENGINE=solr: the build is published into the cluster afterwards (checked before building).
  const engine = engineConfigFromEnv(env);
  if (values['publish-only']) {
    if (!engine.cluster) throw new Error('--publish-only publishes into a cluster: set INSPO_ENGINE=solr.');
    await publishWithProgress({ dataDir, cluster: engine.cluster });
    return;
  }
  const allSources = defaultSources(env);
  // The first run: one source now, the rest later in the server's background build.
  const sources = values['first-source'] ? allSources.slice(0, 1) : allSources;
  const send = values.ipc && process.send ? process.send.bind(process) : null;
  if (send) {
    // Below normal, so the server it was forked by answers searches first. Threads started from
    // here on (libvips', the thread pool) inherit it.
    os.setPriority(os.constants.priority.PRIORITY_BELOW_NORMAL);
    // The server went away: stop too (its next start resumes from the thumbnail cache).
    process.on('disconnect', onServerGone);
  } else {
    console.log(
      `Building the index in ${path.resolve(dataDir)} from ${sources.join(', ')}${limit ? ` (limit ${limit} per source)` : ''}${generated ? ` (${fmtInt(generated.count)} generated pins, seed ${generated.seed})` : ''}` +
        (sources.length < allSources.length
          ? `; ${allSources.slice(1).join(', ')} will be added by the server in the background`
          : ''),
    );
  }

  const progress = send ? ipcReporter(send) : progressReporter();
  let report: BuildReport;
  try {
    report = await buildIndex({
      dataDir,
      sources,
      ...(env.INSPO_MANIFEST ? { manifestPath: env.INSPO_MANIFEST } : {}),
      ...(limit ? { limit } : {}),
      ...(generated ? { generated } : {}),
      // Readers of a fresh clone wait for this one; the complete build after it predicts tags.
      ...(values['first-source'] ? { predictTags: false } : {}),
      onProgress: progress.onProgress,
    });
  } finally {
    progress.stop();
  }
  if (sources.length < allSources.length) writePendingSources(dataDir, allSources);
  else if (!limit) clearPendingSources(dataDir, sources);
  if (send) {
    const done: BuildMessage = {
      type: 'done',
      pins: report.pins,
      sources: report.sources,
      elapsedMs: report.elapsedMs,
    };
    await new Promise<void>((resolve, reject) =>
      send(done, (error: Error | null) => (error ? reject(error) : resolve())),
    );
    process.off('disconnect', onServerGone);
    process.disconnect?.();
    return;
  }
  console.log(formatSummary(report, { verbose: values.verbose }));
  if (engine.cluster && !limit && sources.length === allSources.length)
    await publishWithProgress({ dataDir, cluster: engine.cluster });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = error instanceof ClusterUnavailableError ? ClusterUnavailableError.EXIT_CODE : 1;
});
