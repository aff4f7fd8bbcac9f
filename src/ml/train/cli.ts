/**
 * `npm run train [-- options]`: simulate users over the real index (or read real engagement
 * exports), train the reranker, evaluate it on held-out simulated users and write
 * public/models/{reranker.onnx, model-card.json, reranker-weights.json}.
 *
 *   --users N        simulated training users (default 2400)
 *   --epochs N       (default 12)
 *   --seed N         (default 42)
 *   --events FILE    a browser JSONL export (repeatable): train on it instead of the simulator
 *   --out DIR        (default public/models)
 *   --quick          a short run (400 users, 3 epochs) for a first model
 * INSPO_DATA_DIR selects the index (default ./data).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, runTraining, writeArtifacts, type PipelineOptions } from './pipeline';

const { values } = parseArgs({
  options: {
    users: { type: 'string' },
    epochs: { type: 'string' },
    seed: { type: 'string' },
    events: { type: 'string', multiple: true },
    out: { type: 'string' },
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
const opts: PipelineOptions = {
  dataDir: path.resolve(process.env.INSPO_DATA_DIR ?? 'data'),
  seed: int(values.seed, DEFAULT_SEED),
  trainUsers: int(values.users, quick ? 400 : 2400),
  validUsers: quick ? 100 : 300,
  evalUsers: quick ? 200 : 600,
  epochs: int(values.epochs, quick ? 3 : 12),
  hidden: [64, 32],
  eventFiles: (values.events ?? []).map((f) => path.resolve(f)),
  log: (line) => console.log(line),
};
const run = await runTraining(opts);
const { card, files } = writeArtifacts(run, opts, path.resolve(values.out ?? 'public/models'));
const m = run.report;
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
console.log(
  `NDCG@10 with history: server ${m.withHistory.server}, cosine heuristic ${m.withHistory.cosineHeuristic}, model ${m.withHistory.model} (${pct(m.withHistory.modelVsServer)} vs server)`,
);
console.log(
  `NDCG@10 all impressions: server ${m.all.server}, model ${m.all.model} (${pct(m.all.modelVsServer)})`,
);
console.log(
  `NDCG@10 no history: server ${m.noHistory.server}, model ${m.noHistory.model} (${pct(m.noHistory.modelVsServer)})`,
);
console.log(
  `${card.parameters} parameters, training ${(run.trainMs / 1000).toFixed(1)} s, total ${(run.totalMs / 1000).toFixed(1)} s; wrote ${files.join(', ')}`,
);
