/**
 * `npm run train [-- options]`: simulate users over the real index (or read real engagement
 * exports), train the sequence reranker, evaluate it on held-out users of both behaviour
 * generators and write public/models/{reranker.onnx, model-card.json, reranker-weights.json}.
 *
 *   --users N        simulated training users (default 2400)
 *   --persona-users N persona-like training users from training-side tags (default 0; 800 was tried)
 *   --context        with the list-level context channels (sequence-scorer.ts CONTEXT_NAMES; tried,
 *                    not shipped: see src/ml/README.md, Evaluation)
 *   --validation-tags hold the validation tag split (tag-split.ts) out of training; the validation
 *                    personas like only those tags (off by default)
 *   --valid-personas N validation personas (default: the persona-like training users' share)
 *   --valid-lists N  validation pools scored per epoch (default 500)
 *   --title-pairs W  extra RankNet pairs, weight W, between equally labelled pins whose title
 *                    match differs (default 0: off)
 *   --lr-schedule S  constant (default) or cosine
 *   --epochs N       (default 5)
 *   --seed N         (default 42)
 *   --eval-users N   held-out users per generator (default 500)
 *   --events FILE    a browser JSONL export (repeatable): train on it instead of the simulator
 *   --out DIR        (default public/models)
 *   --ablations-only train only the ablation models, on the same lists as the shipped model (same
 *                    options): the old MLP architecture and the sequence model without history, into
 *                    bench/baselines/ tagged with public/models/model-card.json's version
 *   --quick          a short run (400 users, 2 epochs, 150 held-out users) for a first model
 * INSPO_DATA_DIR selects the index (default ./data).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED } from './pipeline';
import {
  runAblations,
  runSequenceTraining,
  writeAblations,
  writeSequenceArtifacts,
  type SequencePipelineOptions,
} from './sequence-pipeline';
import { DEFAULT_SEQUENCE_OPTIONS } from './sequence-model';

const { values } = parseArgs({
  options: {
    users: { type: 'string' },
    'persona-users': { type: 'string' },
    context: { type: 'boolean', default: false },
    'validation-tags': { type: 'boolean', default: false },
    'valid-personas': { type: 'string' },
    'valid-lists': { type: 'string' },
    'title-pairs': { type: 'string' },
    'lr-schedule': { type: 'string' },
    epochs: { type: 'string' },
    seed: { type: 'string' },
    'eval-users': { type: 'string' },
    events: { type: 'string', multiple: true },
    out: { type: 'string' },
    'ablations-only': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
  },
});

const int = (v: string | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a whole number, got ${v}`);
  return n;
};

const quick = values.quick === true;
const lrSchedule = values['lr-schedule'] ?? 'constant';
if (lrSchedule !== 'constant' && lrSchedule !== 'cosine')
  throw new Error(`--lr-schedule: constant or cosine, got ${lrSchedule}`);
const titlePairWeight = Number(values['title-pairs'] ?? 0);
if (!Number.isFinite(titlePairWeight) || titlePairWeight < 0)
  throw new Error(`--title-pairs: a weight ≥ 0, got ${values['title-pairs']}`);
const opts: SequencePipelineOptions = {
  dataDir: path.resolve(process.env.INSPO_DATA_DIR ?? 'data'),
  seed: int(values.seed, DEFAULT_SEED),
  trainUsers: int(values.users, quick ? 400 : 2400),
  validUsers: quick ? 100 : 300,
  evalUsers: int(values['eval-users'], quick ? 150 : 500),
  epochs: int(values.epochs, quick ? 2 : DEFAULT_SEQUENCE_OPTIONS.epochs),
  exploreRate: 0.5,
  diverseUsers: true,
  personaUsers: int(values['persona-users'], 0),
  validationTags: values['validation-tags'] === true,
  ...(values['valid-personas'] === undefined
    ? {}
    : { validPersonaUsers: int(values['valid-personas'], 0) }),
  model: {
    heads: DEFAULT_SEQUENCE_OPTIONS.heads,
    projection: DEFAULT_SEQUENCE_OPTIONS.projection,
    hidden: DEFAULT_SEQUENCE_OPTIONS.hidden,
    context: values.context === true,
    titlePairWeight,
    lrSchedule,
  },
  eventFiles: (values.events ?? []).map((f) => path.resolve(f)),
  validLists: int(values['valid-lists'], quick ? 150 : 500),
  log: (line) => console.log(line),
};
if (values['ablations-only'] === true) {
  const ablations = await runAblations(opts);
  // The version read after training: a re-export of the same weights meanwhile is still theirs.
  const outDir = path.resolve(values.out ?? 'public/models');
  const card = JSON.parse(fs.readFileSync(path.join(outDir, 'model-card.json'), 'utf8')) as {
    version: string;
  };
  const files = writeAblations(ablations, card.version);
  console.log(
    `ablations for ${card.version} in ${(ablations.ms / 1000).toFixed(1)} s: ${files.join(', ')}`,
  );
  process.exit(0);
}
const run = await runSequenceTraining(opts);
const { card, files, bytes } = writeSequenceArtifacts(
  run,
  opts,
  path.resolve(values.out ?? 'public/models'),
);
const pct = (x: number | null) =>
  x === null ? '—' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
for (const g of run.evaluations) {
  const h = g.pool.withHistory.ndcg;
  console.log(
    `${g.generator} (pool, with history, ${g.pool.withHistory.lists} lists): server ${h.server}, MLP ${h.mlp}` +
      `, sequence w/o history ${h.sequenceWithoutHistory}, ` +
      `sequence ${h.sequence}; personalization alone ${pct(g.pool.gains.personalizationAlone)}, vs MLP ${pct(g.pool.gains.sequenceVsMlp)}` +
      `; cold start ${g.pool.coldStart.exactServerOrder}/${g.pool.coldStart.lists} exact`,
  );
}
console.log(
  `${String(card.parameters)} parameters, ${bytes} bytes, training ${(run.trainMs / 1000).toFixed(1)} s, total ${(run.totalMs / 1000).toFixed(1)} s; wrote ${files.join(', ')}`,
);
