import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import house from './eslint/house.js';

/** The features (docs/ARCHITECTURE.md): one folder each under server/features. */
const FEATURES = readdirSync(new URL('./server/features/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** The shared layers below the features; none of them imports a feature. */
const SHARED = [
  'server/domain/**/*.ts',
  'server/db/**/*.ts',
  'server/http/**/*.ts',
  'server/mail/**/*.ts',
  'server/calendar/**/*.ts',
  'server/documents/**/*.ts',
  'server/i18n/**/*.ts',
  'server/security/**/*.ts',
  'server/jobs/**/*.ts',
  'server/context.ts',
  'server/config.ts',
  'server/paths.ts',
  'server/memory.ts',
];

const NO_FEATURES = { group: ['**/features/**'], message: 'A shared layer imports no feature: features sit above it.' };

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist',
      'dist/',
      'dist-*/',
      'dist.*',
      'data/',
      'coverage/',
      'test-artifacts/',
      'bench/results/',
    ],
  },
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
    // The house rules: seats and pool counters are written in db/capacityWrites.ts only (under the
    // capacity runner, LOCKING.md), and no module imports one that imports it back.
    files: ['server/**/*.ts'],
    plugins: { house },
    rules: {
      'house/pool-writes': ['error', { allow: ['server/db/capacityWrites.ts', 'server/db/capacity.ts'] }],
      'house/no-cycles': ['error', { root: 'server' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > TSTypeReference[typeName.name=/^(CapacityTx|ProgrammeTx)$/]',
          message: 'Only the capacity runner makes a CapacityTx or a ProgrammeTx (db/capacity.ts).',
        },
      ],
    },
  },
  {
    files: ['server/db/capacity.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Layers: shared layers below the features; mail/ and db/ below the web as well.
    files: SHARED,
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_FEATURES] }] },
  },
  {
    files: ['server/mail/**/*.ts', 'server/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [NO_FEATURES, { group: ['**/http/**'], message: 'mail/ and db/ import nothing from http/.' }],
        },
      ],
    },
  },
  {
    // domain/ (pure rules) and security/ (pure crypto) know no database, mail, web or feature.
    files: ['server/domain/**/*.ts', 'server/security/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['express', 'knex'],
          patterns: [
            {
              group: ['**/features/**', '**/http/**', '**/db/**', '**/mail/**'],
              message: 'domain/ and security/ depend on nothing but each other and Node.',
            },
          ],
        },
      ],
    },
  },
  // Each feature uses another only through its face, index.ts.
  ...FEATURES.map((feature) => ({
    files: [`server/features/${feature}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^\\.\\./(?!${feature}/)[^./]+/(?!index\\.js$)`,
              message: 'Another feature is used through its index.ts only.',
            },
          ],
        },
      ],
    },
  })),
  {
    // Route handlers translate HTTP to a call: queries live in db/ and the use cases.
    files: ['server/http/**/*.ts', 'server/features/**/*Routes.ts', 'server/features/**/routes.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^(knex|raw)$/], CallExpression[callee.name='knex']",
          message: 'No SQL in routes: call a repository (db/) or a use case.',
        },
        {
          selector: 'TSAsExpression > TSTypeReference[typeName.name=/^(CapacityTx|ProgrammeTx)$/]',
          message: 'Only the capacity runner makes a CapacityTx or a ProgrammeTx (db/capacity.ts).',
        },
      ],
    },
  },
  {
    files: ['eslint.config.js', 'eslint/**/*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['public/js/**/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'script' },
  },
);
