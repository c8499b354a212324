// Lets a child process run Tandem's TypeScript sources directly (used by tests that start a
// real worker process): swc compiles each file on load and @tandem/* resolves to libs/.
// What swc made is kept under node_modules/.cache, by the hash of the source and the compiler's
// settings, so that the many processes a test run starts compile each file once.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { addHook } = require('pirates');
const { transformSync } = require('@swc/core');

const root = path.join(__dirname, '..', '..');
const swcrc = JSON.parse(readFileSync(path.join(root, '.swcrc'), 'utf8'));
const cacheDir = path.join(root, 'node_modules', '.cache', 'tandem-ts-register');
const settings = JSON.stringify([require('@swc/core/package.json').version, swcrc]);
require('tsconfig-paths').register({
  baseUrl: root,
  paths: { '@tandem/*': ['libs/*/src'], '@apps/api/*': ['apps/api/src/*'], '@apps/worker/*': ['apps/worker/src/*'], '@apps/cli/*': ['apps/cli/src/*'] },
  addMatchAll: false,
});

function compile(code, filename) {
  const key = createHash('sha256').update(settings).update('\0').update(filename).update('\0').update(code).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    // Not compiled yet.
  }
  const output = transformSync(code, { ...swcrc, swcrc: false, filename, sourceMaps: 'inline' }).code;
  try {
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${cached}.${process.pid}.tmp`;
    writeFileSync(partial, output);
    renameSync(partial, cached);
  } catch {
    // A cache that cannot be written only costs time.
  }
  return output;
}

addHook(compile, { exts: ['.ts'], ignoreNodeModules: true });
