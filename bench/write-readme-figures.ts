/**
 * `npm run figures`: rewrites the figures table in README.md (between `<!-- figures:start -->`
 * and `<!-- figures:end -->`) from bench/results/*.json, so the README quotes exactly what the
 * last benchmark runs measured. One row per headline figure: value, target where the issue or
 * the benchmark sets one, the corpus it was measured on, and the command that produced it.
 *
 * Tolerant by design: a missing or unreadable results file, or a field a benchmark no longer
 * writes, drops that figure's rows (and says so) instead of failing. Besides bench/results, the
 * reranker's offline evaluation is read from its model card (public/models/model-card.json,
 * written by `npm run train`) when it exists.
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
const RERANK_P50_TARGET_MS = 1.5;
const RERANK_RATIO_TARGET = 3;
const INITIAL_JS_BUDGET_KB = 100;
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
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Human name of a corpus as the benchmarks spell it, with its size when known. */
function corpusLabel(corpus: string, pins?: number): string {
  const names: Record<string, string> = {
    openmoji: 'OpenMoji',
    openclipart: 'OpenClipart',
    'openmoji+openclipart': 'OpenMoji + OpenClipart',
    'openmoji (test index)': 'OpenMoji (test index)',
  };
  const name = names[corpus] ?? corpus;
  return pins === undefined ? name : `${name}, ${grouped(pins)} pins`;
}

const benchCommand = (name: string): string => `\`npx tsx bench/${name}.ts\``;

// ---- one extractor per results file ------------------------------------------------------------

type Extractor = (result: Json) => FigureRow[];

const ingest: Extractor = (r) =>
  list(r, 'corpora').flatMap((c) => {
    const corpus = corpusLabel(str(c, 'corpus') ?? '?', num(c, 'pins'));
    const command = benchCommand('ingest');
    const rows: FigureRow[] = [];
    const cold = num(c, 'cold.medianMs');
    const coldRuns = num(c, 'cold.runs');
    if (cold !== undefined) {
      const runs = coldRuns === 1 ? '1 run' : `median of ${coldRuns ?? '?'}`;
      rows.push({
        figure: 'Index build, cold (every thumbnail rendered)',
        value: `${formatMs(cold)} (${runs})`,
        target: '',
        corpus,
        command,
      });
    }
    const warm = num(c, 'warm.medianMs');
    if (warm !== undefined) {
      rows.push({
        figure: 'Index build, warm (thumbnails reused)',
        value: formatMs(warm),
        target: '',
        corpus,
        command,
      });
    }
    return rows;
  });

const searchLatency: Extractor = (r) =>
  list(r, 'corpora').flatMap((c) => {
    const corpus = corpusLabel(str(c, 'corpus') ?? '?', num(c, 'pins'));
    const command = benchCommand('search-latency');
    const rows: FigureRow[] = [];
    for (const [key, where] of [
      ['engineMs', 'in process'],
      ['httpMs', 'HTTP'],
    ] as const) {
      const p50 = num(c, `${key}.p50`);
      const p95 = num(c, `${key}.p95`);
      if (p50 !== undefined && p95 !== undefined) {
        rows.push({
          figure: `Search, first page, ${where} p50 / p95`,
          value: pair(p50, p95),
          target: '',
          corpus,
          command,
        });
      }
    }
    return rows;
  });

const suggestLatency: Extractor = (r) =>
  list(r, 'corpora').flatMap((c) => {
    const corpus = corpusLabel(str(c, 'corpus') ?? '?', num(c, 'pins'));
    const command = benchCommand('suggest-latency');
    const rows: FigureRow[] = [];
    const p95 = num(c, 'http.latencyMs.p95');
    const rps = num(c, 'http.rps');
    if (p95 !== undefined) {
      const within = at(c, 'withinBudget');
      const ok = typeof within === 'boolean' ? within : p95 <= SUGGEST_P95_BUDGET_MS;
      rows.push({
        figure: `Suggest, HTTP p95${rps === undefined ? '' : ` at ${rps} requests/s`}`,
        value: formatMs(p95),
        target: `≤ ${SUGGEST_P95_BUDGET_MS} ms (${met(ok)})`,
        corpus,
        command,
      });
    }
    const exact = num(c, 'inProcessUs.exact.p95');
    const typo = num(c, 'inProcessUs.typo.p95');
    if (exact !== undefined && typo !== undefined) {
      rows.push({
        figure: 'Suggest, in process p95 per keystroke (exact / typo)',
        value: pair(exact, typo, formatUs),
        target: '',
        corpus,
        command,
      });
    }
    const builds = list(c, 'buildMs').filter((x): x is number => typeof x === 'number');
    if (builds.length > 0) {
      rows.push({
        figure: 'Suggest, completion index build (server start)',
        value: `${formatMs(median(builds))} (median of ${builds.length})`,
        target: '',
        corpus,
        command,
      });
    }
    return rows;
  });

