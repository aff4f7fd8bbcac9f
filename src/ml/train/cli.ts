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
import { DEFAULT_SEED, runPipeline } from './pipeline';

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
const result = await runPipeline({
  dataDir: path.resolve(process.env.INSPO_DATA_DIR ?? 'data'),
  outDir: path.resolve(values.out ?? 'public/models'),
  seed: int(values.seed, DEFAULT_SEED),
  trainUsers: int(values.users, quick ? 400 : 2400),
  validUsers: quick ? 100 : 300,
  evalUsers: quick ? 200 : 600,
  epochs: int(values.epochs, quick ? 3 : 12),
  hidden: [64, 32],
  eventFiles: (values.events ?? []).map((f) => path.resolve(f)),
  log: (line) => console.log(line),
});
const m = result.report;
console.log(
  `NDCG@10 all: server ${m.all.server}, cosine heuristic ${m.all.cosineHeuristic}, category heuristic ${m.all.categoryHeuristic}, model ${m.all.model} (${(m.all.modelVsServer * 100).toFixed(1)} % vs server)`,
);
console.log(`NDCG@10 no history: server ${m.noHistory.server}, model ${m.noHistory.model} (${(m.noHistory.modelVsServer * 100).toFixed(1)} %)`);
console.log(`${result.card.parameters} parameters; wrote ${result.files.join(', ')}`);
