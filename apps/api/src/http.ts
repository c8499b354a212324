import { INestApplication } from '@nestjs/common';
import { AppConfig, ensureRequestId, RequestContext } from '@tandem/platform';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { bindGraphQLSockets } from './graphql.config';
import { mountQueueBoard } from './queue-board';

/** HTTP concerns of the API process: security headers, CORS, request context, logging, GraphQL sockets, the queue dashboard. */
export function configureHttp(app: INestApplication, config: AppConfig): void {
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
    const forwarded = req.ip ?? req.socket.remoteAddress ?? null;
    RequestContext.run({ requestId, clientAddress: forwarded, userAgent: req.get('user-agent') ?? null }, next);
  });
  bindGraphQLSockets(app);
  // After the request context, so that refusals are audited with the request id.
  mountQueueBoard(app);
  const express = app.getHttpAdapter().getInstance() as { set(key: string, value: unknown): void; disable(key: string): void };
  express.disable('x-powered-by');
  express.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.enableShutdownHooks();
}
