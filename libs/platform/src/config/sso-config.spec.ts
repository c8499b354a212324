import { AppConfig, ConfigError } from './app-config';
import { PRODUCTION_ENV } from './production-env.fixture';

const PRODUCTION = PRODUCTION_ENV;

describe('single sign-on configuration', () => {
  it('reaches identity providers over https only unless SSO_ALLOW_HTTP_HOSTS says otherwise', () => {
    expect(AppConfig.fromEnv({}).values.SSO_ALLOW_HTTP_HOSTS).toEqual([]);
    expect(AppConfig.fromEnv({ SSO_ALLOW_HTTP_HOSTS: '127.0.0.1, IdP.Test' }).values.SSO_ALLOW_HTTP_HOSTS).toEqual(['127.0.0.1', 'idp.test']);
  });

  it('refuses to start production with plain-http providers allowed', () => {
    expect(() => AppConfig.fromEnv({ ...PRODUCTION, SSO_ALLOW_HTTP_HOSTS: '127.0.0.1' })).toThrow(
      new ConfigError('Invalid configuration: SSO_ALLOW_HTTP_HOSTS lets sign-in go to identity providers over plain http; it is for tests and development, never production'),
    );
  });

  it('takes PUBLIC_URL as an origin, without a path', () => {
    expect(AppConfig.fromEnv({}).values.PUBLIC_URL).toBe('http://localhost:3000');
    expect(AppConfig.fromEnv({ PUBLIC_URL: 'https://tandem.example.org' }).values.PUBLIC_URL).toBe('https://tandem.example.org');
    for (const value of ['https://tandem.example.org/', 'https://tandem.example.org/api', 'tandem.example.org']) {
      expect(() => AppConfig.fromEnv({ PUBLIC_URL: value })).toThrow(ConfigError);
    }
  });
});
