import { INestApplicationContext } from '@nestjs/common';
import { AnomalyKind, AnomalyWatch } from '@tandem/audit-watch';
import { AgencyType, Role } from '@tandem/authz';
import { createTestApp, startAnomalyWatch, TestApp } from './support/test-app';
import { isolatedDatabase } from './support/test-database';

// Refused access tokens are anonymous: the anomaly watch counts them by client address, so that
// someone trying tokens against the API is seen.

const ME = `{ me { id } }`;

describe('anomaly watch: probing with refused tokens', () => {
  let t: TestApp;
  let watchContext: INestApplicationContext;
  let watch: AnomalyWatch;

  beforeAll(async () => {
    // Scans read the whole trail and alert every auditor: a database of the suite's own.
    t = await createTestApp({ ...(await isolatedDatabase('probing')), ANOMALY_DENIALS_PER_10_MINUTES: '5' });
    watchContext = await startAnomalyWatch(t, 'test-probing');
    watch = watchContext.get(AnomalyWatch);
  });

  afterAll(async () => {
    await watchContext?.close();
    await t?.close();
  });

  const probingAlerts = () =>
    t.db.query(`SELECT recipient_id AS "recipientId", text, ledger_key AS "ledgerKey" FROM notification WHERE kind = $1`, [AnomalyKind.TOKEN_PROBING]);

  it('alerts every auditor once when one address presents the limit of refused tokens within ten minutes; expired tokens do not count', async () => {
    const auditors = [await t.world.user(Role.AUDITOR, null), await t.world.user(Role.AUDITOR, null)];
    const supervisor = await t.world.user(Role.SUPERVISOR, (await t.world.agency(AgencyType.CHILD_WELFARE)).id);
    for (let i = 0; i < 4; i += 1) expect(await t.gql.code(ME, {}, `forged.token.${i}`)).toBe('UNAUTHENTICATED');
    // Expired tokens are what every client presents now and then: ten of them add nothing.
    const expired = await t.world.user(Role.STAFF, supervisor.agencyId);
    const token = await t.signIn(expired);
    t.clock.advance((t.config.values.JWT_ACCESS_TTL_SECONDS + 60) * 1000);
    try {
      for (let i = 0; i < 10; i += 1) expect(await t.gql.code(ME, {}, token)).toBe('UNAUTHENTICATED');
    } finally {
      t.clock.set(new Date());
    }
    expect((await watch.scan()).tokenProbing).toBe(0);
    expect(await probingAlerts()).toEqual([]);

    expect(await t.gql.code(ME)).toBe('UNAUTHENTICATED');
    const report = await watch.scan();
    expect(report.tokenProbing).toBe(1);
    const sent: { recipientId: string; text: string }[] = await probingAlerts();
    expect(sent.map((alert) => alert.recipientId).sort()).toEqual(auditors.map((auditor) => auditor.id).sort());
    const [{ address }] = await t.db.query(`SELECT DISTINCT client_address AS address FROM audit_event WHERE action = 'TOKEN_REFUSED'`);
    expect(sent[0]!.text).toContain(address);
    expect(sent[0]!.text).toContain('5 refused access tokens');
    // Scanning again tells nobody twice.
    expect((await watch.scan()).notified).toBe(0);
  });
});
