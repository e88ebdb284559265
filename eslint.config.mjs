// ESLint for the site's browser scripts (theme/static/js): ES modules run by browsers. tests/test_eslint.py runs it.
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['theme/static/js/**/*.js'],
    languageOptions: {
      // ES2020 is what a browser that runs modules and import.meta understands: newer syntax is an error here.
      ecmaVersion: 2020,
      sourceType: 'module',
      globals: globals.browser,
    },
    linterOptions: {reportUnusedDisableDirectives: 'error'},
    rules: {
      // A catch that ignores its error is deliberate here (storage switched off: device.js keeps choices in memory).
      'no-unused-vars': ['error', {caughtErrors: 'none'}],
      'no-restricted-properties': ['error', {
        object: 'document', property: 'currentScript',
        message: 'It is null in a module: use import.meta.url.',
      }],
    },
  },
];
