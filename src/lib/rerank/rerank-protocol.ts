/**
 * Messages between the main thread (rerank-main.ts) and the rerank worker
 * (rerank-worker.ts). Feature and score buffers are transferred, not copied.
 */
import type { EpAttempt, EpPreference, ExecutionProvider } from './ep';
import type { EpChoice, EpMeasurement } from './ep-choice';

export interface LoadOptions {
  preference: EpPreference;
  modelUrl: string;
  cardUrl: string;
  /** EP measurements this device remembers (ep-memory.ts); `auto` follows the one for this model. */
  measurements?: readonly EpMeasurement[];
}

/** What is known about a loaded reranker: the debug panel shows it. */
export interface RerankerInfo {
  ep: ExecutionProvider;
  /** Why this EP (ep-choice.ts): forced, no adapter, not yet measured, or measured. */
  choice: EpChoice;
  modelVersion: string;
  featureCount: number;
  /** Every EP tried, in order, with why the failed ones failed. */
  attempts: EpAttempt[];
  /** Fetch + session creation + warm-up run. */
  loadMs: number;
  thread: 'worker' | 'main';
}

export type RerankRequest =
  | { type: 'load'; id: number; options: LoadOptions }
  | { type: 'score'; id: number; features: Float32Array; rows: number }
  /** Time both EPs on this device and keep the faster (ep-measure.ts). */
  | { type: 'measure-ep'; id: number };

export type RerankResponse =
  | { type: 'loaded'; id: number; info: Omit<RerankerInfo, 'thread'> }
  | { type: 'load-failed'; id: number; reason: string; attempts: EpAttempt[] }
  | { type: 'scores'; id: number; scores: Float32Array; ms: number }
  | { type: 'score-failed'; id: number; reason: string }
  | {
      type: 'ep-measured';
      id: number;
      measurement: EpMeasurement;
      info: Omit<RerankerInfo, 'thread'>;
    }
  | { type: 'measure-failed'; id: number; reason: string };

/** Buffers a message hands over to the other thread. */
export function transferablesOf(message: RerankRequest | RerankResponse): Transferable[] {
  if (message.type === 'score') return [message.features.buffer];
  if (message.type === 'scores') return [message.scores.buffer];
  return [];
}
