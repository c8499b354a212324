// Lint rules: typed TypeScript checks, no `any`, no relative imports that reach into another lib or app,
// and SQL only in repositories, through the typed statements.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Where SQL may still be written as `.query(`: the database platform code (the typed statements, prepared statements, the data source), migrations, the test builders and tests. */
const RAW_SQL_PLACES = ['**/*.spec.ts', '**/migrations/**', 'libs/platform/src/database/**', 'libs/testing/**'];

const CALLS_QUERY = "CallExpression[callee.property.name='query']";

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tandem/**', 'bench/results/**', 'apps/console/dist/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Rows, inputs and answers name their types; tests and the test builders turn this off below.
      '@typescript-eslint/no-explicit-any': 'error',
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
    // The web console: React's rules of hooks, and no reaching into the server's code.
    files: ['apps/console/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [{ regex: '^@(tandem|apps)/', message: 'The console talks to the API over GraphQL only; it imports no server code.' }] }],
    },
  },
  {
    // Tests read GraphQL responses loosely: a wrong shape fails the assertion that reads it.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'libs/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['scripts/**/*.{mjs,cjs,js}', 'test/**/*.{js,cjs,mjs}', '*.mjs', '*.cjs', '*.js'],
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
    ignores: ['**/*.repository.ts', ...RAW_SQL_PLACES],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: CALLS_QUERY, message: "SQL belongs in the owning lib's *.repository.ts; call that lib's exported methods from here." },
      ],
    },
  },
  {
    // A repository runs its SQL through the typed statements, which name the row type at the call,
    // so no row is `any` and an UPDATE's rows and count read the same as a SELECT's.
    files: ['apps/**/*.repository.ts', 'libs/**/*.repository.ts'],
    ignores: RAW_SQL_PLACES,
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: CALLS_QUERY,
          message: 'Run SQL through the typed statements of @tandem/platform (rows<Row>, firstRow<Row>, execute, statement<Row>), not .query(.',
        },
      ],
    },
  },
);
