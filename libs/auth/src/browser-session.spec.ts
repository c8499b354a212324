import { cookieOf, cookieOptions, isBrowserRequest, originAllowed } from './browser-session';

const req = (headers: Record<string, string>, extra: { protocol?: string; host?: string } = {}) => ({
  headers,
  secure: extra.protocol === 'https',
  protocol: extra.protocol ?? 'http',
  host: extra.host,
});

describe('browser session helpers', () => {
  it('reads the mode from the Tandem-Session header only', () => {
    expect(isBrowserRequest(req({ 'tandem-session': 'browser' }))).toBe(true);
    expect(isBrowserRequest(req({ 'tandem-session': ' Browser ' }))).toBe(true);
    expect(isBrowserRequest(req({ 'tandem-session': 'bearer' }))).toBe(false);
    expect(isBrowserRequest(req({}))).toBe(false);
  });

  it('reads one cookie among several, and nothing from a malformed one', () => {
    expect(cookieOf(req({ cookie: 'a=1; tandem_refresh=abc%2Ddef; b=2' }), 'tandem_refresh')).toBe('abc-def');
    expect(cookieOf(req({ cookie: 'xtandem_refresh=1' }), 'tandem_refresh')).toBeNull();
    expect(cookieOf(req({ cookie: 'tandem_refresh=%E0%A4%A' }), 'tandem_refresh')).toBeNull();
    expect(cookieOf(req({ cookie: 'tandem_refresh=' }), 'tandem_refresh')).toBeNull();
    expect(cookieOf(req({}), 'tandem_refresh')).toBeNull();
  });

  it('allows the API its own origin and the configured ones, and nothing else, nor no origin', () => {
    const allowed = ['https://console.example.org'];
    expect(originAllowed(req({ origin: 'https://console.example.org' }), allowed)).toBe(true);
    expect(originAllowed(req({ origin: 'https://api.example.org' }, { protocol: 'https', host: 'api.example.org' }), allowed)).toBe(true);
    expect(originAllowed(req({ origin: 'http://api.example.org' }, { protocol: 'https', host: 'api.example.org' }), allowed)).toBe(false);
    expect(originAllowed(req({ origin: 'https://console.example.org.evil.test' }), allowed)).toBe(false);
    expect(originAllowed(req({ origin: 'null' }), allowed)).toBe(false);
    expect(originAllowed(req({}), allowed)).toBe(false);
  });

  it('marks cookies HttpOnly and SameSite=Strict on one path, Secure under HTTPS', () => {
    expect(cookieOptions({ secure: false }, '/graphql')).toEqual({ httpOnly: true, sameSite: 'strict', secure: false, path: '/graphql' });
    expect(cookieOptions({ secure: true }, '/admin/queues')).toMatchObject({ secure: true, path: '/admin/queues' });
  });
});
