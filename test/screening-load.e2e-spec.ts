import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shippedInstrumentFiles } from '@tandem/screening';
import { createTestApp, TestApp } from './support/test-app';

const root = join(__dirname, '..');

function cli(args: string[]) {
  return spawnSync(process.execPath, ['-r', join(root, 'test/support/ts-register.cjs'), join(root, 'apps/cli/src/main.ts'), ...args], {
    cwd: root,
    env: process.env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/**
 * `npm run cli -- screening:load <file>` (docs/screening-instruments.md): an agency loads the licensed
 * instruments it holds; a definition without license or citation is refused with its reasons, and
 * nothing of it is stored; a loaded version never changes.
 */
describe('screening:load', () => {
  let t: TestApp;
  const folder = mkdtempSync(join(tmpdir(), 'instruments-'));
  const practice = JSON.parse(readFileSync(shippedInstrumentFiles()[0]!, 'utf8')) as Record<string, unknown>;
  const id = `agency-held-${Date.now().toString(36)}`;
  const write = (name: string, definition: unknown) => {
    const path = join(folder, name);
    writeFileSync(path, typeof definition === 'string' ? definition : JSON.stringify(definition, null, 2));
    return path;
  };
  const stored = () => t.world.count('screening_instrument', 'instrument_id = $1', [id]);

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a definition without license or citation, naming each reason, and stores nothing', async () => {
    const { license: _license, citation: _citation, ...bare }: Record<string, unknown> = { ...practice, id, practice: false };
    const run = cli(['screening:load', write('bare.json', bare)]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('refused; nothing was loaded from it');
    expect(run.stderr).toMatch(/license: is missing: name the license/);
    expect(run.stderr).toMatch(/citation: is missing: cite the instrument/);
    const broken = cli(['screening:load', write('broken.json', '{ "id": ')]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/\(file\): is not valid JSON/);
    expect(await stored()).toBe(0);
  });

  it('loads an agency-held instrument under its license, audited; again changes nothing; changed is refused', async () => {
    const held = { ...practice, id, practice: false, title: { en: 'Agency-held screen', es: 'Cuestionario de la agencia' }, license: { name: 'Licensed to the agency by its publisher', redistributable: false }, citation: 'Publisher, Screen, 2024.' };
    const path = write('held.json', held);
    const run = cli(['screening:load', path]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${id} version 1 loaded \\(digest [0-9a-f]{12}\\)`));
    expect(await t.world.count('audit_event', `action = 'SCREENING_INSTRUMENT_LOAD' AND details->>'instrumentId' = $1`, [id])).toBe(1);
    const again = cli(['screening:load', path]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already loaded with this very definition; nothing changed');
    const changed = cli(['screening:load', write('changed.json', { ...held, citation: 'Publisher, Screen, 2025.' })]);
    expect(changed.status).toBe(1);
    expect(changed.stderr).toContain('a loaded version never changes');
    expect(await stored()).toBe(1);
    const [row] = await t.db.query(`SELECT citation FROM screening_instrument WHERE instrument_id = $1`, [id]);
    expect(row.citation).toBe('Publisher, Screen, 2024.');
  });

  it('loads the shipped instruments with --shipped, saying which are for practice only', () => {
    const run = cli(['screening:load', '--shipped']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/practice-screen version 1 .*\(PRACTICE ONLY: never for a real child\)/);
  });
});
