import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo } from './machine';

/**
 * bench/results, or INSPO_BENCH_RESULTS_DIR: a bench run as one side of a comparison
 * (bench/diversity-evals.ts) writes there instead of over the committed figures.
 */
export const RESULTS_DIR =
  process.env.INSPO_BENCH_RESULTS_DIR ??
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');

/**
 * Writes bench/results/<name>.json: `{ name, machine, ...body }`. The README's figures table is
 * filled from these files, so each carries the machine it was measured on.
 */
export function writeResult(name: string, body: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ name, machine: machineInfo(), ...body }, null, 2)}\n`);
  return file;
}
