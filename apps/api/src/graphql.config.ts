import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { INestApplication, Logger } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { AuditService, readAuditPlugin } from '@tandem/audit';
import { AuthService, bearerToken, SecondFactorGate } from '@tandem/auth';
import { Viewer } from '@tandem/authz';
import {
  AppConfig,
  clientAddressOf,
  ErrorCode,
  formatGraphQLError,
  GraphQLContext,
  MetricsService,
  metricsPlugin,
  ProxyTrust,
  queryLimitsPlugin,
  RateLimitedError,
  RequestContext,
  RequestMeta,
  responseExtensionsPlugin,
  UnauthenticatedError,
} from '@tandem/platform';
import type { Request, Response } from 'express';
import {
  DocumentNode,
  ExecutionArgs,
  getOperationAST,
  GraphQLError,
  GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  OperationTypeNode,
  parse,
  specifiedRules,
  subscribe,
  validate,
} from 'graphql';
import { CloseCode, Context, ServerOptions } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import { SessionState, watchSession, whileSessionHolds } from './socket-session';

const logger = new Logger('GraphQLSockets');

/** What a graphql-ws connection carries once `onConnect` let it in. */
type SocketExtra = Extra & { viewer?: Viewer; token?: string; clientAddress?: string | null; stopWatch?: () => void };
type ConnectionParams = Record<string, unknown>;
type SocketContext = Context<ConnectionParams, SocketExtra>;

/** Where a socket operation keeps its request metadata, for the audit trail of what it runs. */
const SOCKET_META = Symbol('socket-request-meta');
/** Where a socket operation keeps its connection, whose session each value it sends is checked against. */
const SOCKET_CONNECTION = Symbol('socket-connection');

interface SocketServices {
  authenticate(token: string): Promise<Viewer>;
  schema(): GraphQLSchema;
  /** The client's address, by the app's TRUST_PROXY rule (as Express gives `req.ip`). */
  clientAddress(request: IncomingMessage): string | null;
  /** Seconds to wait when the address is over its request rate limit; null when it may go on. */
  admit(address: string | null): Promise<number | null>;
}

/**
 * graphql-ws needs the AuthService and the built schema, which the options factory cannot be
 * given (it is injected config and metrics only, and runs before the schema exists). configureHttp
 * binds them for each app; a connection to an app that was never bound is refused.
 */
const socketServices = new WeakMap<AppConfig, SocketServices>();

export function bindGraphQLSockets(app: INestApplication, requests: { admit(address: string | null): Promise<number | null> }): void {
  const auth = app.get(AuthService);
  const secondFactor = app.get(SecondFactorGate);
  const schemaHost = app.get(GraphQLSchemaHost);
  const express = app.getHttpAdapter().getInstance() as { get(setting: string): unknown };
  socketServices.set(app.get(AppConfig), {
    // A socket offers no way to enrol a second factor: an account that must is refused outright.
    authenticate: async (token) => {
      const viewer = await auth.authenticate(token);
      if (await secondFactor.mustEnroll(viewer)) throw new UnauthenticatedError('Enrol a second factor before continuing');
      return viewer;
    },
    schema: () => schemaHost.schema,
    clientAddress: (request) => clientAddressOf(request, express.get('trust proxy fn') as ProxyTrust),
    admit: (address) => requests.admit(address),
  });
}

/** The access token of a connection: `authorization: "Bearer <token>"`, or `authToken` with or without "Bearer". */
export function connectionToken(params: Readonly<ConnectionParams> | null | undefined): string | null {
  const header = params?.authorization ?? params?.Authorization;
  if (typeof header === 'string') return bearerToken(header);
  const raw = params?.authToken;
  if (typeof raw === 'string') return bearerToken(/^bearer\s/i.test(raw) ? raw : `Bearer ${raw}`);
  return null;
}

function socketMeta(extra: SocketExtra): RequestMeta {
  const agent = extra.request.headers['user-agent'];
  return { requestId: randomUUID(), clientAddress: extra.clientAddress ?? null, userAgent: agent ?? null };
}

function refuse(ctx: SocketContext, code: CloseCode, reason: string): false {
  // A close reason is at most 123 bytes.
  ctx.extra.socket.close(code, reason.slice(0, 120));
  return false;
}

