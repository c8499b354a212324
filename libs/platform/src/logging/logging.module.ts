import { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { requestIdFrom } from '../context/request-context';

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
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
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
        },
      }),
    }),
  ],
})
export class LoggingModule {}
