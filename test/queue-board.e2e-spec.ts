import { AgencyType, Role } from '@tandem/authz';
import { ALL_QUEUES } from '@tandem/platform';
import request from 'supertest';
import { createTestApp, TestApp } from './support/test-app';

// The BullMQ dashboard at /admin/queues: system administrators only, by the API's own bearer token.

describe('queue dashboard', () => {
  let t: TestApp;
  let adminToken: string;

  const get = (path: string, token?: string) => {
    const call = request(t.app.getHttpServer()).get(path);
    return token ? call.set('authorization', `Bearer ${token}`) : call;
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    adminToken = await t.signIn(await t.world.user(Role.SYSTEM_ADMIN, null));
  });
  afterAll(() => t.close());

  it('answers 401 without a token, with a bad one, or for a disabled account', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const anonymous = await get(path);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toBe('Bearer');
      expect(anonymous.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Sign in to continue' } });
      expect((await get(path, 'not-a-token')).status).toBe(401);
    }
    const admin = await t.world.user(Role.SYSTEM_ADMIN, null);
    const token = await t.signIn(admin);
    await t.db.query(`UPDATE app_user SET active = false WHERE id = $1`, [admin.id]);
    const disabled = await get('/admin/queues', token);
    expect(disabled.status).toBe(401);
    expect(disabled.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('answers 403 to every other role, and audits the refusal', async () => {
    const agency = await t.world.agency(AgencyType.CHILD_WELFARE);
    for (const role of [Role.STAFF, Role.AGENCY_ADMIN]) {
      const user = await t.world.user(role, agency.id);
      const token = await t.signIn(user);
      for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
        const refused = await get(path, token);
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe('FORBIDDEN');
      }
      expect(await t.world.count('audit_event', `action = 'ACCESS_DENIED' AND outcome = 'DENIED' AND actor_user_id = $1`, [user.id])).toBe(2);
    }
  });

  it('serves the board, its assets and its API to a system administrator', async () => {
    const page = await get('/admin/queues', adminToken);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('Tandem queues');

    const script = page.text.match(/<script defer src="(static\/js\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const asset = await get(`/admin/queues/${script}`, adminToken);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);

    const api = await get('/admin/queues/api/queues', adminToken);
    expect(api.status).toBe(200);
    const names = (api.body.queues as { name: string }[]).map((queue) => queue.name).sort();
    expect(names).toEqual([...ALL_QUEUES].sort());
  });

  it('answers an unknown queue without internals', async () => {
    const missing = await get('/admin/queues/api/queues/nope/workers', adminToken);
    expect(missing.status).toBeGreaterThanOrEqual(400);
    expect(missing.status).toBeLessThan(500);
    expect(JSON.stringify(missing.body)).not.toMatch(/stack|at \w+ \(/);
  });
});
