/**
 * The installable app, as Vite plugins (vite.config.ts): vite-plugin-pwa (2.x, which declares
 * Vite 8 support) builds the service worker from src/app/pwa/sw.ts with Workbox's injectManifest
 * and writes the web app manifest; `pwaIcons` renders the manifest's PNG icons from
 * public/favicon.svg with sharp at build time, so they always match the favicon.
 *
 * The worker is registered by the app itself, late (src/app/pwa/register-sw.ts), never by an
 * injected script: the page's CSP allows no inline script, and the first paint carries no
 * registration code.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Plugin, PluginOption } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const FAVICON = path.resolve('public', 'favicon.svg');
/** The favicon's drawing size (its viewBox is 0 0 32 32). */
const FAVICON_UNITS = 32;
export const THEME_COLOR = '#ffffff';
/**
 * Files the precache manifest may list: onnxruntime's WebAssembly (up to ~27 MB) is listed by name
 * only and the model lends its content hash; what is precached is the app shell (~0.5 MB).
 */
const MAX_LISTED_FILE_BYTES = 64 * 1024 * 1024;

interface Icon {
  file: string;
  size: number;
  /** `maskable`: a full-bleed square (launchers crop it to their shape); `any`: the round mark. */
  purpose: 'any' | 'maskable';
}

export const ICONS: readonly Icon[] = [
  { file: 'icons/icon-192.png', size: 192, purpose: 'any' },
  { file: 'icons/icon-512.png', size: 512, purpose: 'any' },
  { file: 'icons/maskable-512.png', size: 512, purpose: 'maskable' },
  // iOS's home screen icon: opaque (transparent corners turn black there), iOS rounds it itself.
  { file: 'icons/apple-touch-icon.png', size: 180, purpose: 'maskable' },
];

/**
 * The favicon as a full-bleed square: its round background becomes a square of the same colour.
 * The mark inside stays where it is, well within a maskable icon's safe zone (the middle 80 %).
 */
export function fullBleed(svg: string): string {
  const circle = /<circle\b[^>]*\bfill="([^"]+)"[^>]*\/>/.exec(svg);
  if (!circle) throw new Error('public/favicon.svg: expected a <circle … fill="…"/> background');
  return svg.replace(
    circle[0],
    `<rect width="${FAVICON_UNITS}" height="${FAVICON_UNITS}" fill="${circle[1]}"/>`,
  );
}

export async function renderIcon(svg: string, { size, purpose }: Icon): Promise<Buffer> {
  const source = Buffer.from(purpose === 'maskable' ? fullBleed(svg) : svg);
  // Rasterized at the icon's size, not scaled from a small bitmap.
  return sharp(source, { density: (72 * size) / FAVICON_UNITS })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer();
}

export function pwaIcons(): Plugin {
  return {
    name: 'inspo:pwa-icons',
    apply: 'build',
    async generateBundle() {
      const svg = await readFile(FAVICON, 'utf8');
      for (const icon of ICONS) {
        this.emitFile({ type: 'asset', fileName: icon.file, source: await renderIcon(svg, icon) });
      }
    },
  };
}

export function pwaPlugins(): PluginOption[] {
  return [
    pwaIcons(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/app/pwa',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'prompt',
      manifestFilename: 'manifest.webmanifest',
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Inspo',
        short_name: 'Inspo',
        description: 'Explore open emoji and clip-art ideas in a visual search.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: THEME_COLOR,
        icons: ICONS.filter((icon) => !icon.file.includes('apple')).map((icon) => ({
          src: `/${icon.file}`,
          sizes: `${icon.size}x${icon.size}`,
          type: 'image/png',
          purpose: icon.purpose,
        })),
      },
      injectManifest: {
        rollupFormat: 'iife',
        // onnxruntime-web's files (assets/ort*) and the model (models/*) are listed, not precached:
        // the worker caches them when the reranker first loads (sw.ts, cache-policy.ts).
        globPatterns: [
          'index.html',
          'favicon.svg',
          'icons/*.png',
          'assets/*.{js,mjs,css,wasm}',
          'models/*',
        ],
        // The rerank lab is a test page; maps and precompressed copies are not pages' files.
        globIgnores: ['assets/rerank-lab*', '**/*.map', '**/*.br', '**/*.gz'],
        maximumFileSizeToCacheInBytes: MAX_LISTED_FILE_BYTES,
        // Vite's hashed names are revisions already.
        dontCacheBustURLsMatching: /^assets\/.+-[\w-]{8}\.\w+$/,
      },
      devOptions: { enabled: false },
    }),
  ];
}