const suggestUiLatency: Extractor = (r) => {
  const p95 = num(r, 'allMs.p95');
  if (p95 === undefined) return [];
  const cold = num(r, 'coldMs.p95');
  const cached = num(r, 'cachedMs.p95');
  const budget = num(r, 'budgetP95Ms') ?? KEYSTROKE_PAINT_P95_BUDGET_MS;
  const detail =
    cold !== undefined && cached !== undefined
      ? ` (new text ${formatMs(cold)}, cached ${formatMs(cached)})`
      : '';
  return [
    {
      figure: 'Keystroke → suggestions painted, p95 (headless Chromium)',
      value: `${formatMs(p95)}${detail}`,
      target: `≤ ${budget} ms (${met(p95 <= budget)})`,
      corpus: corpusLabel(str(r, 'corpus') ?? 'openmoji (test index)'),
      command: `\`npx vite build && npx tsx bench/suggest-ui-latency.ts\``,
    },
  ];
};

const refinementsEval: Extractor = (r) =>
  list(r, 'corpora').flatMap((c) => {
    const corpus = corpusLabel(str(c, 'corpus') ?? '?', num(c, 'pins'));
    const queries = num(c, 'queries') ?? 100;
    const command = benchCommand('refinements-eval');
    const rows: FigureRow[] = [];
    const share = num(c, 'shareWithAtLeast5Chips');
    if (share !== undefined) {
      rows.push({
        figure: `Chips: share of the top ${queries} one-word queries with ≥ 5 chips`,
        value: formatShare(share),
        target: '',
        corpus,
        command,
      });
    }
    const kept = num(c, 'meanFractionKeptPerChip');
    if (kept !== undefined) {
      rows.push({
        figure: 'Chips: average fraction of results a chip keeps',
        value: formatShare(kept),
        target: '',
        corpus,
        command,
      });
    }
    const exact = num(c, 'countExactWhereAllMatchesMined.exact');
    const chips = num(c, 'countExactWhereAllMatchesMined.chips');
    if (exact !== undefined && chips !== undefined) {
      rows.push({
        figure: 'Chips: count = results after applying it',
        value: `${grouped(exact)} of ${grouped(chips)} chips`,
        target: 'all',
        corpus,
        command,
      });
    }
    return rows;
  });

const QUERY_SETS = [
  ['synonym', 'synonym queries (WordNet synonyms the corpus never uses)'],
  ['typo1', 'one-typo queries'],
  ['typo2', 'two-typo queries'],
] as const;

