import { AppConfigValues, configSchema, DEVELOPMENT_SECRETS } from './config.schema';

/** Thrown when the environment does not describe a runnable Tandem; its message is one line. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * The one validated configuration of every Tandem process. Built once at boot from the
 * environment; injected by class.
 */
export class AppConfig {
  private constructor(readonly values: Readonly<AppConfigValues>) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
    const input: Record<string, string> = {};
    for (const [key, value] of Object.entries(env)) {
      if (value !== undefined && value !== '') input[key] = value;
    }
    const parsed = configSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const name = String(issue.path[0] ?? 'configuration');
      const message = issue.code === 'invalid_type' && input[name] === undefined ? 'is required' : issue.message;
      throw new ConfigError(`Invalid configuration: ${name} ${message}`);
    }
    const values = parsed.data;
    if (values.NODE_ENV !== 'production' && !values.BOOTSTRAP_ADMIN_EMAIL) {
      values.BOOTSTRAP_ADMIN_EMAIL = 'admin@tandem.local';
      values.BOOTSTRAP_ADMIN_PASSWORD ??= DEVELOPMENT_SECRETS.BOOTSTRAP_ADMIN_PASSWORD;
    }
    if (values.BOOTSTRAP_ADMIN_EMAIL && !values.BOOTSTRAP_ADMIN_PASSWORD) {
      throw new ConfigError('Invalid configuration: BOOTSTRAP_ADMIN_PASSWORD is required when BOOTSTRAP_ADMIN_EMAIL is set');
    }
    return new AppConfig(Object.freeze(values));
  }

  get isProduction(): boolean {
    return this.values.NODE_ENV === 'production';
  }

  get isDevelopment(): boolean {
    return this.values.NODE_ENV === 'development';
  }
}

/** Runs `boot` and, on a configuration error, prints its one line and exits with status 1. */
export async function runOrExitOnConfigError(boot: () => Promise<void>): Promise<void> {
  try {
    await boot();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
