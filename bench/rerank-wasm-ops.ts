/**
 * Diagnostic for the rerank bench's Web / Node ratio (bench/rerank-latency-web.ts): what one
 * operator of the reranker's graph costs in onnxruntime-web's WebAssembly build (the SIMD build
 * the browser runs, here run by Node: no worker, no browser) against onnxruntime-node's native
 * CPU kernels, on the shapes the reranker runs (500 candidates × 64 history events).
 *
 * Each case is a chain of CHAIN operators on a [500, 64] tensor (each one reads the last one's
 * output, so graph optimization cannot merge or drop them, and values stay bounded: no
 * denormals, no infinities); its cost is (chain − empty graph) / CHAIN, the median of RUNS runs
 * after warm-up, both runtimes with 1 thread and graphOptimizationLevel 'all'.
 *
 * `npx tsx bench/rerank-wasm-ops.ts`; writes bench/results/rerank-wasm-ops.json.
 */
import path from 'node:path';
import onnxProto from 'onnx-proto';
import * as ortNode from 'onnxruntime-node';
import * as ortWasm from 'onnxruntime-web/wasm';
import {
  encodeOnnxModel,
  floatTensor,
  floatValueInfo,
  int64Tensor,
  intAttribute,
  intsAttribute,
} from '@/server/visual/image-model/onnx-graph';
import { SEQUENCE_LENGTH } from '@/ranking/sequence-spec';
import { seededRandom } from '@/lib/random/seeded-random';
import { writeResult } from './lib/results';
import { median } from './lib/stats';

const ROWS = 500;
const COLS = SEQUENCE_LENGTH;
const CHAIN = 30;
const WARMUP = 30;
const RUNS = 100;

type Node = onnxProto.onnx.INodeProto;
type Init = onnxProto.onnx.ITensorProto;

/** One chain link: appends nodes reading `x` ([ROWS, COLS]), returns the output of the same shape. */
type Link = (x: string, add: (node: Omit<Node, 'output'>) => string) => string;

interface Case {
  name: string;
  /** What the reranker's graph uses it for. */
  inModel: string;
  initializers: (random: () => number) => Init[];
  link: Link;
  /** A case whose operators each link also runs: its per-link cost is taken off this one's. */
  minus?: string;
}

const values = (n: number, f: () => number) => Float32Array.from({ length: n }, f);
/** A permutation matrix: a Gemm costs the same for any values, and these keep them bounded. */
function permutation(n: number, random: () => number): Float32Array {
  const order = Array.from({ length: n }, (_, i) => i).sort(() => random() - 0.5);
  const m = new Float32Array(n * n);
  order.forEach((j, i) => (m[i * n + j] = 1));
  return m;
}

const CASES: Case[] = [
  {
    name: 'Add [500, 64] + [1, 64]',
    inModel: 'masks and biases on the attention logits',
    initializers: (r) => [
      floatTensor(
        'b',
        [1, COLS],
        values(COLS, () => (r() - 0.5) * 0.01),
      ),
    ],
    link: (x, add) => add({ opType: 'Add', input: [x, 'b'] }),
  },
  {
    name: 'Mul [500, 64] × scalar',
    inModel: 'the pair-channel weights (cos, category, colour) per head',
    initializers: () => [floatTensor('s', [], Float32Array.of(-1))],
    link: (x, add) => add({ opType: 'Mul', input: [x, 's'] }),
  },
  {
    name: 'Exp [500, 64] (as exp(−x))',
    inModel: 'the similarity-density kernel',
    initializers: () => [floatTensor('s', [], Float32Array.of(-1))],
    // exp(−x) stays in (0, 1]; the Mul's own cost (the case above) is taken off.
    link: (x, add) => add({ opType: 'Exp', input: [add({ opType: 'Mul', input: [x, 's'] })] }),
    minus: 'Mul [500, 64] × scalar',
  },
  {
    name: 'Softmax [500, 64], axis 1',
    inModel: 'each head’s attention over the history (plus a sink)',
    initializers: () => [],
    link: (x, add) => add({ opType: 'Softmax', input: [x], attribute: [intAttribute('axis', 1)] }),
  },
  {
    name: 'ReduceMax [500, 64] → [500, 1]',
    inModel: 'max cosine to a positive / to a hide',
    initializers: () => [],
    link: (x, add) =>
      add({
        opType: 'Sub',
        input: [
          x,
          add({
            opType: 'ReduceMax',
            input: [x],
            attribute: [intsAttribute('axes', [1]), intAttribute('keepdims', 1)],
          }),
        ],
      }),
    minus: 'Sub [500, 64] − [500, 1]',
  },
  {
    name: 'Sub [500, 64] − [500, 1]',
    inModel: 'broadcasts of per-candidate columns',
    initializers: (r) => [
      floatTensor(
        'c',
        [ROWS, 1],
        values(ROWS, () => (r() - 0.5) * 0.01),
      ),
    ],
    link: (x, add) => add({ opType: 'Sub', input: [x, 'c'] }),
  },
  {
    name: 'Gemm [500, 64] · [64, 64] (constant, prepacked)',
    inModel: 'candidate × history similarities (K = 32, 16, 12), projections, the MLP',
    initializers: (r) => [floatTensor('w', [COLS, COLS], permutation(COLS, r))],
    link: (x, add) => add({ opType: 'Gemm', input: [x, 'w'] }),
  },
  {
    name: 'Concat [500, 64] + [500, 64], then Slice back',
    inModel: 'the sink logit, the inputs split into their parts',
    initializers: () => [
      int64Tensor('starts', [0]),
      int64Tensor('ends', [COLS]),
      int64Tensor('axes', [1]),
    ],
    link: (x, add) =>
      add({
        opType: 'Slice',
        input: [
          add({ opType: 'Concat', input: [x, x], attribute: [intAttribute('axis', 1)] }),
          'starts',
          'ends',
          'axes',
        ],
      }),
  },
];

