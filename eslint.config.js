import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The house rules: which room of src/ may import which. Paths are resolved (the `@/` alias and
 * relative imports alike), so a rule cannot be dodged by spelling an import differently.
 * test/lint/house-rules.test.ts proves each rule fails the lint.
 */
const FEATURES = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** Server folders from low to high: a folder never imports one to its right. */
const SERVER_LAYERS = [
  'query',
  'retrieval',
  'engine',
  ['refine', 'suggest'],
  // The results page's modules, generated from a search's candidates, chips and related searches.
  'modules',
  // The SolrCloud engine: implements the engine's contract over a cluster, with the engine's own
  // tiers, fusion and related-pin scoring, and carries suggest's completion index in its query
  // model; service composes it, ingest publishes into it.
  'cluster',
  'service',
  'ingest',
  'http',
];

const LAYER_ORDER = SERVER_LAYERS.map((layer) => [layer].flat().join(' | ')).join(' → ');

const BROWSER_ROOMS = [
  './src/app',
  './src/features',
  './src/lib',
  './src/ranking',
  './src/contract',
];

const serverLayerZones = SERVER_LAYERS.flatMap((layer, index) => {
  const higher = SERVER_LAYERS.slice(index + 1).flat();
  const targets = [layer].flat();
  const siblings = targets.length > 1 ? targets : [];
  return targets.flatMap((target) => [
    ...higher.map((from) => ({
      target: `./src/server/${target}`,
      from: `./src/server/${from}`,
      message: `src/server/${target} sits below src/server/${from} and must not import it (layers: ${LAYER_ORDER}).`,
    })),
    ...siblings
      .filter((other) => other !== target)
      .map((other) => ({
        target: `./src/server/${target}`,
        from: `./src/server/${other}`,
        message: `src/server/${target} and src/server/${other} are side by side: share code through a lower layer.`,
      })),
  ]);
});

const featureZones = FEATURES.map((feature) => ({
  target: `./src/features/${feature}`,
  from: './src/features',
  except: [`./${feature}`],
  message:
    'Features never import each other: only src/app composes them (share code through src/lib).',
}));

const browserZones = BROWSER_ROOMS.flatMap((room) => [
  { target: room, from: './src/server', message: 'Browser code must not import server code.' },
  {
    target: room,
    from: './src/ml',
    message: 'Browser code must not import the offline ML pipeline.',
  },
]);

// The preset's parsers and extensions; its resolver is replaced by one that knows the `@/` alias.
const { 'import-x/resolver': _presetResolver, ...importXTypeScriptSettings } =
  importX.flatConfigs.typescript.settings;

const RERANK_RUNTIME_MESSAGE =
  'Only src/lib/rerank imports onnxruntime-web (one owner of the runtime).';
const REACT_MESSAGE = 'Keep pure logic free of React.';
const onnxWebPattern = {
  group: ['onnxruntime-web', 'onnxruntime-web/*'],
  message: RERANK_RUNTIME_MESSAGE,
};
const reactPattern = {
  group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
  message: REACT_MESSAGE,
};

export default tseslint.config(
  { ignores: ['dist', 'data', 'node_modules', 'test-results', 'playwright-report', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Corpus text (titles, tags, descriptions from third-party collections) is never rendered as
    // HTML: React escapes text, and these are the ways around it. Use text nodes / textContent.
    // Flat config does not merge a rule's options: a later block setting no-restricted-syntax for
    // some of src/ must repeat these.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message:
            'No dangerouslySetInnerHTML: render text, never HTML strings (corpus text is untrusted).',
        },
        {
          selector: "Property[key.name='dangerouslySetInnerHTML']",
          message:
            'No dangerouslySetInnerHTML: render text, never HTML strings (corpus text is untrusted).',
        },
        {
          selector:
            'AssignmentExpression > MemberExpression.left[property.name=/^(innerHTML|outerHTML)$/]',
          message:
            'No innerHTML/outerHTML assignment: use textContent or DOM nodes (corpus text is untrusted).',
        },
        {
          selector:
            'AssignmentExpression > MemberExpression.left[property.value=/^(innerHTML|outerHTML)$/]',
          message:
            'No innerHTML/outerHTML assignment: use textContent or DOM nodes (corpus text is untrusted).',
        },
        {
          selector:
            'CallExpression[callee.property.name=/^(insertAdjacentHTML|setHTMLUnsafe|createContextualFragment)$/]',
          message:
            'No HTML-string insertion: build DOM nodes or use textContent (corpus text is untrusted).',
        },
        {
          selector:
            "CallExpression[callee.object.name='document'][callee.property.name=/^(write|writeln)$/]",
          message: 'No document.write: build DOM nodes (corpus text is untrusted).',
        },
      ],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/app/**/*.ts', 'src/features/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Import graph rules over all of src/ (tests included: a cycle through a test is still a cycle).
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      // The TypeScript preset's parsers and extensions: without them no-cycle cannot read a
      // .ts dependency's imports and finds no cycle at all.
      ...importXTypeScriptSettings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...featureZones,
            ...browserZones,
            {
              target: './src/server',
              from: './src/ml',
              message: 'The server never imports src/ml: src/ml is a client of the server.',
            },
          ],
        },
      ],
    },
  },
  {
    // Server layers, for the code that serves (a test may set up an index with a higher layer).
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/**/*.test.ts'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...serverLayerZones,
            {
              target: './src/server',
              from: './src/ml',
              message: 'The server never imports src/ml: src/ml is a client of the server.',
            },
          ],
        },
      ],
    },
  },
  {
    // Browser rooms: no Node built-ins.
    files: BROWSER_ROOMS.map((room) => `${room.slice(2)}/**`),
    plugins: { 'import-x': importX },
    rules: { 'import-x/no-nodejs-modules': 'error' },
  },
  {
    // Package rules. Flat config does not merge a rule's options, so each file set gets its full list.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/lib/rerank/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [onnxWebPattern] }] },
  },
  {
    // Pure rooms: no React, no runtime, no Node APIs in shared logic.
    files: ['src/lib/masonry/**', 'src/ranking/**', 'src/contract/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [reactPattern, onnxWebPattern] }] },
  },
  {
    files: ['src/server/**', 'src/ml/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [reactPattern, onnxWebPattern] }] },
  },
);
