import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { solveChallenge } from 'altcha-lib/v1';
import { Client } from 'pg';
import { ADD_TO_TIP, SUBMIT_TIP, TIP_CHALLENGE, TIP_ENV, TIP_STATUS, tipInput } from './support/tip-fixtures';
import { freePort, waitFor } from './support/worker-doubles';

const root = join(__dirname, '..');

/*
 * The API's own logs keep nothing of a tipster (docs/access-policy.md, "submit a tip"): a real API
 * process, logging at debug level, behind a proxy it trusts, takes a tip, a status check and an
 * addition from an address, a user agent and a cookie of their own, and a refused tip; its
 * output names none of them, nor the code or the tip's words, though it logged each request.
 */
describe('logs of the tip line', () => {
  let child: ChildProcess;
  let output = '';
  let url: string;
  let jurisdictionId: string;

  beforeAll(async () => {
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      const code = `L${randomBytes(2).toString('hex').toUpperCase().replace(/[^A-Z]/g, 'Q')}`.slice(0, 5);
      jurisdictionId = (await db.query(`INSERT INTO jurisdiction (code, name) VALUES ($1, 'Log County') RETURNING id`, [code])).rows[0].id;
      await db.query(`INSERT INTO agency (name, type, jurisdiction_id) VALUES ($1, 'LAW_ENFORCEMENT', $2)`, [`Log PD ${code}`, jurisdictionId]);
    } finally {
      await db.end();
    }
    const port = await freePort();
    url = `http://127.0.0.1:${port}/graphql`;
    child = spawn(process.execPath, ['-r', join(root, 'test/support/ts-register.cjs'), join(root, 'apps/api/src/main.ts')], {
      cwd: root,
      env: { ...process.env, ...TIP_ENV, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'debug', TRUST_PROXY: 'loopback', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-tiplogs` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    await waitFor('the API to listen', () => output.includes('Tandem API listening') || (child.exitCode !== null ? Promise.reject(new Error(output.slice(-3000))) : false), 120_000, 100);
  }, 150_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('names no address, user agent, cookie, code or word of a tip', async () => {
    const address = '198.51.100.23';
    const agent = `TipsterPhone/${randomBytes(4).toString('hex')}`;
    const cookie = `tracker=${randomBytes(6).toString('hex')}`;
    const post = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address, 'user-agent': agent, cookie },
        body: JSON.stringify({ query, variables }),
      });
      return { id: response.headers.get('x-request-id'), body: (await response.json()) as { data?: Record<string, any>; errors?: { extensions?: { code?: string } }[] } };
    };
    const proof = async () => {
      const { body } = await post(TIP_CHALLENGE);
      const c = body.data!.tipChallenge;
      const solution = (await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxNumber).promise)!;
      return Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: solution.number, salt: c.salt, signature: c.signature })).toString('base64');
    };
    const words = 'A boy of about twelve sold at the laundromat on Elm';
    const submitted = await post(SUBMIT_TIP, { input: tipInput(jurisdictionId, { whatSeen: words, childInDangerNow: true, contact: 'reach me at 555-0199' }), proof: await proof() });
    expect(submitted.body.errors).toBeUndefined();
    const code = submitted.body.data!.submitTip.followUpCode as string;
    const status = await post(TIP_STATUS, { code, proof: await proof() });
    const added = await post(ADD_TO_TIP, { code, proof: await proof(), input: { information: 'He came back with a woman in a green coat' } });
    const refused = await post(SUBMIT_TIP, { input: tipInput(jurisdictionId), proof: 'forged' });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    // Each request was logged (by its request id), so the output holds what the API writes about it.
    const ids = [submitted.id, status.id, added.id, refused.id];
    await waitFor('the request logs', () => ids.every((id) => id && output.includes(id)), 30_000, 100);
    for (const secret of [address, agent, cookie, code, words, '555-0199', 'green coat', 'laundromat']) expect({ secret, logged: output.includes(secret) }).toEqual({ secret, logged: false });
  });
});