function buildChain(c: Case, links: number): Uint8Array {
  const nodes: Node[] = [];
  let count = 0;
  const add = (node: Omit<Node, 'output'>) => {
    const out = `t${count++}`;
    nodes.push({ ...node, output: [out], name: `${out}_node` });
    return out;
  };
  let x = 'x';
  for (let k = 0; k < links; k++) x = c.link(x, add);
  // One scalar out: the chain's output is not copied to JavaScript.
  const out = add({ opType: 'ReduceSum', input: [x], attribute: [intAttribute('keepdims', 0)] });
  return encodeOnnxModel(
    {
      name: 'chain',
      node: nodes,
      initializer: c.initializers(seededRandom(5)),
      input: [floatValueInfo('x', [ROWS, COLS])],
      output: [
        {
          name: out,
          type: { tensorType: { elemType: onnxProto.onnx.TensorProto.DataType.FLOAT } },
        },
      ],
    },
    { producerName: 'inspo-bench', producerVersion: '1' },
  );
}

interface Runtime {
  name: 'node' | 'wasm';
  time(model: Uint8Array, x: Float32Array): Promise<number>;
}

async function medianRunMs(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

const NODE: Runtime = {
  name: 'node',
  async time(model, x) {
    const session = await ortNode.InferenceSession.create(model, {
      executionProviders: ['cpu'],
      intraOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
    const feeds = { x: new ortNode.Tensor('float32', x, [ROWS, COLS]) };
    try {
      return await medianRunMs(() => session.run(feeds));
    } finally {
      await session.release();
    }
  },
};

const WASM: Runtime = {
  name: 'wasm',
  async time(model, x) {
    const session = await ortWasm.InferenceSession.create(model, {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    });
    const feeds = { x: new ortWasm.Tensor('float32', x, [ROWS, COLS]) };
    try {
      return await medianRunMs(async () => {
        const out = await session.run(feeds);
        for (const t of Object.values(out)) t.dispose();
      });
    } finally {
      await session.release();
    }
  },
};

async function main() {
  ortWasm.env.wasm.numThreads = 1;
  ortWasm.env.wasm.proxy = false;
  ortWasm.env.wasm.wasmPaths = `${path.resolve('node_modules', 'onnxruntime-web', 'dist')}/`;
  const random = seededRandom(9);
  const x = values(ROWS * COLS, () => random() * 2 - 1);
  const perOpUs = (chainMs: number, emptyMs: number) => ((chainMs - emptyMs) / CHAIN) * 1000;
  const measured = new Map<string, { node: number; wasm: number }>();
  for (const c of CASES) {
    const chain = buildChain(c, CHAIN);
    const empty = buildChain(c, 0);
    const us = { node: 0, wasm: 0 };
    for (const runtime of [NODE, WASM])
      us[runtime.name] = perOpUs(await runtime.time(chain, x), await runtime.time(empty, x));
    measured.set(c.name, us);
  }
  const rows = CASES.map((c) => {
    const us = measured.get(c.name)!;
    const minus = c.minus ? measured.get(c.minus) : undefined;
    if (c.minus && !minus) throw new Error(`${c.name}: no case "${c.minus}"`);
    const nodeUs = us.node - (minus?.node ?? 0);
    const wasmUs = us.wasm - (minus?.wasm ?? 0);
    const row = {
      op: c.name,
      inModel: c.inModel,
      nodeUs: Number(nodeUs.toFixed(1)),
      wasmUs: Number(wasmUs.toFixed(1)),
      ratio: Number((wasmUs / nodeUs).toFixed(2)),
    };
    console.log(
      `${row.op.padEnd(48)} node ${String(row.nodeUs).padStart(6)} µs  wasm ${String(row.wasmUs).padStart(6)} µs  ×${row.ratio}`,
    );
    return row;
  });
  const file = writeResult('rerank-wasm-ops', {
    description:
      `Cost of one operator of the reranker's graph on [${ROWS}, ${COLS}] tensors: onnxruntime-web ${ortWasm.env.versions.web} ` +
      `(the SIMD WebAssembly build the browser runs, run by Node) against onnxruntime-node (native CPU kernels), 1 thread each, ` +
      `graphOptimizationLevel 'all'. Each figure is (a chain of ${CHAIN} such operators − the empty graph) / ${CHAIN}, medians of ${RUNS} runs after ${WARMUP} warm-up runs.`,
    notes: [
      'Where the kernels are plain loops the two are close; where onnxruntime-node has wide-vector (AVX2/AVX-512) kernels and the WebAssembly build has 128-bit SIMD or scalar code, WebAssembly pays several times more. That, not the worker, is most of the rerank bench’s Web / Node ratio (its wasm.nodeWasmToNode).',
    ],
    rows,
  });
  console.log(`wrote ${file}`);
}

await main();