const queryUnderstanding: Extractor = (r) => {
  const pins = num(r, 'corpus.pins');
  const corpus = `${corpusLabel('openmoji', pins)} (test index); queries generated from its words, seeded`;
  const command = benchCommand('query-understanding');
  const rows: FigureRow[] = [];
  const before = num(r, 'sets.original.ndcgAt10.baseline');
  const after = num(r, 'sets.original.ndcgAt10.understood');
  if (before !== undefined && after !== undefined) {
    rows.push({
      figure: 'Query understanding: NDCG@10 of precise queries, as typed → understood',
      value: arrow(formatScore(before), formatScore(after)),
      target: `within 1 % (${met(after >= before * (1 - PRECISE_NDCG_TOLERANCE))})`,
      corpus,
      command,
    });
  }
  for (const [set, label] of QUERY_SETS) {
    const n0 = num(r, `sets.${set}.ndcgAt10.baseline`);
    const n1 = num(r, `sets.${set}.ndcgAt10.understood`);
    const z0 = num(r, `sets.${set}.zeroResultRate.baseline`);
    const z1 = num(r, `sets.${set}.zeroResultRate.understood`);
    if (n0 === undefined || n1 === undefined || z0 === undefined || z1 === undefined) continue;
    rows.push({
      figure: `Query understanding: ${label}, NDCG@10; zero-result rate`,
      value: `${arrow(formatScore(n0), formatScore(n1))}; ${arrow(formatShare(z0), formatShare(z1))}`,
      target: '',
      corpus,
      command,
    });
  }
  const z0 = num(r, 'concreteLemmas.zeroResultRate.baseline');
  const z1 = num(r, 'concreteLemmas.zeroResultRate.understood');
  const nouns = num(r, 'concreteLemmas.queries');
  if (z0 !== undefined && z1 !== undefined) {
    rows.push({
      figure: `Query understanding: zero-result rate of ${grouped(nouns ?? 1000)} concrete WordNet nouns`,
      value: arrow(formatShare(z0), formatShare(z1)),
      target: '',
      corpus: `${corpusLabel('openmoji', pins)} (test index)`,
      command,
    });
  }
  const understand = num(r, 'latencyMs.understand.p95');
  const search = num(r, 'latencyMs.searchUnderstood.p95');
  if (understand !== undefined && search !== undefined) {
    rows.push({
      figure: 'Query understanding: p95 cost (understand / whole search)',
      value: pair(understand, search),
      target: '',
      corpus,
      command,
    });
  }
  return rows;
};

const retrievalEval: Extractor = (r) =>
  list(r, 'corpora').flatMap((c) => {
    const base = corpusLabel(str(c, 'corpus') ?? '?', num(c, 'pins'));
    const corpus = `${base}; tags hidden from a seeded half of their pins`;
    const command = benchCommand('retrieval-eval');
    const rows: FigureRow[] = [];
    for (const [metric, label] of [
      ['ndcgAt10', 'NDCG@10'],
      ['recallAt100', 'recall@100'],
    ] as const) {
      const bm25 = num(c, `heldOutTags.bm25.${metric}`);
      const fusion = num(c, `heldOutTags.fusion.${metric}`);
      if (bm25 !== undefined && fusion !== undefined) {
        rows.push({
          figure: `Retrieval: held-out tags ${label}, BM25 → BM25 + embeddings`,
          value: arrow(formatScore(bm25), formatScore(fusion)),
          target: '',
          corpus,
          command,
        });
      }
    }
    const bm25 = num(c, 'preciseQueries.ndcgAt10.bm25');
    const fusion = num(c, 'preciseQueries.ndcgAt10.fusion');
    if (bm25 !== undefined && fusion !== undefined) {
      rows.push({
        figure: 'Retrieval: precise title-word queries NDCG@10, BM25 → BM25 + embeddings',
        value: arrow(formatScore(bm25), formatScore(fusion)),
        target: '',
        corpus: `${base}; ${num(c, 'preciseQueries.queries') ?? 200} title words, seeded`,
        command,
      });
    }
    return rows;
  });

const rerankLatencyWeb: Extractor = (r) => {
  const version = str(r, 'model.version');
  const corpus = `500 fixture candidates (generated, seeded)${version ? `; model ${version}` : ''}`;
  const command = benchCommand('rerank-latency-web');
  const rows: FigureRow[] = [];
  const p50 = num(r, 'web.totalMs.p50');
  const p95 = num(r, 'web.totalMs.p95');
  if (p50 !== undefined && p95 !== undefined) {
    const target = num(r, 'targets.p50Ms') ?? RERANK_P50_TARGET_MS;
    rows.push({
      figure: 'Rerank on device (WASM, Web Worker), p50 / p95',
      value: pair(p50, p95),
      target: `p50 ≤ ${target} ms (${met(p50 <= target)})`,
      corpus,
      command,
    });
  }
  const ratio = num(r, 'ratio');
  if (ratio !== undefined) {
    const target = num(r, 'targets.ratio') ?? RERANK_RATIO_TARGET;
    rows.push({
      figure: 'Rerank, web / Node (onnxruntime-node) p50 ratio',
      value: ratio.toFixed(2),
      target: `≤ ${target} (${met(ratio <= target)})`,
      corpus,
      command,
    });
  }
  const bytes = num(r, 'bundle.initialJsGzipBytes');
  if (bytes !== undefined) {
    const budgetKb = (num(r, 'bundle.budgetGzipBytes') ?? INITIAL_JS_BUDGET_KB * 1024) / 1024;
    const kb = bytes / 1024;
    rows.push({
      figure: 'Initial JS, gzipped (onnxruntime-web lazy)',
      value: `${kb.toFixed(1)} KB`,
      target: `≤ ${budgetKb} KB (${met(kb <= budgetKb)})`,
      corpus: 'the built SPA (dist/)',
      command,
    });
  }
  return rows;
};

