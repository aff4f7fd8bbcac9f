/**
 * Whether the built SPA (dist/) is older than what it is built from, so that `npm start` after a
 * `git pull` serves the new app rather than the last build. By modification times, as
 * scripts/cluster.mjs decides about its launcher (with newestMtimeMs too): a checkout writes the
 * files it changes, and a build writes dist/index.html last. Plain ESM so that scripts/start.mjs
 * runs before any build.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the SPA build reads, relative to the repository root (folders are read whole). */
export const SPA_BUILD_INPUTS = [
  'src',
  'public',
  'index.html',
  'rerank-lab.html',
  'vite.config.ts',
  'scripts/lib',
  'tsconfig.json',
  'package-lock.json',
];

/** The newest modification time of a file, or of any file under a folder; 0 when it does not exist. */
export function newestMtimeMs(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path))
    newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

/**
 * 'missing' (no dist/index.html), 'stale' (an input changed after it was written) or 'fresh'.
 * `inputs` are relative to `root`; `distDir` is the build's folder.
 */
export function spaBuildState(root, distDir = join(root, 'dist'), inputs = SPA_BUILD_INPUTS) {
  const built = join(distDir, 'index.html');
  if (!existsSync(built)) return 'missing';
  const builtAt = statSync(built).mtimeMs;
  return inputs.some((input) => newestMtimeMs(join(root, input)) > builtAt) ? 'stale' : 'fresh';
}
