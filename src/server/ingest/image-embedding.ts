/**
 * Image embeddings at index time: each pin's 1x thumbnail (the picture as the grid shows it,
 * flattened on white and cropped to the card) through the image encoder
 * (src/server/visual/image-model), L2-normalised and kept as its int8 code.
 *
 * Content-addressed like the thumbnails: `<data>/cache/visual/<image hash>.<encoder version>.i8`
 * holds the code (1,280 bytes), so an unchanged image is never embedded twice, and a new encoder
 * version embeds everything once more without touching the rest of the cache. A blank result (no
 * direction) is cached as an empty file.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { IMAGE_EMBEDDING_DIM, IMAGE_ENCODER_VERSION } from '@/lib/image-model/image-model';
import { thumbFileName, thumbsDir } from '@/server/engine/schema';
import { imageEmbeddingCode } from '@/server/visual/image-embeddings';
import { openImageEncoder, type ImageEncoder } from '@/server/visual/image-model/image-encoder';

export interface ImageEmbedder {
  readonly version: string;
  /** The int8 code of the image whose thumbnails are stored under `hash`; null for a blank image. */
  codeFor(hash: string): Promise<Int8Array | null>;
  /** Images embedded in this run, and codes read from the cache. */
  readonly stats: { embedded: number; cached: number; ms: number };
  close(): Promise<void>;
}

type Stats = ImageEmbedder['stats'];

export async function openImageEmbedder({
  dataDir,
  modelDir,
  stats = { embedded: 0, cached: 0, ms: 0 },
}: {
  dataDir: string;
  modelDir?: string;
  /** Counted into this object (the lazy embedder's). */
  stats?: Stats;
}): Promise<ImageEmbedder> {
  const encoder: ImageEncoder = await openImageEncoder(modelDir ? { modelDir } : {});
  const cacheDir = path.join(dataDir, 'cache', 'visual');
  await fs.mkdir(cacheDir, { recursive: true });
  const cacheFile = (hash: string) => path.join(cacheDir, `${hash}.${encoder.version}.i8`);
  return {
    version: encoder.version,
    stats,
    async codeFor(hash) {
      const file = cacheFile(hash);
      const cached = await fs.readFile(file).catch(() => null);
      if (cached && (cached.length === IMAGE_EMBEDDING_DIM || cached.length === 0)) {
        stats.cached++;
        return cached.length === 0
          ? null
          : new Int8Array(cached.buffer, cached.byteOffset, cached.length);
      }
      const started = performance.now();
      const thumb = await fs.readFile(path.join(thumbsDir(dataDir), thumbFileName(hash, 1)));
      const unit = await encoder.embed(thumb);
      const code = unit ? imageEmbeddingCode(unit) : null;
      const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
      await fs.writeFile(tmp, code ?? new Uint8Array(0));
      await fs.rename(tmp, file);
      stats.embedded++;
      stats.ms += performance.now() - started;
      return code;
    },
    close: () => encoder.close(),
  };
}

/**
 * An embedder opened on first use (the model loads in about a second; a build whose images all
 * fail never needs it) and closed with `close()`, whether or not it was opened.
 */
export function lazyImageEmbedder(opts: { dataDir: string; modelDir?: string }): ImageEmbedder {
  let opening: Promise<ImageEmbedder> | null = null;
  const stats: Stats = { embedded: 0, cached: 0, ms: 0 };
  const open = () => (opening ??= openImageEmbedder({ ...opts, stats }));
  return {
    get version() {
      return IMAGE_ENCODER_VERSION;
    },
    stats,
    async codeFor(hash) {
      const embedder = await open();
      return embedder.codeFor(hash);
    },
    async close() {
      if (opening) await (await opening).close();
    },
  };
}