/** The reranker's offline evaluation, from its model card (not a bench/results file). */
const rerankModelCard: Extractor = (card) => {
  const users = num(card, 'data.evalUsers');
  const pins = num(card, 'data.corpusPins');
  const corpus = `simulated users (generated)${users ? `, ${grouped(users)} held-out` : ''}${pins ? ` over ${grouped(pins)} pins` : ''}`;
  const k = num(card, 'metrics.k') ?? 10;
  const rows: FigureRow[] = [];
  for (const [group, label] of [
    ['all', 'all pages'],
    ['withHistory', 'pages with engagement history'],
  ] as const) {
    const server = num(card, `metrics.${group}.server`);
    const model = num(card, `metrics.${group}.model`);
    if (server !== undefined && model !== undefined) {
      rows.push({
        figure: `Rerank: NDCG@${k}, server order → model (${label})`,
        value: arrow(formatScore(server), formatScore(model)),
        target: '',
        corpus,
        command: '`npm run train`',
      });
    }
  }
  return rows;
};

/** README order: ingest, search, suggest, chips, query understanding, retrieval, rerank. */
const SOURCES: readonly { file: string; extract: Extractor }[] = [
  { file: path.join(RESULTS_DIR, 'ingest.json'), extract: ingest },
  { file: path.join(RESULTS_DIR, 'search-latency.json'), extract: searchLatency },
  { file: path.join(RESULTS_DIR, 'suggest-latency.json'), extract: suggestLatency },
  { file: path.join(RESULTS_DIR, 'suggest-ui-latency.json'), extract: suggestUiLatency },
  { file: path.join(RESULTS_DIR, 'refinements-eval.json'), extract: refinementsEval },
  { file: path.join(RESULTS_DIR, 'query-understanding.json'), extract: queryUnderstanding },
  { file: path.join(RESULTS_DIR, 'retrieval-eval.json'), extract: retrievalEval },
  { file: path.join(RESULTS_DIR, 'rerank-latency-web.json'), extract: rerankLatencyWeb },
  { file: MODEL_CARD, extract: rerankModelCard },
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

function main(): void {
  const rows: FigureRow[] = [];
  let filesRead = 0;
  const machines = new Set<string>();
  const dates: string[] = [];
  for (const { file, extract } of SOURCES) {
    const name = path.relative(REPO_ROOT, file);
    if (!existsSync(file)) {
      console.log(`skip ${name}: missing`);
      continue;
    }
    let result: Json;
    try {
      result = JSON.parse(readFileSync(file, 'utf8')) as Json;
    } catch (error) {
      console.log(`skip ${name}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    filesRead++;
    const found = extract(result);
    if (found.length === 0) console.log(`skip ${name}: none of its figures found`);
    rows.push(...found);
    const machine = machineLine(result);
    if (machine) machines.add(machine);
    const date = str(result, 'machine.date');
    if (date) dates.push(date.slice(0, 10));
  }
  dates.sort();
  const span =
    dates.length === 0
      ? ''
      : dates[0] === dates.at(-1)
        ? dates[0]!
        : `${dates[0]} to ${dates.at(-1)}`;
  const measuredOn = [...machines, span].filter(Boolean).join('; ');
  const table = renderTable(rows, measuredOn);
  writeFileSync(README, replaceBetweenMarkers(readFileSync(README, 'utf8'), table));
  console.log(`README.md: ${rows.length} figures from ${filesRead} of ${SOURCES.length} files`);
}

main();
