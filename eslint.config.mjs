// Flat config. The engine (src/core) and the shared protocol must stay free of the VS Code API,
// and the webview must not reach for Node or the engine: both rules are enforced here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'bench/results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: "ExportDefaultDeclaration", message: 'Use named exports.' }],
    },
  },
  {
    files: ['src/core/**', 'src/shared/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The engine and CLI must not depend on the VS Code API (src/extension is the only glue).' }] }],
    },
  },
  {
    files: ['webview/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['vscode', 'undici', 'jose'],
        patterns: [{ group: ['node:*', '../src/core/*', '../src/core/**', '../src/extension/**'], message: 'The webview only talks to the host through src/shared/protocol.ts.' }],
      }],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'bench/**', 'test/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
