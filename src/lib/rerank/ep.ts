/**
 * Execution providers the reranker can run on, and the `?ep=` flag. Which one `auto` picks is
 * decided by measured cost (ep-choice.ts). Pure: no onnxruntime, no DOM.
 */

export const EXECUTION_PROVIDERS = ['webgpu', 'wasm'] as const;
export type ExecutionProvider = (typeof EXECUTION_PROVIDERS)[number];
/** `auto` picks by measured cost (ep-choice.ts); a named EP is the only one tried (tests force one). */
export type EpPreference = ExecutionProvider | 'auto';

/** URL flag that forces an EP: `?ep=wasm` or `?ep=webgpu`. */
export const EP_URL_PARAM = 'ep';

export function isExecutionProvider(value: unknown): value is ExecutionProvider {
  return typeof value === 'string' && (EXECUTION_PROVIDERS as readonly string[]).includes(value);
}

/** Reads `?ep=` from a query string; anything else (missing, misspelt) means `auto`. */
export function parseEpPreference(search: string): EpPreference {
  const value = new URLSearchParams(search).get(EP_URL_PARAM);
  return isExecutionProvider(value) ? value : 'auto';
}

let captured: EpPreference | null = null;

/**
 * Remembers the `?ep=` of the page's first URL. The app calls this at start-up,
 * before any navigation drops the flag; the reranker loads later, lazily.
 */
export function captureEpPreference(search: string): EpPreference {
  captured ??= parseEpPreference(search);
  return captured;
}

/** One try of one EP while the reranker loads: shown in the debug panel. */
export interface EpAttempt {
  ep: ExecutionProvider;
  ok: boolean;
  /** Why it failed; absent when it worked. */
  reason?: string;
  ms: number;
}

export function errorReason(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
