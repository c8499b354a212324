import { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { Options, pinoHttp } from 'pino-http';
import { AppConfig } from '../config/app-config';
import { RequestContext, requestIdFrom, RequestMeta } from '../context/request-context';

type WithRequestId = IncomingMessage & { requestId?: string };

/** The request id of an HTTP request, set once by whichever middleware sees it first. */
export function ensureRequestId(req: IncomingMessage, res: ServerResponse): string {
  const request = req as WithRequestId;
  if (!request.requestId) {
    request.requestId = requestIdFrom(req.headers['x-request-id']);
    if (!res.headersSent) res.setHeader('x-request-id', request.requestId);
  }
  return request.requestId;
}

/**
 * JSON logs. Request logs carry method, path, status, duration and request id: never bodies,
 * headers, variables or tokens, since GraphQL variables hold children's personal data.
 */
function httpLogOptions(config: AppConfig): Options {
  return {
    level: config.values.LOG_LEVEL,
    genReqId: (req: IncomingMessage, res: ServerResponse) => ensureRequestId(req, res),
    customProps: (req: IncomingMessage) => ({ requestId: (req as WithRequestId).requestId }),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: String(req.url).split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    redact: { paths: ['req.headers', 'authorization', 'password', 'token', 'refreshToken', 'accessToken'], remove: true },
    autoLogging: { ignore: (req: IncomingMessage) => /^\/(health|metrics)/.test(req.url ?? '') },
    quietReqLogger: true,
  };
}

type LoggedRequest = IncomingMessage & { log?: Logger; allLogs?: Logger[] };

/**
 * The middleware that logs an HTTP request and runs the rest of it in its request context
 * (`RequestContext`), with the request's logger for nestjs-pino: one context per request, where
 * nestjs-pino's own middleware would open a second one.
 */
export function requestContextMiddleware(config: AppConfig, meta: (req: IncomingMessage, requestId: string) => RequestMeta) {
  const log = pinoHttp(httpLogOptions(config));
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    log(req, res, () => {
      const request = req as LoggedRequest;
      RequestContext.run(meta(req, ensureRequestId(req, res)), next, request.allLogs?.at(-1) ?? request.log);
    });
  };
}

/**
 * nestjs-pino's loggers (Nest's logger, `PinoLogger`), configured as the request logs are. Its
 * middleware is bound to no route: an app that serves HTTP mounts `requestContextMiddleware`.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ pinoHttp: httpLogOptions(config), forRoutes: [] }),
    }),
  ],
})
export class LoggingModule {}
