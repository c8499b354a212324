import { INestApplication } from '@nestjs/common';
import { RedisThrottlerStorage } from '@tandem/auth';
import { AppConfig, RedisService, requestContextMiddleware } from '@tandem/platform';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { mountConsole } from './console';
import { bindGraphQLSockets } from './graphql.config';
import { mountQueueBoard, QUEUE_BOARD_PATH } from './queue-board';
import { RequestRateLimit } from './request-limit';

/**
 * HTTP concerns of the API process: security headers, CORS, request context, the request rate
 * limit, logging, GraphQL sockets, the queue dashboard, the web console's pages.
 */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  const express = app.getHttpAdapter().getInstance() as { set(key: string, value: unknown): void; disable(key: string): void };
  express.disable('x-powered-by');
  // X-Forwarded-For is believed only from the proxies TRUST_PROXY names (none by default): the
  // client address keys rate limits and is written in the audit trail.
  express.set('trust proxy', config.values.TRUST_PROXY);
  app.useLogger(app.get(Logger));
  // Answers carry children's data and tokens: no cache, shared or private, may keep any of them.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  // Credentials: a console at one of CORS_ORIGINS sends its browser session cookie with a refresh.
  app.enableCors({ origin: config.values.CORS_ORIGINS, credentials: true, maxAge: 600 });
  // The request's log line and its context (request id, client address, user agent, logger).
  app.use(
    requestContextMiddleware(config, (incoming, requestId) => {
      const req = incoming as Request;
      return { requestId, clientAddress: req.ip ?? req.socket.remoteAddress ?? null, userAgent: req.get('user-agent') ?? null };
    }),
  );
  const requests = new RequestRateLimit(new RedisThrottlerStorage(app.get(RedisService)), config.values.RATE_LIMIT_PER_MINUTE);
  // The queue dashboard checks a token on every request (a refused one is an audit row), and a
  // single sign-on start or callback writes Redis and may audit a refusal: counted too.
  app.use(['/graphql', QUEUE_BOARD_PATH, '/auth/sso'], requests.middleware());
  bindGraphQLSockets(app, requests);
  // After the request context, so that refusals are audited with the request id.
  mountQueueBoard(app);
  mountConsole(app, config);
  app.enableShutdownHooks();
}
