import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');

describe("the console's GraphQL types", () => {
  it('are generated from the committed schema.graphql (npm run schema:print regenerates both)', () => {
    const output = join(mkdtempSync(join(tmpdir(), 'tandem-console-types-')), 'graphql-env.d.ts');
    execFileSync(process.execPath, [join(root, 'node_modules', 'gql.tada', 'bin', 'cli.js'), 'generate-output', '--tsconfig', 'apps/console/tsconfig.json', '--output', output], { cwd: root, stdio: 'pipe' });
    expect(readFileSync(join(root, 'apps/console/src/graphql-env.d.ts'), 'utf8')).toBe(readFileSync(output, 'utf8'));
  });
});
