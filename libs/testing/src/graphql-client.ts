import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Record<string, string>;
  data: T | null;
  errors: GraphQLErrorShape[];
  extensions: Record<string, unknown>;
}

/** Talks to the API over real HTTP, as a client would. */
export class GraphQLClient {
  constructor(private readonly app: INestApplication) {}

  async query<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLResponse<T>> {
    let call = request(this.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    if (token) call = call.set('authorization', `Bearer ${token}`);
    const response = await call.send({ query, variables });
    const body = (response.body ?? {}) as { data?: T; errors?: GraphQLErrorShape[]; extensions?: Record<string, unknown> };
    return {
      status: response.status,
      headers: response.headers as Record<string, string>,
      data: body.data ?? null,
      errors: body.errors ?? [],
      extensions: body.extensions ?? {},
    };
  }

  /** The data of a query that must succeed; fails the test with the errors otherwise. */
  async ok<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const response = await this.query<T>(query, variables, token);
    if (response.errors.length > 0 || !response.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
    }
    return response.data;
  }

  /** The error code of a query that must fail. */
  async code(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<string | undefined> {
    const response = await this.query(query, variables, token);
    return response.errors[0]?.extensions?.code;
  }

  http() {
    return request(this.app.getHttpServer());
  }
}
