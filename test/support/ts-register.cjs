// Lets a child process run Tandem's TypeScript sources directly (used by tests that start a
// real worker process): swc compiles each file on load and @tandem/* resolves to libs/.
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { addHook } = require('pirates');
const { transformSync } = require('@swc/core');

const root = path.join(__dirname, '..', '..');
const swcrc = JSON.parse(readFileSync(path.join(root, '.swcrc'), 'utf8'));
require('tsconfig-paths').register({
  baseUrl: root,
  paths: { '@tandem/*': ['libs/*/src'], '@apps/api/*': ['apps/api/src/*'], '@apps/worker/*': ['apps/worker/src/*'], '@apps/cli/*': ['apps/cli/src/*'] },
  addMatchAll: false,
});
addHook((code, filename) => transformSync(code, { ...swcrc, swcrc: false, filename, sourceMaps: 'inline' }).code, {
  exts: ['.ts'],
  ignoreNodeModules: true,
});
