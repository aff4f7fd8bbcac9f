/**
 * `npm run figures`: rewrites the figures table in README.md (between `<!-- figures:start -->`
 * and `<!-- figures:end -->`) from bench/results/*.json, so the README quotes exactly what the
 * last benchmark runs measured. One row per headline figure: value, target where the project or
 * the benchmark sets one, the corpus it was measured on, and the command that produced it.
 *
 * Tolerant by design: a missing or unreadable results file, or a field a benchmark no longer
 * writes, drops that figure's rows (and says so) instead of failing. When
 * bench/results/rerank-offline-eval.json is missing, the reranker's offline evaluation is read
 * from its model card instead (public/models/model-card.json, written by `npm run train`).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULTS_DIR } from './lib/results';

const REPO_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const README = path.join(REPO_ROOT, 'README.md');
const MODEL_CARD = path.join(REPO_ROOT, 'public', 'models', 'model-card.json');
const START_MARKER = '<!-- figures:start -->';
const END_MARKER = '<!-- figures:end -->';

// Targets the benchmarks check (see each script's header).
const SUGGEST_P95_BUDGET_MS = 5;
const KEYSTROKE_PAINT_P95_BUDGET_MS = 50;
const RERANK_P50_TARGET_MS = 2;
const RERANK_RATIO_TARGET = 2;
/** Decimal kilobytes, as scripts/lib/initial-bundle.ts reads the budget (100 KB = 100,000 B). */
const BYTES_PER_KB = 1000;
const INITIAL_JS_BUDGET_KB = 100;
const LCP_UNTHROTTLED_TARGET_MS = 1000;
const LCP_MOBILE_TARGET_MS = 2000;
const INP_TARGET_MS = 100;
const MASONRY_MAX_CARDS = 150;
/** A load route that got less than this share of its rate is flagged next to its latencies. */
const LOAD_MIN_RATE_FRACTION = 0.98;
/** Expansion must not drown precise queries: understood NDCG@10 within 1 % of words-as-typed. */
const PRECISE_NDCG_TOLERANCE = 0.01;

interface FigureRow {
  figure: string;
  value: string;
  /** '' when nothing is promised. */
  target: string;
  corpus: string;
  command: string;
}

// ---- reading loosely typed JSON ------------------------------------------------------------

type Json = unknown;

