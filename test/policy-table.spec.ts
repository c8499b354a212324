import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { declaredPolicies, Policy } from '@tandem/authz';
// Loading a lib declares its policies.
import '@tandem/auth';
import '@tandem/cases';
import '@tandem/deadlines';
import '@tandem/directory';
import '@tandem/education';
import '@tandem/identity';
import '@tandem/mfa';
import '@tandem/missing';
import '@tandem/notifications';
import '@tandem/oversight';
import '@tandem/referrals';
import '@tandem/screening';
import '@tandem/sso';
import '@tandem/tips';
import '@tandem/statistics';
import '@apps/api/queue-board.policies';

const ROOT = join(__dirname, '..');

/** The rows of docs/access-policy.md's "Who may do what" table: the act, and whether it is available yet. */
function actionTable(): { act: string; available: boolean }[] {
  const page = readFileSync(join(ROOT, 'docs', 'access-policy.md'), 'utf8');
  const section = page.split(/^## Who may do what$/m)[1]?.split(/^## /m)[0];
  if (!section) throw new Error('docs/access-policy.md has no "Who may do what" section');
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| action |'))
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map(([, act, allowed]) => ({ act: act!, available: !allowed!.startsWith('(not yet available)') }));
}

/** Rows kept by something other than an operation, and what keeps them. */
const KEPT_OUTSIDE_OPERATIONS: Record<string, string> = {
  'change or delete an audit event': "the database: the application role holds no UPDATE or DELETE on the audit tables (test/audit-chain.e2e-spec.ts)",
};

/** The `*.policies.ts` modules of the libs and apps, and their table tests (`*.policies.spec.ts`). */
function policyModules(): { module: string; spec: string }[] {
  const found: { module: string; spec: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.policies.ts')) found.push({ module: path, spec: path.replace(/\.ts$/, '.spec.ts') });
    }
  };
  walk(join(ROOT, 'libs'));
  walk(join(ROOT, 'apps'));
  return found;
}

/** Each declared policy with the names it is exported under (`REFERRAL_SEND`, `UserPolicy.create`) and the table test beside its module. */
function exportedPolicies(): Map<Policy<never>, { names: string[]; spec: string }> {
  const declared = new Set<unknown>(declaredPolicies());
  const found = new Map<Policy<never>, { names: string[]; spec: string }>();
  const note = (policy: Policy<never>, name: string, spec: string) => {
    const entry = found.get(policy) ?? { names: [], spec };
    entry.names.push(name);
    found.set(policy, entry);
  };
  for (const { module, spec } of policyModules()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(module) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) {
      if (declared.has(value)) note(value as Policy<never>, name, spec);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (!declared.has(inner)) continue;
          note(inner as Policy<never>, `${name}.${key}`, spec);
          // A table may go through the whole group: `Object.values(NotificationPolicy)`, `REFERRAL_ACTS[act]`.
          note(inner as Policy<never>, name, spec);
        }
      }
    }
  }
  return found;
}

describe('the policy table', () => {
  const table = actionTable();
  const policies = declaredPolicies();

  it('reads the access policy table', () => {
    expect(table.length).toBeGreaterThan(20);
    expect(new Set(table.map((row) => row.act)).size).toBe(table.length);
  });

  it('has a declared policy for every available row of the access policy, and none for a row not yet available', () => {
    const unimplemented = table.filter((row) => row.available && !KEPT_OUTSIDE_OPERATIONS[row.act] && !policies.some((policy) => policy.row === row.act));
    expect(unimplemented.map((row) => row.act)).toEqual([]);
    const early = table.filter((row) => !row.available && policies.some((policy) => policy.row === row.act));
    expect(early.map((row) => row.act)).toEqual([]);
  });

  it('names, for each declared policy, a row that exists (or none)', () => {
    const acts = new Set(table.map((row) => row.act));
    const strays = policies.filter((policy) => policy.row !== null && !acts.has(policy.row)).map((policy) => `${policy.name}: "${policy.row}"`);
    expect(strays).toEqual([]);
  });

  it('declares every policy in a *.policies.ts module, exported, with a table test in its folder that evaluates it', () => {
    const exported = exportedPolicies();
    expect(policies.filter((policy) => !exported.has(policy)).map((policy) => policy.name)).toEqual([]);
    const untested = [...exported].filter(([, { names, spec }]) => {
      const folder = dirname(spec);
      const source = readdirSync(folder)
        .filter((file) => file.endsWith('.policies.spec.ts'))
        .map((file) => readFileSync(join(folder, file), 'utf8'))
        .join('\n');
      return !names.some((name) => new RegExp(`\\b${name.replace('.', '\\.')}\\b`).test(source));
    });
    expect(untested.map(([policy, { spec }]) => `${policy.name} (${spec.slice(ROOT.length + 1)})`)).toEqual([]);
  });
});
