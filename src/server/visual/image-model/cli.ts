/**
 * `npm run image-model`: writes the image encoder into public/models when it is not there yet
 * (image-encoder.ts ensureImageEncoder), from the installed nsfwjs package, nothing downloaded.
 * `npm start`, `npm run build` and `npm run dev` run it first, so the SPA build copies the file and
 * the index build finds it. `--model-dir <dir>` writes elsewhere.
 */
import fs from 'node:fs';
import { IMAGE_ENCODER_URL } from '@/lib/image-model/image-model';
import { DEFAULT_MODEL_DIR, ensureImageEncoder } from './image-encoder';

const flag = process.argv.indexOf('--model-dir');
const modelDir = flag >= 0 ? process.argv[flag + 1] : DEFAULT_MODEL_DIR;
if (!modelDir) throw new Error('--model-dir needs a folder');
const { path: file, exported } = ensureImageEncoder(modelDir);
const bytes = fs.statSync(file).size;
console.log(
  `image encoder ${exported ? 'exported to' : 'already at'} ${file} (${(bytes / 1e6).toFixed(2)} MB; served as ${IMAGE_ENCODER_URL})`,
);