/** The value at a dotted path ("corpora.0.engineMs.p50"), or undefined anywhere along it. */
function at(value: Json, dotted: string): Json {
  let node = value;
  for (const key of dotted.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const num = (value: Json, dotted: string): number | undefined => {
  const n = at(value, dotted);
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};
const str = (value: Json, dotted: string): string | undefined => {
  const s = at(value, dotted);
  return typeof s === 'string' ? s : undefined;
};
const list = (value: Json, dotted: string): Json[] => {
  const a = at(value, dotted);
  return Array.isArray(a) ? a : [];
};

// ---- formatting ----------------------------------------------------------------------------

const grouped = (n: number): string => n.toLocaleString('en-US');

/** Milliseconds with sensible precision: "0.24 ms", "11.1 ms", "714 ms", "57.2 s", "177 s". */
function formatMs(ms: number): string {
  if (ms >= 100_000) return `${Math.round(ms / 1000)} s`;
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

const formatUs = (us: number): string =>
  us >= 1000 ? formatMs(us / 1000) : `${Math.round(us)} µs`;
const formatShare = (x: number): string => `${Number((x * 100).toFixed(1))} %`;
const formatScore = (x: number): string => x.toFixed(3);
const arrow = (before: string, after: string): string => `${before} → ${after}`;
const met = (ok: boolean): string => (ok ? 'met' : 'missed');
/** "0.24 / 1.96 ms"; the unit is said once when both share it. */
function pair(a: number, b: number, format: (x: number) => string = formatMs): string {
  const [valueA, unitA] = format(a).split(' ');
  const [valueB, unitB] = format(b).split(' ');
  return unitA === unitB
    ? `${valueA} / ${valueB} ${unitB}`
    : `${valueA} ${unitA} / ${valueB} ${unitB}`;
}
/** "0.71 / 4.26 / 8.91 ms"; each value keeps its unit when they differ. */
function series(values: readonly number[], format: (x: number) => string = formatMs): string {
  const parts = values.map((x) => format(x).split(' '));
  const units = new Set(parts.map(([, unit]) => unit));
  return units.size === 1
    ? `${parts.map(([value]) => value).join(' / ')} ${parts[0]?.[1] ?? ''}`
    : values.map(format).join(' / ');
}
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Human name of a corpus as the benchmarks spell it, with its size when known. */
function corpusLabel(corpus: string | undefined, pins?: number): string {
  const names: Record<string, string> = {
    openmoji: 'OpenMoji',
    openclipart: 'OpenClipart',
    'openmoji+openclipart': 'OpenMoji + OpenClipart',
    'openmoji (test index)': 'OpenMoji (test index)',
    'meteocons+openclipart+openmoji+sweethome3d':
      'default corpus (OpenMoji, OpenClipart, demo shop and videos)',
    sweethome3d: 'Sweet Home 3D furniture (demo shop)',
    meteocons: 'Meteocons (demo videos)',
  };
  const name = names[corpus ?? ''] ?? corpus ?? '?';
  return pins === undefined ? name : `${name}, ${grouped(pins)} pins`;
}

/** The label of a `corpora[]` entry of a results file. */
const entryCorpus = (entry: Json): string => corpusLabel(str(entry, 'corpus'), num(entry, 'pins'));

const benchCommand = (name: string): string => `\`npx tsx bench/${name}.ts\``;

/** "a → b" of two numbers, or undefined when either is missing. */
const change = (a: number | undefined, b: number | undefined, format: (x: number) => string) =>
  a === undefined || b === undefined ? undefined : arrow(format(a), format(b));

/** "a / b" of two latencies (see pair), or undefined when either is missing. */
const both = (a: number | undefined, b: number | undefined, format = formatMs) =>
  a === undefined || b === undefined ? undefined : pair(a, b, format);

/** "p50 / p95" of a latency summary ({ p50, p95, ... }). */
const p50p95 = (node: Json, dotted: string) =>
  both(num(node, `${dotted}.p50`), num(node, `${dotted}.p95`));

/** A number formatted, or undefined when it is missing. */
const fmt = (x: number | undefined, format: (x: number) => string) =>
  x === undefined ? undefined : format(x);

/** Rows sharing a corpus and command; a figure whose value is missing is left out. */
class Rows {
  readonly rows: FigureRow[] = [];
  constructor(
    private readonly corpus: string,
    private readonly command: string,
  ) {}

  add(figure: string, value: string | undefined, target = '', corpus = this.corpus): this {
    if (value !== undefined)
      this.rows.push({ figure, value, target, corpus, command: this.command });
    return this;
  }
}

// ---- one extractor per results file ------------------------------------------------------------

type Extractor = (result: Json) => FigureRow[];

/** One Rows per `corpora[]` entry, concatenated. */
const perCorpus =
  (command: string, rowsOf: (entry: Json, rows: Rows) => void): Extractor =>
  (result) =>
    list(result, 'corpora').flatMap((entry) => {
      const rows = new Rows(entryCorpus(entry), command);
      rowsOf(entry, rows);
      return rows.rows;
    });

const ingest = perCorpus(benchCommand('ingest'), (c, rows) => {
  const runs = num(c, 'cold.runs');
  const coldRuns = runs === 1 ? '1 run' : `median of ${runs ?? '?'}`;
  rows
    .add(
      'Index build, cold (every thumbnail rendered)',
      fmt(num(c, 'cold.medianMs'), (ms) => `${formatMs(ms)} (${coldRuns})`),
    )
    .add('Index build, warm (thumbnails reused)', fmt(num(c, 'warm.medianMs'), formatMs));
  // Sizes on disk of the cold build (results written since the demo sources).
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
  const db = num(c, 'cold.samples.0.dbBytes');
  const thumbs = num(c, 'cold.samples.0.thumbsBytes');
  const media = num(c, 'cold.samples.0.mediaBytes');
  if (db !== undefined && thumbs !== undefined) {
    rows.add(
      media
        ? 'Index build, on disk: index; thumbnails; clips served (+ the same in the recording cache)'
        : 'Index build, on disk: index; thumbnails',
      `${mb(db)}; ${mb(thumbs)}${media ? `; ${mb(media)}` : ''}`,
    );
  }
  const recorded = num(c, 'cold.samples.0.recorded.recorded');
  const recordMs = num(c, 'cold.samples.0.recorded.ms');
  if (recorded !== undefined && recordMs !== undefined) {
    rows.add(
      'Index build, cold: clips recorded in headless Chromium, wall time',
      `${grouped(recorded)} clips, ${formatMs(recordMs)}`,
    );
  }
});

const searchLatency = perCorpus(benchCommand('search-latency'), (c, rows) => {
  rows
    .add('Search, first page, in process p50 / p95', p50p95(c, 'engineMs'))
    .add('Search, first page, HTTP p50 / p95', p50p95(c, 'httpMs'));
});

const suggestLatency = perCorpus(benchCommand('suggest-latency'), (c, rows) => {
  const p95 = num(c, 'http.latencyMs.p95');
  const rps = num(c, 'http.rps');
  const within = at(c, 'withinBudget');
  const ok =
    typeof within === 'boolean' ? within : p95 !== undefined && p95 <= SUGGEST_P95_BUDGET_MS;
  const builds = list(c, 'buildMs').filter((x): x is number => typeof x === 'number');
  rows
    .add(
      `Suggest, HTTP p95${rps === undefined ? '' : ` at ${rps} requests/s`}`,
      fmt(p95, formatMs),
      `≤ ${SUGGEST_P95_BUDGET_MS} ms (${met(ok)})`,
    )
    .add(
      'Suggest, in process p95 per keystroke (exact / typo)',
      both(num(c, 'inProcessUs.exact.p95'), num(c, 'inProcessUs.typo.p95'), formatUs),
    )
    .add(
      'Suggest, completion index build (server start)',
      builds.length === 0 ? undefined : `${formatMs(median(builds))} (median of ${builds.length})`,
    );
});

const suggestUiLatency: Extractor = (r) => {
  const p95 = num(r, 'allMs.p95');
  const cold = num(r, 'coldMs.p95');
  const cached = num(r, 'cachedMs.p95');
  const budget = num(r, 'budgetP95Ms') ?? KEYSTROKE_PAINT_P95_BUDGET_MS;
  const detail =
    cold === undefined || cached === undefined
      ? ''
      : ` (new text ${formatMs(cold)}, cached ${formatMs(cached)})`;
  return new Rows(
    corpusLabel(str(r, 'corpus') ?? 'openmoji (test index)'),
    '`npx vite build && npx tsx bench/suggest-ui-latency.ts`',
  ).add(
    'Keystroke → suggestions painted, p95 (headless Chromium)',
    fmt(p95, (ms) => `${formatMs(ms)}${detail}`),
    `≤ ${budget} ms (${met(p95 !== undefined && p95 <= budget)})`,
  ).rows;
};

const refinementsEval = perCorpus(benchCommand('refinements-eval'), (c, rows) => {
  const share = num(c, 'shareWithAtLeast5Chips');
  const kept = num(c, 'meanFractionKeptPerChip');
  const exact = num(c, 'countExactWhereAllMatchesMined.exact');
  const chips = num(c, 'countExactWhereAllMatchesMined.chips');
  rows
    .add(
      `Chips: share of the top ${num(c, 'queries') ?? 100} one-word queries with ≥ 5 chips`,
      fmt(share, formatShare),
    )
    .add('Chips: average fraction of results a chip keeps', fmt(kept, formatShare))
    .add(
      'Chips: count = results after applying it',
      exact === undefined || chips === undefined
        ? undefined
        : `${grouped(exact)} of ${grouped(chips)} chips`,
      'all',
    );
});

const QUERY_SETS = [
  ['synonym', 'synonym queries (WordNet synonyms the corpus never uses)'],
  ['typo1', 'one-typo queries'],
  ['typo2', 'two-typo queries'],
] as const;

const queryUnderstanding: Extractor = (r) => {
  const index = `${corpusLabel('openmoji', num(r, 'corpus.pins'))} (test index)`;
  const rows = new Rows(
    `${index}; queries generated from its words, seeded`,
    benchCommand('query-understanding'),
  );
  const before = num(r, 'sets.original.ndcgAt10.baseline');
  const after = num(r, 'sets.original.ndcgAt10.understood');
  const precise =
    before !== undefined && after !== undefined && after >= before * (1 - PRECISE_NDCG_TOLERANCE);
  rows.add(
    'Query understanding: NDCG@10 of precise queries, as typed → understood',
    change(before, after, formatScore),
    `within ${formatShare(PRECISE_NDCG_TOLERANCE)} (${met(precise)})`,
  );
  for (const [set, label] of QUERY_SETS) {
    const ndcg = change(
      num(r, `sets.${set}.ndcgAt10.baseline`),
      num(r, `sets.${set}.ndcgAt10.understood`),
      formatScore,
    );
    const zero = change(
      num(r, `sets.${set}.zeroResultRate.baseline`),
      num(r, `sets.${set}.zeroResultRate.understood`),
      formatShare,
    );
    rows.add(
      `Query understanding: ${label}, NDCG@10; zero-result rate`,
      ndcg && zero && `${ndcg}; ${zero}`,
    );
  }
  rows.add(
    `Query understanding: zero-result rate of ${grouped(num(r, 'concreteLemmas.queries') ?? 1000)} concrete WordNet nouns`,
    change(
      num(r, 'concreteLemmas.zeroResultRate.baseline'),
      num(r, 'concreteLemmas.zeroResultRate.understood'),
      formatShare,
    ),
    '',
    index,
  );
  rows.add(
    'Query understanding: p95 cost (understand / whole search)',
    both(num(r, 'latencyMs.understand.p95'), num(r, 'latencyMs.searchUnderstood.p95')),
  );
  return rows.rows;
};

const retrievalEval = perCorpus(benchCommand('retrieval-eval'), (c, rows) => {
  const heldOut = `${entryCorpus(c)}; tags hidden from a seeded half of their pins`;
  for (const [metric, label] of [
    ['ndcgAt10', 'NDCG@10'],
    ['recallAt100', 'recall@100'],
  ] as const) {
    rows.add(
      `Retrieval: held-out tags ${label}, BM25 → BM25 + embeddings`,
      change(
        num(c, `heldOutTags.bm25.${metric}`),
        num(c, `heldOutTags.fusion.${metric}`),
        formatScore,
      ),
      '',
      heldOut,
    );
  }
  rows.add(
    'Retrieval: precise title-word queries NDCG@10, BM25 → BM25 + embeddings',
    change(
      num(c, 'preciseQueries.ndcgAt10.bm25'),
      num(c, 'preciseQueries.ndcgAt10.fusion'),
      formatScore,
    ),
    '',
    `${entryCorpus(c)}; ${num(c, 'preciseQueries.queries') ?? 200} title words, seeded`,
  );
});

/**
 * Near duplicates and diversity (bench/near-duplicates.ts): look-alike pairs in the first 30
 * results of 15 broad queries, and NDCG@10 engine order → copies folded + look-alikes spread,
 * per pin, with folded copies credited, and per near-duplicate group.
 */
const nearDuplicates = perCorpus(benchCommand('near-duplicates'), (c, rows) => {
  const pairs = (k: string) => num(c, `nearDuplicatePairsTop30.meanPerQuery.${k}`);
  rows.add(
    'Near-duplicate pairs in the first 30 of 15 broad queries, per query (dHash + ink: the stricter measure)',
    change(pairs('before.strict'), pairs('after.strict'), (x) => x.toFixed(1)),
    '≤ 2',
  );
  rows.add(
    'Near-duplicate pairs in the first 30, per query (12×12 colour thumbnails within 4: any two small glyphs on white)',
    change(pairs('before.loose'), pairs('after.loose'), (x) => x.toFixed(1)),
  );
  for (const [key, label] of [
    ['precise', 'precise title-word queries, per pin'],
    ['tags', 'tag queries, per pin'],
    ['preciseCopiesCredited', 'precise queries, folded copies credited'],
    ['tagsCopiesCredited', 'tag queries, folded copies credited'],
    ['preciseByGroup', 'precise queries, per look-alike group'],
    ['tagsByGroup', 'tag queries, per look-alike group'],
  ] as const)
    rows.add(
      `Diversity: NDCG@10, ${label}, engine order → folded + MMR`,
      change(num(c, `ndcgAt10.before.${key}`), num(c, `ndcgAt10.after.${key}`), formatScore),
      'within 2 %',
    );
});

/**
 * The image model (bench/image-model.ts): the encoder file's size, embedding time per image in
 * Node, what embedding adds to a cold build's per-image work, int8 storage fidelity, and per
 * index the predicted-tag head's held-out precision@5 beside the most-frequent-tags baseline.
 */
const imageModel: Extractor = (r) => {
  const command = benchCommand('image-model');
  const load = loadAverageText(r);
  const withLoad = (text: string | undefined) => (text && load ? `${text} (${load})` : text);
  const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
  const rows = new Rows('per image', command)
    .add(
      'Image encoder file (MobileNetV2 to its 1,280 pooled features, uint8 weights) / gzipped',
      both(num(r, 'file.bytes'), num(r, 'file.gzipBytes'), mb),
      '≤ 15 MB with the browser runtime',
    )
    .add(
      'Image embedding per image in Node (onnxruntime-node, 1 / 2 threads), median',
      withLoad(both(num(r, 'node.oneThread.medianMs'), num(r, 'node.twoThreads.medianMs'))),
    )
    .add(
      'Cold build per image: render + colours + perceptual features / image embedding added (same process)',
      withLoad(both(num(r, 'ingest.renderMsMedian'), num(r, 'ingest.embedMsMedian'))),
    )
    .add(
      'Image embedding stored as int8: cosine with the float vector (median / lowest)',
      fmt(
        num(r, 'int8.cosineMedian'),
        (m) => `${m.toFixed(4)} / ${(num(r, 'int8.cosineMin') ?? NaN).toFixed(4)}`,
      ),
    );
  const heads = list(r, 'tagHeads').flatMap((h) => {
    return new Rows(corpusLabel(str(h, 'corpus'), num(h, 'pins')), command).add(
      'Predicted tags from pixels: held-out precision@5 (most frequent tags)',
      fmt(
        num(h, 'tagHead.precisionAt5'),
        (p) =>
          `${formatScore(p)} (${formatScore(num(h, 'tagHead.baselinePrecisionAt5') ?? NaN)}) on ${grouped(num(h, 'tagHead.heldOutPins') ?? 0)} pins`,
      ),
    ).rows;
  });
  return [...rows.rows, ...heads];
};

/**
 * The existing NDCG evaluations with and without diversity (bench/diversity-evals.ts): the
 * worst relative change among each evaluation's figures for the shipped configuration.
 */
const diversityEvals: Extractor = (r) => {
  const rows = new Rows('per evaluation', benchCommand('diversity-evals'));
  for (const e of list(r, 'evaluations')) {
    const worst = num(e, 'worstRelativeChange');
    rows.add(
      `Diversity: worst NDCG@10 change in ${str(e, 'evaluation') ?? '?'} (${list(e, 'shipped').length} figures)`,
      fmt(worst, (x) => `${(x * 100).toFixed(2)} %`),
      'within 2 %',
    );
  }
  return rows.rows;
};

/**
 * Mixed load (bench/load-mixed.ts): p50 / p95 / p99 per route, then errors and non-2xx over
 * every request, which must both be zero.
 */
const loadMixed: Extractor = (r) => {
  const rps = num(r, 'targetRps');
  const seconds = num(r, 'durationS');
  const command = str(r, 'command');
  const rows = new Rows(
    corpusLabel(str(r, 'corpus.corpus'), num(r, 'corpus.pins')),
    command === undefined ? benchCommand('load-mixed') : `\`${command}\``,
  );
  const load = `Mixed load, ${rps ?? '?'} requests/s for ${seconds ?? '?'} s`;
  const minRate = num(r, 'targets.minRateFraction') ?? LOAD_MIN_RATE_FRACTION;
  for (const route of list(r, 'routes')) {
    const p50 = num(route, 'latencyMs.p50');
    const p95 = num(route, 'latencyMs.p95');
    const p99 = num(route, 'latencyMs.p99');
    const achieved = num(route, 'achievedRps');
    const target = num(route, 'targetRps');
    rows.add(
      `${load}: ${str(route, 'route') ?? '?'} (${target ?? '?'}/s) p50 / p95 / p99`,
      p50 === undefined || p95 === undefined || p99 === undefined
        ? undefined
        : series([p50, p95, p99]) +
            (achieved === undefined || target === undefined || achieved >= target * minRate
              ? ''
              : ` (only ${achieved}/s)`),
    );
  }
  const requests = num(r, 'totals.requests');
  const errors = num(r, 'totals.errors');
  const non2xx = num(r, 'totals.non2xx');
  const achieved = num(r, 'achievedRps');
  const shortfall =
    achieved !== undefined && rps !== undefined && achieved < rps * minRate
      ? `; only ${achieved} requests/s reached`
      : '';
  // `met` also requires every route to have got its rate: no errors at a lower rate is no pass.
  const metFlag = at(r, 'met');
  const ok =
    typeof metFlag === 'boolean' ? metFlag : errors === 0 && non2xx === 0 && shortfall === '';
  rows.add(
    `${load}: errors / non-2xx answers`,
    errors === undefined || non2xx === undefined || requests === undefined
      ? undefined
      : `${grouped(errors)} / ${grouped(non2xx)} of ${grouped(requests)}${shortfall}`,
    `0 / 0 at the full rate (${met(ok)})`,
  );
  return rows.rows;
};

/**
 * Corpus scale (bench/corpus-scale.ts): per generated corpus size, build time and peak memory,
 * then search and suggest latency; the latency targets apply at 1M pins.
 */
const corpusScale: Extractor = (r) =>
  list(r, 'sizes').flatMap((size) => {
    const pins = num(size, 'pins');
    const atTargetSize = pins !== undefined && pins >= 1_000_000;
    const target = (limit: number | undefined, unit: string, value: number | undefined) =>
      !atTargetSize || limit === undefined
        ? ''
        : `≤ ${limit} ${unit} at 1M (${met(value !== undefined && value <= limit)})`;
    const rows = new Rows(
      `generated, ${pins === undefined ? '?' : grouped(pins)} pins (seeded, synthetic)`,
      pins === undefined
        ? benchCommand('corpus-scale')
        : `\`npx tsx bench/corpus-scale.ts --sizes ${pins}\``,
    );
    const buildMs = num(size, 'build.wallMs');
    const buildCpu = num(size, 'build.cpuMs');
    const rss = num(size, 'build.peakRssMiB');
    const searchP95 = num(size, 'serve.search.firstSeen.all.wallMs.p95');
    const suggestP95Us = num(size, 'serve.suggest.firstSeenUs.p95');
    const buildTargetMin = num(r, 'targets.buildMs');
    rows
      .add(
        'Scale: index build, wall (CPU)',
        buildMs === undefined
          ? undefined
          : `${formatMs(buildMs)}${buildCpu === undefined ? '' : ` (${formatMs(buildCpu)} CPU)`}`,
        !atTargetSize || buildTargetMin === undefined
          ? ''
          : `≤ ${buildTargetMin / 60_000} min at 1M (${met(buildMs !== undefined && buildMs <= buildTargetMin)})`,
      )
      .add(
        'Scale: index build, peak RSS; size on disk',
        rss === undefined
          ? undefined
          : `${grouped(Math.round(rss))} MiB; ${fmt(num(size, 'build.indexBytes'), (b) => `${grouped(Math.round(b / 2 ** 20))} MiB`) ?? '?'}`,
        target(num(r, 'targets.peakRssMiB'), 'MiB', rss),
      )
      .add(
        'Scale: search, first page, in process p50 / p95 (query first seen; CPU time beside)',
        p50p95(size, 'serve.search.firstSeen.all.wallMs') &&
          `${p50p95(size, 'serve.search.firstSeen.all.wallMs')} (CPU ${p50p95(size, 'serve.search.firstSeen.all.cpuMs') ?? '?'})`,
        target(num(r, 'targets.searchP95Ms'), 'ms', searchP95),
      )
      .add(
        'Scale: search with a refinement chip, p50 / p95',
        p50p95(size, 'serve.search.refined.wallMs'),
      )
      .add('Scale: search, HTTP p50 / p95', p50p95(size, 'serve.search.http.wallMs'))
      .add(
        'Scale: suggest per keystroke, in process p50 / p95',
        both(num(size, 'serve.suggest.firstSeenUs.p50'), suggestP95Us, formatUs),
        target(
          num(r, 'targets.suggestP95Ms'),
          'ms',
          suggestP95Us === undefined ? undefined : suggestP95Us / 1000,
        ),
      )
      .add('Scale: suggest, HTTP p50 / p95', p50p95(size, 'serve.suggest.http.wallMs'))
      .add(
        'Scale: server start (engine open + suggest index)',
        both(num(size, 'serve.openMs'), num(size, 'serve.suggestStartMs')),
      );
    return rows.rows;
  });

/** The cluster engine beside the embedded one (bench/cluster-vs-sqlite.ts), per generated size. */
const clusterVsSqlite: Extractor = (r) =>
  list(r, 'sizes').flatMap((size) => {
    const pins = num(size, 'pins');
    const load = list(size, 'loadavgAfter')[0];
    const rows = new Rows(
      `generated, ${pins === undefined ? '?' : grouped(pins)} pins (seeded, synthetic); cluster of 3 nodes on the same 2 cores${typeof load === 'number' ? `, load avg ${load.toFixed(0)}` : ''}`,
      // The run's own command: both sizes come from one run.
      `\`npm run cluster\`, then \`${str(r, 'command') ?? `npx tsx bench/cluster-vs-sqlite.ts --sizes ${pins ?? '?'}`}\``,
    );
    const rate = (ms: number | undefined) =>
      ms === undefined || pins === undefined
        ? '?'
        : `${formatMs(ms)}, ${grouped(Math.round((pins * 1000) / ms))} pins/s`;
    const sqliteBuild = num(size, 'sqlite.buildMs');
    const publish = num(size, 'solr.publishMs');
    const serverCpu = num(size, 'solr.cpuMsPerSearch.server');
    const clusterCpu = num(size, 'solr.cpuMsPerSearch.cluster');
    const sqliteCpu = num(size, 'sqlite.cpuMsPerSearch');
    const bytes = num(size, 'solr.indexBytesPerCopy');
    rows
      .add(
        'Cluster vs embedded: indexing (embedded: index build; cluster: publishing that build, 3 shards × 2 copies)',
        sqliteBuild === undefined && publish === undefined
          ? undefined
          : `${rate(sqliteBuild)} / ${rate(publish)}`,
      )
      .add(
        'Cluster vs embedded: search, first page with chips, p50 / p95, same queries (embedded → cluster)',
        p50p95(size, 'sqlite.search.all') &&
          p50p95(size, 'solr.search.all') &&
          arrow(p50p95(size, 'sqlite.search.all')!, p50p95(size, 'solr.search.all')!),
      )
      .add(
        'Cluster vs embedded: CPU per search (embedded → cluster: API server + Solr JVM)',
        sqliteCpu === undefined || serverCpu === undefined
          ? undefined
          : arrow(
              formatMs(sqliteCpu),
              `${formatMs(serverCpu)} + ${clusterCpu === undefined ? '?' : formatMs(clusterCpu)}`,
            ),
      )
      .add(
        'Cluster: index on disk, one copy of the collection',
        fmt(
          bytes,
          (b) =>
            `${grouped(Math.round(b / 2 ** 20))} MiB (${grouped(Math.round(b / (pins ?? 1)))} B a pin)`,
        ),
      )
      .add(
        'Cluster vs embedded: same total; top-10 overlap',
        num(size, 'agreement.sameTotalShare') === undefined
          ? undefined
          : `${formatShare(num(size, 'agreement.sameTotalShare')!)}; ${formatShare(num(size, 'agreement.top10OverlapMean') ?? 0)}`,
      );
    return rows.rows;
  });

/** Fault drills of the cluster engine (bench/cluster-drills.ts). */
const clusterDrills: Extractor = (r) => {
  const rows = new Rows(
    'OpenMoji test index, 3 shards × 2 copies, 3 nodes on the same 2 cores',
    '`npm run cluster`, then `npx tsx bench/cluster-drills.ts`',
  );
  const failed = (drill: string) => {
    const routes = ['suggest', 'search', 'pin', 'related'];
    const searches = num(r, `${drill}.all.search.requests`);
    const searchFailed = num(r, `${drill}.all.search.failed`);
    if (searches === undefined || searchFailed === undefined) return undefined;
    const all = routes.reduce((n, route) => n + (num(r, `${drill}.all.${route}.requests`) ?? 0), 0);
    const allFailed = routes.reduce(
      (n, route) => n + (num(r, `${drill}.all.${route}.failed`) ?? 0),
      0,
    );
    return {
      text: `${grouped(searchFailed)} of ${grouped(searches)} searches (${grouped(allFailed)} of ${grouped(all)} requests)`,
      ok: searchFailed === 0,
    };
  };
  const drill = (key: string, figure: string, extra: (ok: boolean) => string = () => '') => {
    const f = failed(key);
    const rate = num(r, `${key}.rate`);
    const seconds = num(r, `${key}.durationS`);
    const over = num(r, `${key}.clusterRequests.failedOver`);
    const load = list(r, `${key}.loadavgAfter`)[0];
    // Where the two cores went: tells a machine too busy for the load from a defect.
    const cpu = (part: string) => num(r, `${key}.cpuCores.${part}`);
    const machine =
      cpu('machine') === undefined
        ? ''
        : `; CPU ${cpu('machine')!.toFixed(1)} of ${cpu('of') ?? '?'} cores busy (API server ${cpu('server')?.toFixed(1) ?? '?'}, cluster ${cpu('cluster')?.toFixed(1) ?? '?'}, load generator ${cpu('generator')?.toFixed(1) ?? '?'}, other work ${cpu('other')?.toFixed(1) ?? '?'})`;
    rows.add(
      `${figure}, ${rate ?? '?'} requests/s mixed load for ${seconds === undefined ? '?' : Math.round(seconds)} s: failed`,
      f &&
        `${f.text}${over === undefined ? '' : `; ${grouped(over)} cluster requests answered by another node`}${extra(f.ok)}${machine}${typeof load === 'number' ? `; load avg ${load.toFixed(0)}` : ''}`,
      f
        ? `0 failed searches (${met(f.ok)})${rate !== undefined && rate < 200 ? '; at 200/s: not on this machine, see docs/scaling.md' : ''}`
        : '',
    );
  };
  drill('baselineEmbedded', 'Cluster drills, baseline: the same load on the embedded engine');
  drill('nodeStop', 'Cluster drill: one of 3 nodes stopped a third of the way in');
  drill('reindex', 'Cluster drill: reindex (new collection, alias moved) during the load', () =>
    at(r, 'reindex.serverServesNewBuild') === true ? '; the server ended on the new build' : '',
  );
  const exit = num(r, 'downAtStart.exitCode');
  rows.add(
    'Cluster drill: cluster down at start: exit code; message',
    exit === undefined
      ? undefined
      : `${exit}${at(r, 'downAtStart.stackTrace') === false ? ', no stack trace' : ', STACK TRACE'}; “${(str(r, 'downAtStart.message') ?? '').split(':')[0]}: …”`,
    'clear message, non-zero exit',
  );
  return rows.rows;
};

const FIXTURE_CANDIDATES = '500 fixture candidates (generated, seeded)';

const rerankLatencyWeb: Extractor = (r) => {
  const version = str(r, 'model.version');
  const rows = new Rows(
    `${FIXTURE_CANDIDATES}${version ? `; model ${version}` : ''}`,
    benchCommand('rerank-latency-web'),
  );
  const p50 = num(r, 'web.totalMs.p50');
  const p50Target = num(r, 'targets.p50Ms') ?? RERANK_P50_TARGET_MS;
  const ratio = num(r, 'ratio');
  const ratioTarget = num(r, 'targets.ratio') ?? RERANK_RATIO_TARGET;
  rows
    .add(
      'Rerank on device (WASM, Web Worker), p50 / p95',
      p50p95(r, 'web.totalMs'),
      `p50 ≤ ${p50Target} ms (${met(p50 !== undefined && p50 <= p50Target)})`,
    )
    .add(
      'Rerank, web / Node (onnxruntime-node) p50 ratio',
      ratio?.toFixed(2),
      `≤ ${ratioTarget} (${met(ratio !== undefined && ratio <= ratioTarget)})`,
    );
  return rows.rows;
};

/** Bytes for personalization per EP (bench/rerank-bytes.ts), and what the EP measurement costs. */
const rerankBytes: Extractor = (r) => {
  const rows = new Rows(
    `${corpusLabel('openmoji (test index)')}; model ${str(r, 'measurement.modelVersion') ?? '?'}`,
    benchCommand('rerank-bytes'),
  );
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
  const firstUse = (name: string) => num(r, `scenarios.${name}.firstUse.total.transferred`);
  const runtimeAgain = (name: string) => {
    const wasm = num(r, `scenarios.${name}.returnVisit.byCategory.wasmRuntime.transferred`);
    const webgpu = num(r, `scenarios.${name}.returnVisit.byCategory.webgpuRuntime.transferred`);
    return wasm === undefined || webgpu === undefined ? undefined : wasm + webgpu;
  };
  const names = ['wasm', 'webgpu', 'autoNoAdapter', 'autoWithAdapter'];
  const first = names.map(firstUse);
  const again = names.map(runtimeAgain);
  rows
    .add(
      'Personalization bytes, first use: ?ep=wasm / ?ep=webgpu / auto without / with a WebGPU adapter (with the one-time EP measurement)',
      first.every((x) => x !== undefined) ? first.map((x) => mb(x!)).join(' / ') : undefined,
    )
    .add(
      'Runtime bytes from the network on a return visit (same four)',
      again.every((x) => x !== undefined)
        ? again.map((x) => `${grouped(x!)} B`).join(' / ')
        : undefined,
      `0 B (${met(again.every((x) => x === 0))})`,
    );
  const wasmMs = num(r, 'measurement.wasmMs.p50');
  const webgpuMs = num(r, 'measurement.webgpuMs.p50');
  const took = num(r, 'measurement.durationMs.p50');
  rows.add(
    'EP measurement, 500 rows (WASM vs WebGPU on SwiftShader; whole measurement incl. WebGPU runtime)',
    wasmMs === undefined || webgpuMs === undefined || took === undefined
      ? undefined
      : `${formatMs(wasmMs)} vs ${formatMs(webgpuMs)}; ${formatMs(took)} (median of ${num(r, 'measurement.runs') ?? '?'})`,
  );
  return rows.rows;
};

// ---- web performance (bundle, web vitals, masonry at scale) ---------------------------------

/** The initial-JS budget `npm test` checks (scripts/check-bundle-budget.ts), as measured. */
const bundleSize: Extractor = (r) => {
  const bytes = num(r, 'initialJsGzipBytes');
  const budgetKb =
    (num(r, 'budgetGzipBytes') ?? INITIAL_JS_BUDGET_KB * BYTES_PER_KB) / BYTES_PER_KB;
  const lazyOk = list(r, 'lazyOnlyOnInitialPath').length === 0;
  return new Rows('the built SPA (dist/)', '`npx vite build && npx tsx bench/bundle-size.ts`').add(
    'Initial JS, gzipped (onnxruntime-web, the model and the WASM off the first paint’s path)',
    fmt(
      bytes,
      (b) => `${(b / BYTES_PER_KB).toFixed(1)} KB${lazyOk ? '' : ' (runtime on the initial path)'}`,
    ),
    `≤ ${budgetKb} KB, checked in CI (${met(bytes !== undefined && bytes / BYTES_PER_KB <= budgetKb && lazyOk)})`,
  ).rows;
};

/** Load average as a results file records it ({ before, after }): "load avg 2.1 → 3.4". */
function loadAverageText(node: Json, dotted = 'loadAverage'): string | undefined {
  const before = num(node, `${dotted}.before`);
  const after = num(node, `${dotted}.after`);
  if (before === undefined || after === undefined) return undefined;
  return `load avg ${before.toFixed(1)} → ${after.toFixed(1)}`;
}

/** A fresh clone's first `npm start`, from the end of `npm install` (bench/first-run.ts). */
const firstRun: Extractor = (r) => {
  const runs = num(r, 'runs');
  const medians = runs === undefined ? '' : runs === 1 ? ', 1 run' : `, median of ${runs}`;
  // Per run when recorded (the 1-minute load at the first results and at the complete index),
  // else at the start and the end of the whole benchmark.
  const loads = list(r, 'samples').flatMap((sample) =>
    ['firstResult', 'completeIndex']
      .map((key) => num(sample, `loadAverage.${key}`))
      .filter((x): x is number => x !== undefined),
  );
  const nice = num(r, 'niceness');
  const load = `${
    loads.length > 0
      ? `load avg ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the runs`
      : (loadAverageText(r) ?? '')
  }${nice !== undefined && nice > 0 ? `, niced (${nice})` : ''}`;
  const pinsFirst = num(r, 'headline.pinsFirst');
  const pinsComplete = num(r, 'headline.pinsComplete');
  const sources = at(r, 'samples.0.sources');
  const names =
    sources !== null && typeof sources === 'object'
      ? Object.keys(sources).map((name) => corpusLabel(name))
      : [];
  const rows = new Rows(
    `fresh clone: ${names[0] ?? 'OpenMoji'} first${pinsFirst === undefined ? '' : ` (${grouped(pinsFirst)} pins)`}, then ${
      names.length > 1 ? names.slice(1).join(' + ') : 'the other default sources'
    } in the background${load ? `; 2 shared cores, ${load}` : ''}`,
    '`npx tsx bench/first-run.ts`',
  );
  const first = num(r, 'headline.firstResultS');
  const complete = num(r, 'headline.completeIndexS');
  rows
    .add(
      `First run: end of \`npm install\` → first “cat” results from \`npm start\`${medians}`,
      fmt(first, (s) => `${s.toFixed(1)} s`),
      'about a minute (was 223 s)',
    )
    .add(
      `First run: end of \`npm install\` → complete default index swapped in${medians}`,
      fmt(
        complete,
        (s) =>
          `${s.toFixed(0)} s${pinsComplete === undefined ? '' : ` (${grouped(pinsComplete)} pins)`}`,
      ),
    );
  return rows.rows;
};

/** Fresh loads with a history (bench/fresh-load-personalization.ts), against today's build (91fc189). */
const freshLoadPersonalization: Extractor = (r) => {
  const loads = num(r, 'loads');
  const rows = new Rows(
    [
      `${corpusLabel('openmoji (test index)')}; results page for “${str(r, 'query') ?? '?'}”, persona “${str(r, 'persona') ?? '?'}”`,
      loadAverageText(r),
      'today: a build of 91fc189 (before the first screen was personalized), in the same run, loads alternating',
    ]
      .filter(Boolean)
      .join('; '),
    '`npx vite build --outDir <dir> && npx tsx bench/fresh-load-personalization.ts --dist <dir> --baseline <a build of 91fc189>`',
  );
  for (const [key, label] of [
    ['desktop', 'desktop'],
    ['mobile', 'mobile: CPU ×4, 150 ms RTT, 1.6 Mbps'],
  ] as const) {
    const share = num(r, `headline.${key}.sharePersonalized`);
    rows.add(
      `Fresh load with history: first page personalized (${label}, ${loads ?? '?'} loads)`,
      fmt(share, (s) => `${Math.round(s * 100)} %`),
      `≥ 95 % (${met(share !== undefined && share >= 0.95)})`,
    );
    rows.add(
      `Fresh load with history: navigation → TS scorer ready / personalized first card (${label}, median)`,
      both(
        num(r, `headline.${key}.tsReadyMedianMs`),
        num(r, `headline.${key}.firstPersonalizedCardMedianMs`),
      ),
    );
    const today = num(r, `headline.${key}.lcpTodayWithHistoryMs`);
    const mine = num(r, `headline.${key}.lcpWithHistoryMs`);
    rows.add(
      `LCP with history, today → this build (${label}, median)`,
      change(today, mine, formatMs),
      `≤ +5 % (${met(today !== undefined && mine !== undefined && mine <= today * 1.05)})`,
    );
  }
  return rows.rows;
};

const webVitals: Extractor = (r) => {
  const runs = num(r, 'runs');
  const beforeLabel = str(r, 'before.label');
  const load = loadAverageText(r);
  // With --before, both versions ran in one run, alternating, under the load recorded once.
  const corpus = [
    `${corpusLabel('openmoji (test index)')}; results page for “${str(r, 'query') ?? '?'}”`,
    load,
    beforeLabel && `before: ${beforeLabel}, in the same run`,
  ].filter(Boolean);
  const rows = new Rows(
    corpus.join('; '),
    beforeLabel
      ? '`npx vite build && npx tsx bench/web-vitals.ts --before <checkout of the older commit>`'
      : '`npx vite build && npx tsx bench/web-vitals.ts`',
  );
  const medians = runs === undefined ? '' : `, median of ${runs}`;
  const conditions = [
    [
      'unthrottled',
      'desktop, unthrottled',
      num(r, 'targets.lcpUnthrottledMs') ?? LCP_UNTHROTTLED_TARGET_MS,
    ],
    [
      'mobile',
      'mobile: CPU ×4, 150 ms RTT, 1.6 Mbps',
      num(r, 'targets.lcpMobileMs') ?? LCP_MOBILE_TARGET_MS,
    ],
  ] as const;
  /** "before → after" when the file keeps a before, else the value alone. */
  const withBefore = (
    after: string | undefined,
    key: string,
    a: string,
    b: string,
    format?: (ms: number) => string,
  ) => {
    if (after === undefined || !beforeLabel) return after;
    const before = both(
      num(r, `before.headline.${key}.${a}`),
      num(r, `before.headline.${key}.${b}`),
      format,
    );
    return before === undefined ? after : arrow(before, after);
  };
  const inpTarget = num(r, 'targets.inpMs') ?? INP_TARGET_MS;
  for (const [key, label, lcpTarget] of conditions) {
    const cold = num(r, `headline.${key}.lcpColdMs`);
    const warm = num(r, `headline.${key}.lcpWarmMs`);
    rows.add(
      `LCP, cold / warm cache (${label}${medians})${beforeLabel ? ', before → after' : ''}`,
      withBefore(both(cold, warm), key, 'lcpColdMs', 'lcpWarmMs'),
      `≤ ${formatMs(lcpTarget)} (${met(cold !== undefined && warm !== undefined && Math.max(cold, warm) <= lcpTarget)})`,
    );
  }
  const inpFormat = (ms: number) => `${Math.round(ms)} ms`;
  for (const [key, label] of conditions) {
    const typing = num(r, `headline.${key}.inpTypingMs`);
    const chip = num(r, `headline.${key}.inpChipMs`);
    rows.add(
      `INP, typing a word / toggling a chip (${label}${medians})${beforeLabel ? ', before → after' : ''}`,
      withBefore(both(typing, chip, inpFormat), key, 'inpTypingMs', 'inpChipMs', inpFormat),
      `≤ ${inpTarget} ms (${met(typing !== undefined && chip !== undefined && Math.max(typing, chip) <= inpTarget)})`,
    );
  }
  return rows.rows;
};

const masonryScroll: Extractor = (r) => {
  const loaded = num(r, 'resultsLoaded');
  const corpus = `generated, ${fmt(num(r, 'corpus.pins'), grouped) ?? '?'} pins (seeded, synthetic); “${
    str(r, 'query') ?? '?'
  }”, ${fmt(num(r, 'total'), grouped) ?? '?'} results`;
  const rows = new Rows(corpus, '`npx vite build && npx tsx bench/masonry-scroll.ts`');
  const cards = num(r, 'maxCardsInGrid');
  const cardTarget = num(r, 'targets.maxCardsInGrid') ?? MASONRY_MAX_CARDS;
  const over = num(r, 'longTasks.over50Ms');
  const scrolled = `${fmt(loaded, grouped) ?? '?'} results loaded by scrolling`;
  rows
    .add(
      `Masonry: most cards in the grid’s DOM, ${scrolled}`,
      fmt(
        cards,
        (n) =>
          `${n} (${fmt(num(r, 'pagesLoaded.next'), (p) => `${p + 1} pages`) ?? '?'}, ${fmt(num(r, 'scrollMs'), formatMs) ?? '?'})`,
      ),
      `≤ ${cardTarget} (${met(cards !== undefined && cards <= cardTarget)})`,
    )
    .add(
      'Masonry: long tasks over 50 ms while scrolling (wall; of main-thread CPU)',
      over === undefined
        ? undefined
        : `${over} (longest ${fmt(num(r, 'longTasks.maxMs'), formatMs) ?? '?'}); ` +
            `${fmt(num(r, 'mainThreadTasks.over50MsCpu'), String) ?? '?'} by CPU time ` +
            `(longest ${fmt(num(r, 'mainThreadTasks.maxCpuMs'), formatMs) ?? '?'})`,
      `0 (${met(over === 0)})`,
    )
    .add(
      'Masonry: back to the top from the last of those results',
      fmt(num(r, 'backToTopMs'), formatMs),
    );
  return rows.rows;
};

const rerankLatencyNode: Extractor = (r) =>
  new Rows(FIXTURE_CANDIDATES, benchCommand('rerank-latency-node'))
    .add(
      'Rerank in Node (onnxruntime-node, 1 thread), p50 / p95',
      both(num(r, 'headline.p50Ms'), num(r, 'headline.p95Ms')),
    )
    .add(
      'Rerank in Node, a real page of 500, p50 / p95',
      both(num(r, 'headline.realPageP50Ms'), num(r, 'headline.realPageP95Ms')),
      '',
      'first 500 results of a broad query, full index; simulated user history (generated)',
    ).rows;

/** Issue 12's persona must-show over every persona bench/personalization-lift.ts finds. */
const personalizationLift: Extractor = (r) => {
  const personas = num(r, 'summary.personas');
  const met = num(r, 'summary.met');
  const gain = num(r, 'summary.medianGain');
  return new Rows(
    `default index, personas found by the bench; model ${str(r, 'model') ?? '?'}`,
    benchCommand('personalization-lift'),
  ).add(
    'Personalization a reader sees: save 5 of a kind, search a broader word; personas whose top 20 gains ≥ 3 of the kind (median gain)',
    personas === undefined || met === undefined
      ? undefined
      : `${met} of ${personas} (${Math.round((met / personas) * 100)} %; median +${gain ?? '?'})`,
    '≥ 3 more of the kind (issue 12; e2e for 3 personas)',
  ).rows;
};

/**
 * The reranker's offline evaluation: bench/results/rerank-offline-eval.json, or, when that has
 * not been run, the same metrics from the model card `npm run train` writes. Both hold, per
 * behaviour generator, the evaluation over pools (the top 300 server candidates per query) with
 * every ablation; the rows quote lists whose user had a history, where personalization can act.
 */
function rerankEvalRows(result: Json, command: string): FigureRow[] {
  const generators = at(result, 'generators') ?? at(result, 'metrics.generators');
  if (!Array.isArray(generators)) return [];
  const out: FigureRow[] = [];
  for (const g of generators as Json[]) {
    const name = str(g, 'generator') ?? '?';
    const users = num(g, 'users');
    const who =
      name === 'personas'
        ? 'held-out personas of the second behaviour generator (held-out tags, cascade clicks; generated)'
        : 'held-out users of the training simulator (generated)';
    const rows = new Rows(
      `${who}: ${users === undefined ? '?' : grouped(users)} users, ${grouped(num(g, 'pool.withHistory.lists') ?? 0)} pools of 300 with history`,
      command,
    );
    const ndcg = (ranker: string) => num(g, `pool.withHistory.ndcg.${ranker}`);
    const chain = [ndcg('server'), ndcg('mlp'), ndcg('sequence')];
    const vsMlp = num(g, 'pool.gains.sequenceVsMlp');
    const vsRetrained = num(g, 'pool.gains.sequenceVsMlpRetrained');
    rows.add(
      `Rerank (${name}): NDCG@10 of a pool of 300, server → old MLP → sequence model`,
      chain.every((v) => v !== undefined)
        ? `${chain.map((v) => formatScore(v as number)).join(' → ')}${vsMlp === undefined ? '' : ` (${vsMlp >= 0 ? '+' : ''}${formatShare(vsMlp)} vs MLP${vsRetrained === undefined ? '' : `; ${vsRetrained >= 0 ? '+' : ''}${formatShare(vsRetrained)} vs MLP retrained`})`}`
        : undefined,
      vsMlp === undefined ? '' : `≥ +5 % over the MLP (${met(vsMlp >= 0.05)})`,
    );
    const alone = num(g, 'pool.gains.personalizationAlone');
    const without = ndcg('sequenceWithoutHistory');
    rows.add(
      `Rerank (${name}): personalization alone, same model without → with history`,
      without === undefined || ndcg('sequence') === undefined || alone === undefined
        ? undefined
        : `${formatScore(without)} → ${formatScore(ndcg('sequence') as number)} (${alone >= 0 ? '+' : ''}${formatShare(alone)})`,
      alone === undefined ? '' : `≥ +15 % (${met(alone >= 0.15)})`,
    );
    const cold = num(g, 'pool.coldStart.exactServerOrder');
    const coldLists = num(g, 'pool.coldStart.lists');
    rows.add(
      `Rerank (${name}): cold start (no history) gives exactly the server order`,
      cold === undefined || coldLists === undefined
        ? undefined
        : `${grouped(cold)} of ${grouped(coldLists)} pools`,
      cold === undefined ? '' : `all (${met(cold === coldLists && cold > 0)})`,
    );
    out.push(...rows.rows);
  }
  return out;
}

const rerankOfflineEval: Extractor = (r) => rerankEvalRows(r, benchCommand('rerank-offline-eval'));
const rerankModelCard: Extractor = (card) => rerankEvalRows(card, '`npm run train`');

interface Source {
  file: string;
  extract: Extractor;
}

const resultFile = (name: string, extract: Extractor): Source => ({
  file: path.join(RESULTS_DIR, `${name}.json`),
  extract,
});

/**
 * README order: ingest, search, suggest, mixed load, chips, query understanding, retrieval, rerank. Each
 * entry lists alternatives, tried in order; the first that yields figures is used.
 */
const SOURCES: readonly (readonly Source[])[] = [
  [resultFile('ingest', ingest)],
  [resultFile('search-latency', searchLatency)],
  [resultFile('suggest-latency', suggestLatency)],
  [resultFile('suggest-ui-latency', suggestUiLatency)],
  [resultFile('load-mixed', loadMixed)],
  [resultFile('refinements-eval', refinementsEval)],
  [resultFile('query-understanding', queryUnderstanding)],
  [resultFile('retrieval-eval', retrievalEval)],
  [resultFile('near-duplicates', nearDuplicates)],
  [resultFile('image-model', imageModel)],
  [resultFile('diversity-evals', diversityEvals)],
  [resultFile('corpus-scale', corpusScale)],
  [resultFile('cluster-vs-sqlite', clusterVsSqlite)],
  [resultFile('cluster-drills', clusterDrills)],
  [resultFile('bundle-size', bundleSize)],
  [resultFile('first-run', firstRun)],
  [resultFile('web-vitals', webVitals)],
  [resultFile('fresh-load-personalization', freshLoadPersonalization)],
  [resultFile('masonry-scroll', masonryScroll)],
  [resultFile('rerank-latency-web', rerankLatencyWeb)],
  [resultFile('rerank-bytes', rerankBytes)],
  [resultFile('rerank-latency-node', rerankLatencyNode)],
  [resultFile('personalization-lift', personalizationLift)],
  [
    resultFile('rerank-offline-eval', rerankOfflineEval),
    { file: MODEL_CARD, extract: rerankModelCard },
  ],
];

// ---- the table -----------------------------------------------------------------------------

const cell = (text: string): string => (text === '' ? '—' : text.replaceAll('|', '\\|'));

function renderTable(rows: readonly FigureRow[], measuredOn: string): string {
  const source = `_Written by \`npm run figures\` from bench/results/*.json${measuredOn ? `; measured on ${measuredOn}` : ''}._`;
  const lines = [
    source,
    '',
    '| figure | value | target | corpus | command |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) => `| ${[r.figure, r.value, r.target, r.corpus, r.command].map(cell).join(' | ')} |`,
    ),
  ];
  return lines.join('\n');
}

/** `readme` with the text between the markers replaced by `table`. */
function replaceBetweenMarkers(readme: string, table: string): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`README.md needs ${START_MARKER} … ${END_MARKER} in its Figures section`);
  }
  return `${readme.slice(0, start + START_MARKER.length)}\n${table}\n${readme.slice(end)}`;
}

