import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { checkDatabase, DatabaseUnreachableError, withEmbeddedDatabase } from './embedded-database';

describe('finding the embedded database', () => {
  let cwd: string;
  const settings = { DATABASE_POOL_SIZE: '1', DATABASE_PREPARED_STATEMENTS: 'false' };
  const serverFile = (dataDir: string, content: object) => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'tandem-embedded.json'), JSON.stringify(content));
  };
  /** A process id that is certainly not running: a child that already ended. */
  const endedPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'tandem-embedded-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('uses the running embedded database of .tandem/pgdata when DATABASE_URL is unset, with its connection settings', () => {
    serverFile(join(cwd, '.tandem/pgdata'), { pid: process.pid, host: '127.0.0.1', port: 54401, database: 'postgres', user: 'postgres', settings });
    const found = withEmbeddedDatabase({ LOG_LEVEL: 'warn' }, cwd);
    expect(found.env).toEqual({ LOG_LEVEL: 'warn', DATABASE_URL: 'postgres://postgres@127.0.0.1:54401/postgres', ...settings });
    expect(found.embedded).toEqual({ dataDir: join(cwd, '.tandem/pgdata'), running: true });
  });

  it('follows TANDEM_EMBEDDED_DATA, and keeps a pool size or prepared statements set explicitly', () => {
    serverFile(join(cwd, 'elsewhere'), { pid: process.pid, host: '127.0.0.1', port: 54402, database: 'postgres', user: 'postgres', settings });
    const found = withEmbeddedDatabase({ TANDEM_EMBEDDED_DATA: 'elsewhere', DATABASE_POOL_SIZE: '3', DATABASE_PREPARED_STATEMENTS: '' }, cwd);
    expect(found.env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:54402/postgres');
    expect(found.env.DATABASE_POOL_SIZE).toBe('3');
    expect(found.env.DATABASE_PREPARED_STATEMENTS).toBe('false');
  });

  it('leaves DATABASE_URL alone when it is set', () => {
    serverFile(join(cwd, '.tandem/pgdata'), { pid: process.pid, host: '127.0.0.1', port: 54403, database: 'postgres', user: 'postgres', settings });
    const env = { DATABASE_URL: 'postgres://tandem@db:5432/tandem' };
    expect(withEmbeddedDatabase(env, cwd)).toEqual({ env, embedded: null });
  });

  it('does not take a folder whose server stopped, or a damaged server file, for a running database', () => {
    serverFile(join(cwd, '.tandem/pgdata'), { pid: endedPid(), host: '127.0.0.1', port: 54404, database: 'postgres', user: 'postgres', settings });
    expect(withEmbeddedDatabase({}, cwd)).toEqual({ env: {}, embedded: { dataDir: join(cwd, '.tandem/pgdata'), running: false } });
    writeFileSync(join(cwd, '.tandem/pgdata/tandem-embedded.json'), '{"pid":');
    expect(withEmbeddedDatabase({}, cwd).env).toEqual({});
    mkdirSync(join(cwd, 'empty'));
    expect(withEmbeddedDatabase({ TANDEM_EMBEDDED_DATA: 'empty' }, cwd)).toEqual({ env: { TANDEM_EMBEDDED_DATA: 'empty' }, embedded: { dataDir: join(cwd, 'empty'), running: false } });
    expect(withEmbeddedDatabase({ TANDEM_EMBEDDED_DATA: 'none' }, cwd)).toEqual({ env: { TANDEM_EMBEDDED_DATA: 'none' }, embedded: null });
  });
});

describe('checking the database before a command', () => {
  const config = (url: string) => AppConfig.fromEnv({ DATABASE_URL: url });

  it('passes when the database answers', async () => {
    await expect(checkDatabase(AppConfig.fromEnv(process.env))).resolves.toBeUndefined();
  });

  it('refuses at once, in one line naming the server and database but no password, when nothing listens', async () => {
    const began = Date.now();
    const error = await checkDatabase(config('postgres://tandem:s3cret@127.0.0.1:9/tandem')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    const message = (error as Error).message;
    expect(message).toMatch(/^cannot reach the database at 127\.0\.0\.1:9\/tandem \(.*ECONNREFUSED.*\)/);
    expect(message).not.toContain('s3cret');
    expect(message).not.toContain('\n');
    expect(Date.now() - began).toBeLessThan(5_000);
  });

  it('names a database the server does not have, and says when the embedded database is not running', async () => {
    const error = await checkDatabase(config('postgres://postgres@127.0.0.1:5432/tandem_no_such_database'), { dataDir: '/srv/tandem/pgdata', running: false }).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(
      'cannot reach the database at 127.0.0.1:5432/tandem_no_such_database (database "tandem_no_such_database" does not exist); ' +
        'the embedded database of /srv/tandem/pgdata is not running: start Tandem with "npm start", or set DATABASE_URL',
    );
  });
});
