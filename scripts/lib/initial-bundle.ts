/**
 * What the browser must fetch before the first paint, read from a Vite build (dist/):
 * index.html's module scripts and modulepreloads, then every static `import … from` /
 * `export … from` those files make, transitively. Dynamic `import()` targets are lazy by
 * definition and are not followed. Used by scripts/check-bundle-budget.ts (CI) and
 * bench/rerank-latency-web.ts (the figure in the README), so both measure the same thing.
 *
 * Sizes are gzip level 9 (`gzip --best`), file by file, as a CDN would store them; Vite's
 * build printout uses level 6 and reads about 1 % higher. The pure parts (HTML and import
 * parsing, the verdict) take strings; only readInitialBundle touches the file system.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The budget: initial JavaScript ≤ 100 KB gzipped, read as decimal kilobytes (the unambiguous,
 * stricter reading): 100,000 bytes, not 102,400.
 */
export const INITIAL_JS_BUDGET_GZIP_BYTES = 100_000;
const GZIP_LEVEL = 9;

/**
 * Strings only onnxruntime-web's own bundles contain: its banner (worker builds keep it) and
 * the name of its proxy worker (every build). The loader chunk that only holds the hashed
 * .wasm URL (a Vite `?url` import) matches neither.
 */
const ORT_MARKERS = ['ONNX Runtime Web', 'ort-wasm-proxy-worker'];
const ORT_PACKAGE_PATH = 'node_modules/onnxruntime-web/';
/** Files that must only ever be fetched on demand. */
const LAZY_ONLY_FILE = /\.(?:wasm|onnx)(?:[?#].*)?$/i;
/** A .wasm or .onnx URL written into code: fetching it on the first paint is a mistake. */
const LAZY_ONLY_URL = /["'`]([^"'`\s]*\.(?:wasm|onnx))["'`]/gi;

export interface HtmlRefs {
  /** `<script type="module" src>`: the entry points. */
  moduleScripts: string[];
  /** `<link rel="modulepreload" href>`. */
  modulePreloads: string[];
  /** `<link rel="preload|prefetch" href>` and classic `<script src>`: anything else fetched early. */
  otherFetches: string[];
  /** `<link rel="stylesheet" href>`: render-blocking CSS (reported, not budgeted). */
  stylesheets: string[];
}

const attribute = (tag: string, name: string): string | undefined =>
  new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')
    .exec(tag)
    ?.slice(1)
    .find((v) => v !== undefined);

/** The URLs index.html makes the browser fetch up front, by kind. */
export function parseHtmlRefs(html: string): HtmlRefs {
  const refs: HtmlRefs = {
    moduleScripts: [],
    modulePreloads: [],
    otherFetches: [],
    stylesheets: [],
  };
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = attribute(tag, 'src');
    if (src === undefined) continue;
    (attribute(tag, 'type') === 'module' ? refs.moduleScripts : refs.otherFetches).push(src);
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const href = attribute(tag, 'href');
    const rel = attribute(tag, 'rel')?.toLowerCase().split(/\s+/) ?? [];
    if (href === undefined) continue;
    if (rel.includes('modulepreload')) refs.modulePreloads.push(href);
    else if (rel.includes('stylesheet')) refs.stylesheets.push(href);
    else if (rel.includes('preload') || rel.includes('prefetch')) refs.otherFetches.push(href);
  }
  return refs;
}

/**
 * Specifiers of a module's static imports and re-exports (`import{a}from"./x.js"`,
 * `import"./y.js"`, `export*from"./z.js"`), in order, without duplicates. `import(` and
 * `import.meta` are not static imports. Written for bundler output, where every static import
 * is a statement of this shape; a string that merely contains `import "…"` could match, which
 * errs on the side of counting a file.
 */
export function staticImports(code: string): string[] {
  const pattern =
    /(?:^|[;\s}])(?:import|export)\s*(?:(?:[\w$]+\s*,?\s*)?(?:\*\s*as\s+[\w$]+|\*|\{[^}]*\})?\s*from\s*)?(["'])([^"'\n]+)\1/g;
  const found = new Set<string>();
  for (const match of code.matchAll(pattern)) found.add(match[2]!);
  return [...found];
}

/** dist-relative path of `specifier` imported from the dist-relative file `from`; null if external. */
export function resolveInDist(from: string | null, specifier: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier) || specifier.startsWith('//')) return null;
  const clean = specifier.replace(/[?#].*$/, '');
  if (clean.startsWith('/')) return path.posix.normalize(clean.slice(1));
  if (clean.startsWith('./') || clean.startsWith('../')) {
    return path.posix.normalize(path.posix.join(path.posix.dirname(from ?? ''), clean));
  }
  return null; // A bare specifier: not something the browser can fetch from dist/.
}

export function isOnnxRuntime(code: string, sourceMapSources: readonly string[] = []): boolean {
  return (
    ORT_MARKERS.some((marker) => code.includes(marker)) ||
    // A `?url` import of the runtime's .wasm is only its URL, not the runtime.
    sourceMapSources.some((source) => source.includes(ORT_PACKAGE_PATH) && !source.endsWith('?url'))
  );
}

/** .wasm / .onnx URLs written in the code. */
export function lazyOnlyUrls(code: string): string[] {
  return [...new Set([...code.matchAll(LAZY_ONLY_URL)].map((m) => m[1]!))];
}

export type InitialReason = 'entry' | 'modulepreload' | 'static import';

export interface InitialFile {
  /** dist-relative, e.g. `assets/main-CxEoDvbu.js`. */
  file: string;
  reason: InitialReason;
  /** The file whose static import pulled it in (null for index.html's own references). */
  importedBy: string | null;
  bytes: number;
  gzipBytes: number;
}

export interface InitialBundle {
  files: InitialFile[];
  /** Sum of `files[].gzipBytes`. */
  gzipBytes: number;
  bytes: number;
  stylesheets: string[];
  /** Reasons the initial path breaks the lazy-loading rule; empty when it holds. */
  lazyViolations: string[];
  /** References on the initial path to files the build does not have. */
  missing: string[];
  /** Every onnxruntime-web chunk in the build (all should be lazy). */
  onnxRuntimeChunks: string[];
  /** Those of them on the initial path (should be none). */
  initialOnnxRuntime: string[];
}

/** Reads one dist file; missing files are reported, not thrown, so the verdict can say which. */
export interface DistReader {
  read(file: string): Buffer | null;
  /** Sources of the file's source map, when it has one. */
  sourceMapSources(file: string): string[];
  listJs(): string[];
}

export function distReader(distDir: string): DistReader {
  const full = (file: string) => path.join(distDir, ...file.split('/'));
  return {
    read: (file) => (existsSync(full(file)) ? readFileSync(full(file)) : null),
    sourceMapSources(file) {
      const map = `${full(file)}.map`;
      if (!existsSync(map)) return [];
      const sources = (JSON.parse(readFileSync(map, 'utf8')) as { sources?: unknown }).sources;
      return Array.isArray(sources)
        ? sources.filter((s): s is string => typeof s === 'string')
        : [];
    },
    listJs() {
      const assets = path.join(distDir, 'assets');
      if (!existsSync(assets)) return [];
      return readdirSync(assets)
        .filter((f) => f.endsWith('.js'))
        .sort()
        .map((f) => `assets/${f}`);
    },
  };
}

/** Walks the initial path from index.html; see the header comment. */
export function collectInitialBundle(html: string, dist: DistReader): InitialBundle {
  const refs = parseHtmlRefs(html);
  const files: InitialFile[] = [];
  const seen = new Set<string>();
  const violations: string[] = [];
  const initialOnnxRuntime: string[] = [];
  const missing: string[] = [];
  const queue: { spec: string; from: string | null; reason: InitialReason }[] = [
    ...refs.moduleScripts.map((spec) => ({ spec, from: null, reason: 'entry' as const })),
    ...refs.modulePreloads.map((spec) => ({ spec, from: null, reason: 'modulepreload' as const })),
  ];
  for (const href of [...refs.otherFetches, ...refs.modulePreloads, ...refs.moduleScripts]) {
    if (LAZY_ONLY_FILE.test(href)) violations.push(`index.html fetches ${href} up front`);
  }
  while (queue.length > 0) {
    const { spec, from, reason } = queue.shift()!;
    const file = resolveInDist(from, spec);
    if (file === null || seen.has(file)) continue;
    seen.add(file);
    const where = from ?? 'index.html';
    if (LAZY_ONLY_FILE.test(file)) {
      if (from !== null) violations.push(`${where} statically imports ${file}`);
      continue;
    }
    const content = dist.read(file);
    if (content === null) {
      missing.push(`${where} references ${file}, which is not in the build`);
      continue;
    }
    files.push({
      file,
      reason,
      importedBy: from,
      bytes: content.length,
      gzipBytes: gzipSync(content, { level: GZIP_LEVEL }).length,
    });
    const code = content.toString('utf8');
    if (isOnnxRuntime(code, dist.sourceMapSources(file))) {
      initialOnnxRuntime.push(file);
      violations.push(`${file} (${reason} via ${where}) is onnxruntime-web`);
    }
    for (const url of lazyOnlyUrls(code)) {
      violations.push(`${file} (on the initial path) refers to ${url}`);
    }
    for (const next of staticImports(code))
      queue.push({ spec: next, from: file, reason: 'static import' });
  }
  const onnxRuntimeChunks = dist
    .listJs()
    .filter((file) =>
      isOnnxRuntime(dist.read(file)?.toString('utf8') ?? '', dist.sourceMapSources(file)),
    );
  return {
    files,
    gzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0),
    bytes: files.reduce((n, f) => n + f.bytes, 0),
    stylesheets: refs.stylesheets,
    lazyViolations: violations,
    missing,
    onnxRuntimeChunks,
    initialOnnxRuntime,
  };
}

export function readInitialBundle(distDir: string): InitialBundle {
  const indexHtml = path.join(distDir, 'index.html');
  if (!existsSync(indexHtml)) {
    throw new Error(`${indexHtml} is missing: build the app first (npm run build).`);
  }
  return collectInitialBundle(readFileSync(indexHtml, 'utf8'), distReader(distDir));
}

export interface BudgetVerdict {
  ok: boolean;
  /** One line per broken rule, written for a person reading a CI log. */
  failures: string[];
}

const BYTES_PER_KB = 1000;

/** Decimal kilobytes, the budget's unit: `98.9 KB` is 98,900 bytes. */
export const formatKb = (bytes: number): string => `${(bytes / BYTES_PER_KB).toFixed(1)} KB`;

/** Exact, for the totals and the margin: `98,887 B`. */
export const formatBytes = (bytes: number): string => `${bytes.toLocaleString('en-US')} B`;

export function budgetVerdict(
  bundle: InitialBundle,
  budgetGzipBytes: number = INITIAL_JS_BUDGET_GZIP_BYTES,
): BudgetVerdict {
  const failures: string[] = [];
  if (bundle.files.length === 0) {
    failures.push('index.html loads no JavaScript: is this a Vite build of the app?');
  }
  if (bundle.gzipBytes > budgetGzipBytes) {
    const biggest = [...bundle.files]
      .sort((a, b) => b.gzipBytes - a.gzipBytes)
      .slice(0, 3)
      .map((f) => `${f.file} ${formatKb(f.gzipBytes)}`)
      .join(', ');
    failures.push(
      `initial JS is ${formatBytes(bundle.gzipBytes)} gzipped, over the ${formatBytes(budgetGzipBytes)} ` +
        `budget by ${formatBytes(bundle.gzipBytes - budgetGzipBytes)} (largest: ${biggest}). ` +
        'Load what the first paint does not need with a dynamic import().',
    );
  }
  for (const reference of bundle.missing) failures.push(`broken build: ${reference}`);
  for (const violation of bundle.lazyViolations) {
    failures.push(`must load lazily: ${violation}`);
  }
  return { ok: failures.length === 0, failures };
}
