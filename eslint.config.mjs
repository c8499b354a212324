// Lint rules: typed TypeScript checks, no relative imports that reach into another lib or app, and SQL
// only in repositories.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Files that still run SQL outside their lib's repository. Each leaves this list when its SQL moves
 * into the repository of the lib that owns the table; a new file never joins it.
 */
const SQL_OUTSIDE_REPOSITORIES = [
  'apps/cli/src/demo/demo-cases.ts',
  'apps/cli/src/demo/demo-missing.ts',
  'apps/cli/src/demo/demo-referrals.ts',
  'apps/cli/src/demo/demo-seed.service.ts',
  'apps/cli/src/demo/demo-viewer.ts',
  'libs/cases/src/case-reviews.service.ts',
  'libs/cases/src/cases.service.ts',
  'libs/crypto/src/sealed-text.ts',
  'libs/platform/src/observability/metrics.service.ts',
  'libs/platform/src/queue/outbox-relay.ts',
  'libs/platform/src/queue/outbox.service.ts',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tandem/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(\\.\\./)(libs|apps)/|^(\\.\\./){2,}[^.]',
              message: 'Import another lib through its @tandem/* alias, not a relative path.',
            },
            { regex: '^@tandem/[^/]+/', message: 'Import a lib through its public face (@tandem/<lib>), not its internals.' },
          ],
        },
      ],
    },
  },
  {
    // Tests read GraphQL responses loosely: a wrong shape fails the assertion that reads it.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'libs/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['scripts/**/*.{mjs,cjs,js}', 'test/**/*.{js,cjs}', '*.mjs', '*.cjs', '*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Each lib owns its tables: SQL lives in its `*.repository.ts`, and another lib asks through the
    // owner's exported methods. Migrations, the platform's database code, the benchmark and the test
    // builders are the other places that may speak SQL.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.repository.ts', '**/*.spec.ts', '**/migrations/**', 'libs/platform/src/database/**', 'libs/testing/**', ...SQL_OUTSIDE_REPOSITORIES],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='query']",
          message: "SQL belongs in the owning lib's *.repository.ts; call that lib's exported methods from here.",
        },
      ],
    },
  },
);
