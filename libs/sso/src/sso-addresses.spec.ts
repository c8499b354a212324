import { AppConfig, ManualClock, RedisService } from '@tandem/platform';
import { ProviderClient } from './openid';
import { SsoFlows } from './sso-flows';

// Where a sign-in may go: to an identity provider over https (plain http only to a host allowed for
// tests), and back to a page of this API's origin or of an origin CORS_ORIGINS allows.

const config = AppConfig.fromEnv({ PUBLIC_URL: 'https://tandem.example.org', CORS_ORIGINS: 'https://console.example.org', SSO_ALLOW_HTTP_HOSTS: '127.0.0.1' });
const provider = new ProviderClient(config, new ManualClock());
const flows = new SsoFlows({} as RedisService, new ManualClock(), config);

describe('identity provider addresses', () => {
  it.each([
    ['https://idp.agency.example', true],
    ['https://idp.agency.example/realms/police', true],
    ['http://127.0.0.1:8080', true],
    ['http://idp.agency.example', false],
    ['http://localhost:8080', false],
    ['https://user:pass@idp.agency.example', false],
    ['https://idp.agency.example/?x=1', false],
    ['https://idp.agency.example/#x', false],
    ['ftp://idp.agency.example', false],
    ['not a url', false],
  ])('%s allowed: %s', (issuer, allowed) => {
    expect(provider.issuerAllowed(issuer)).toBe(allowed);
  });

  it('builds the redirect URI every provider registers from PUBLIC_URL', () => {
    expect(provider.redirectUri()).toBe('https://tandem.example.org/auth/sso/callback');
  });
});

describe('pages a sign-in returns to', () => {
  it.each([
    ['https://console.example.org/signed-in', 'https://console.example.org/signed-in'],
    ['https://console.example.org/signed-in?next=%2Fcases#top', 'https://console.example.org/signed-in?next=%2Fcases'],
    ['https://tandem.example.org/queues', 'https://tandem.example.org/queues'],
    ['https://attacker.example/collect', null],
    ['https://console.example.org.attacker.example/', null],
    ['http://console.example.org/signed-in', null],
    ['https://user@console.example.org/', null],
    ['javascript:alert(1)', null],
    ['/relative', null],
    [['https://console.example.org/'], null],
    [undefined, null],
  ])('%j goes back to %j', (given, expected) => {
    expect(flows.returnTo(given)).toBe(expected);
  });
});