/**
 * Whether the session a socket signed in with still holds, by the same check as an HTTP request
 * (the token's expiry, the session, the account and its agency). When it has ended the socket is
 * closed with 4401 and the reason.
 */
async function checkSession(ctx: SocketContext, services: SocketServices): Promise<SessionState> {
  const token = ctx.extra.token;
  if (!token) return 'ended';
  try {
    await RequestContext.run(socketMeta(ctx.extra), () => services.authenticate(token));
    return 'valid';
  } catch (error) {
    if (error instanceof UnauthenticatedError) {
      refuse(ctx, CloseCode.Unauthorized, error.message);
      return 'ended';
    }
    logger.warn(`the session of a socket could not be checked: ${error instanceof Error ? error.message : String(error)}`);
    return 'unknown';
  }
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
}

type LimitsRequest = Parameters<NonNullable<ApolloServerPlugin['requestDidStart']>>[0];
type LimitsOperation = Parameters<NonNullable<GraphQLRequestListener<object>['didResolveOperation']>>[0];

/**
 * The depth and cost limits live in an Apollo plugin, and graphql-ws has no plugins: its check
 * is called here with the fields it reads, so sockets get exactly the limits HTTP gets.
 */
async function limitsError(
  limits: ApolloServerPlugin,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: NonNullable<ReturnType<typeof getOperationAST>>,
  request: { operationName?: string | null; variables?: Record<string, unknown> | null },
): Promise<GraphQLError | null> {
  const listener = await limits.requestDidStart?.({ request } as unknown as LimitsRequest);
  try {
    await listener?.didResolveOperation?.({ request, document, operation, schema } as unknown as LimitsOperation);
    return null;
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
}

/**
 * Subscriptions over graphql-ws on `/graphql`. The socket signs in once, with the access token
 * in `connection_init`, through the same check as an HTTP request (a disabled account or ended
 * session is refused, close code 4401); each subscription then passes the global guard. The
 * session is checked again before every value sent and every SUBSCRIPTION_SESSION_CHECK_SECONDS:
 * once it has ended (sign-out, token expiry, account disabled) nothing more is sent and the
 * socket is closed with 4401. Only subscriptions are served here: queries and mutations go over
 * HTTP. Errors take the same shape and codes as over HTTP.
 */
function socketOptions(config: AppConfig, limits: ApolloServerPlugin): ServerOptions<ConnectionParams, SocketExtra> {
  const introspection = config.values.GRAPHQL_INTROSPECTION ?? !config.isProduction;
  const rules = introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  return {
    onConnect: async (ctx) => {
      const services = socketServices.get(config);
      if (!services) {
        logger.error('GraphQL sockets were never bound to the app (bindGraphQLSockets); refusing the connection');
        return refuse(ctx, CloseCode.InternalServerError, 'Internal server error');
      }
      ctx.extra.clientAddress = services.clientAddress(ctx.extra.request);
      // The handshake is a request like any other: counted before its token is checked.
      if ((await services.admit(ctx.extra.clientAddress)) !== null) return refuse(ctx, CloseCode.TooManyInitialisationRequests, 'Too many requests; try again later');
      const token = connectionToken(ctx.connectionParams) ?? bearerToken(ctx.extra.request.headers.authorization);
      if (!token) return refuse(ctx, CloseCode.Unauthorized, 'Sign in to continue');
      try {
        ctx.extra.viewer = await RequestContext.run(socketMeta(ctx.extra), () => services.authenticate(token));
        ctx.extra.token = token;
        // A socket that hears nothing is closed all the same soon after its session ends. The watch
        // also ends itself on a socket already closed (one closed while it was signing in).
        const { socket } = ctx.extra;
        const stop = watchSession(async () => {
          if (socket.readyState === socket.OPEN) return checkSession(ctx, services);
          stop();
          return 'ended';
        }, config.values.SUBSCRIPTION_SESSION_CHECK_SECONDS * 1000);
        ctx.extra.stopWatch = stop;
        return true;
      } catch (error) {
        if (error instanceof UnauthenticatedError) return refuse(ctx, CloseCode.Unauthorized, error.message);
        logger.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error }, 'socket authentication failed');
        return refuse(ctx, CloseCode.InternalServerError, 'Internal server error');
      }
    },
    onSubscribe: async (ctx, _id, payload) => {
      const services = socketServices.get(config);
      const schema = services?.schema();
      if (!services || !schema) return [new GraphQLError('The schema is not ready')];
      // Each operation sent over the socket is a request like any other: counted before it is parsed.
      const wait = await services.admit(ctx.extra.clientAddress ?? null);
      if (wait !== null) return [new GraphQLError(new RateLimitedError(wait).message, { extensions: { code: ErrorCode.RATE_LIMITED } })];
      let document: DocumentNode;
      try {
        document = parse(payload.query);
      } catch (error) {
        return [badInput(error instanceof Error ? error.message : 'The operation could not be parsed')];
      }
      const invalid = validate(schema, document, rules);
      if (invalid.length > 0) return invalid.map((error) => badInput(error.message));
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) return [badInput('Unable to identify the operation to run')];
      if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
        return [badInput('Only subscriptions are served over WebSocket; send queries and mutations over HTTP')];
      }
      const tooBig = await limitsError(limits, schema, document, operation, payload);
      if (tooBig) return [tooBig];
      return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
    },
    onClose: (ctx) => ctx.extra.stopWatch?.(),
    // The subscribe resolver (guard, audit) runs with the request metadata an HTTP request would
    // have; then each value is sent only while the socket's session holds.
    subscribe: async (args: ExecutionArgs) => {
      const state = (args.contextValue as GraphQLContext).state;
      const meta = state.get(SOCKET_META) as RequestMeta;
      const ctx = state.get(SOCKET_CONNECTION) as SocketContext;
      const services = socketServices.get(config);
      const result = await RequestContext.run(meta, () => subscribe(args));
      if (!services || !(Symbol.asyncIterator in result)) return result;
      return whileSessionHolds(result, () => checkSession(ctx, services));
    },
    onNext: (_ctx, _id, _payload, _args, result) =>
      result.errors ? { ...result, errors: result.errors.map((error) => formatGraphQLError(error.toJSON(), error)) } : undefined,
    onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatGraphQLError(error.toJSON(), error)),
  };
}

