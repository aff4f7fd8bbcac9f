/**
 * The device remembers its EP measurements (ep-choice.ts) in localStorage, on the main thread:
 * read when the reranker loads (handed to the worker in the load options), written when a
 * measurement comes back. A few hundred bytes; storage that is missing, full or refused only
 * means the EPs are measured again on a later visit.
 */
import { parseMeasurements, rememberMeasurement, type EpMeasurement } from './ep-choice';

export const EP_MEASUREMENTS_KEY = 'inspo.rerank.ep-measurements.v1';

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

function defaultStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // A sandboxed or storage-blocked page throws on access.
    return null;
  }
}

export function readMeasurements(storage = defaultStorage()): EpMeasurement[] {
  try {
    return parseMeasurements(storage?.getItem(EP_MEASUREMENTS_KEY) ?? null);
  } catch {
    return [];
  }
}

export function saveMeasurement(measurement: EpMeasurement, storage = defaultStorage()): void {
  if (!storage) return;
  try {
    const next = rememberMeasurement(readMeasurements(storage), measurement);
    storage.setItem(EP_MEASUREMENTS_KEY, JSON.stringify(next));
  } catch {
    // Quota or privacy settings: measured again next time.
  }
}
