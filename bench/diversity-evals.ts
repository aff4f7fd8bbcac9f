/**
 * The existing relevance evaluations, before and after copy collapse + look-alike MMR: does
 * diversifying the first screens cost relevance (the budget: at most 2 % of NDCG@10)? Each evaluation that
 * reports NDCG runs unchanged, twice, in its own process: with INSPO_DIVERSITY=off (the engine's
 * order, search-service.ts) and as shipped, each writing into a temporary results folder
 * (INSPO_BENCH_RESULTS_DIR) rather than over bench/results. Every NDCG figure of the two result
 * files is paired by its path and compared.
 *
 * bench/near-duplicates.ts adds the near-duplicate pairs, and reads the same judgments with folded
 * copies credited. Writes bench/results/diversity-evals.json. `tsx bench/diversity-evals.ts
 * [eval …]` (default: all of EVALUATIONS).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DIVERSIFY } from '@/server/visual/diversify';
import { writeResult } from './lib/results';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
/** The evaluations that report NDCG@10 (bench/*.ts), with what each judges. */
export const EVALUATIONS: Record<string, string> = {
  'retrieval-eval':
    'held-out tags (variant index, binary) and precise title words (graded), both corpora',
  'query-understanding': 'precise, synonym and typo queries on the OpenMoji test index (graded)',
  'rerank-offline-eval':
    'held-out users of two behaviour generators, reranking the server pool (graded 0-3)',
};
/**
 * Figures of configurations the product does not ship, reported but outside the budget: the
 * retrieval evaluation's sweep of other fusion weights, the reranker evaluation's ablations.
 */
const NOT_SHIPPED: Record<string, RegExp> = {
  'retrieval-eval': /\.fusionSweep\./u,
  'rerank-offline-eval':
    /\.(cosineHeuristic|categoryHeuristic|mlp|mlpRetrained|sequenceTrainedWithoutHistory|sequenceWithoutHistory)$/u,
};
/** Over this relative loss, a figure is over the issue's budget. */
const BUDGET = 0.02;

type Side = 'before' | 'after';

/** Numeric leaves whose path names an NDCG figure: "corpora.1.heldOutTags.fusion.ndcgAt10" → 0.83. */
export function ndcgLeaves(value: unknown, at = ''): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (v: unknown, p: string, inNdcg: boolean) => {
    if (typeof v === 'number') {
      if (inNdcg) out.set(p, v);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    // Arrays of named rows (corpora, slices) are keyed by their name where they have one.
    for (const [k, child] of Object.entries(v)) {
      const named =
        Array.isArray(v) && child && typeof child === 'object'
          ? ((child as Record<string, unknown>).corpus ?? (child as Record<string, unknown>).name)
          : undefined;
      const key = typeof named === 'string' ? named : k;
      walk(child, p ? `${p}.${key}` : key, inNdcg || /ndcg/iu.test(k));
    }
  };
  walk(value, at, false);
  return out;
}

function runSide(
  script: string,
  side: Side,
  dir: string,
): { file: string; ms: number; load: number[] } {
  const out = path.join(dir, side);
  fs.mkdirSync(out, { recursive: true });
  const started = performance.now();
  const load = os.loadavg()[0]!;
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(BENCH_DIR, `${script}.ts`)],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        INSPO_BENCH_RESULTS_DIR: out,
        ...(side === 'before' ? { INSPO_DIVERSITY: 'off' } : { INSPO_DIVERSITY: 'on' }),
      },
    },
  );
  if (result.status !== 0)
    throw new Error(`bench/${script}.ts (${side}) failed: exit ${result.status ?? result.signal}`);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    file: path.join(out, `${script}.json`),
    ms: Math.round(performance.now() - started),
    load: [r2(load), r2(os.loadavg()[0]!)],
  };
}

function compare(script: string, tmp: string) {
  const dir = path.join(tmp, script);
  const before = runSide(script, 'before', dir);
  const after = runSide(script, 'after', dir);
  const b = ndcgLeaves(JSON.parse(fs.readFileSync(before.file, 'utf8')));
  const a = ndcgLeaves(JSON.parse(fs.readFileSync(after.file, 'utf8')));
  const figures = [...b].flatMap(([key, x]) => {
    const y = a.get(key);
    if (y === undefined) return [];
    const change = x === 0 ? 0 : (y - x) / x;
    return [{ key, before: x, after: y, relativeChange: Math.round(change * 1e4) / 1e4 }];
  });
  const isShipped = (key: string) => !NOT_SHIPPED[script]?.test(key);
  const shipped = figures.filter((f) => isShipped(f.key));
  const other = figures.filter((f) => !isShipped(f.key));
  const worstOf = (fs: readonly { relativeChange: number }[]) =>
    fs.reduce((m, f) => Math.min(m, f.relativeChange), 0);
  const worst = worstOf(shipped);
  console.log(
    `${script}: ${shipped.length} NDCG figures of the shipped configuration, worst relative change ` +
      `${(worst * 100).toFixed(2)} %; ${other.length} of other configurations, worst ${(worstOf(other) * 100).toFixed(2)} %`,
  );
  for (const f of figures)
    console.log(
      `  ${isShipped(f.key) ? '' : '(not shipped) '}${f.key}: ${f.before} → ${f.after} (${(f.relativeChange * 100).toFixed(2)} %)`,
    );
  return {
    evaluation: script,
    judges: EVALUATIONS[script],
    shipped,
    notShipped: other,
    worstRelativeChange: worst,
    worstRelativeChangeNotShipped: worstOf(other),
    withinBudget: worst >= -BUDGET,
    runs: {
      before: { ms: before.ms, loadAverage1m: before.load },
      after: { ms: after.ms, loadAverage1m: after.load },
    },
  };
}

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  for (const n of names)
    if (!(n in EVALUATIONS))
      throw new Error(`unknown evaluation "${n}" (known: ${Object.keys(EVALUATIONS).join(', ')})`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-diversity-evals-'));
  const evaluations = (names.length ? names : Object.keys(EVALUATIONS)).map((s) => compare(s, tmp));
  const file = writeResult('diversity-evals', {
    description:
      'The existing NDCG evaluations run unchanged, before (INSPO_DIVERSITY=off: the engine order) and after (copy collapse + ' +
      'look-alike MMR, src/server/service/with-diversity.ts), each in its own process; every NDCG figure paired by its path ' +
      "in the result file. Budget: at most 2 % relative loss on the shipped configuration's figures; figures of " +
      'configurations not shipped (other fusion weights, reranker ablations) are listed apart.',
    method: { diversify: DEFAULT_DIVERSIFY, budget: BUDGET },
    evaluations,
    withinBudget: evaluations.every((e) => e.withinBudget),
  });
  console.log(`wrote ${file}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
