import { createHmac, timingSafeEqual } from 'node:crypto';
import { Type } from '@nestjs/common';
import { Field, ObjectType } from '@nestjs/graphql';
import { BadInputError } from '../errors/domain.error';

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** A Relay connection type for `T`, named `<T>Connection` with `<T>Edge` edges. */
export function ConnectionType<T>(node: Type<T>, name = node.name): Type<Connection<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field() cursor!: string;
    @Field(() => node) node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [EdgeType]) edges!: EdgeType[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
  }
  return ConnectionClass as Type<Connection<T>>;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export function pageSize(first: number | null | undefined, path = 'first'): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw BadInputError.field(path, `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return first;
}

/**
 * Opaque keyset cursors: the sort key of the last row, bound to the list and filter it came
 * from and signed, so a forged cursor or one reused with another filter is refused.
 */
export class CursorCodec {
  constructor(private readonly secret: string) {}

  encode(scope: string, key: unknown[]): string {
    const body = Buffer.from(JSON.stringify([scope, key])).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  decode(scope: string, cursor: string | null | undefined, path = 'after'): unknown[] | null {
    if (cursor === null || cursor === undefined || cursor === '') return null;
    const [body, signature, ...rest] = cursor.split('.');
    if (!body || !signature || rest.length > 0 || !/^[A-Za-z0-9_-]{43}$/.test(signature)) throw BadInputError.field(path, 'is not a valid cursor');
    const expected = Buffer.from(this.sign(body));
    if (!timingSafeEqual(expected, Buffer.from(signature))) throw BadInputError.field(path, 'is not a valid cursor');
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw BadInputError.field(path, 'is not a valid cursor');
    }
    if (!Array.isArray(parsed) || parsed[0] !== scope || !Array.isArray(parsed[1])) {
      throw BadInputError.field(path, 'belongs to another list or filter; start again from the first page');
    }
    return parsed[1] as unknown[];
  }

  /** Builds a connection from `limit + 1` fetched rows. */
  connection<R, T>(scope: string, rows: R[], limit: number, key: (row: R) => unknown[], toNode: (row: R) => T): Connection<T> {
    const page = rows.slice(0, limit);
    const edges = page.map((row) => ({ cursor: this.encode(scope, key(row)), node: toNode(row) }));
    return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
