// Lint, with the layering enforced by import rules (not by memory):
// - annotations/ (domain, storage, services, CLI) imports nothing from electron, react, zustand,
//   Cornerstone or the renderer; its pure core (domain, contract) imports no Node built-ins either.
// - renderer/ imports no Node built-ins and no electron.
// - no import cycles anywhere.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const uiPackages = ['electron', 'react', 'react-dom', 'react/*', 'zustand', 'zustand/*', '@cornerstonejs/*'];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-electron/**', 'release/**', 'node_modules/**', 'test-results/**', 'e2e/artifacts/**', '**/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.node } },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'], extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } }),
      ],
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { maxDepth: 10, ignoreExternal: true }],
      'import-x/no-self-import': 'error',
    },
  },
  {
    files: ['annotations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: uiPackages, message: 'annotations/ is the UI- and Electron-free core.' },
            { group: ['**/renderer/**', '**/electron/**'], message: 'annotations/ must not import the renderer or the Electron shell.' },
          ],
        },
      ],
    },
  },
  {
    files: ['annotations/domain/**/*.ts', 'annotations/contract/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'domain/ and contract/ also run in the renderer: no Node built-ins.' })),
          patterns: [
            { group: uiPackages, message: 'annotations/ is the UI- and Electron-free core.' },
            {
              group: ['**/storage/**', '**/services/**', '**/server/**', '**/importer/**', '**/cli/**'],
              message: 'the pure core must not reach into Node-side modules.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron', 'better-sqlite3'].map((name) => ({
            name,
            message: 'the renderer runs in a sandboxed page: no Node built-ins, no electron.',
          })),
          patterns: [
            {
              group: [
                '**/annotations/storage/**',
                '**/annotations/services/**',
                '**/annotations/server/**',
                '**/annotations/importer/**',
                '**/annotations/cli/**',
                '**/electron/**',
              ],
              message: 'the renderer talks to the backend only through the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts', 'scripts/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
