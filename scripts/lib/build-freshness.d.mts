/** Types for build-freshness.mjs (plain ESM so that scripts/start.mjs runs before any build). */
export declare const SPA_BUILD_INPUTS: readonly string[];
export declare function newestMtimeMs(path: string): number;
export declare function spaBuildState(
  root: string,
  distDir?: string,
  inputs?: readonly string[],
): 'missing' | 'stale' | 'fresh';
