import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditVerifier } from '@tandem/audit';
import { PiiCipher } from '@tandem/crypto';
import { BootstrapAdminService } from '@tandem/identity';
import { AppConfig, OutboxService, RedisService, runMigrations, SystemTopic, Transactions } from '@tandem/platform';
import { AUDIT_RETENTION_COMMANDS } from './audit-retention.commands';
import { CliModule } from './cli.module';
import { DIRECTORY_COMMANDS } from './directory.commands';
import { EDUCATION_COMMANDS } from './education.commands';
import { SCREENING_COMMANDS } from './screening.commands';
import { DemoSeedService } from './demo/demo-seed.service';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from './demo/demo-identity';
import { rotateKeys } from './keys';

export type Args = { positional: string[]; flags: Record<string, string | true> };

export interface Command {
  summary: string;
  run(config: AppConfig, args: Args): Promise<number>;
}

async function withContext<T>(config: AppConfig, work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

function readStdin(): Promise<string> {
  return new Promise((resolve) => {
    if (process.stdin.isTTY) return resolve('');
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => (data += chunk));
    process.stdin.on('end', () => resolve(data.trim()));
  });
}

export const COMMANDS: Record<string, Command> = {
  migrate: {
    summary: 'run pending database migrations',
    async run(config) {
      // The key seals case text that an older version stored in the clear.
      const ran = await runMigrations(config, new PiiCipher(config));
      console.log(ran.length ? `migrations applied: ${ran.join(', ')}` : 'database schema is up to date');
      return 0;
    },
  },
  'seed:demo': {
    summary: 'load the demo data set (never in production); running it twice changes nothing',
    async run(config) {
      const result = await withContext(config, (app) => app.get(DemoSeedService).seed());
      console.log(result.created ? `demo data: ${result.created} records created` : 'demo data: already in place, nothing changed');
      console.log(`\nDemo sign-ins (password for all: ${DEMO_PASSWORD}):`);
      const shown = result.signIns.filter((entry) => entry.email.includes('@stl.') || entry.role === 'AUDITOR');
      for (const entry of shown) console.log(`  ${entry.role.padEnd(13)} ${entry.email.padEnd(34)} ${entry.agency}`);
      console.log('  (Atlanta, Detroit and Miami-Dade follow the same pattern: @atl., @det., @mia.)');
      console.log(`  SYSTEM_ADMIN  ${config.values.BOOTSTRAP_ADMIN_EMAIL ?? '(set BOOTSTRAP_ADMIN_EMAIL)'}`);
      // The seed refuses production, so this secret is never printed there.
      console.log(`\nSecond factor: the police and prosecutors' accounts, supervisors, agency admins and auditors sign in with a code.`);
      console.log(`  Add this secret to an authenticator app (time-based, 6 digits, 30 s): ${DEMO_TOTP_SECRET}`);
      console.log(`  or scan: otpauth://totp/Tandem%20demo?secret=${DEMO_TOTP_SECRET}&issuer=Tandem%20demo`);
      console.log('  login answers MFA_REQUIRED with a challenge; send it with the code to verifyMfa(challenge, code).');
      return 0;
    },
  },
  'admin:create': {
    summary: 'create a system administrator: --email E [--name N]; password from TANDEM_ADMIN_PASSWORD or standard input',
    async run(config, args) {
      const email = args.flags.email;
      const name = typeof args.flags.name === 'string' ? args.flags.name : 'System administrator';
      const password = process.env.TANDEM_ADMIN_PASSWORD || (await readStdin());
      if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        console.error('admin:create: --email must be an email address');
        return 2;
      }
      if (password.length < 12) {
        console.error('admin:create: the password (TANDEM_ADMIN_PASSWORD or standard input) must be at least 12 characters');
        return 2;
      }
      const id = await withContext(config, (app) => app.get(BootstrapAdminService).createSystemAdmin({ email, displayName: name, password }));
      console.log(`system administrator created: ${id}`);
      console.log('the password is temporary: the administrator must change it at the first sign-in (changePassword)');
      return 0;
    },
  },
  'keys:rotate': {
    summary: 're-encrypt children and case text (notes, referrals, handoffs, reports) sealed with older keys (put the new key first in PII_ENCRYPTION_KEY; --from id,id limits it to those keys)',
    async run(config, args) {
      const from = typeof args.flags.from === 'string' ? args.flags.from.split(',').map((id) => id.trim()).filter(Boolean) : null;
      const counts = await withContext(config, (app) => rotateKeys(app, from));
      const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
      const detail = Object.entries(counts).map(([table, n]) => `${table} ${n}`).join(', ');
      console.log(`keys:rotate: ${total} records re-encrypted with key ${config.values.PII_ENCRYPTION_KEY[0]!.id} (${detail})`);
      return 0;
    },
  },
  'audit:verify': {
    summary: 'recompute every audit hash chain and name the first broken link of each (exit status 1 when one is broken)',
    async run(config) {
      const report = await withContext(config, (app) => app.get(AuditVerifier).verify());
      console.log(`audit:verify: ${report.events} events in ${report.chains} chains checked in ${report.elapsedMs} ms${report.legacyEvents ? ` (${report.legacyEvents} events from before chaining not covered)` : ''}`);
      for (const problem of report.problems) console.log(`  BROKEN ${problem.kind} ${problem.message}${problem.eventId ? ` [event ${problem.eventId}]` : ''}`);
      if (report.problems.length === 0) console.log('  every chain is intact');
      return report.problems.length ? 1 : 0;
    },
  },
  'queue:ping': {
    summary: 'send an event through the outbox and wait for a worker to handle it',
    async run(config) {
      return withContext(config, async (app) => {
        const transactions = app.get(Transactions);
        const [id] = await transactions.run((tx) => app.get(OutboxService).publish(tx, { topic: SystemTopic.PING, payload: {} }));
        const redis = app.get(RedisService);
        const started = Date.now();
        while (Date.now() - started < 15_000) {
          if (await redis.client.get(redis.key('ping', id!))) {
            console.log(`worker answered in ${Date.now() - started} ms`);
            return 0;
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        console.error('no worker answered within 15 s: is "npm run start:worker" running?');
        return 1;
      });
    },
  },
  ...AUDIT_RETENTION_COMMANDS,
  ...DIRECTORY_COMMANDS,
  ...SCREENING_COMMANDS,
  ...EDUCATION_COMMANDS,
};
