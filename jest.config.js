// Jest: unit specs beside the code (*.spec.ts), end-to-end suites in test/ (*.e2e-spec.ts),
// all against a fresh PostgreSQL database and Redis key prefix made for this run.
const { readFileSync } = require('node:fs');

const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const ESM_ONLY = ['openid-client', 'oauth4webapi', 'jose'];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }],
    // openid-client and what it builds on are ES modules only, which Jest's module system cannot
    // load: compiled to CommonJS like our own code. (Node itself loads them with require().)
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: ['@swc/jest', { ...swc, swcrc: false, jsc: { ...swc.jsc, parser: { syntax: 'ecmascript' } } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: { '^@tandem/([^/]+)$': '<rootDir>/libs/$1/src', '^@apps/([^/]+)/(.*)$': '<rootDir>/apps/$1/src/$2' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  // Two workers. Three ran the whole suite in 594 s instead of 703 s on this 2-core machine, but
  // suites that share the run's database then meet each other's rows often enough to fail now and
  // then (a unit of beds named alike, a key rotated beside a read): two until those suites own theirs.
  maxWorkers: 2,
  testTimeout: 60_000,
  forceExit: false,
};
