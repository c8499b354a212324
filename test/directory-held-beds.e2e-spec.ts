import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CliModule } from '@apps/cli/cli.module';
import { DirectoryImportService, ImportOutcome } from '@tandem/directory';
import { policyCast } from './support/case-fixtures';
import { bedHoldWorld, Cast, COMPLETE, START } from './support/bed-hold-fixtures';
import { bedUnit, figureOf, historyOf, Site } from './support/directory-fixtures';
import { writePackage } from './support/directory-package';
import { createTestApp, TestApp } from './support/test-app';

// A directory import meets the beds held for accepted referrals (docs/directory-import.md, "Beds held"),
// and a site that referrals name is never deleted from under them.

const REFERRAL = `query($id: ID!) { referral(id: $id) { id status serviceAtLocationId } }`;
const SEARCH = `query($filter: ResourceFilterInput) { resources(filter: $filter, first: 50) { edges { node { id } } } }`;

describe('directory imports and held beds', () => {
  let t: TestApp;
  let cast: Cast;
  let world: ReturnType<typeof bedHoldWorld>;
  let cli: INestApplicationContext;
  let importer: DirectoryImportService;
  let shelter: { code: string; name: string };

  beforeAll(async () => {
    t = await createTestApp();
    cast = await policyCast(t);
    world = bedHoldWorld(t, cast);
    cli = await NestFactory.createApplicationContext(CliModule.forRoot(t.config), { logger: false });
    importer = cli.get(DirectoryImportService);
    await bedUnit(t);
    [shelter] = await t.db.query(`SELECT j.code, a.name FROM agency a JOIN jurisdiction j ON j.id = a.jurisdiction_id WHERE a.id = $1`, [cast.agencies.SH.id]);
  });
  afterAll(async () => {
    await cli?.close();
    await t?.close();
  });

  /** A shelter site of SH's organization (one per suite: an agency is one organization) as a package holds it, ids tagged so that each test has its own. */
  function shelterPackage(tag: string, capacity: { available: number; maximum: number; updated: string }, status = 'active'): string {
    return writePackage({
      'organizations.csv': `id,name,description,agency_jurisdiction,agency_name\n${organization},Harbor Youth,Shelter for youth,${shelter.code},"${shelter.name}"\n`,
      'services.csv': `id,organization_id,name,status,service_type,accepting_referrals\nsvc-${tag},${organization},Harbor beds ${tag},${status},EMERGENCY_SHELTER,true\n`,
      'locations.csv': `id,location_type,organization_id,name,latitude,longitude\nloc-${tag},physical,${organization},Harbor house ${tag},38.62,-90.19\n`,
      'service_at_location.csv': `id,service_id,location_id\nsal-${tag},svc-${tag},loc-${tag}\n`,
      'service_capacity.csv': `id,service_id,unit_id,available,maximum,updated,service_at_location_id\ncap-${tag},svc-${tag},bed,${capacity.available},${capacity.maximum},${capacity.updated},sal-${tag}\n`,
    });
  }

  async function imported(folder: string): Promise<Extract<ImportOutcome, { ok: true }>> {
    const outcome = await importer.import(folder);
    if (!outcome.ok) throw new Error(`import refused: ${JSON.stringify(outcome.problems)}`);
    return outcome;
  }

  const organization = `org-${randomBytes(4).toString('hex')}`;
  const siteOf = (tag: string): Site => ({ organizationId: organization, serviceId: `svc-${tag}`, locationId: `loc-${tag}`, serviceAtLocationId: `sal-${tag}`, capacityId: `cap-${tag}` });
  const at = (hour: number) => `2026-12-0${1 + Math.floor(hour / 24)}T${String(hour % 24).padStart(2, '0')}:00:00Z`;

  it('shows as available what the package says less the beds held for children not arrived; an arrived child is in the shelter count; never below zero', async () => {
    const tag = randomBytes(4).toString('hex');
    const site = siteOf(tag);
    await imported(shelterPackage(tag, { available: 3, maximum: 5, updated: at(1) }));
    const first = await world.acceptedAt(site);
    expect((await figureOf(t, site.capacityId!)).available).toBe(2);

    // The shelter's own system still counts 3 free: one of them is held for the child on the way.
    const again = await imported(shelterPackage(tag, { available: 3, maximum: 5, updated: at(2) }));
    expect(again.held).toEqual([{ id: site.capacityId, imported: 3, held: 1, available: 2 }]);
    expect(await figureOf(t, site.capacityId!)).toMatchObject({ available: 2, maximum: 5 });
    // The same package a second time changes nothing.
    expect((await imported(shelterPackage(tag, { available: 3, maximum: 5, updated: at(2) }))).changed).toBe(0);

    // A fuller count later: 4 free in the shelter's count, 3 shown.
    await imported(shelterPackage(tag, { available: 4, maximum: 5, updated: at(3) }));
    expect((await figureOf(t, site.capacityId!)).available).toBe(3);

    // The child arrives: the bed is occupied and the shelter's next count has it taken.
    await t.gql.ok(START, { id: first }, cast.people.sh1.token);
    const arrived = await imported(shelterPackage(tag, { available: 3, maximum: 5, updated: at(4) }));
    expect(arrived.held).toEqual([]);
    expect((await figureOf(t, site.capacityId!)).available).toBe(3);

    // A count of none free while a new child is on the way: 0 shown, and the hold stays.
    const second = await world.acceptedAt(site);
    await imported(shelterPackage(tag, { available: 0, maximum: 5, updated: at(5) }));
    expect((await figureOf(t, site.capacityId!)).available).toBe(0);
    expect(await world.holdOf(second)).toMatchObject({ released_at: null });

    // Ends give beds back as ever.
    await t.gql.ok(COMPLETE, { id: first }, cast.people.sh1.token);
    expect((await figureOf(t, site.capacityId!)).available).toBe(1);
    expect(await historyOf(t, site.capacityId!)).toEqual(['IMPORT', 'HOLD', 'IMPORT', 'IMPORT', 'IMPORT', 'HOLD', 'IMPORT', 'RELEASE']);
  });

  it('an export writes the shelter count (shown plus held, never above the maximum), so that importing it back changes nothing', async () => {
    const tag = randomBytes(4).toString('hex');
    const site = siteOf(tag);
    await imported(shelterPackage(tag, { available: 2, maximum: 2, updated: at(1) }));
    await world.acceptedAt(site);
    expect((await figureOf(t, site.capacityId!)).available).toBe(1);
    const folder = writePackage({});
    await importer.export(folder);
    const line = readFileSync(join(folder, 'service_capacity.csv'), 'utf8').split('\n').find((row) => row.startsWith(`${site.capacityId},`))!;
    expect(line.split(',').slice(0, 5)).toEqual([site.capacityId, site.serviceId, 'bed', '2', '2']);
    // The site's rows of the export, imported back: the figure stays 1 shown, 1 held.
    const back = await imported(shelterPackage(tag, { available: Number(line.split(',')[3]), maximum: 2, updated: at(1) }));
    expect(back.changed).toBe(0);
    expect((await figureOf(t, site.capacityId!)).available).toBe(1);
  });

  it('a site that a referral names is never deleted from under it: the database refuses, the referral and its hold stay', async () => {
    const tag = randomBytes(4).toString('hex');
    const site = siteOf(tag);
    await imported(shelterPackage(tag, { available: 2, maximum: 2, updated: at(1) }));
    const id = await world.acceptedAt(site);
    const deletions = [
      `DELETE FROM directory.service_at_location WHERE id = 'sal-${tag}'`,
      `DELETE FROM directory.service WHERE id = 'svc-${tag}'`,
      `DELETE FROM directory.location WHERE id = 'loc-${tag}'`,
      `DELETE FROM directory.organization WHERE id = '${organization}'`,
      `DELETE FROM directory.service_capacity WHERE id = 'cap-${tag}'`,
    ];
    const codes: string[] = [];
    for (const sql of deletions) codes.push(await t.db.query(sql).then(() => 'deleted', (error: { driverError?: { code?: string; constraint?: string } }) => `${error.driverError?.code} ${error.driverError?.constraint}`));
    expect(codes).toEqual([...deletions.slice(0, 4).map(() => '23503 referral_service_at_location_id_fkey'), '23503 bed_hold_capacity_id_fkey']);
    expect((await t.gql.ok(REFERRAL, { id }, cast.people.cw1.token)).referral).toEqual({ id, status: 'ACCEPTED', serviceAtLocationId: site.serviceAtLocationId });
    expect(await world.holdOf(id)).toMatchObject({ released_at: null });

    // The rule is the schema's own, checked at once (RESTRICT), whatever deletes.
    const rules = await t.db.query(
      `SELECT conname, confdeltype FROM pg_constraint WHERE conname IN ('referral_service_at_location_id_fkey', 'bed_hold_service_at_location_id_fkey', 'bed_hold_capacity_id_fkey') ORDER BY conname`,
    );
    expect(rules.map((rule: { conname: string; confdeltype: string }) => `${rule.conname} ${rule.confdeltype}`)).toEqual([
      'bed_hold_capacity_id_fkey r',
      'bed_hold_service_at_location_id_fkey r',
      'referral_service_at_location_id_fkey r',
    ]);

    // A site no referral names is deleted as before.
    const spare = randomBytes(4).toString('hex');
    await imported(shelterPackage(spare, { available: 1, maximum: 1, updated: at(1) }));
    await t.db.query(`DELETE FROM directory.service WHERE id = 'svc-${spare}'`);
    expect(await t.db.query(`SELECT id FROM directory.service_at_location WHERE id = 'sal-${spare}'`)).toEqual([]);
  });

  it('an import that would make the shelter agency a second organization is refused row by row, writing nothing', async () => {
    const tag = randomBytes(4).toString('hex');
    await imported(shelterPackage(tag, { available: 1, maximum: 1, updated: at(1) }));
    const other = writePackage({ 'organizations.csv': `id,name,description,agency_jurisdiction,agency_name\norg-${tag},Harbor copy,Shelter,${shelter.code},"${shelter.name}"\n` });
    const outcome = await importer.import(other);
    expect(outcome.ok ? [] : outcome.problems).toEqual([
      { file: 'organizations.csv', line: 2, column: 'agency_name', reason: `agency "${shelter.name}" is already the organization "${organization}" of the directory: an agency is one organization (unlink it first with linkAgencyToOrganization)` },
    ]);
    expect(await t.db.query(`SELECT id FROM directory.organization WHERE id = $1`, [`org-${tag}`])).toEqual([]);
  });

  it('a site taken out of use by an import (its service inactive) leaves searches, and its referrals keep it', async () => {
    const tag = randomBytes(4).toString('hex');
    const site = siteOf(tag);
    await imported(shelterPackage(tag, { available: 2, maximum: 2, updated: at(1) }));
    const id = await world.acceptedAt(site);
    const search = async () =>
      (await t.gql.ok(SEARCH, { filter: { text: `Harbor beds ${tag}` } }, cast.people.cw1.token)).resources.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(await search()).toEqual([site.serviceAtLocationId]);

    await imported(shelterPackage(tag, { available: 2, maximum: 2, updated: at(1) }, 'inactive'));
    expect(await search()).toEqual([]);
    expect((await t.gql.ok(REFERRAL, { id }, cast.people.cw1.token)).referral).toEqual({ id, status: 'ACCEPTED', serviceAtLocationId: site.serviceAtLocationId });
    expect(await world.holdOf(id)).toMatchObject({ released_at: null });
  });
});