/**
 * The context of an operation over a socket. The guard, the throttler and `@CurrentViewer` read
 * only the authorization and user-agent headers, `ip` and `viewer` from a request, so a socket
 * operation gets a request of just those; the guard checks the connection's token again.
 */
function socketContext(ctx: SocketContext): GraphQLContext {
  const meta = socketMeta(ctx.extra);
  const req = {
    headers: { authorization: ctx.extra.token ? `Bearer ${ctx.extra.token}` : undefined, 'user-agent': meta.userAgent ?? undefined },
    ip: meta.clientAddress ?? undefined,
    requestId: meta.requestId,
    viewer: ctx.extra.viewer,
  };
  const state = new Map<symbol, unknown>([
    [SOCKET_META, meta],
    [SOCKET_CONNECTION, ctx],
  ]);
  return { req: req as unknown as GraphQLContext['req'], res: {} as Response, redacted: [], state };
}

function isSocket(source: { req: Request; res: Response } | SocketContext): source is SocketContext {
  return 'extra' in source && 'connectionInitReceived' in source;
}

/** Apollo Server 5, code-first, with Tandem's error contract and limits, over HTTP and graphql-ws. */
export function graphqlOptions(config: AppConfig, metrics: MetricsService, audit: AuditService): ApolloDriverConfig {
  const development = config.isDevelopment;
  const limits = queryLimitsPlugin({
    maxDepth: config.values.GRAPHQL_MAX_DEPTH,
    maxCost: config.values.GRAPHQL_MAX_COST,
    maxAliases: config.values.GRAPHQL_MAX_ALIASES,
  });
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    playground: false,
    graphiql: false,
    introspection: config.values.GRAPHQL_INTROSPECTION ?? !config.isProduction,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !development,
    csrfPrevention: true,
    formatError: formatGraphQLError,
    context: (source: { req: Request; res: Response } | SocketContext): GraphQLContext =>
      isSocket(source) ? socketContext(source) : { req: source.req, res: source.res, redacted: [], state: new Map() },
    subscriptions: { 'graphql-ws': socketOptions(config, limits) },
    // Tandem sets no cache hints (no answer is shared between viewers), and the default cache
    // control plugin would wrap every field's resolver to collect them.
    plugins: [readAuditPlugin(audit), limits, responseExtensionsPlugin, metricsPlugin(metrics), ApolloServerPluginCacheControlDisabled()],
  } as ApolloDriverConfig;
}
