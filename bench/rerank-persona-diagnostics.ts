/**
 * Why history helps the personas less than the simulator's users, measured on VALIDATION personas
 * (the validation tag split, src/ml/simulate/tag-split.ts isValidationTag; never the held-out
 * personas, whose figures come only from bench/rerank-offline-eval.ts):
 *
 * - NDCG@10 of the committed model by what the persona searched (a liked tag, a broader word that
 *   goes with one, any other word): server order, the same weights without history, with history.
 * - Whether anything the device sees about a whole list tells a liked-tag pool (whose candidates
 *   the persona likes alike: history can only reorder them) from a broader one (where history
 *   finds the liked pins): AUC, liked tag vs broader, of the list-level context channels
 *   (sequence-scorer.ts CONTEXT_NAMES: rank-weighted means of the max cosine to a positive event
 *   and of the similarity density), of the plain mean over the first page, and of the share of
 *   the history's positive events made under the same query. 0.5 = no information.
 * - The bound of a perfect switch: the liked-tag lists ranked without history, the others with it.
 *
 * `tsx bench/rerank-persona-diagnostics.ts [personas]` (default 150); writes
 * bench/results/rerank-persona-diagnostics.json. Needs the index (`npm run index`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ndcgAtK, orderByScore } from '@/ml/eval/ndcg';
import { readSequenceOnnx } from '@/ml/export/sequence-onnx-export';
import { loadCorpus } from '@/ml/simulate/corpus';
import { simulatePersonas } from '@/ml/simulate/personas';
import { createPoolSource } from '@/ml/simulate/pool-source';
import { subSeed } from '@/ml/simulate/prng';
import { isValidationTag } from '@/ml/simulate/tag-split';
import { indexCorpus } from '@/ml/simulate/users';
import { DEFAULT_SEED } from '@/ml/train/pipeline';
import { evalLists, sequenceInputsFor, type SeqList } from '@/ml/train/sequence-dataset';
import { VALID_PERSONA_SEED_STREAM } from '@/ml/train/sequence-pipeline';
import {
  CONTEXT_DECAY,
  CONTEXT_NAMES,
  hasListContext,
  headInputWidth,
  POOLED_NAMES,
  sequenceForward,
  sequenceScores,
} from '@/ranking/sequence-scorer';
import { CANDIDATE_FEATURE_COUNT, CANDIDATE_FEATURE_INDEX } from '@/ranking/sequence-spec';
import { openSearchService } from '@/server/service/search-service';
import { writeResult } from './lib/results';

const DATA_DIR = path.resolve(process.env.INSPO_DATA_DIR ?? 'data');
const MODELS = path.resolve('public', 'models');
const PERSONAS = Number(process.argv[2] ?? 150);
const KINDS = ['likedTag', 'broader', 'other'] as const;
type Kind = (typeof KINDS)[number];
const STATS = ['contextMaxPositive', 'contextDensity', 'firstPageMaxPositive', 'sameQueryShare'];

const { model } = readSequenceOnnx(
  new Uint8Array(fs.readFileSync(path.join(MODELS, 'reranker.onnx'))),
);
const card = JSON.parse(fs.readFileSync(path.join(MODELS, 'model-card.json'), 'utf8')) as {
  version: string;
  data: { validationTags?: boolean };
};
const context = hasListContext(model);
const W = headInputWidth(model.heads.length, context);
const POOLED = W - POOLED_NAMES.length - (context ? CONTEXT_NAMES.length : 0);
const MAX_POS = POOLED + POOLED_NAMES.indexOf('max_positive_similarity');
const DENSITY = POOLED + POOLED_NAMES.indexOf('similarity_density');

const started = Date.now();
const engine = openSearchService({ dataDir: DATA_DIR });
const index = indexCorpus(loadCorpus(DATA_DIR));
const pools = createPoolSource(engine, index);
interface Row {
  kind: Kind;
  server: number;
  withoutHistory: number;
  withHistory: number;
  stats: number[];
}
const rows: Row[] = [];
try {
  const logs = simulatePersonas({
    index,
    pools,
    users: PERSONAS,
    seed: subSeed(DEFAULT_SEED, VALID_PERSONA_SEED_STREAM),
    userPrefix: 'valid-persona-',
    poolGrades: true,
    tagSide: 'training',
    keepTag: isValidationTag,
  });
  const personas = new Map(logs.map((l) => [l.persona.id, l.persona]));
  const kindOf = (l: SeqList): Kind => {
    const p = personas.get(l.user);
    if (p?.liked.some((t) => t.tag === l.query)) return 'likedTag';
    if (p?.liked.some((t) => t.broader.includes(l.query))) return 'broader';
    return 'other';
  };
  for (const l of evalLists(logs, pools, 'pool')) {
    if (l.historyPositives === 0 || !l.grades) continue;
    const grades = l.grades;
    const ndcg = (s: ArrayLike<number>) => ndcgAtK(grades, orderByScore(s), 10);
    const server = ndcg(Float32Array.from({ length: l.size }, (_, r) => -r));
    if (server === null) continue;
    const x = sequenceInputsFor(l);
    const f = sequenceForward(model, x, { keepAttention: true });
    const h = f.headInputs as Float32Array;
    let sumW = 0;
    let sumPos = 0;
    let sumDensity = 0;
    let page = 0;
    const pageRows = Math.min(30, l.size);
    for (let r = 0; r < l.size; r++) {
      const logRank = x.features[
        r * CANDIDATE_FEATURE_COUNT + CANDIDATE_FEATURE_INDEX.log_rank
      ] as number;
      const w = Math.exp(-CONTEXT_DECAY * logRank);
      sumW += w;
      sumPos += w * (h[r * W + MAX_POS] as number);
      sumDensity += w * (h[r * W + DENSITY] as number);
      if (r < pageRows) page += h[r * W + MAX_POS] as number;
    }
    const positives = l.events.filter((e) => e.at < l.at && e.type !== 'hide');
    const sameQuery = positives.filter((e) => e.query === l.query).length / positives.length;
    rows.push({
      kind: kindOf(l),
      server,
      withoutHistory: ndcg(sequenceScores(model, sequenceInputsFor(l, true), { forceGate: true }))!,
      withHistory: ndcg(f.scores)!,
      stats: [sumPos / sumW, sumDensity / sumW, page / pageRows, sameQuery],
    });
  }
} finally {
  engine.close();
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;
const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
function auc(a: number[], b: number[]): number {
  let s = 0;
  for (const x of a) for (const y of b) s += x > y ? 1 : x === y ? 0.5 : 0;
  return a.length && b.length ? round(s / a.length / b.length) : 0.5;
}
const byKind = Object.fromEntries(
  KINDS.map((k) => {
    const r = rows.filter((x) => x.kind === k);
    return [
      k,
      {
        lists: r.length,
        ndcg: {
          server: round(mean(r.map((x) => x.server))),
          withoutHistory: round(mean(r.map((x) => x.withoutHistory))),
          withHistory: round(mean(r.map((x) => x.withHistory))),
        },
        personalizationAlone: round(
          mean(r.map((x) => x.withHistory)) / mean(r.map((x) => x.withoutHistory)) - 1,
        ),
        meanStats: Object.fromEntries(
          STATS.map((s, i) => [s, round(mean(r.map((x) => x.stats[i]!)))]),
        ),
      },
    ];
  }),
);
const stat = (k: Kind, i: number) => rows.filter((x) => x.kind === k).map((x) => x.stats[i]!);
const separability = Object.fromEntries(
  STATS.map((s, i) => [
    s,
    {
      likedTagVsBroader: auc(stat('likedTag', i), stat('broader', i)),
      likedTagVsOther: auc(stat('likedTag', i), stat('other', i)),
    },
  ]),
);
const all = {
  withoutHistory: round(mean(rows.map((x) => x.withoutHistory))),
  withHistory: round(mean(rows.map((x) => x.withHistory))),
  perfectSwitch: round(
    mean(rows.map((x) => (x.kind === 'likedTag' ? x.withoutHistory : x.withHistory))),
  ),
};
const file = writeResult('rerank-persona-diagnostics', {
  description:
    `Validation personas (${PERSONAS}, the validation tag split, seed ${DEFAULT_SEED}), pools with history, committed model ${card.version}: ` +
    'NDCG@10 by what the persona searched, whether list-level statistics tell a liked-tag pool from a broader one (AUC; 0.5 = not at all), and the bound of a perfect liked-tag switch.',
  notes: [
    card.data.validationTags
      ? 'The model was trained with the validation tags held out.'
      : 'The model was trained before the validation split existed: simulator users could have a taste defined by these tags (they never could by the held-out ones), so these figures are a little kinder than unseen tags would be.',
    'perfectSwitch = the liked-tag lists ranked by the same weights without history, every other list with it: what a model that knew when the pool already is the taste could reach at most with this ranker.',
  ],
  model: card.version,
  lists: rows.length,
  all: {
    ...all,
    personalizationAlone: round(all.withHistory / all.withoutHistory - 1),
    perfectSwitchAlone: round(all.perfectSwitch / all.withoutHistory - 1),
  },
  byKind,
  separability,
  evalMs: Date.now() - started,
});
console.log(JSON.stringify({ all, byKind, separability }, null, 1));
console.log(`wrote ${file}`);