/** "2 × AMD EPYC, Node v20.20.2, 2026-11-25" from a results file's `machine`. */
function machineLine(result: Json): string | undefined {
  const cpus = num(result, 'machine.cpus');
  const model = str(result, 'machine.cpuModel');
  const node = str(result, 'machine.node');
  if (cpus === undefined || model === undefined) return undefined;
  return `${cpus} × ${model}${node ? `, Node ${node}` : ''}`;
}

/** The figures of one source file, or a line saying why there are none. */
function read({ file, extract }: Source): { rows: FigureRow[]; result: Json } | string {
  const name = path.relative(REPO_ROOT, file);
  if (!existsSync(file)) return `skip ${name}: missing`;
  let result: Json;
  try {
    result = JSON.parse(readFileSync(file, 'utf8')) as Json;
  } catch (error) {
    return `skip ${name}: ${error instanceof Error ? error.message : String(error)}`;
  }
  const rows = extract(result);
  return rows.length > 0 ? { rows, result } : `skip ${name}: none of its figures found`;
}

function main(): void {
  const rows: FigureRow[] = [];
  let filesUsed = 0;
  const machines = new Set<string>();
  const dates: string[] = [];
  for (const alternatives of SOURCES) {
    for (const source of alternatives) {
      const found = read(source);
      if (typeof found === 'string') {
        console.log(found);
        continue;
      }
      filesUsed++;
      rows.push(...found.rows);
      const machine = machineLine(found.result);
      if (machine) machines.add(machine);
      const date = str(found.result, 'machine.date');
      if (date) dates.push(date.slice(0, 10));
      break;
    }
  }
  dates.sort();
  const first = dates[0];
  const last = dates.at(-1);
  const span = first === undefined ? '' : first === last ? first : `${first} to ${last}`;
  const measuredOn = [...machines, span].filter(Boolean).join('; ');
  writeFileSync(
    README,
    replaceBetweenMarkers(readFileSync(README, 'utf8'), renderTable(rows, measuredOn)),
  );
  console.log(`README.md: ${rows.length} figures from ${filesUsed} files`);
}

main();
