import { resolve } from 'node:path';
import { AuditPartition, AuditRetention, MONTH_ARGUMENT } from '@tandem/audit-watch';
import { AppConfig, createDataSource } from '@tandem/platform';
import type { Command } from './commands';

/** Retention acts as the schema's owner (the login user): the application role may not remove events. */
async function asOwner<T>(config: AppConfig, work: (retention: AuditRetention) => Promise<T>): Promise<T> {
  const owner = createDataSource(config, 'cli-audit', true);
  await owner.initialize();
  try {
    return await work(new AuditRetention(owner));
  } finally {
    await owner.destroy();
  }
}

function range(partition: AuditPartition): string {
  if (!partition.from || !partition.to) return 'DEFAULT (rows of months without a partition)';
  return `${partition.from.toISOString()} .. ${partition.to.toISOString()}`;
}

export const AUDIT_RETENTION_COMMANDS: Record<string, Command> = {
  'audit:partitions': {
    summary: 'list the monthly partitions of the audit trail with their row counts',
    async run(config) {
      const partitions = await asOwner(config, (retention) => retention.partitions());
      for (const partition of partitions) console.log(`${partition.name.padEnd(24)} ${String(partition.rows).padStart(12)}  ${range(partition)}`);
      console.log(`${partitions.length} partitions, ${partitions.reduce((sum, partition) => sum + partition.rows, 0)} events`);
      return 0;
    },
  },
  'audit:prune': {
    summary: `export, anchor and drop audit months past AUDIT_RETENTION_YEARS: --before YYYY-MM [--out DIR] [--yes] (without --yes it only lists)`,
    async run(config, args) {
      const before = args.flags.before;
      if (typeof before !== 'string' || !MONTH_ARGUMENT.test(before)) {
        console.error('audit:prune: --before must be a month, YYYY-MM (months entirely before it are pruned)');
        return 2;
      }
      if (args.flags.out === true) {
        console.error('audit:prune: --out needs a directory');
        return 2;
      }
      const out = resolve(typeof args.flags.out === 'string' ? args.flags.out : '.');
      const apply = args.flags.yes === true;
      const years = config.values.AUDIT_RETENTION_YEARS;
      return asOwner(config, async (retention) => {
        const plan = await retention.plan(before, new Date(), years);
        if (plan.refused) {
          console.error(`audit:prune: refused: ${plan.refused}`);
          return 2;
        }
        if (plan.strayInDefault) {
          console.log(`note: ${plan.strayInDefault} events before ${before} sit in audit_event_default; they are not pruned`);
        }
        if (plan.partitions.length === 0) {
          console.log(`audit:prune: no monthly partition before ${before} is past retention (${years} years); nothing to do`);
          return 0;
        }
        if (!apply) {
          for (const partition of plan.partitions) {
            console.log(`would export ${partition.name} (${partition.rows} events) to ${resolve(out, `${partition.name}.csv`)}, anchor its chains, then detach and drop it`);
          }
          console.log('dry run: nothing changed; add --yes to prune');
          return 0;
        }
        for (const partition of plan.partitions) {
          const result = await retention.prune(partition, out);
          const anchors = result.anchors.map((anchor) => `${anchor.chainKey}@${anchor.lastSeq}`).join(', ') || 'none';
          console.log(`${result.partition}: ${result.rows} events exported to ${result.file} (sha256 ${result.sha256}); chain anchors: ${anchors}; partition dropped`);
        }
        console.log(`audit:prune: ${plan.partitions.length} partition(s) pruned`);
        return 0;
      });
    },
  },
};
