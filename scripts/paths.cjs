// Resolves the @tandem/* aliases inside dist/ at run time.
const path = require('node:path');
require('tsconfig-paths').register({
  baseUrl: path.join(__dirname, '..', 'dist'),
  paths: { '@tandem/*': ['libs/*/src'] },
  addMatchAll: false,
});
