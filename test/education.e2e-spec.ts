import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { EDUCATION_COMMANDS } from '@apps/cli/education.commands';
import { AgencyType, Role } from '@tandem/authz';
import { EducationAudience, EducationLoader } from '@tandem/education';
import { AppConfig } from '@tandem/platform';
import { Actor, signedIn } from './support/case-fixtures';
import { directorySite } from './support/directory-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Warning-signs education through the API and the loader: every audience in both languages, the
 * language an item falls back to, the what-to-do links (to the tip form and to the directory's
 * hotlines), the loader's refusals and its idempotence, agencies' local additions by role, bad
 * input on every operation, and the public rate limit.
 */

const ITEM = `id kind audiences title body language fallback license date position
  source { publisher title url } link { kind route operation serviceType phone } localAgency { agencyId name jurisdiction }`;
const SIGNS = `query($a: EducationAudience!, $l: ContentLanguage!) { warningSigns(audience: $a, language: $l) { audience language signs { ${ITEM} } whatToDo { ${ITEM} } } }`;
const GUIDES = `query($a: EducationAudience!, $l: ContentLanguage!) { learningResources(audience: $a, language: $l) { audience language guides { ${ITEM} } whatToDo { ${ITEM} } } }`;
const PUBLISH = `mutation($input: PublishEducationItemInput!) { publishEducationItem(input: $input) { ${ITEM} } }`;
const RETRACT = `mutation($id: ID!, $reason: String!) { retractEducationItem(id: $id, reason: $reason) { id retractedAt } }`;
const HOTLINES = `query($filter: PublicResourceFilterInput) { publicResources(filter: $filter, first: 50) { edges { node { id service { name serviceType } } } } }`;

interface Item {
  id: string;
  kind: string;
  audiences: string[];
  title: string;
  body: string;
  language: 'EN' | 'ES';
  fallback: boolean;
  license: string;
  date: string;
  source: { publisher: string; title: string; url: string | null };
  link: { kind: string; route: string; operation: string | null; serviceType: string | null; phone: string | null } | null;
  localAgency: { agencyId: string; name: string; jurisdiction: string } | null;
}

const AUDIENCES = Object.keys(EducationAudience);
const LANGUAGES = ['EN', 'ES'] as const;

