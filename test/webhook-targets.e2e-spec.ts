import { randomBytes } from 'node:crypto';
import { LookupAddress } from 'node:dns';
import { AgencyType, Role } from '@tandem/authz';
import { WebhookDns } from '@tandem/notifications';
import { createTestApp, TestApp } from './support/test-app';

// Setting an agency webhook: a URL that points into our own network (the cloud metadata service,
// loopback, private ranges, internal names, however the address is spelled) is refused with the
// field named, nothing is stored, and the attempt is audited. The delivery-time check, after DNS,
// is in delivery.e2e-spec.ts.

const SET_WEBHOOK = `mutation($agencyId: ID!, $url: String!) { setAgencyWebhook(agencyId: $agencyId, url: $url) { agencyId url secret } }`;

describe('webhook targets when set', () => {
  let t: TestApp;

  beforeAll(async () => {
    // No WEBHOOK_ALLOW_HOSTS here: what every deployment gets.
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  async function agencyAdmin() {
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    const admin = await t.world.user(Role.AGENCY_ADMIN, agency.id);
    return { agency, admin, token: await t.signIn(admin) };
  }

  it.each([
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
    ['the metadata service over https', 'https://169.254.169.254/latest/meta-data/'],
    ['loopback', 'https://127.0.0.1:6379/'],
    ['loopback in decimal', 'https://2130706433/'],
    ['loopback in octal', 'https://0177.0.0.1/'],
    ['loopback in hex', 'https://0x7f.0.0.1/'],
    ['loopback in short form', 'https://127.1/'],
    ['IPv6 loopback', 'https://[::1]/'],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped metadata service in hex', 'https://[::ffff:a9fe:a9fe]/'],
    ['NAT64 of a private address', 'https://[64:ff9b::a00:1]/'],
    ['6to4 of a private address', 'https://[2002:c0a8:101::1]/'],
    ['a 10/8 address', 'https://10.0.0.5:5432/'],
    ['a 172.16/12 address', 'https://172.16.3.4/'],
    ['a 192.168/16 address', 'https://192.168.1.1/admin'],
    ['carrier-grade NAT', 'https://100.64.0.1/'],
    ['the unspecified address', 'https://0.0.0.0:3000/'],
    ['the IPv6 unspecified address', 'https://[::]/'],
    ['IPv6 link-local', 'https://[fe80::1]/'],
    ['IPv6 unique local', 'https://[fd00::1]/'],
    ['multicast', 'https://224.0.0.1/'],
    ['documentation', 'https://192.0.2.10/'],
    ['broadcast', 'https://255.255.255.255/'],
    ['localhost', 'https://localhost:3000/graphql'],
    ['localhost with a final dot', 'https://LOCALHOST./'],
    ['a .localhost name', 'https://api.localhost/'],
    ['a single-label internal name', 'https://redis:6379/'],
    ['a compose service name', 'https://postgres/'],
    ['an .internal name', 'https://metadata.google.internal/computeMetadata/v1/'],
    ['an mDNS name', 'https://printer.local/'],
  ])('refuses %s with BAD_USER_INPUT naming url, stores nothing and audits the attempt', async (_name, url) => {
    const { agency, admin, token } = await agencyAdmin();
    const response = await t.gql.query(SET_WEBHOOK, { agencyId: agency.id, url }, token);
    expect(response.data).toBeNull();
    expect(response.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = response.errors[0]?.extensions?.fields as { path: string; message: string }[];
    expect(fields).toEqual([{ path: 'url', message: expect.stringMatching(/^must (point to a public address|name a public host|be an https)/) }]);
    expect(await t.world.count('agency_webhook', 'agency_id = $1', [agency.id])).toBe(0);
    const [denied] = await t.db.query(
      `SELECT outcome, reason, details FROM audit_event WHERE actor_user_id = $1 AND details->>'attempted' = 'WEBHOOK_SET'`,
      [admin.id],
    );
    expect(denied).toMatchObject({ outcome: 'DENIED', reason: 'webhook target refused', details: { agencyId: agency.id, url } });
  });

  describe('a name DNS answers now', () => {
    /** What this suite's DNS answers, by name; any other name is not found (as for a receiver not set up yet). */
    const answers = new Map<string, LookupAddress[]>();

    beforeAll(() => {
      jest.spyOn(t.app.get(WebhookDns), 'lookup').mockImplementation(async (hostname: string) => {
        const answer = answers.get(hostname);
        if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
        return answer;
      });
    });

    afterAll(() => {
      jest.restoreAllMocks();
    });

    it.each<[string, LookupAddress[], string]>([
      ['loopback', [{ address: '127.0.0.1', family: 4 }], 'loopback'],
      ['the metadata service', [{ address: '169.254.169.254', family: 4 }], 'link-local'],
      ['a public and a private address', [{ address: '93.184.215.14', family: 4 }, { address: '10.1.2.3', family: 4 }], 'private'],
      ['IPv6 unique local', [{ address: 'fd00::7', family: 6 }], 'private'],
    ])('refuses a name that resolves to %s when set, audited, before any delivery', async (_name, answer, kind) => {
      const { agency, admin, token } = await agencyAdmin();
      const host = `hooks-${randomBytes(4).toString('hex')}.corp.example`;
      answers.set(host, answer);
      const url = `https://${host}/tandem`;
      const response = await t.gql.query(SET_WEBHOOK, { agencyId: agency.id, url }, token);
      expect(response.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors[0]?.extensions?.fields).toEqual([{ path: 'url', message: expect.stringMatching(new RegExp(`^must point to a public address.* ${kind} address`)) }]);
      expect(await t.world.count('agency_webhook', 'agency_id = $1', [agency.id])).toBe(0);
      const [denied] = await t.db.query(`SELECT outcome, reason, details FROM audit_event WHERE actor_user_id = $1 AND details->>'attempted' = 'WEBHOOK_SET'`, [admin.id]);
      expect(denied).toMatchObject({ outcome: 'DENIED', reason: 'webhook target refused', details: { agencyId: agency.id, url } });
    });

    it('accepts a name that resolves to public addresses only, or not yet (delivery checks again)', async () => {
      const host = `hooks-${randomBytes(4).toString('hex')}.partner.example`;
      answers.set(host, [{ address: '93.184.215.14', family: 4 }, { address: '2606:4700:4700::1111', family: 6 }]);
      for (const url of [`https://${host}/tandem`, `https://not-yet-${randomBytes(4).toString('hex')}.partner.example/tandem`]) {
        const { agency, token } = await agencyAdmin();
        expect((await t.gql.ok(SET_WEBHOOK, { agencyId: agency.id, url }, token)).setAgencyWebhook.url).toBe(url);
      }
    });
  });

  it.each([
    'https://ops:Hunter2-secret@hooks.agency.example/tandem',
    // Spellings the URL parser reads as credentials too: no slashes, one slash, backslashes.
    'https:ops:Hunter2-secret@hooks.agency.example/tandem',
    'https:/ops:Hunter2-secret@hooks.agency.example/tandem',
    'https:\\\\ops:Hunter2-secret@hooks.agency.example/tandem',
  ])('keeps credentials written into a refused URL out of the trail (%s)', async (url) => {
    const { agency, admin, token } = await agencyAdmin();
    expect(await t.gql.code(SET_WEBHOOK, { agencyId: agency.id, url }, token)).toBe('BAD_USER_INPUT');
    const [denied] = await t.db.query(`SELECT details FROM audit_event WHERE actor_user_id = $1 AND details->>'attempted' = 'WEBHOOK_SET'`, [admin.id]);
    expect(denied.details).toEqual({ attempted: 'WEBHOOK_SET', agencyId: agency.id, url: 'https://hooks.agency.example/tandem' });
  });

  it.each([
    ['a public name', 'https://hooks.agency.example/tandem?channel=alerts'],
    ['a public IPv4 address', 'https://93.184.215.14/tandem'],
    ['a public IPv6 address', 'https://[2606:4700:4700::1111]/tandem'],
  ])('accepts %s and audits the URL it was set to, without the secret', async (_name, url) => {
    const { agency, admin, token } = await agencyAdmin();
    const set = await t.gql.ok(SET_WEBHOOK, { agencyId: agency.id, url }, token);
    expect(set.setAgencyWebhook).toMatchObject({ agencyId: agency.id, url });
    const events = await t.db.query(`SELECT outcome, details FROM audit_event WHERE actor_user_id = $1 AND action = 'WEBHOOK_SET'`, [admin.id]);
    expect(events).toEqual([{ outcome: 'ALLOWED', details: { url, secretRotated: false } }]);
    expect(JSON.stringify(events)).not.toContain(set.setAgencyWebhook.secret);
  });

  it('rewrites the reasons stored before, which told open ports from closed ones, into the generic ones', async () => {
    const { agency } = await agencyAdmin();
    const before = ['ECONNREFUSED', 'timed out after 10000 ms', 'UND_ERR_SOCKET', 'ECONNRESET', 'ENOTFOUND', 'HTTP 500', 'HTTP 302', 'webhook disabled', 'secret could not be opened', null];
    const ids: string[] = [];
    for (const lastError of before) {
      const [row] = await t.db.query(
        `INSERT INTO webhook_delivery (agency_id, ledger_key, body, status, attempts, last_error, dead_at)
         VALUES ($1, $2, '{"event":"TEST"}', 'DEAD', 1, $3, now()) RETURNING id`,
        [agency.id, `old-reason:${randomBytes(6).toString('hex')}`, lastError],
      );
      ids.push(row.id);
    }
    const migration = t.db.migrations.find((candidate) => candidate.name === 'WebhookErrors1764740000000');
    expect(migration).toBeDefined();
    const runner = t.db.createQueryRunner();
    try {
      await migration!.up(runner);
    } finally {
      await runner.release();
    }
    const rows = await t.db.query(`SELECT id, last_error AS "lastError" FROM webhook_delivery WHERE id = ANY($1)`, [ids]);
    const after = ids.map((id) => rows.find((row: { id: string }) => row.id === id).lastError);
    expect(after).toEqual([
      'delivery failed: could not connect',
      'delivery failed: could not connect',
      'delivery failed: could not connect',
      'delivery failed: could not connect',
      'delivery failed: could not connect',
      'delivery failed: HTTP 500',
      'delivery failed: HTTP 302',
      'webhook disabled',
      'secret could not be opened',
      null,
    ]);
  });
});
