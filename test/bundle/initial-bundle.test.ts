import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  budgetVerdict,
  collectInitialBundle,
  formatBytes,
  formatKb,
  INITIAL_JS_BUDGET_GZIP_BYTES,
  isOnnxRuntime,
  lazyOnlyUrls,
  parseHtmlRefs,
  readInitialBundle,
  resolveInDist,
  staticImports,
  type DistReader,
} from '../../scripts/lib/initial-bundle';

/** A Vite-shaped index.html: entry, two modulepreloads, CSS, a favicon. */
const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
    <script type="module" crossorigin src="/assets/main-AAA.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/runtime-BBB.js">
    <link rel="modulepreload" crossorigin href="/assets/ep-CCC.js">
    <link rel="stylesheet" crossorigin href="/assets/main-DDD.css">
  </head>
  <body><div id="root"></div></body>
</html>
`;

/** Minified-style modules: main imports runtime and shared statically, the ORT chunk lazily. */
const FIXTURE_FILES: Record<string, string> = {
  'index.html': INDEX_HTML,
  'assets/main-AAA.js':
    'import{t as e}from"./runtime-BBB.js";import{a as n}from"./shared-EEE.js";' +
    'const r=()=>import(`./ort.wasm.bundle.min-FFF.js`);' +
    'console.log(e,n,r);\n',
  'assets/runtime-BBB.js': 'var t=1;export{t};\n',
  'assets/ep-CCC.js': 'import"./runtime-BBB.js";export const a=2;\n',
  'assets/shared-EEE.js': 'export*from"./leaf-GGG.js";export const a=3;\n',
  'assets/leaf-GGG.js': 'export const b=4;\n',
  'assets/ort.wasm.bundle.min-FFF.js':
    '/*! ONNX Runtime Web */var w="ort-wasm-proxy-worker";export{w};\n',
  'assets/main-DDD.css': 'body{margin:0}\n',
};
const INITIAL_IN_ORDER = [
  'assets/main-AAA.js',
  'assets/runtime-BBB.js',
  'assets/ep-CCC.js',
  'assets/shared-EEE.js',
  'assets/leaf-GGG.js',
];

const gz = (text: string) => gzipSync(Buffer.from(text), { level: 9 }).length;

let tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs = [];
});

function writeDist(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'inspo-bundle-'));
  tempDirs.push(dir);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** An in-memory dist for the pure walk. */
function memoryDist(
  files: Record<string, string>,
  maps: Record<string, string[]> = {},
): DistReader {
  return {
    read: (file) => (file in files ? Buffer.from(files[file]!) : null),
    sourceMapSources: (file) => maps[file] ?? [],
    listJs: () =>
      Object.keys(files)
        .filter((f) => f.endsWith('.js'))
        .sort(),
  };
}

describe('parseHtmlRefs', () => {
  it('sorts what index.html fetches by kind', () => {
    expect(parseHtmlRefs(INDEX_HTML)).toEqual({
      moduleScripts: ['/assets/main-AAA.js'],
      modulePreloads: ['/assets/runtime-BBB.js', '/assets/ep-CCC.js'],
      otherFetches: [],
      stylesheets: ['/assets/main-DDD.css'],
    });
  });

  it('counts preloads, prefetches and classic scripts as early fetches, unquoted attributes too', () => {
    const html =
      '<link rel=preload href=/assets/x.wasm as=fetch><link rel="prefetch" href="/m.onnx">' +
      '<script src="/legacy.js"></script><script>inline()</script>';
    expect(parseHtmlRefs(html)).toEqual({
      moduleScripts: [],
      modulePreloads: [],
      otherFetches: ['/legacy.js', '/assets/x.wasm', '/m.onnx'],
      stylesheets: [],
    });
  });
});

describe('staticImports', () => {
  it('finds every static import and re-export form, not import() or import.meta', () => {
    const code =
      'import{a as b}from"./a.js";import"./b.js";import*as c from"./c.js";import d,{e}from"./d.js";' +
      'export{f}from"./f.js";export*from"./g.js";const h=import("./lazy.js");' +
      'const i=import.meta.url;import{a}from"./a.js";';
    expect(staticImports(code)).toEqual([
      './a.js',
      './b.js',
      './c.js',
      './d.js',
      './f.js',
      './g.js',
    ]);
  });

  it('reads statements split over lines, as unminified output writes them', () => {
    expect(
      staticImports('import {\n  x,\n  y\n} from "./x.js";\nexport { z } from \'./z.js\';'),
    ).toEqual(['./x.js', './z.js']);
  });
});

describe('resolveInDist', () => {
  it.each([
    [null, '/assets/main.js', 'assets/main.js'],
    ['assets/main.js', './chunk.js', 'assets/chunk.js'],
    ['assets/sub/a.js', '../b.js?v=1', 'assets/b.js'],
    ['assets/main.js', 'react', null],
    ['assets/main.js', 'https://cdn.example/x.js', null],
    ['assets/main.js', '//cdn.example/x.js', null],
  ])('from %s, %s → %s', (from, spec, expected) => {
    expect(resolveInDist(from, spec)).toBe(expected);
  });
});

describe('isOnnxRuntime and lazyOnlyUrls', () => {
  it('knows the runtime by its banner, its proxy worker, or its source map', () => {
    expect(isOnnxRuntime('/*! ONNX Runtime Web v1 */')).toBe(true);
    expect(isOnnxRuntime('x="ort-wasm-proxy-worker"')).toBe(true);
    expect(
      isOnnxRuntime('x=1', ['../node_modules/onnxruntime-web/dist/ort.wasm.bundle.min.mjs']),
    ).toBe(true);
  });

  it('does not mistake a ?url import of the .wasm for the runtime', () => {
    expect(
      isOnnxRuntime('x=`/assets/ort-wasm-simd-threaded-X.wasm`', [
        '../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm?url',
      ]),
    ).toBe(false);
  });

  it('lists .wasm and .onnx URLs written in code', () => {
    expect(lazyOnlyUrls('a="/models/reranker.onnx";b=`/assets/x-1.wasm`;c="/y.json"')).toEqual([
      '/models/reranker.onnx',
      '/assets/x-1.wasm',
    ]);
  });
});

describe('collectInitialBundle on a fixture dist', () => {
  it('follows the entry, modulepreloads and static imports, not dynamic imports, and sums gzip sizes', () => {
    const bundle = readInitialBundle(writeDist(FIXTURE_FILES));
    expect(bundle.files.map((f) => [f.file, f.reason, f.importedBy])).toEqual([
      ['assets/main-AAA.js', 'entry', null],
      ['assets/runtime-BBB.js', 'modulepreload', null],
      ['assets/ep-CCC.js', 'modulepreload', null],
      ['assets/shared-EEE.js', 'static import', 'assets/main-AAA.js'],
      ['assets/leaf-GGG.js', 'static import', 'assets/shared-EEE.js'],
    ]);
    const expectedGzip = INITIAL_IN_ORDER.reduce((n, f) => n + gz(FIXTURE_FILES[f]!), 0);
    expect(bundle.gzipBytes).toBe(expectedGzip);
    expect(bundle.bytes).toBe(INITIAL_IN_ORDER.reduce((n, f) => n + FIXTURE_FILES[f]!.length, 0));
    expect(bundle.stylesheets).toEqual(['/assets/main-DDD.css']);
    expect(bundle.onnxRuntimeChunks).toEqual(['assets/ort.wasm.bundle.min-FFF.js']);
    expect(bundle.initialOnnxRuntime).toEqual([]);
    expect(bundle.lazyViolations).toEqual([]);
    expect(bundle.missing).toEqual([]);
    expect(budgetVerdict(bundle, expectedGzip)).toEqual({ ok: true, failures: [] });
  });

  it('fails one byte over the budget and says by how much and what is largest', () => {
    const bundle = collectInitialBundle(INDEX_HTML, memoryDist(FIXTURE_FILES));
    const verdict = budgetVerdict(bundle, bundle.gzipBytes - 1);
    expect(verdict.ok).toBe(false);
    expect(verdict.failures).toHaveLength(1);
    expect(verdict.failures[0]).toMatch(
      new RegExp(
        `^initial JS is ${bundle.gzipBytes} B gzipped, over the ${bundle.gzipBytes - 1} B budget by 1 B `,
      ),
    );
    expect(verdict.failures[0]).toContain(`assets/main-AAA.js`);
  });

  it('reads 100 KB as 100,000 bytes: exactly that passes, one byte more fails', () => {
    const bundle = collectInitialBundle(INDEX_HTML, memoryDist(FIXTURE_FILES));
    const sized = (gzipBytes: number) => ({ ...bundle, gzipBytes });
    expect(INITIAL_JS_BUDGET_GZIP_BYTES).toBe(100_000);
    expect(budgetVerdict(sized(100_000)).ok).toBe(true);
    expect(budgetVerdict(sized(100_001)).failures[0]).toMatch(
      /^initial JS is 100,001 B gzipped, over the 100,000 B budget by 1 B /,
    );
    expect([formatKb(98_887), formatBytes(98_887)]).toEqual(['98.9 KB', '98,887 B']);
  });

  it('fails when the runtime is imported statically', () => {
    const files = {
      ...FIXTURE_FILES,
      'assets/leaf-GGG.js': 'import{w}from"./ort.wasm.bundle.min-FFF.js";export const b=w;\n',
    };
    const bundle = collectInitialBundle(INDEX_HTML, memoryDist(files));
    expect(bundle.initialOnnxRuntime).toEqual(['assets/ort.wasm.bundle.min-FFF.js']);
    expect(budgetVerdict(bundle, Number.MAX_SAFE_INTEGER).failures).toEqual([
      'must load lazily: assets/ort.wasm.bundle.min-FFF.js (static import via assets/leaf-GGG.js) is onnxruntime-web',
    ]);
  });

  it('fails when index.html preloads the model or the WASM, or initial code refers to them', () => {
    const html = INDEX_HTML.replace(
      '</head>',
      '<link rel="preload" href="/assets/ort-wasm-X.wasm" as="fetch"></head>',
    );
    const files = {
      ...FIXTURE_FILES,
      'assets/ep-CCC.js': 'export const a=fetch("/models/reranker.onnx");\n',
    };
    const bundle = collectInitialBundle(html, memoryDist(files));
    expect(bundle.lazyViolations).toEqual([
      'index.html fetches /assets/ort-wasm-X.wasm up front',
      'assets/ep-CCC.js (on the initial path) refers to /models/reranker.onnx',
    ]);
    expect(budgetVerdict(bundle, Number.MAX_SAFE_INTEGER).ok).toBe(false);
  });

  it('fails on a missing chunk and on an HTML page with no JavaScript', () => {
    const { 'assets/leaf-GGG.js': _missing, ...files } = FIXTURE_FILES;
    const broken = collectInitialBundle(INDEX_HTML, memoryDist(files));
    expect(budgetVerdict(broken, Number.MAX_SAFE_INTEGER).failures).toEqual([
      'broken build: assets/shared-EEE.js references assets/leaf-GGG.js, which is not in the build',
    ]);
    const empty = collectInitialBundle('<html></html>', memoryDist({}));
    expect(budgetVerdict(empty).failures).toEqual([
      'index.html loads no JavaScript: is this a Vite build of the app?',
    ]);
  });

  it('says to build first when dist/ has no index.html', () => {
    expect(() => readInitialBundle(writeDist({}))).toThrow(
      /index\.html is missing: build the app first/,
    );
  });
});
