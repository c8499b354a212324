import { AppConfig, ConfigError } from './app-config';

function refusal(value: string): string {
  try {
    AppConfig.fromEnv({ TRUST_PROXY: value });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`TRUST_PROXY=${value} was accepted`);
}

describe('TRUST_PROXY', () => {
  it('trusts no proxy unless told to', () => {
    expect(AppConfig.fromEnv({}).values.TRUST_PROXY).toBe(false);
    expect(AppConfig.fromEnv({ TRUST_PROXY: 'false' }).values.TRUST_PROXY).toBe(false);
    expect(AppConfig.fromEnv({ TRUST_PROXY: '0' }).values.TRUST_PROXY).toBe(false);
  });

  it('takes addresses, CIDR ranges and the named ranges, or a number of hops', () => {
    expect(AppConfig.fromEnv({ TRUST_PROXY: ' 10.0.0.7, 10.1.0.0/16 ,fd00::/8,::1,loopback' }).values.TRUST_PROXY).toEqual([
      '10.0.0.7',
      '10.1.0.0/16',
      'fd00::/8',
      '::1',
      'loopback',
    ]);
    expect(AppConfig.fromEnv({ TRUST_PROXY: '2' }).values.TRUST_PROXY).toBe(2);
  });

  it('refuses what would let a client choose its address, or is not an address', () => {
    expect(refusal('true')).toBe('Invalid configuration: TRUST_PROXY must not trust every proxy (a client could then choose its own address); name the proxies or give a number of hops');
    expect(refusal('0.0.0.0/0')).toMatch(/^Invalid configuration: TRUST_PROXY must not trust every proxy/);
    expect(refusal('::/0')).toMatch(/^Invalid configuration: TRUST_PROXY must not trust every proxy/);
    expect(refusal('10.0.0.1,proxy.internal')).toBe('Invalid configuration: TRUST_PROXY "proxy.internal" is not an IP address, a CIDR range (address/prefix), loopback, linklocal or uniquelocal');
    expect(refusal('10.0.0.0/33')).toMatch(/"10.0.0.0\/33" is not an IP address/);
    expect(refusal('10.0.0.0/8/1')).toMatch(/is not an IP address/);
    expect(refusal('300.0.0.1')).toMatch(/is not an IP address/);
    expect(refusal('-1')).toMatch(/is not an IP address/);
    expect(refusal('50')).toBe('Invalid configuration: TRUST_PROXY hops must be between 1 and 10');
  });
});