/** A folder of content files for the loader, written from objects. */
function contentFolder(files: Record<string, unknown>): string {
  const folder = mkdtempSync(join(tmpdir(), 'tandem-education-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), { recursive: true });
    writeFileSync(join(folder, name), JSON.stringify(content));
  }
  return folder;
}

describe('warning-signs education', () => {
  let t: TestApp;
  let loader: EducationLoader;
  /** Ids of this run's loaded content, apart from other suites'. */
  let p: string;
  let pd: { id: string; name: string; jurisdictionId: string };
  let sh: { id: string };
  let people: Record<'pd1' | 'pdSup' | 'pdAdmin' | 'shSup' | 'auditor' | 'sysadmin', Actor>;

  const item = (id: string, overrides: Record<string, unknown> = {}) => ({
    id: `${p}.${id}`,
    kind: 'WARNING_SIGN',
    audiences: ['PARENTS'],
    position: 900,
    source: { publisher: 'U.S. Department of Homeland Security, Blue Campaign', title: 'Indicators of Human Trafficking', url: 'https://www.dhs.gov/blue-campaign/indicators-human-trafficking' },
    license: 'Public domain',
    date: '2026-12-01',
    texts: { en: { title: `Sign ${id}`, body: 'A sign in English only.' } },
    ...overrides,
  });
  const signs = async (audience: string, language: string) => (await t.gql.ok(SIGNS, { a: audience, l: language })).warningSigns as { signs: Item[]; whatToDo: Item[]; audience: string; language: string };
  /** Counts rows of an education table (the world counts only the public schema's). */
  const count = async (table: 'item' | 'item_text', where: string, params: unknown[]) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM education.${table} WHERE ${where}`, params))[0].n as number;
  const stored = () => count('item', `id LIKE $1`, [`${p}.%`]);
  const audits = (action: string) => t.world.count('audit_event', 'action = $1', [action]);

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' });
    loader = t.app.get(EducationLoader);
    p = `t${randomBytes(4).toString('hex')}`;
    const here = await t.world.jurisdiction('Education County');
    pd = await t.world.agency(AgencyType.LAW_ENFORCEMENT, here.id, `Education County Police ${p}`);
    sh = await t.world.agency(AgencyType.SHELTER, here.id);
    people = {
      pd1: await signedIn(t, Role.STAFF, pd.id),
      pdSup: await signedIn(t, Role.SUPERVISOR, pd.id),
      pdAdmin: await signedIn(t, Role.AGENCY_ADMIN, pd.id),
      shSup: await signedIn(t, Role.SUPERVISOR, sh.id),
      auditor: await signedIn(t, Role.AUDITOR, null),
      sysadmin: await signedIn(t, Role.SYSTEM_ADMIN, null),
    };
  }, 60_000);
  afterAll(() => t.close());

  describe('the public queries', () => {
    it('answer every audience in English and in Spanish, without an account, each item sourced, licensed and dated', async () => {
      for (const audience of AUDIENCES) {
        for (const language of LANGUAGES) {
          const warning = await signs(audience, language);
          const guides = (await t.gql.ok(GUIDES, { a: audience, l: language })).learningResources as { guides: Item[]; whatToDo: Item[] };
          const shipped = (list: Item[]) => list.filter((one) => one.id.startsWith('tandem.'));
          const summary = { audience, language, signs: shipped(warning.signs).length > 0, guides: shipped(guides.guides).length > 0, steps: shipped(warning.whatToDo).length > 0 };
          expect(summary).toEqual({ audience, language, signs: true, guides: true, steps: true });
          for (const one of [...shipped(warning.signs), ...shipped(guides.guides), ...shipped(warning.whatToDo)]) {
            expect({ id: one.id, language: one.language, fallback: one.fallback }).toEqual({ id: one.id, language, fallback: false });
            expect(one.audiences).toContain(audience);
            expect(one.source.publisher).toMatch(/^U\.S\. Department of/);
            expect(one.source.url).toMatch(/^https:\/\//);
            expect(one.license).toMatch(/^Public domain/);
            expect(one.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            expect(one.localAgency).toBeNull();
          }
          expect(warning.signs.every((one) => one.kind === 'WARNING_SIGN')).toBe(true);
          expect(guides.guides.every((one) => one.kind === 'GUIDE')).toBe(true);
          expect(guides.whatToDo.map((one) => one.id)).toEqual(warning.whatToDo.map((one) => one.id));
        }
      }
    });

    it('give the same items in both languages, in the language asked', async () => {
      const en = await signs('EDUCATORS', 'EN');
      const es = await signs('EDUCATORS', 'ES');
      expect(es.signs.map((one) => one.id)).toEqual(en.signs.map((one) => one.id));
      const stopped = (list: Item[]) => list.find((one) => one.id === 'tandem.signs.stopped-school')!;
      expect(stopped(en.signs)).toMatchObject({ title: 'Stopped going to school', language: 'EN' });
      expect(stopped(es.signs)).toMatchObject({ title: 'Dejó de ir a la escuela', language: 'ES' });
    });

    it('link what to do to the tip form and to the directory hotlines, which the public listing then gives', async () => {
      const { whatToDo } = await signs('HOSPITALITY', 'EN');
      const links = Object.fromEntries(whatToDo.filter((one) => one.link).map((one) => [one.link!.kind, one.link]));
      expect(links.SUBMIT_TIP).toEqual({ kind: 'SUBMIT_TIP', route: '/tips/new', operation: 'submitTip', serviceType: null, phone: null });
      expect(links.HOTLINES).toEqual({ kind: 'HOTLINES', route: '/resources?serviceType=HOTLINE', operation: 'publicResources', serviceType: 'HOTLINE', phone: null });
      expect(links.EMERGENCY_CALL).toMatchObject({ kind: 'EMERGENCY_CALL', phone: '911' });
      // Following the hotlines link: the directory's public hotlines.
      const hotline = await directorySite(t, pd.id, { serviceType: 'HOTLINE', available: null, name: `Crisis line ${p}` });
      await t.db.query(`UPDATE directory.service SET public = true WHERE id = $1`, [hotline.serviceId]);
      const listed = (await t.gql.ok(HOTLINES, { filter: { serviceType: links.HOTLINES!.serviceType } })).publicResources.edges as { node: { id: string; service: { name: string; serviceType: string } } }[];
      expect(listed.map((edge) => edge.node.id)).toContain(hotline.serviceAtLocationId);
      expect(new Set(listed.map((edge) => edge.node.service.serviceType))).toEqual(new Set(['HOTLINE']));
    });

    it('give an item that has no Spanish text in English, saying so (fallback), rather than leave it out', async () => {
      const folder = contentFolder({ 'county.json': { items: [item('signs.english-only'), item('signs.both', { texts: { en: { title: 'Both', body: 'In English.' }, es: { title: 'Ambos', body: 'En español.' } } })] } });
      expect(await loader.load(folder, 'test')).toMatchObject({ ok: true, inserted: 2 });
      const es = await signs('PARENTS', 'ES');
      const mine = es.signs.filter((one) => one.id.startsWith(`${p}.`));
      expect(mine.map((one) => ({ id: one.id, title: one.title, language: one.language, fallback: one.fallback }))).toEqual([
        { id: `${p}.signs.both`, title: 'Ambos', language: 'ES', fallback: false },
        { id: `${p}.signs.english-only`, title: 'Sign signs.english-only', language: 'EN', fallback: true },
      ]);
      // In English, nothing falls back.
      expect((await signs('PARENTS', 'EN')).signs.every((one) => !one.fallback)).toBe(true);
    });

    it('refuse an unknown audience or language as bad input, naming the argument', async () => {
      for (const [query, variables, path] of [
        [SIGNS, { a: 'PILOTS', l: 'EN' }, 'a'],
        [SIGNS, { a: 'PARENTS', l: 'FR' }, 'l'],
        [GUIDES, { a: 'TEACHERS', l: 'ES' }, 'a'],
        [GUIDES, { a: 'YOUTH' }, 'l'],
      ] as const) {
        const response = await t.gql.query(query, variables);
        expect({ code: response.errors[0]?.extensions?.code, paths: (response.errors[0]?.extensions?.fields as { path: string }[] | undefined)?.map((f) => f.path) }).toEqual({ code: 'BAD_USER_INPUT', paths: [path] });
      }
    });

    it('are rate limited per client like the public directory', async () => {
      const limited = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '2', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-edu-${randomBytes(3).toString('hex')}` });
      try {
        for (const query of [SIGNS, GUIDES]) {
          const codes: (string | undefined)[] = [];
          for (let i = 0; i < 3; i += 1) codes.push((await limited.gql.query(query, { a: 'YOUTH', l: 'ES' })).errors[0]?.extensions?.code);
          expect(codes).toEqual([undefined, undefined, 'RATE_LIMITED']);
        }
      } finally {
        await limited.close();
      }
    });
  });

  describe('loading content from files', () => {
    it('refuses an item without a source, naming the file and the item, and loads nothing of the folder', async () => {
      const { source: _source, ...unsourced } = item('signs.unsourced');
      const folder = contentFolder({ 'a.json': { items: [item('signs.fine-a')] }, 'more/b.json': { items: [item('signs.fine-b'), unsourced] } });
      const before = await stored();
      const outcome = await loader.load(folder, 'test');
      expect(outcome).toEqual({ ok: false, problems: [{ file: join('more', 'b.json'), path: 'items[1].source', message: 'is required: the publisher, title and URL the item comes from' }] });
      expect(await stored()).toBe(before);
    });

    it('refuses an item without a license, naming the file and the item, and loads nothing', async () => {
      const { license: _license, ...unlicensed } = item('signs.unlicensed');
      const folder = contentFolder({ 'county.json': { items: [item('signs.fine-c'), item('signs.fine-d'), unlicensed] } });
      const before = await stored();
      expect(await loader.load(join(folder, 'county.json'), 'test')).toEqual({ ok: false, problems: [{ file: 'county.json', path: 'items[2].license', message: 'is required' }] });
      expect(await stored()).toBe(before);
    });

    it("refuses ids of the content Tandem ships, and one id in two files", async () => {
      const folder = contentFolder({ 'a.json': { items: [item('x', { id: 'tandem.signs.disconnected' })] } });
      expect(await loader.load(folder, 'test')).toMatchObject({ ok: false, problems: [{ file: 'a.json', path: 'items[0].id', message: expect.stringMatching(/must not begin "tandem\."/) }] });
      const twice = contentFolder({ 'a.json': { items: [item('signs.twice')] }, 'b.json': { items: [item('signs.twice')] } });
      expect(await loader.load(twice, 'test')).toMatchObject({ ok: false, problems: [{ file: 'b.json', path: 'items[0].id', message: expect.stringMatching(/also an item of a\.json/) }] });
    });

    it('is idempotent: the same files twice change nothing; a changed item is written again', async () => {
      const items = [item('signs.once-a'), item('signs.once-b', { audiences: ['YOUTH', 'EDUCATORS'] })];
      const folder = contentFolder({ 'county.json': { items } });
      const loads = await audits('EDUCATION_LOAD');
      expect(await loader.load(folder, 'test')).toEqual({ ok: true, files: 1, items: 2, inserted: 2, updated: 0, unchanged: 0, retired: 0 });
      const rows = async () => t.db.query(`SELECT id, content_hash, published_at FROM education.item WHERE id = ANY($1) ORDER BY id`, [items.map((one) => one.id)]);
      const first = await rows();
      expect(await loader.load(folder, 'test')).toEqual({ ok: true, files: 1, items: 2, inserted: 0, updated: 0, unchanged: 2, retired: 0 });
      expect(await rows()).toEqual(first);
      expect(await audits('EDUCATION_LOAD')).toBe(loads + 1);
      const changed = contentFolder({ 'county.json': { items: [items[0], { ...items[1], texts: { en: { title: 'Changed', body: 'Changed.' }, es: { title: 'Cambiado', body: 'Cambiado.' } } }] } });
      expect(await loader.load(changed, 'test')).toMatchObject({ ok: true, inserted: 0, updated: 1, unchanged: 1 });
      const youth = await signs('YOUTH', 'ES');
      expect(youth.signs.find((one) => one.id === `${p}.signs.once-b`)).toMatchObject({ title: 'Cambiado', language: 'ES' });
      // The shipped content is in place once, whatever number of starts.
      expect(await loader.loadShipped('test')).toMatchObject({ ok: true, inserted: 0, updated: 0, retired: 0 });
    });

    it('runs as the command education:load, with exit status 1 and each problem on standard error', async () => {
      const config = AppConfig.fromEnv();
      const errors: string[] = [];
      const logs: string[] = [];
      const error = jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
      const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void logs.push(line));
      try {
        const { license: _license, ...unlicensed } = item('signs.cli-bad');
        const bad = contentFolder({ 'county.json': { items: [unlicensed] } });
        expect(await EDUCATION_COMMANDS['education:load']!.run(config, { positional: [bad], flags: {} })).toBe(1);
        expect(errors).toEqual(['county.json: items[0].license: is required', 'education:load: 1 problem(s); nothing was loaded']);
        const good = contentFolder({ 'county.json': { items: [item('signs.cli-good')] } });
        expect(await EDUCATION_COMMANDS['education:load']!.run(config, { positional: [good], flags: {} })).toBe(0);
        expect(await EDUCATION_COMMANDS['education:load']!.run(config, { positional: [good], flags: {} })).toBe(0);
        expect(logs).toEqual(['education:load: 1 items in 1 file(s): 1 new, 0 changed, 0 unchanged', 'education:load: 1 items in 1 file(s): already up to date, nothing changed']);
      } finally {
        error.mockRestore();
        log.mockRestore();
      }
    });
  });

  describe("an agency's local additions", () => {
    const addition = (overrides: Record<string, unknown> = {}) => ({
      kind: 'WHAT_TO_DO',
      audiences: ['HOSPITALITY', 'TRANSPORT'],
      link: 'HOTLINES',
      license: 'Published by the agency for public use',
      texts: [
        { language: 'EN', title: `Call our night desk ${p}`, body: 'Our night desk answers hotel and bus station staff at any hour.' },
        { language: 'ES', title: `Llame a nuestra guardia nocturna ${p}`, body: 'Nuestra guardia nocturna atiende al personal de hoteles y terminales de autobuses a cualquier hora.' },
      ],
      ...overrides,
    });
    const local = () => count('item', 'agency_id = $1', [pd.id]);

    it("are published by the agency's supervisors only, audited, and shown to the public with the agency named", async () => {
      const before = await local();
      const denied = await audits('ACCESS_DENIED');
      for (const actor of [people.pd1, people.pdAdmin, people.auditor, people.sysadmin]) {
        expect(await t.gql.code(PUBLISH, { input: addition() }, actor.token)).toBe('FORBIDDEN');
      }
      expect(await t.gql.code(PUBLISH, { input: addition() })).toBe('UNAUTHENTICATED');
      expect(await local()).toBe(before);
      expect(await audits('ACCESS_DENIED')).toBe(denied + 4);

      const published = (await t.gql.ok(PUBLISH, { input: addition() }, people.pdSup.token)).publishEducationItem as Item;
      expect(published).toMatchObject({
        kind: 'WHAT_TO_DO',
        language: 'EN',
        license: 'Published by the agency for public use',
        source: { publisher: pd.name, title: `Call our night desk ${p}`, url: null },
        link: { kind: 'HOTLINES', route: '/resources?serviceType=HOTLINE' },
        localAgency: { agencyId: pd.id, name: pd.name, jurisdiction: 'Education County' },
      });
      expect(await t.world.count('audit_event', `action = 'EDUCATION_ITEM_PUBLISH' AND subject_id = $1 AND actor_user_id = $2`, [published.id, people.pdSup.id])).toBe(1);
      for (const [audience, language, title] of [
        ['TRANSPORT', 'ES', `Llame a nuestra guardia nocturna ${p}`],
        ['HOSPITALITY', 'EN', `Call our night desk ${p}`],
      ] as const) {
        const shown = (await signs(audience, language)).whatToDo.find((one) => one.id === published.id);
        expect(shown).toMatchObject({ title, fallback: false, localAgency: { name: pd.name } });
      }
      // Loaded content comes first, local additions after it.
      const steps = (await signs('TRANSPORT', 'EN')).whatToDo;
      expect(steps.findIndex((one) => one.id === published.id)).toBeGreaterThan(steps.findIndex((one) => one.id === 'tandem.steps.hotline'));
      expect((await signs('PARENTS', 'EN')).whatToDo.some((one) => one.id === published.id)).toBe(false);
    });

    it("are retracted by the agency's supervisors only; the public no longer reads them; audited", async () => {
      const published = (await t.gql.ok(PUBLISH, { input: addition({ kind: 'WARNING_SIGN', link: null, audiences: ['YOUTH'] }) }, people.pdSup.token)).publishEducationItem as Item;
      for (const actor of [people.pd1, people.shSup, people.pdAdmin, people.auditor, people.sysadmin]) {
        expect(await t.gql.code(RETRACT, { id: published.id, reason: 'Out of date' }, actor.token)).toBe('FORBIDDEN');
      }
      expect(await t.gql.code(RETRACT, { id: published.id, reason: 'Out of date' })).toBe('UNAUTHENTICATED');
      expect((await signs('YOUTH', 'EN')).signs.some((one) => one.id === published.id)).toBe(true);

      const retracted = (await t.gql.ok(RETRACT, { id: published.id, reason: 'Out of date' }, people.pdSup.token)).retractEducationItem;
      expect(retracted.retractedAt).not.toBeNull();
      expect((await signs('YOUTH', 'EN')).signs.some((one) => one.id === published.id)).toBe(false);
      const [row] = await t.db.query(`SELECT retracted_by, retraction_reason FROM education.item WHERE id = $1`, [published.id]);
      expect(row).toEqual({ retracted_by: people.pdSup.id, retraction_reason: 'Out of date' });
      expect(await t.world.count('audit_event', `action = 'EDUCATION_ITEM_RETRACT' AND subject_id = $1`, [published.id])).toBe(1);
      expect(await t.gql.code(RETRACT, { id: published.id, reason: 'Again' }, people.pdSup.token)).toBe('CONFLICT');
      // Loaded content is no agency's; an id that names nothing is not found.
      expect(await t.gql.code(RETRACT, { id: 'tandem.signs.disconnected', reason: 'Mine now' }, people.pdSup.token)).toBe('FORBIDDEN');
      expect(await t.gql.code(RETRACT, { id: randomUUID(), reason: 'Nothing' }, people.pdSup.token)).toBe('NOT_FOUND');
      expect((await signs('PARENTS', 'EN')).signs.some((one) => one.id === 'tandem.signs.disconnected')).toBe(true);
    });

    it('refuse bad input with the field paths, and change nothing', async () => {
      const published = (await t.gql.ok(PUBLISH, { input: addition({ audiences: ['PARENTS'] }) }, people.pdSup.token)).publishEducationItem as Item;
      const before = { items: await local(), texts: await count('item_text', 'item_id IN (SELECT id FROM education.item WHERE agency_id = $1)', [pd.id]) };
      const audited = { published: await audits('EDUCATION_ITEM_PUBLISH'), retracted: await audits('EDUCATION_ITEM_RETRACT') };
      const en = addition().texts[0]!;
      const cases: [string, Record<string, unknown>, string][] = [
        ['two texts in one language', addition({ texts: [en, { ...en, title: 'Again' }] }), 'input.texts.1.language'],
        ['a link on a warning sign', addition({ kind: 'WARNING_SIGN' }), 'input.link'],
        ['no text', addition({ texts: [] }), 'input.texts'],
        ['no audience', addition({ audiences: [] }), 'input.audiences'],
        ['an audience twice', addition({ audiences: ['YOUTH', 'YOUTH'] }), 'input.audiences'],
        ['an unknown audience', addition({ audiences: ['PILOTS'] }), 'input.audiences.0'],
        ['a title of two lines', addition({ texts: [{ ...en, title: 'Two\nlines' }] }), 'input.texts.0.title'],
        ['an empty body', addition({ texts: [{ ...en, body: '   ' }] }), 'input.texts.0.body'],
        ['a body too long', addition({ texts: [{ ...en, body: 'x'.repeat(2001) }] }), 'input.texts.0.body'],
        ['no license', addition({ license: ' ' }), 'input.license'],
        ['a plain http address', addition({ sourceUrl: 'http://example.org/guide' }), 'input.sourceUrl'],
        ['a position out of range', addition({ position: -1 }), 'input.position'],
      ];
      for (const [name, input, path] of cases) {
        const response = await t.gql.query(PUBLISH, { input }, people.pdSup.token);
        const fields = (response.errors[0]?.extensions?.fields ?? []) as { path: string }[];
        expect({ name, code: response.errors[0]?.extensions?.code, paths: fields.map((field) => field.path) }).toEqual({ name, code: 'BAD_USER_INPUT', paths: [path] });
      }
      for (const [name, variables, path] of [
        ['an id no item can have', { id: 'Not An Id', reason: 'Out of date' }, 'id'],
        ['an empty reason', { id: published.id, reason: '  ' }, 'reason'],
        ['a reason of two lines', { id: published.id, reason: 'Out\nof date' }, 'reason'],
        ['a reason too long', { id: published.id, reason: 'x'.repeat(501) }, 'reason'],
      ] as const) {
        const response = await t.gql.query(RETRACT, variables, people.pdSup.token);
        const fields = (response.errors[0]?.extensions?.fields ?? []) as { path: string }[];
        expect({ name, code: response.errors[0]?.extensions?.code, paths: fields.map((field) => field.path) }).toEqual({ name, code: 'BAD_USER_INPUT', paths: [path] });
      }
      expect({ items: await local(), texts: await count('item_text', 'item_id IN (SELECT id FROM education.item WHERE agency_id = $1)', [pd.id]) }).toEqual(before);
      expect({ published: await audits('EDUCATION_ITEM_PUBLISH'), retracted: await audits('EDUCATION_ITEM_RETRACT') }).toEqual(audited);
      expect((await signs('PARENTS', 'EN')).whatToDo.some((one) => one.id === published.id)).toBe(true);
    });
  });
});

