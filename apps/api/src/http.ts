import { INestApplication } from '@nestjs/common';
import { AppConfig, ensureRequestId, RequestContext } from '@tandem/platform';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { bindGraphQLSockets } from './graphql.config';
import { mountQueueBoard } from './queue-board';

/** HTTP concerns of the API process: security headers, CORS, request context, logging, GraphQL sockets, the queue dashboard. */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  const express = app.getHttpAdapter().getInstance() as { set(key: string, value: unknown): void; disable(key: string): void };
  express.disable('x-powered-by');
  // X-Forwarded-For is believed only from the proxies TRUST_PROXY names (none by default): the
  // client address keys rate limits and is written in the audit trail.
  express.set('trust proxy', config.values.TRUST_PROXY);
  app.useLogger(app.get(Logger));
  app.use(
    helmet({
      contentSecurityPolicy: false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.enableCors({ origin: config.values.CORS_ORIGINS, credentials: false, maxAge: 600 });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const requestId = ensureRequestId(req, res);
    const clientAddress = req.ip ?? req.socket.remoteAddress ?? null;
    RequestContext.run({ requestId, clientAddress, userAgent: req.get('user-agent') ?? null }, next);
  });
  bindGraphQLSockets(app);
  // After the request context, so that refusals are audited with the request id.
  mountQueueBoard(app);
  app.enableShutdownHooks();
}
