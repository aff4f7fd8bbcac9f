/**
 * Precompressed copies of the built files: next to each compressible file in dist/ (JS, CSS,
 * HTML, SVG, JSON, the onnxruntime .wasm binaries, the model), a `.br` (brotli, 16 MiB window,
 * quality 11, or 10 for files over 4 MB) and a `.gz` (gzip level 9). The server sends them as they are
 * (@fastify/static `preCompressed`, src/server/http/static-files.ts), so the 14 MB WASM runtime
 * is compressed once at build time, at the best ratio, instead of at brotli quality 4 on every
 * download.
 *
 * Why a small build step on node:zlib rather than a registry plugin (vite-plugin-compression2
 * and the like): zlib already has brotli, this needs ~100 lines, the brotli window and size hint
 * matter for the 14–27 MB binaries, and a new build dependency would have to be audited by hand
 * (docs/dependency-audit.md). Outputs are cached by content hash (node_modules/.cache): the
 * runtime's binaries do not change between builds, so only the first build pays for them.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Logger, Plugin } from 'vite';

/** Files worth compressing: text, WebAssembly, and the ONNX model. Images are compressed already. */
export const PRECOMPRESS_EXTENSIONS = [
  '.js',
  '.mjs',
  '.css',
  '.html',
  '.svg',
  '.json',
  '.wasm',
  '.onnx',
] as const;
/** Below this, compression saves less than a packet (the server's on-the-fly threshold too). */
export const PRECOMPRESS_MIN_BYTES = 1024;
/** A copy is written only when it is at least this much smaller than the file. */
const MIN_SAVING = 0.05;
const BROTLI_QUALITY = constants.BROTLI_MAX_QUALITY;
/**
 * Above this size, quality 10. On the 14 MB WASM runtime: quality 11 gives 2.30 MB, 10 gives
 * 2.39 MB, 9 gives 2.67 MB and gzip 9 3.69 MB; 11 took 2–5 minutes on the 2-core dev machine, 10
 * about a minute, and a fresh clone (CI) compresses both runtimes (14 and 27 MB) once per build.
 */
const BROTLI_LARGE_FILE_BYTES = 4_000_000;
const BROTLI_LARGE_FILE_QUALITY = 10;
/** 16 MiB: the largest window; it pays for the multi-megabyte WebAssembly binaries. */
const BROTLI_WINDOW_BITS = constants.BROTLI_MAX_WINDOW_BITS;
const GZIP_LEVEL = 9;
/** Part of the cache key: change it when the settings above change. */
const SETTINGS = `br${BROTLI_QUALITY}-${BROTLI_LARGE_FILE_QUALITY}w${BROTLI_WINDOW_BITS}-gz${GZIP_LEVEL}-v1`;
/** Files compressed at once (zlib runs them on libuv's thread pool). */
const CONCURRENCY = 2;

/** `INSPO_PRECOMPRESS=later`: the build leaves precompression to scripts/precompress-dist.ts. */
export const DEFER_ENV = 'INSPO_PRECOMPRESS';

export const DEFAULT_CACHE_DIR = path.resolve('node_modules', '.cache', 'inspo-precompress');

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export type Encoding = 'br' | 'gz';

export interface PrecompressedFile {
  /** Path relative to the folder. */
  file: string;
  bytes: number;
  /** Size of each copy written (an encoding is absent when it did not save enough). */
  br?: number;
  gz?: number;
  /** Taken from the cache rather than compressed now. */
  cached: boolean;
}

export function shouldPrecompress(file: string, bytes: number): boolean {
  return (
    bytes >= PRECOMPRESS_MIN_BYTES &&
    (PRECOMPRESS_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase())
  );
}

async function* walk(dir: string, base = dir): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full, base);
    else if (entry.isFile()) yield path.relative(base, full);
  }
}

