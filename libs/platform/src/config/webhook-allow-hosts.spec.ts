import { AppConfig, ConfigError } from './app-config';
import { PRODUCTION_ENV } from './production-env.fixture';

const PRODUCTION = PRODUCTION_ENV;

describe('WEBHOOK_ALLOW_HOSTS', () => {
  it('is empty unless set: no webhook reaches a private address by default', () => {
    expect(AppConfig.fromEnv({}).values.WEBHOOK_ALLOW_HOSTS).toEqual([]);
    expect(AppConfig.fromEnv(PRODUCTION).values.WEBHOOK_ALLOW_HOSTS).toEqual([]);
  });

  it('reads host names and addresses as a webhook URL writes them', () => {
    const config = AppConfig.fromEnv({ WEBHOOK_ALLOW_HOSTS: ' 127.0.0.1, Receiver.Tandem.Test. ,[::1],' });
    expect(config.values.WEBHOOK_ALLOW_HOSTS).toEqual(['127.0.0.1', 'receiver.tandem.test', '::1']);
  });

  it.each(['https://receiver.test', 'receiver.test:8080', 'receiver test', 'receiver/x'])('refuses %j, which is no host', (value) => {
    expect(() => AppConfig.fromEnv({ WEBHOOK_ALLOW_HOSTS: value })).toThrow(
      new ConfigError('Invalid configuration: WEBHOOK_ALLOW_HOSTS must be comma-separated host names or IP addresses, without scheme or port'),
    );
  });

  it('refuses to start production with it set', () => {
    expect(() => AppConfig.fromEnv({ ...PRODUCTION, WEBHOOK_ALLOW_HOSTS: '127.0.0.1' })).toThrow(
      new ConfigError('Invalid configuration: WEBHOOK_ALLOW_HOSTS lets webhooks reach private addresses; it is for tests and development, never production'),
    );
  });
});
