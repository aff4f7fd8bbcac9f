/**
 * Offline evaluation of the committed sequence reranker (public/models/reranker.onnx, weights read
 * back from the ONNX file) on held-out users of BOTH behaviour generators — the training simulator
 * (new users from their own seed stream) and the held-out-tag personas (src/ml/simulate/personas.ts,
 * never trained on) — reranking the top 300 server candidates of each query (pool, what the device
 * does now) and, for reference, the first page of 30. NDCG@10 of every ablation: server order, the
 * cosine and category heuristics, the old 21-feature MLP as shipped, the old MLP retrained on the
 * same data, the sequence architecture trained without history, the sequence model with the
 * history removed (same weights, gate open) and with it; plus the cold-start check (an empty
 * history gives exactly the server order).
 *
 * The two retrained ablations are read from bench/baselines (written by
 * `npm run train -- --ablations-only` with the shipped model's version); a stale or missing one is left
 * out and said so. `tsx bench/rerank-offline-eval.ts`; writes bench/results/rerank-offline-eval.json.
 * Needs the index (`npm run index`).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  evaluateSequence,
  type EvalModels,
  type EvalResult,
  type Ranker,
  type SliceResult,
} from '@/ml/eval/sequence-eval';
import type { PersonaLog } from '@/ml/simulate/personas';
import { evalLists, type SeqList } from '@/ml/train/sequence-dataset';
import { readSequenceOnnx } from '@/ml/export/sequence-onnx-export';
import { loadCorpus } from '@/ml/simulate/corpus';
import { createPoolSource, POOL_SIZE } from '@/ml/simulate/pool-source';
import { indexCorpus } from '@/ml/simulate/users';
import { DEFAULT_SEED } from '@/ml/train/pipeline';
import {
  BASELINE_DIR,
  BASELINE_MLP_FILE,
  evaluateGenerators,
  heldOutLogs,
  loadBaselineMlp,
  MLP_RETRAINED_FILE,
  SEQUENCE_NO_HISTORY_FILE,
} from '@/ml/train/sequence-pipeline';
import { weightsFromJson, type ModelWeightsJson } from '@/ranking/reference-scorer';
import {
  isSequenceModelJson,
  sequenceParameterCount,
  sequenceWeightsFromJson,
} from '@/ranking/sequence-scorer';
import { openSearchService } from '@/server/service/search-service';
import { writeResult } from './lib/results';

const DATA_DIR = path.resolve(process.env.INSPO_DATA_DIR ?? 'data');
const MODELS = path.resolve('public', 'models');
const TARGETS = { personalizationAlone: 0.15, sequenceVsMlp: 0.05 };

const card = JSON.parse(fs.readFileSync(path.join(MODELS, 'model-card.json'), 'utf8')) as {
  version: string;
  parameters: number;
  modelBytes?: number;
  data: { seed?: number; evalUsersPerGenerator?: number };
};
const seed = card.data.seed ?? DEFAULT_SEED;
const evalUsers = card.data.evalUsersPerGenerator ?? 500;
const { model } = readSequenceOnnx(
  new Uint8Array(fs.readFileSync(path.join(MODELS, 'reranker.onnx'))),
);

const notes: string[] = [];

type QueryKind = 'likedTag' | 'broader' | 'other';
/** NDCG@10 on the personas' pools with history, split by how the query relates to the taste. */
function splitByQueryKind(
  logs: PersonaLog[],
  lists: SeqList[],
  rankers: Pick<EvalModels, 'sequence' | 'mlp'>,
): Record<QueryKind, { lists: number; ndcg: SliceResult['ndcg']; personalizationAlone: number }> {
  const personas = new Map(logs.map((l) => [l.persona.id, l.persona]));
  const kindOf = (l: SeqList): QueryKind => {
    const p = personas.get(l.user);
    if (p?.liked.some((t) => t.tag === l.query)) return 'likedTag';
    if (p?.liked.some((t) => t.broader.includes(l.query))) return 'broader';
    return 'other';
  };
  const kinds: QueryKind[] = ['likedTag', 'broader', 'other'];
  return Object.fromEntries(
    kinds.map((k) => {
      const r = evaluateSequence(
        lists.filter((l) => l.historyPositives > 0 && kindOf(l) === k),
        rankers,
        { coldStartLists: 0 },
      );
      return [
        k,
        {
          lists: r.withHistory.lists,
          ndcg: r.withHistory.ndcg,
          personalizationAlone: r.gains.personalizationAlone,
        },
      ];
    }),
  ) as Record<
    QueryKind,
    { lists: number; ndcg: SliceResult['ndcg']; personalizationAlone: number }
  >;
}
function ablation<T>(file: string, parse: (json: unknown) => T): T | undefined {
  const full = path.join(BASELINE_DIR, file);
  if (!fs.existsSync(full)) {
    notes.push(`${file}: missing (run \`npm run train -- --ablations-only\`), left out.`);
    return undefined;
  }
  const json = JSON.parse(fs.readFileSync(full, 'utf8')) as { version?: string };
  if (json.version !== card.version) {
    notes.push(
      `${file}: trained with ${json.version ?? 'no version'}, not ${card.version}: left out.`,
    );
    return undefined;
  }
  return parse(json);
}
const mlpRetrained = ablation(MLP_RETRAINED_FILE, (j) => weightsFromJson(j as ModelWeightsJson));
const sequenceTrainedWithoutHistory = ablation(SEQUENCE_NO_HISTORY_FILE, (j) => {
  if (!isSequenceModelJson(j))
    throw new Error(`${SEQUENCE_NO_HISTORY_FILE} is not a sequence model`);
  return sequenceWeightsFromJson(j);
});
const models: EvalModels = {
  sequence: model,
  mlp: loadBaselineMlp(),
  ...(mlpRetrained ? { mlpRetrained } : {}),
  ...(sequenceTrainedWithoutHistory ? { sequenceTrainedWithoutHistory } : {}),
};

