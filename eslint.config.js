import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'data', 'node_modules', 'test-results', 'playwright-report', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
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
          message: 'No dangerouslySetInnerHTML: render text, never HTML strings (corpus text is untrusted).',
        },
        {
          selector: "Property[key.name='dangerouslySetInnerHTML']",
          message: 'No dangerouslySetInnerHTML: render text, never HTML strings (corpus text is untrusted).',
        },
        {
          selector: 'AssignmentExpression > MemberExpression.left[property.name=/^(innerHTML|outerHTML)$/]',
          message: 'No innerHTML/outerHTML assignment: use textContent or DOM nodes (corpus text is untrusted).',
        },
        {
          selector: 'AssignmentExpression > MemberExpression.left[property.value=/^(innerHTML|outerHTML)$/]',
          message: 'No innerHTML/outerHTML assignment: use textContent or DOM nodes (corpus text is untrusted).',
        },
        {
          selector:
            'CallExpression[callee.property.name=/^(insertAdjacentHTML|setHTMLUnsafe|createContextualFragment)$/]',
          message: 'No HTML-string insertion: build DOM nodes or use textContent (corpus text is untrusted).',
        },
        {
          selector: "CallExpression[callee.object.name='document'][callee.property.name=/^(write|writeln)$/]",
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
    // Pure rooms: no React, no DOM-framework code, no Node APIs in shared logic.
    files: ['src/lib/masonry/**', 'src/ranking/**', 'src/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*'], message: 'Keep pure logic free of React.' },
            { group: ['node:*', 'fs', 'path'], message: 'Shared logic must run in the browser too.' },
          ],
        },
      ],
    },
  },
  {
    // Features never import each other; only src/app composes them.
    files: ['src/features/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/server/*', '@/ml/*'], message: 'The browser must not import server or offline code.' },
          ],
        },
      ],
    },
  },
);
