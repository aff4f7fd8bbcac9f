/**
 * The ONLY module that touches onnxruntime-web. Everything else in the app
 * talks to a `ScoringSession`. It is loaded with a dynamic import (from the
 * worker, or from the main-thread fallback), so neither the runtime nor its
 * WebAssembly is in the initial bundle.
 *
 * - WASM EP: `onnxruntime-web/wasm` (the plain SIMD build, no WebGPU code).
 * - WebGPU EP: `onnxruntime-web/webgpu` (the asyncify build with the native WebGPU EP).
 * The `.wasm` binaries are imported with Vite's `?url`, so they are emitted as
 * hashed assets and served from our own origin (CSP connect-src 'self'); the
 * `.mjs` glue is already inside those bundles.
 */
import type * as Ort from 'onnxruntime-web';
import { unpackSequenceInputs } from '@/ranking/sequence-inputs';
import {
  CANDIDATE_FEATURE_COUNT,
  EVENT_WIDTH,
  ITEM_WIDTH,
  SEQUENCE_INPUT_NAMES,
  SEQUENCE_LENGTH,
} from '@/ranking/sequence-spec';
import wasmBinaryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import webgpuBinaryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import type { ExecutionProvider } from './ep';
import { createSerialQueue } from './serial-queue';

/**
 * One WASM thread. The reranker is a small model over a few hundred rows: a run
 * takes about a millisecond, less than the cost of fanning out to a thread pool,
 * and a single thread needs no pthread workers spawned from a bundled module.
 */
const WASM_THREADS = 1;

export interface ScoringSession {
  readonly ep: ExecutionProvider;
  /**
   * Scores `rows` candidates from their packed inputs (src/ranking/sequence-inputs.ts:
   * packSequenceInputs, length packedInputLength(rows)). Serialized.
   */
  run(packed: Float32Array, rows: number): Promise<Float32Array>;
  release(): Promise<void>;
}

type OrtModule = typeof Ort;

const runtimes = new Map<ExecutionProvider, Promise<OrtModule>>();

function loadRuntime(ep: ExecutionProvider): Promise<OrtModule> {
  let pending = runtimes.get(ep);
  if (!pending) {
    pending = (
      ep === 'webgpu'
        ? import('onnxruntime-web/webgpu').then((ort) => configure(ort, webgpuBinaryUrl))
        : import('onnxruntime-web/wasm').then((ort) => configure(ort, wasmBinaryUrl))
    ).catch((error: unknown) => {
      runtimes.delete(ep);
      throw error;
    });
    runtimes.set(ep, pending);
  }
  return pending;
}

function configure(ort: OrtModule, wasm: string): OrtModule {
  ort.env.wasm.wasmPaths = { wasm: new URL(wasm, self.location.href).href };
  ort.env.wasm.numThreads = WASM_THREADS;
  // We already run inside our own worker (or chose the main thread on purpose).
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error';
  return ort;
}

export async function createScoringSession({
  ep,
  model,
  inputName,
  outputName,
}: {
  ep: ExecutionProvider;
  model: Uint8Array;
  /** The model card's first input; the graph must take exactly SEQUENCE_INPUT_NAMES. */
  inputName: string;
  outputName: string;
}): Promise<ScoringSession> {
  const ort = await loadRuntime(ep);
  // One EP per session: with ['webgpu', 'wasm'] onnxruntime quietly runs on WASM when WebGPU fails.
  const session = await ort.InferenceSession.create(model, {
    executionProviders: [ep],
    graphOptimizationLevel: 'all',
  });
  const inputsMatch =
    session.inputNames.length === SEQUENCE_INPUT_NAMES.length &&
    SEQUENCE_INPUT_NAMES.every((name) => session.inputNames.includes(name)) &&
    session.inputNames.includes(inputName);
  if (!inputsMatch || !session.outputNames.includes(outputName)) {
    await session.release();
    throw new Error(
      `model has inputs [${session.inputNames.join(', ')}] and outputs [${session.outputNames.join(', ')}], ` +
        `expected [${SEQUENCE_INPUT_NAMES.join(', ')}] → "${outputName}"`,
    );
  }
  const [featuresName, itemsName, historyName] = SEQUENCE_INPUT_NAMES;
  const queue = createSerialQueue();

  return {
    ep,
    run: (packed, rows) =>
      queue.run(async () => {
        // Views into the one buffer the page sent (throws when its length is not the layout's).
        const x = unpackSequenceInputs(packed, rows);
        const outputs = await session.run({
          [featuresName]: new ort.Tensor('float32', x.features, [rows, CANDIDATE_FEATURE_COUNT]),
          [itemsName]: new ort.Tensor('float32', x.items, [rows, ITEM_WIDTH]),
          [historyName]: new ort.Tensor('float32', x.history, [SEQUENCE_LENGTH, EVENT_WIDTH]),
        });
        const output = outputs[outputName];
        if (!output) throw new Error(`model returned no "${outputName}" output`);
        try {
          const data = await output.getData();
          if (!(data instanceof Float32Array) || data.length !== rows)
            throw new Error(
              `model returned ${data.length} scores of ${output.type} for ${rows} rows`,
            );
          // Copy: the caller transfers this buffer to another thread.
          return data.slice();
        } finally {
          output.dispose();
        }
      }),
    release: () => queue.run(() => session.release()),
  };
}

/** One image model session (src/lib/image-model's encoder): one picture in, pooled features out. */
export interface ImageSession {
  readonly ep: ExecutionProvider;
  /** `input`: the model's input for one picture (pixelsToInput); the features, copied out. */
  run(input: Float32Array): Promise<Float32Array>;
  release(): Promise<void>;
}

/**
 * The image encoder on one EP, through the same runtimes as the reranker (one owner of
 * onnxruntime-web, one download of each runtime for both models).
 */
export async function createImageSession({
  ep,
  model,
  inputName,
  outputName,
  inputShape,
  outputSize,
}: {
  ep: ExecutionProvider;
  model: Uint8Array;
  inputName: string;
  outputName: string;
  /** e.g. [1, 3, 224, 224]. */
  inputShape: readonly number[];
  outputSize: number;
}): Promise<ImageSession> {
  const ort = await loadRuntime(ep);
  const session = await ort.InferenceSession.create(model, {
    executionProviders: [ep],
    graphOptimizationLevel: 'all',
  });
  if (!session.inputNames.includes(inputName) || !session.outputNames.includes(outputName)) {
    await session.release();
    throw new Error(
      `image model has inputs [${session.inputNames.join(', ')}] and outputs [${session.outputNames.join(', ')}], expected "${inputName}" → "${outputName}"`,
    );
  }
  const queue = createSerialQueue();
  return {
    ep,
    run: (input) =>
      queue.run(async () => {
        const outputs = await session.run({
          [inputName]: new ort.Tensor('float32', input, [...inputShape]),
        });
        const output = outputs[outputName];
        if (!output) throw new Error(`image model returned no "${outputName}" output`);
        try {
          const data = await output.getData();
          if (!(data instanceof Float32Array) || data.length !== outputSize)
            throw new Error(`image model returned ${data.length} values of ${output.type}, expected ${outputSize}`);
          return data.slice();
        } finally {
          output.dispose();
        }
      }),
    release: () => queue.run(() => session.release()),
  };
}