const started = Date.now();
const engine = openSearchService({ dataDir: DATA_DIR });
const corpus = loadCorpus(DATA_DIR);
const index = indexCorpus(corpus);
const pools = createPoolSource(engine, index);
let evaluations;
let personaSplit;
try {
  const logs = heldOutLogs(index, engine, pools, evalUsers, seed);
  evaluations = evaluateGenerators(logs, pools, models);
  personaSplit = splitByQueryKind(logs.personas, evalLists(logs.personas, pools, 'pool'), {
    sequence: model,
    mlp: models.mlp,
  });
} finally {
  engine.close();
}

const LABELS: Record<Ranker, string> = {
  server: 'server order',
  cosineHeuristic: 'heuristic: server score + cosine attention to recent engagements',
  categoryHeuristic: 'heuristic: server score + category affinity',
  mlp: 'old MLP (21 features, as shipped before)',
  mlpRetrained: 'old MLP architecture retrained on the same pool-aware data',
  sequenceTrainedWithoutHistory: 'sequence architecture trained without history',
  sequenceWithoutHistory: 'sequence model, history removed (same weights, gate open)',
  sequence: 'sequence model with history (shipped)',
};
const targetsOf = (r: EvalResult) => ({
  personalizationAlone: {
    value: r.gains.personalizationAlone,
    target: `≥ ${TARGETS.personalizationAlone}`,
    met: r.gains.personalizationAlone >= TARGETS.personalizationAlone,
  },
  sequenceVsMlp: {
    value: r.gains.sequenceVsMlp,
    target: `≥ ${TARGETS.sequenceVsMlp}`,
    met: r.gains.sequenceVsMlp >= TARGETS.sequenceVsMlp,
  },
  sequenceVsMlpRetrained: {
    value: r.gains.sequenceVsMlpRetrained,
    target: `≥ ${TARGETS.sequenceVsMlp}`,
    met:
      r.gains.sequenceVsMlpRetrained !== null &&
      r.gains.sequenceVsMlpRetrained >= TARGETS.sequenceVsMlp,
  },
  coldStartExactServerOrder: {
    value: `${r.coldStart.exactServerOrder} of ${r.coldStart.lists}`,
    met: r.coldStart.exactServerOrder === r.coldStart.lists && r.coldStart.lists > 0,
  },
});

const file = writeResult('rerank-offline-eval', {
  description:
    `NDCG@10 (gains 2^grade − 1, grades 0–3) of held-out users of two behaviour generators, ${evalUsers} users each ` +
    `(seed ${seed}): "pool" reranks the top ${POOL_SIZE} server candidates of each query (what the device does), ` +
    '"page" the first page of 30 (the old path). History = the user’s own events before the list was shown.',
  notes: [
    'withHistory = lists whose user had at least one positive action before (the others are server order for every personalized ranker); all = every list with a relevant candidate.',
    'personalizationAlone = sequence with history vs the same weights with the history removed (gate forced open, so the non-personal part still ranks); sequenceVsMlp = vs the old MLP as shipped; sequenceVsMlpRetrained = vs the old MLP architecture retrained on the same data.',
    'coldStart: lists scored with an empty history through the real gate; exact = the order is the server order, every position.',
    ...notes,
  ],
  rankers: LABELS,
  model: {
    version: card.version,
    parameters: sequenceParameterCount(model),
    bytes: card.modelBytes ?? null,
    baselineMlp: path.relative(process.cwd(), BASELINE_MLP_FILE),
  },
  generators: evaluations.map((g) => ({
    ...g,
    targets: { pool: targetsOf(g.pool), page: targetsOf(g.page) },
  })),
  /**
   * Personas' pools with history, by what the persona searched: one of its liked tags (the pool
   * is mostly liked pins already), a broader word that goes with one, or any other word.
   */
  personasByQueryKind: personaSplit,
  evalMs: Date.now() - started,
});
for (const g of evaluations) {
  const h = g.pool.withHistory.ndcg;
  console.log(
    `${g.generator}: pool/with history (${g.pool.withHistory.lists} lists) ` +
      Object.entries(h)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') +
      `; personalization alone ${(g.pool.gains.personalizationAlone * 100).toFixed(1)} %, vs MLP ${(g.pool.gains.sequenceVsMlp * 100).toFixed(1)} %`,
  );
}
for (const [kind, r] of Object.entries(personaSplit))
  console.log(
    `personas, ${kind} (${r.lists} lists): server ${r.ndcg.server}, without history ${r.ndcg.sequenceWithoutHistory}, sequence ${r.ndcg.sequence} (${(r.personalizationAlone * 100).toFixed(1)} %)`,
  );
console.log(`wrote ${file}`);
