// An OpenID provider for the single sign-on tests: the `oidc-provider` package on loopback, in its own
// Node process (it is ESM only). Started by test/support/oidc-test-provider.ts, which reads the first
// line this prints: {"issuer": "..."}.
//
// Clients are given as JSON in OIDC_CLIENTS. Who signs in is chosen by the test, on the interaction
// page's query: /interaction/<uid>?sub=&email=&verified=1&amr=pwd,mfa&acr=
// A test can ask the next token answers to be altered (as a forged or misdirected token would be):
// POST /test/tamper {"mode": "foreign-key" | "audience" | "nonce" | "none"}.
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import Provider from 'oidc-provider';

const clients = JSON.parse(process.env.OIDC_CLIENTS ?? '[]');
const accounts = new Map();
let tamper = 'none';

const signing = await generateKeyPair('RS256', { extractable: true });
const foreign = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(signing.privateKey)), kid: 'provider-key', alg: 'RS256', use: 'sig' };

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [jwk] },
  findAccount: (_ctx, sub) => {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return { accountId: sub, claims: () => ({ sub, email: account.email, email_verified: account.verified }) };
  },
  // Like many providers, the ID token always says how the person signed in.
  claims: { auth_time: null, sid: null, openid: ['sub', 'acr', 'amr'], email: ['email', 'email_verified'] },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  // A client whose id ends in -short gets ID tokens that expire in five minutes.
  ttl: { AuthorizationCode: 60, IdToken: (_ctx, _token, client) => (client.clientId.endsWith('-short') ? 300 : 3600), AccessToken: 3600, Grant: 3600, Interaction: 600, Session: 3600 },
  cookies: { keys: ['test-provider-cookie-key'] },
});

// Alters the ID token of a token answer as the test asked: signed by another key under the provider's
// key id, made out to another audience, or carrying another nonce.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || tamper === 'none' || !ctx.body?.id_token) return;
  const claims = decodeJwt(ctx.body.id_token);
  const header = decodeProtectedHeader(ctx.body.id_token);
  let key = signing.privateKey;
  if (tamper === 'foreign-key') key = foreign.privateKey;
  if (tamper === 'audience') claims.aud = 'another-client';
  if (tamper === 'nonce') claims.nonce = 'another-nonce';
  ctx.body = { ...ctx.body, id_token: await new SignJWT(claims).setProtectedHeader(header).sign(key) };
});

async function interaction(req, res, url) {
  const details = await provider.interactionDetails(req, res);
  const sub = url.searchParams.get('sub');
  if (!sub) {
    res.writeHead(400).end('say who signs in');
    return;
  }
  accounts.set(sub, { email: url.searchParams.get('email'), verified: url.searchParams.get('verified') === '1' });
  const grant = new provider.Grant({ accountId: sub, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  const amr = url.searchParams.get('amr');
  const acr = url.searchParams.get('acr');
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: sub, ...(amr ? { amr: amr.split(',') } : {}), ...(acr ? { acr } : {}) }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

const callback = provider.callback();
server.on('request', (req, res) => {
  const url = new URL(req.url, issuer);
  if (req.method === 'POST' && url.pathname === '/test/tamper') {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      tamper = JSON.parse(body).mode;
      res.writeHead(204).end();
    });
    return;
  }
  if (url.pathname.startsWith('/interaction/')) {
    interaction(req, res, url).catch((error) => res.writeHead(500).end(String(error.message)));
    return;
  }
  callback(req, res);
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => process.exit(0));
