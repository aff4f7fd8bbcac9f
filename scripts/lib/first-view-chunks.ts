/**
 * The lazy chunks a results page needs before its first thumbnails, listed at build time in
 * dist/first-view-chunks.json: the server hints them (`<link rel="modulepreload">`) in the HTML of
 * a /search address, next to the page's first answer (src/server/http/first-view.ts). On a slow
 * phone link they then download while the app's own script downloads and runs, instead of after
 * it: the app asks for exactly these as soon as it runs (src/app/prefetch-first-view.ts).
 *
 * Only results pages get the hints: the first paint's own JavaScript (index.html, checked by
 * scripts/check-bundle-budget.ts) is unchanged, and the home page loads none of this early.
 */
import path from 'node:path';
import type { Plugin } from 'vite';

export const FIRST_VIEW_CHUNKS_FILE = 'first-view-chunks.json';

/**
 * What a results page's first render needs of what prefetch-first-view.ts imports: the pool feed
 * that cuts the first page (a first visit's is out in the first render: server order, known at
 * once). Nothing else: on a phone's link every hinted file shares the bandwidth and the six
 * connections with main.js and the first row's thumbnails, and main.js's arrival is what the
 * first paint waits for (bench/web-vitals.ts, mobile cold). The rest is asked for as main.js
 * runs (prefetch-first-view.ts) and comes while it starts up: the chip rail (its box is held
 * until then), the cards' Save buttons (drawn over the image), and on a device with a history
 * the personalization that orders its first page (a return visit finds those in the HTTP cache).
 */
// Not the zod contract: the first answer comes with the page and is checked later
// (src/lib/api-client/api-client.ts), so the contract is not on the first results' path.
export const FIRST_VIEW_MODULES = [
  'src/features/search/feed/pool-feed.ts',
  'src/features/search/api/get-pins.ts',
] as const;

interface ChunkInfo {
  fileName: string;
  isEntry: boolean;
  facadeModuleId: string | null;
  imports: readonly string[];
}

/**
 * The files of the chunks that hold `modules`, with the chunks they import statically, less
 * what the entry loads anyway (its own file and its static imports).
 */
export function firstViewChunks(
  chunks: readonly ChunkInfo[],
  modules: readonly string[],
  root: string,
): string[] {
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const entry = chunks.find((c) => c.isEntry && c.facadeModuleId?.endsWith('index.html'));
  const loaded = new Set<string>();
  const visit = (file: string, into: Set<string>) => {
    if (into.has(file)) return;
    into.add(file);
    for (const imported of byFile.get(file)?.imports ?? []) visit(imported, into);
  };
  if (entry) visit(entry.fileName, loaded);
  const wanted = new Set<string>();
  for (const module of modules) {
    const id = path.join(root, module);
    const chunk = chunks.find((c) => c.facadeModuleId === id);
    if (!chunk)
      throw new Error(`first-view chunks: no chunk for ${module} (is it still imported lazily?)`);
    visit(chunk.fileName, wanted);
  }
  return [...wanted].filter((file) => !loaded.has(file));
}

export function firstViewChunksPlugin(): Plugin {
  let root = process.cwd();
  return {
    name: 'inspo:first-view-chunks',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((output) =>
        output.type === 'chunk'
          ? [
              {
                fileName: output.fileName,
                isEntry: output.isEntry,
                facadeModuleId: output.facadeModuleId,
                imports: output.imports,
              },
            ]
          : [],
      );
      this.emitFile({
        type: 'asset',
        fileName: FIRST_VIEW_CHUNKS_FILE,
        source: `${JSON.stringify(firstViewChunks(chunks, FIRST_VIEW_MODULES, root))}\n`,
      });
    },
  };
}
