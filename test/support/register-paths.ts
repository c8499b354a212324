import { join } from 'node:path';
import { register } from 'tsconfig-paths';

// Jest's global setup and teardown run outside its module mapper: resolve @tandem/* here.
register({ baseUrl: join(__dirname, '..', '..'), paths: { '@tandem/*': ['libs/*/src'] }, addMatchAll: false });
