import tseslint from 'typescript-eslint';
import layers from './scripts/lint/layers.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'assets/generated/**', 'test-results/**', '.tools/**'] },
  {
    files: ['src/**/*.{ts,tsx}', 'scripts/**/*.{ts,mts,mjs}', 'test/**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { layers, '@typescript-eslint': tseslint.plugin },
    rules: {
      'layers/allowed-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-debugger': 'error',
    },
  },
);
