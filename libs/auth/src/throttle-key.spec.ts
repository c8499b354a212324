import { createHash } from 'node:crypto';
import { ExecutionContext } from '@nestjs/common';
import { operationThrottleKey, throttleKey } from './throttle.guard';

describe('throttleKey', () => {
  const SECRET = 'rate-limit:a-secret-of-this-deployment';
  const noon = new Date('2026-12-07T12:00:00Z');

  it('is the same for one client, operation and limit all day, and differs for another client, operation or limit', () => {
    const key = throttleKey(SECRET, noon, 'AuthResolver.login', 'default', '203.0.113.7');
    expect(throttleKey(SECRET, new Date('2026-12-07T23:59:59Z'), 'AuthResolver.login', 'default', '203.0.113.7')).toBe(key);
    expect(throttleKey(SECRET, noon, 'AuthResolver.login', 'default', '203.0.113.8')).not.toBe(key);
    expect(throttleKey(SECRET, noon, 'AuthResolver.refreshToken', 'default', '203.0.113.7')).not.toBe(key);
    expect(throttleKey(SECRET, noon, 'AuthResolver.login', 'credentials', '203.0.113.7')).not.toBe(key);
  });

  it('changes with the UTC day and with the secret, so neither another day nor another deployment can match it', () => {
    const key = throttleKey(SECRET, noon, 'TipResolver.submitTip', 'public', '198.51.100.20');
    expect(throttleKey(SECRET, new Date('2026-12-08T00:00:00Z'), 'TipResolver.submitTip', 'public', '198.51.100.20')).not.toBe(key);
    expect(throttleKey('rate-limit:another-secret', noon, 'TipResolver.submitTip', 'public', '198.51.100.20')).not.toBe(key);
  });

  it('holds neither the address nor a plain hash of it', () => {
    const key = throttleKey(SECRET, noon, 'TipResolver.submitTip', 'public', '198.51.100.20');
    expect(key).not.toContain('198.51.100.20');
    for (const plain of ['198.51.100.20', 'TipResolver-submitTip-public-198.51.100.20']) {
      for (const encoding of ['hex', 'base64url'] as const) expect(key).not.toBe(createHash('sha256').update(plain).digest(encoding));
    }
  });

  it("the API's key function, which keeps the day's key, gives the same key as throttleKey for today", () => {
    const context = { getClass: () => ({ name: 'TipResolver' }), getHandler: () => ({ name: 'submitTip' }) } as unknown as ExecutionContext;
    const keyOf = operationThrottleKey(SECRET);
    const expected = throttleKey(SECRET, new Date(), 'TipResolver.submitTip', 'public', '198.51.100.20');
    expect(keyOf(context, '198.51.100.20', 'public')).toBe(expected);
    expect(keyOf(context, '198.51.100.20', 'public')).toBe(expected);
    expect(keyOf(context, '198.51.100.21', 'public')).not.toBe(expected);
  });
});
