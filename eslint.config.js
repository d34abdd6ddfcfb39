import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'test-artifacts/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // Layers as DESIGN.md draws them: mail/ and db/ sit below the use cases and the web.
    files: ['server/mail/**/*.ts', 'server/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/services/*', '**/http/*'], message: 'mail/ and db/ import nothing from services/ or http/.' },
          ],
        },
      ],
    },
  },
  {
    // Route handlers translate HTTP to a call: queries live in db/ and services/.
    files: ['server/http/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^(knex|raw)$/], CallExpression[callee.name='knex']",
          message: 'No SQL in http/: call a repository (db/) or a use case (services/).',
        },
      ],
    },
  },
  {
    // domain/ (pure rules) and security/ (pure crypto) know no database, mail, web or use case.
    files: ['server/domain/**/*.ts', 'server/security/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['express', 'knex'],
          patterns: [
            {
              group: ['**/services/*', '**/http/*', '**/db/*', '**/mail/*'],
              message: 'domain/ and security/ depend on nothing but each other and Node.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['public/js/**/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'script' },
  },
);
