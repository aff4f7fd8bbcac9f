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
import wasmBinaryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import webgpuBinaryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import type { ExecutionProvider } from './ep';
import { createSerialQueue } from './serial-queue';

/**
 * One WASM thread. The reranker is a small MLP over a few hundred rows: a run
 * takes well under a millisecond, less than the cost of fanning out to a thread
 * pool, and a single thread needs no pthread workers spawned from a bundled module.
 */
const WASM_THREADS = 1;

export interface ScoringSession {
  readonly ep: ExecutionProvider;
  /** Scores `rows` feature rows (row-major, `features.length = rows × featureCount`). Serialized. */
  run(features: Float32Array, rows: number): Promise<Float32Array>;
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
  featureCount,
}: {
  ep: ExecutionProvider;
  model: Uint8Array;
  inputName: string;
  outputName: string;
  featureCount: number;
}): Promise<ScoringSession> {
  const ort = await loadRuntime(ep);
  // One EP per session: with ['webgpu', 'wasm'] onnxruntime quietly runs on WASM when WebGPU fails.
  const session = await ort.InferenceSession.create(model, {
    executionProviders: [ep],
    graphOptimizationLevel: 'all',
  });
  if (!session.inputNames.includes(inputName) || !session.outputNames.includes(outputName)) {
    await session.release();
    throw new Error(
      `model has inputs [${session.inputNames.join(', ')}] and outputs [${session.outputNames.join(', ')}], ` +
        `expected "${inputName}" → "${outputName}"`,
    );
  }
  const queue = createSerialQueue();

  return {
    ep,
    run: (features, rows) =>
      queue.run(async () => {
        if (features.length !== rows * featureCount)
          throw new Error(
            `expected ${rows}×${featureCount} features, got ${features.length} values`,
          );
        const input = new ort.Tensor('float32', features, [rows, featureCount]);
        const outputs = await session.run({ [inputName]: input });
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
