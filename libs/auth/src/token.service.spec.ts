import { createHmac, createSecretKey, randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, ManualClock } from '@tandem/platform';
import { TokenRefusedError } from './auth.errors';
import { TokenService } from './token.service';

const SECRET = 'unit-test-secret-of-at-least-thirty-two-characters';
const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const sign = (header: object, payload: object, secret: string | null = SECRET) => {
  const head = `${encode(header)}.${encode(payload)}`;
  return `${head}.${secret === null ? '' : createHmac('sha256', secret).update(head).digest('base64url')}`;
};

describe('TokenService.verifyAccess', () => {
  const clock = new ManualClock(new Date('2026-06-01T12:00:00Z'));
  const config = AppConfig.fromEnv({ ...process.env, NODE_ENV: 'test', JWT_SECRET: SECRET, JWT_ACCESS_TTL_SECONDS: '900' });
  const tokens = new TokenService(new JwtService({ secret: createSecretKey(Buffer.from(SECRET, 'utf8')) }), config, clock);
  const now = Math.floor(clock.now().getTime() / 1000);
  const claims = { sub: randomUUID(), sid: randomUUID(), iat: now, exp: now + 900, iss: 'tandem', aud: 'tandem-api' };

  const reasonOf = (token: string): string => {
    try {
      tokens.verifyAccess(token);
      return 'accepted';
    } catch (error) {
      expect(error).toBeInstanceOf(TokenRefusedError);
      return (error as TokenRefusedError).reason;
    }
  };

  it('accepts the tokens it signs, and one built the same way by hand', () => {
    const signed = tokens.signAccess({ sub: claims.sub, sid: claims.sid });
    expect(tokens.verifyAccess(signed.token)).toEqual({ sub: claims.sub, sid: claims.sid });
    expect(reasonOf(sign({ alg: 'HS256', typ: 'JWT' }, claims))).toBe('accepted');
  });

  it.each([
    ['not a token at all', 'garbage', 'malformed token'],
    ['alg none', sign({ alg: 'none' }, claims, null), 'algorithm not allowed'],
    ['alg HS512', sign({ alg: 'HS512' }, claims), 'algorithm not allowed'],
    ['another secret', sign({ alg: 'HS256' }, claims, 'some-other-secret-some-other-secret'), 'bad signature'],
    ['no exp', sign({ alg: 'HS256' }, { ...claims, exp: undefined }), 'no expiry'],
    ['no iat', sign({ alg: 'HS256' }, { ...claims, iat: undefined }), 'no expiry'],
    ['exp a year on', sign({ alg: 'HS256' }, { ...claims, exp: now + 365 * 86400 }), 'lifetime too long'],
    ['expired', sign({ alg: 'HS256' }, { ...claims, iat: now - 2000, exp: now - 1100 }), 'expired'],
    ['another audience', sign({ alg: 'HS256' }, { ...claims, aud: 'elsewhere' }), 'wrong issuer or audience'],
    ['another issuer', sign({ alg: 'HS256' }, { ...claims, iss: 'elsewhere' }), 'wrong issuer or audience'],
    ['no session id', sign({ alg: 'HS256' }, { ...claims, sid: undefined }), 'incomplete claims'],
    ['a subject that is not an id', sign({ alg: 'HS256' }, { ...claims, sub: "1' OR '1'='1" }), 'incomplete claims'],
  ])('refuses %s', (_name, token, reason) => {
    expect(reasonOf(token)).toBe(reason);
  });
});

describe('TokenService board keys', () => {
  const config = AppConfig.fromEnv({ ...process.env, NODE_ENV: 'test', JWT_SECRET: SECRET });
  const other = AppConfig.fromEnv({ ...process.env, NODE_ENV: 'test', JWT_SECRET: `${SECRET}-other` });
  const jwt = new JwtService({ secret: createSecretKey(Buffer.from(SECRET, 'utf8')) });
  const tokens = new TokenService(jwt, config, new ManualClock());
  const sub = randomUUID();
  const sid = randomUUID();

  it('names the user and session it was made for', () => {
    expect(tokens.verifyBoardKey(tokens.boardKey(sub, sid))).toEqual({ sub, sid });
  });

  it('refuses a key made under another secret, for another session, cut, or padded', () => {
    const key = tokens.boardKey(sub, sid);
    const [, , mac] = key.split('.');
    expect(tokens.verifyBoardKey(new TokenService(jwt, other, new ManualClock()).boardKey(sub, sid))).toBeNull();
    expect(tokens.verifyBoardKey(`${sub}.${randomUUID()}.${mac}`)).toBeNull();
    expect(tokens.verifyBoardKey(`${sub}.${sid}`)).toBeNull();
    expect(tokens.verifyBoardKey(`${key}.x`)).toBeNull();
    expect(tokens.verifyBoardKey(`${sub}.${sid}.${mac!.slice(0, -2)}`)).toBeNull();
    expect(tokens.verifyBoardKey(`not-a-uuid.${sid}.${mac}`)).toBeNull();
    // Every other spelling of the last character, including those that decode to the same bytes.
    for (const last of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
      if (last !== key.at(-1)) expect(tokens.verifyBoardKey(`${key.slice(0, -1)}${last}`)).toBeNull();
    }
  });
});
