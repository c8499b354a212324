import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError } from '../errors/domain.error';

/** A transaction (or, outside one, the data source's own manager). Repositories take it as their first argument. */
export type Tx = EntityManager;

type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

interface PgError {
  code?: string;
  constraint?: string;
}

export function pgErrorCode(error: unknown): string | undefined {
  const candidate = error as { driverError?: PgError } & PgError;
  return candidate?.code ?? candidate?.driverError?.code;
}

export function pgConstraint(error: unknown): string | undefined {
  const candidate = error as { driverError?: PgError } & PgError;
  return candidate?.constraint ?? candidate?.driverError?.constraint;
}

/** True when the error is a unique violation (optionally of the named constraint or index). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return pgErrorCode(error) === '23505' && (constraint === undefined || pgConstraint(error) === constraint);
}

const RACE_CODES = new Set(['40001', '40P01', '55P03']);

/** The one way Tandem opens a transaction. A lost race surfaces as `CONFLICT`, never as a half-done change. */
@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  /** The manager for statements that need no transaction of their own. */
  get manager(): Tx {
    return this.dataSource.manager;
  }

  /**
   * The work in `tx` when it is a transaction already, else in a transaction of its own: a transaction
   * never waits for a second connection of the pool while it holds one.
   */
  async within<T>(tx: Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
    return tx.queryRunner?.isTransactionActive ? work(tx) : this.run(work);
  }

  async run<T>(work: (tx: Tx) => Promise<T>, isolation: IsolationLevel = 'READ COMMITTED'): Promise<T> {
    try {
      // READ COMMITTED is every session's default: naming it would cost a statement per transaction.
      return await (isolation === 'READ COMMITTED' ? this.dataSource.transaction(work) : this.dataSource.transaction(isolation, work));
    } catch (error) {
      const code = pgErrorCode(error);
      if (code && RACE_CODES.has(code)) {
        throw new ConflictError('The record was changed by someone else at the same time; reload and try again');
      }
      throw error;
    }
  }
}
