/**
 * Reads the MobileNetV2 that the npm package nsfwjs ships (dist/models/mobilenet_v2: model.min.js
 * holds the Keras topology and weights manifest, group1-shard1of1.min.js the weights as base64; each
 * a UMD bundle whose export is that value). nsfwjs itself imports them as modules; here each file
 * is evaluated in an empty V8 context (no require, no process), which is all a UMD bundle of a
 * literal needs, and the package's `exports` map (which hides dist/models) does not get in the way.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import type { KerasModelJson } from './keras-to-onnx';

export const NSFWJS_PACKAGE = 'nsfwjs';
const MODEL_SUBDIR = path.join('dist', 'models', 'mobilenet_v2');
/** The backbone ends here: global average pool (7 × 7 → 1) and flatten, 1,280 values; nsfwjs's own classifier head (dense_1…) follows. */
export const MOBILENET_FEATURE_LAYER = 'flatten_1';

/** The installed package's folder (its main entry is dist/cjs/index.js). */
export function nsfwjsPackageDir(): string {
  const main = createRequire(import.meta.url).resolve(NSFWJS_PACKAGE);
  let dir = path.dirname(main);
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'cjs') {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${main}`);
    dir = parent;
  }
  return dir;
}

function evalUmd(file: string): unknown {
  const module = { exports: {} as unknown };
  vm.runInNewContext(
    fs.readFileSync(file, 'utf8'),
    { module, exports: module.exports },
    { filename: file },
  );
  // Through JSON into this realm: the other context's arrays fail `instanceof Array` (TF.js checks it).
  return JSON.parse(JSON.stringify(module.exports)) as unknown;
}

export interface NsfwjsMobilenet {
  json: KerasModelJson;
  /** The weights' bytes, in manifest order. */
  weightData: Uint8Array;
  /** The nsfwjs version they come from. */
  version: string;
}

export function loadNsfwjsMobilenet(packageDir = nsfwjsPackageDir()): NsfwjsMobilenet {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  if (pkg.name !== NSFWJS_PACKAGE)
    throw new Error(`${packageDir} holds ${pkg.name}, not ${NSFWJS_PACKAGE}`);
  const dir = path.join(packageDir, MODEL_SUBDIR);
  const json = evalUmd(path.join(dir, 'model.min.js')) as KerasModelJson;
  const shards = json.weightsManifest.flatMap((g) => g.paths);
  const parts = shards.map((shard) => {
    const base64 = evalUmd(path.join(dir, `${shard}.min.js`));
    if (typeof base64 !== 'string')
      throw new Error(`${shard}.min.js does not export a base64 string`);
    return Buffer.from(base64, 'base64');
  });
  return { json, weightData: new Uint8Array(Buffer.concat(parts)), version: pkg.version };
}
