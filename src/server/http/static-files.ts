/**
 * The built SPA and the thumbnails, from the same origin as the API.
 * - /assets/* are Vite's content-hashed files: cached for a year, immutable.
 * - Other files in dist/ (index.html, favicon, the ONNX model) keep their names
 *   across builds, so browsers revalidate them (ETag) on every use.
 * - dist/ files are served precompressed where the build wrote `.br` / `.gz` copies
 *   (scripts/lib/precompress.ts): brotli, else gzip, by Accept-Encoding, with
 *   `Vary: Accept-Encoding`; the on-the-fly compression then leaves them alone.
 * - /thumbs/* are content-addressed by the indexer: immutable too. Only WebP files directly in
 *   the folder are served: corpus SVG reaches browsers rasterized, never as markup, even if
 *   some other file were ever written there.
 * - /media/* are video pins' clips and captions (engine/pin-media.ts), content-addressed like the
 *   thumbnails, so immutable too, and served with Range requests (@fastify/static's send: `Accept-Ranges`,
 *   206 Partial Content), which a <video> needs to seek and to start playing before the whole
 *   file has come. Only `<sha256>.webm|mp4|vtt` names directly in the folder are served.
 * - A browser navigation to any other path (/search?q=…, /pin/…) gets index.html
 *   and the SPA routes it (a results page with its first answer in it: first-view.ts);
 *   API, asset and thumbnail misses stay JSON 404s so a missing chunk never turns into
 *   HTML parsed as JavaScript.
 */
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MEDIA_PREFIX } from '@/contract/constants';
import { MEDIA_FILE_NAME } from '@/server/engine/pin-media';
import { ApiError } from '@/server/http/api-error';
import { htmlWithFirstView } from '@/server/http/first-view';

export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
export const REVALIDATE_CACHE_CONTROL = 'no-cache';

const INDEX_HTML = 'index.html';
const ASSETS_DIR = 'assets';
/**
 * The image encoder's file is named by its content's hash (src/lib/image-model:
 * image-encoder-<sha256 prefix>.onnx, its .br and .gz beside it), so it is cached like /assets:
 * visual search downloads its several MB once.
 */
const CONTENT_NAMED_MODEL = /[\\/]models[\\/]image-encoder-[0-9a-f]{12}\.onnx(\.br|\.gz)?$/;
/** Paths that never fall back to the SPA. */
const NON_SPA_PREFIXES = ['/api/', '/thumbs/', MEDIA_PREFIX, `/${ASSETS_DIR}/`];
const MAX_ECHOED_PATH_LENGTH = 100;
/** The one kind of file /thumbs serves: a WebP directly in the folder (no subfolders, no ".."). */
const THUMBNAIL_PATH = /^\/[A-Za-z0-9_-][A-Za-z0-9._-]*\.webp$/;

const API_ONLY_MESSAGE = [
  'Inspo API is running, but the web app has not been built (no dist/index.html).',
  'Run `npm run build` and restart, or use `npm start`, which builds it first.',
  'The API is described at /api/v1/openapi.json.',
  '',
].join('\n');

export function hasBuiltSpa(distDir: string | null): distDir is string {
  return distDir !== null && existsSync(join(distDir, INDEX_HTML));
}

function pathOf(request: FastifyRequest): string {
  const queryStart = request.url.indexOf('?');
  return queryStart === -1 ? request.url : request.url.slice(0, queryStart);
}

function isSpaNavigation(request: FastifyRequest): boolean {
  const path = pathOf(request);
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    path !== '/api' &&
    !NON_SPA_PREFIXES.some((prefix) => path.startsWith(prefix)) &&
    (request.headers.accept ?? '').includes('text/html')
  );
}

/** Registers on the root instance: the not-found handler it sets is the whole site's. */
export function registerStaticFiles(
  app: FastifyInstance,
  {
    distDir,
    thumbsDir,
    mediaDir = null,
  }: { distDir: string | null; thumbsDir: string | null; mediaDir?: string | null },
): void {
  const spa = hasBuiltSpa(distDir);
  if (spa) {
    const assetsDir = join(distDir, ASSETS_DIR) + sep;
    void app.register(fastifyStatic, {
      root: distDir,
      prefix: '/',
      index: false,
      redirect: false,
      cacheControl: false,
      // <file>.br / <file>.gz written at build time, chosen by Accept-Encoding (then the file itself).
      preCompressed: true,
      // @fastify/static >= 10 passes the Fastify reply here, not the raw response.
      setHeaders: (reply, filePath) => {
        reply.header(
          'cache-control',
          filePath.startsWith(assetsDir) || CONTENT_NAMED_MODEL.test(filePath)
            ? IMMUTABLE_CACHE_CONTROL
            : REVALIDATE_CACHE_CONTROL,
        );
      },
    });
  } else {
    app.get('/', async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send(API_ONLY_MESSAGE),
    );
  }

  if (thumbsDir !== null && existsSync(thumbsDir)) {
    void app.register(fastifyStatic, {
      root: thumbsDir,
      prefix: '/thumbs/',
      decorateReply: false,
      index: false,
      redirect: false,
      cacheControl: false,
      // Anything else is a 404 before the file system is asked.
      allowedPath: (pathName) => THUMBNAIL_PATH.test(pathName),
      setHeaders: (reply) => {
        reply.header('cache-control', IMMUTABLE_CACHE_CONTROL);
      },
    });
  }

  if (mediaDir !== null && existsSync(mediaDir)) {
    void app.register(fastifyStatic, {
      root: mediaDir,
      prefix: MEDIA_PREFIX,
      decorateReply: false,
      index: false,
      redirect: false,
      cacheControl: false,
      acceptRanges: true,
      allowedPath: (pathName) => MEDIA_FILE_NAME.test(pathName.slice(1)),
      setHeaders: (reply) => {
        reply.header('cache-control', IMMUTABLE_CACHE_CONTROL);
      },
    });
  }

  const sendIndexHtml = (reply: FastifyReply) =>
    reply
      .header('cache-control', REVALIDATE_CACHE_CONTROL)
      .sendFile(INDEX_HTML, { cacheControl: false });
  if (spa) {
    // The static handler answers a directory with 403; the root is the app whatever the client accepts.
    app.get('/', async (_request, reply) => sendIndexHtml(reply));
  }

  const indexHtmlPath = spa ? join(distDir, INDEX_HTML) : null;
  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    if (indexHtmlPath && isSpaNavigation(request)) {
      // A results page comes with its first answer in it (first-view.ts).
      const html = await htmlWithFirstView({ app, request, indexHtmlPath });
      if (html === null) return sendIndexHtml(reply);
      return reply
        .header('cache-control', REVALIDATE_CACHE_CONTROL)
        .type('text/html; charset=utf-8')
        .send(html);
    }
    const path = pathOf(request).slice(0, MAX_ECHOED_PATH_LENGTH);
    throw new ApiError({
      statusCode: 404,
      code: 'not_found',
      message: `Nothing at ${request.method} ${path}.`,
    });
  });
}
