/**
 * Messages between the main thread (encoder-main.ts) and the image encoder's worker
 * (encoder-worker.ts). Pictures go over as ImageBitmaps, inputs and features as Float32Arrays:
 * all transferred, not copied.
 */
import type { EpAttempt, EpPreference, ExecutionProvider } from '../ep';
import type { EpChoice, EpMeasurement } from '../ep-choice';

export interface EncoderLoadOptions {
  preference: EpPreference;
  modelUrl: string;
  modelVersion: string;
  /** EP measurements this device remembers (ep-memory.ts); `auto` follows the one for this model. */
  measurements?: readonly EpMeasurement[];
}

export interface EncoderInfo {
  ep: ExecutionProvider;
  choice: EpChoice;
  modelVersion: string;
  attempts: EpAttempt[];
  /** Bytes of the model as decoded (what onnxruntime reads). */
  modelBytes: number;
  /** Fetch + session creation + warm-up run. */
  loadMs: number;
  thread: 'worker' | 'main';
}

/** Where a picture's region is, in fractions of its width and height (0..1). */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type EncoderRequest =
  | { type: 'load'; id: number; options: EncoderLoadOptions }
  /** A picture (already cut to the region); the worker resizes and preprocesses it. */
  | { type: 'embed'; id: number; bitmap: ImageBitmap }
  /** The model's input itself (parity checks, the bench). */
  | { type: 'embed-input'; id: number; input: Float32Array }
  | { type: 'measure-ep'; id: number };

export type EncoderResponse =
  | { type: 'progress'; id: number; loaded: number; total: number | null }
  | { type: 'loaded'; id: number; info: Omit<EncoderInfo, 'thread'> }
  | { type: 'load-failed'; id: number; reason: string; attempts: EpAttempt[] }
  /** The pooled features (not normalised) and the model run's time. */
  | { type: 'embedded'; id: number; features: Float32Array; ms: number }
  | { type: 'embed-failed'; id: number; reason: string }
  | { type: 'ep-measured'; id: number; measurement: EpMeasurement; info: Omit<EncoderInfo, 'thread'> }
  | { type: 'measure-failed'; id: number; reason: string };

export function encoderTransferables(message: EncoderRequest | EncoderResponse): Transferable[] {
  if (message.type === 'embed') return [message.bitmap];
  if (message.type === 'embed-input') return [message.input.buffer];
  if (message.type === 'embedded') return [message.features.buffer];
  return [];
}
