/**
 * Precompresses a built dist/ after the fact: what `npm start` runs in the background on a fresh
 * clone, once the server is up, instead of holding the first start for the build's precompression
 * (brotli over the ~40 MB of onnxruntime WebAssembly takes minutes on two cores). Until a file's
 * copies exist the server compresses it on the fly; each copy appears whole (written, then renamed).
 *
 *   tsx scripts/precompress-dist.ts [distDir]   (default dist/)
 */
import os from 'node:os';
import path from 'node:path';
import { precompressDir } from './lib/precompress';

const distDir = path.resolve(process.argv[2] ?? 'dist');
// Below the server's priority: the threads compressing are started after this, and inherit it.
os.setPriority(os.constants.priority.PRIORITY_BELOW_NORMAL);
const started = performance.now();
const files = await precompressDir(distDir);
console.log(
  `[start] precompressed ${files.length} files of ${path.relative(process.cwd(), distDir) || '.'} in ` +
    `${((performance.now() - started) / 1000).toFixed(1)} s (${files.filter((f) => f.cached).length} from cache)`,
);
