import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** What ships (lib/, components/, entrypoints/) never imports build-time code. */
const BUILD_TIME_ONLY = {
  patterns: [
    { group: ['**/tools/**', '@/tools/**'], message: 'tools/ is build-time code: nothing that ships may import it.' },
    { group: ['**/scripts/**', '@/scripts/**'], message: 'scripts are build-time code: nothing that ships may import them.' },
    { group: ['**/tests/**', '@/tests/**'], message: 'tests are not shipped: nothing that ships may import them.' },
  ],
};

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'tests/fixtures/**', 'tests/e2e/.profiles/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { plugins: importX.flatConfigs.typescript.plugins },
  {
    languageOptions: {
      globals: {
        browser: 'readonly',
        defineBackground: 'readonly',
        defineContentScript: 'readonly',
      },
    },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // An import cycle makes load order matter and hides which part depends on which.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['lib/**', 'components/**', 'entrypoints/**'],
    rules: { 'no-restricted-imports': ['error', BUILD_TIME_ONLY] },
  },
  {
    // Small units: a file a reader can hold in mind, a function that does one thing (issue 11).
    files: ['lib/**', 'components/**', 'entrypoints/**', 'tools/**'],
    rules: {
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 120 }],
    },
  },
);
