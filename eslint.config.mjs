// Flat config. The engine (src/core) and the shared protocol must stay free of the VS Code API,
// and the webview must not reach for Node or the engine: both rules are enforced here.
import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_VSCODE = { name: 'vscode', message: 'The engine and CLI must not depend on the VS Code API (src/extension is the only glue).' };

/**
 * The engine's layering (src/core/layers.json, floors lowest first): a folder of src/core imports only
 * folders on lower floors. So domain folders never import the pipeline (diagnose/), jwt/ never imports
 * auth/, tls/ never imports proxy/ (one floor: neither knows the other), mtls/ may import tls/.
 * test/unit/architecture/layers.test.ts checks the same floors on the whole import graph (and circles).
 */
const { floors } = JSON.parse(readFileSync(new URL('./src/core/layers.json', import.meta.url), 'utf8'));
const coreLayerZones = floors.flatMap((units, floor) => {
  const forbidden = floors.slice(floor).flat();
  return units.map((unit) => {
    const others = forbidden.filter((other) => other !== unit).map((other) => other.replace(/\.ts$/, ''));
    // Files sit one or two levels under src/core (tls/x.ts, findings/catalog/x.ts): both relative forms.
    const group = others.flatMap((other) => [`../${other}`, `../${other}/*`, `../../${other}`, `../../${other}/*`]);
    return {
      files: [unit.endsWith('.ts') ? `src/core/${unit}` : `src/core/${unit}/**`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: [NO_VSCODE],
            patterns:
              group.length === 0
                ? []
                : [
                    {
                      group,
                      message: `src/core/${unit} is on floor ${floor} of src/core/layers.json: it imports only folders on lower floors.`,
                    },
                  ],
          },
        ],
      },
    };
  });
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'bench/results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['src/core/**', 'src/shared/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [NO_VSCODE] }],
    },
  },
  // After the block above: for a file of src/core these replace it (and keep its vscode rule).
  ...coreLayerZones,
  {
    files: ['webview/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode', 'undici', 'jose'],
          patterns: [
            {
              group: ['node:*', '../src/core/*', '../src/core/**', '../src/extension/**'],
              message: 'The webview only talks to the host through src/shared/protocol.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'bench/**', 'test/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
