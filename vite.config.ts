import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompressPlugin } from './scripts/lib/precompress';
import { firstViewChunksPlugin } from './scripts/lib/first-view-chunks';
import { pwaPlugins } from './scripts/lib/pwa';

const API_PORT = Number(process.env.PORT ?? 8080);

/*
 * The first paint's chunk: everything the app's first paint needs stays in the entry's own chunk
 * (main-*.js), one file, however many lazy chunks share parts of it.
 *
 * Why: Rolldown (1.2, Vite 8) assigns a module that both the entry and a lazy chunk import to a
 * common chunk, then merges that chunk back into the entry when it is safe. Its cycle check
 * processes those common chunks one at a time and reports false cycles, so as soon as a lazy
 * chunk shares a module the entry reaches through another shared module (React via zustand or
 * TanStack Query), the module stays out: react, jsx-runtime and api-client became modulepreloaded
 * chunks of their own, ~1.3 kB more gzip than the same code inside main (separate files compress
 * worse, and each needs import/export glue). A code-splitting group decides by reachability
 * instead: every module index.html's entry reaches through static imports goes to one chunk,
 * which Rolldown then merges into the (now empty) entry chunk.
 *
 * Modules another page (rerank-lab.html) also reaches statically stay out of the group, so that
 * page never loads the app; Rolldown's own chunking places them, as before. Lazy chunks
 * (dynamic imports) are not statically reachable, so they stay lazy.
 */

/** What the group needs of Rolldown's module graph. */
export interface ModuleGraph {
  getModuleInfo(id: string): { importedIds: readonly string[] } | null;
}

/** `entry` and every module it reaches through static imports, transitively. */
export function staticClosure(graph: ModuleGraph, entry: string): Set<string> {
  const reached = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    stack.push(...(graph.getModuleInfo(id)?.importedIds ?? []));
  }
  return reached;
}

/** The modules only `entry` reaches statically, none of `otherEntries`. */
export function firstPaintModules(
  graph: ModuleGraph,
  entry: string,
  otherEntries: readonly string[],
): Set<string> {
  const shared = new Set(otherEntries.flatMap((other) => [...staticClosure(graph, other)]));
  return new Set([...staticClosure(graph, entry)].filter((id) => !shared.has(id)));
}

/**
 * The `output.codeSplitting.groups` entry. `includeDependenciesRecursively` is off because the
 * set is already closed under static imports except for the shared modules, which must stay out.
 */
export function firstPaintGroup({
  name,
  entry,
  otherEntries,
}: {
  /** The entry's chunk name (build.rollupOptions.input's key), so the file keeps its name. */
  name: string;
  /** Module id of the entry, e.g. the absolute path of index.html. */
  entry: string;
  otherEntries: readonly string[];
}) {
  // One set per build: Rolldown calls `name` once per module, with the same graph each time.
  const perGraph = new WeakMap<ModuleGraph, Set<string>>();
  return {
    name: (id: string, graph: ModuleGraph): string | null => {
      let modules = perGraph.get(graph);
      if (!modules) {
        modules = firstPaintModules(graph, entry, otherEntries);
        perGraph.set(graph, modules);
      }
      return modules.has(id) ? name : null;
    },
    debugName: `${name} (first paint)`,
    includeDependenciesRecursively: false,
  };
}

const APP_HTML = fileURLToPath(new URL('./index.html', import.meta.url));
const RERANK_LAB_HTML = fileURLToPath(new URL('./rerank-lab.html', import.meta.url));

export default defineConfig({
  // precompressPlugin: .br and .gz beside every compressible file of dist/, served as they are
  // (scripts/lib/precompress.ts, src/server/http/static-files.ts).
  // pwaPlugins: the service worker, the web app manifest and its icons (scripts/lib/pwa.ts).
  // firstViewChunksPlugin: the lazy chunks a results page's HTML hints (scripts/lib/first-view-chunks.ts).
  plugins: [react(), firstViewChunksPlugin(), pwaPlugins(), precompressPlugin()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    target: 'es2022',
    // No modulepreload polyfill: every browser the app supports (es2022: Chrome 94, Firefox 115,
    // Safari 17) has <link rel="modulepreload">, and the polyfill cost ~0.5 kB of the first
    // paint's gzipped budget.
    modulePreload: { polyfill: false },
    rollupOptions: {
      // The rerank lab (src/lib/rerank/lab) is a second page: e2e parity specs and the latency
      // bench drive the app's own reranker through it.
      input: { main: APP_HTML, 'rerank-lab': RERANK_LAB_HTML },
      output: {
        codeSplitting: {
          // The first paint's JavaScript as one file (see firstPaintGroup).
          groups: [
            firstPaintGroup({ name: 'main', entry: APP_HTML, otherEntries: [RERANK_LAB_HTML] }),
          ],
        },
      },
    },
  },
  // The rerank worker loads onnxruntime-web with dynamic imports: only ES workers can code-split.
  worker: { format: 'es' },
  optimizeDeps: {
    // Pre-bundling would move onnxruntime-web away from the .wasm files it resolves at run time.
    exclude: ['onnxruntime-web'],
  },
  server: {
    // `npm run dev` serves the SPA with HMR and forwards API and thumbnail requests
    // to a backend started with `npm run serve`.
    proxy: {
      '/api': `http://localhost:${API_PORT}`,
      '/thumbs': `http://localhost:${API_PORT}`,
    },
  },
});