function compress(data: Buffer, encoding: Encoding): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(data, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]:
            data.length > BROTLI_LARGE_FILE_BYTES ? BROTLI_LARGE_FILE_QUALITY : BROTLI_QUALITY,
          [constants.BROTLI_PARAM_LGWIN]: BROTLI_WINDOW_BITS,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      })
    : gzipAsync(data, { level: GZIP_LEVEL });
}

/** The compressed bytes, from the cache when this content was compressed before. */
async function compressed(
  data: Buffer,
  encoding: Encoding,
  cacheDir: string | null,
): Promise<{ bytes: Buffer; cached: boolean }> {
  const key = `${createHash('sha256').update(data).digest('hex')}-${SETTINGS}.${encoding}`;
  const cached = cacheDir ? path.join(cacheDir, key) : null;
  if (cached && existsSync(cached)) return { bytes: await readFile(cached), cached: true };
  const bytes = await compress(data, encoding);
  if (cached) {
    await mkdir(cacheDir!, { recursive: true });
    // Written under a temporary name and renamed, so a parallel build never reads half a file.
    const partial = `${cached}.${process.pid}.tmp`;
    await writeFile(partial, bytes);
    await rename(partial, cached);
  }
  return { bytes, cached: false };
}

/** Writes `<file>.br` and `<file>.gz` next to every compressible file in `dir`. */
export async function precompressDir(
  dir: string,
  { cacheDir = DEFAULT_CACHE_DIR }: { cacheDir?: string | null } = {},
): Promise<PrecompressedFile[]> {
  const todo: { file: string; bytes: number }[] = [];
  for await (const file of walk(dir)) {
    const { size } = await stat(path.join(dir, file));
    if (shouldPrecompress(file, size)) todo.push({ file, bytes: size });
  }
  // Largest first, so the big binaries do not end up last on one thread.
  todo.sort((a, b) => b.bytes - a.bytes);

  const results: PrecompressedFile[] = [];
  const work = async () => {
    for (let next = todo.shift(); next; next = todo.shift()) {
      const full = path.join(dir, next.file);
      const data = await readFile(full);
      const result: PrecompressedFile = { file: next.file, bytes: data.length, cached: true };
      for (const encoding of ['br', 'gz'] as const) {
        const out = await compressed(data, encoding, cacheDir);
        result.cached &&= out.cached;
        if (out.bytes.length > data.length * (1 - MIN_SAVING)) continue;
        // Whole or not at all: a server may already be serving this folder (deferred, below).
        const partial = `${full}.${encoding}.${process.pid}.tmp`;
        await writeFile(partial, out.bytes);
        await rename(partial, `${full}.${encoding}`);
        result[encoding] = out.bytes.length;
      }
      results.push(result);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, work));
  return results.sort((a, b) => a.file.localeCompare(b.file));
}

/** Vite plugin: precompresses the output folder once the build has written it (public/ included). */
export function precompressPlugin({
  cacheDir = DEFAULT_CACHE_DIR,
}: { cacheDir?: string | null } = {}): Plugin {
  let outDir = '';
  let logger: Logger | null = null;
  return {
    name: 'inspo:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      logger = config.logger;
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        // `npm start` on a fresh clone serves first and precompresses afterwards
        // (scripts/precompress-dist.ts): the server compresses on the fly until the copies exist.
        if (process.env[DEFER_ENV] === 'later') {
          logger?.info('precompression deferred (scripts/precompress-dist.ts writes the copies)');
          return;
        }
        const started = performance.now();
        const files = await precompressDir(outDir, { cacheDir });
        const total = (key: 'bytes' | 'br' | 'gz') => files.reduce((s, f) => s + (f[key] ?? 0), 0);
        const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
        logger?.info(
          `precompressed ${files.length} files (${files.filter((f) => f.cached).length} from cache) in ` +
            `${((performance.now() - started) / 1000).toFixed(1)} s: ${mb(total('bytes'))} → ` +
            `br ${mb(total('br'))}, gz ${mb(total('gz'))}`,
        );
      },
    },
  };
}
