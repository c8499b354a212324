import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import { INestApplication, Logger } from '@nestjs/common';
import { actorOf, RefusalLog } from '@tandem/audit';
import { AuthService, BOARD_COOKIE, bearerToken, cookieOf, originAllowed, SecondFactorGate } from '@tandem/auth';
import { decide, refusalOf } from '@tandem/authz';
import { ALL_QUEUES, AppConfig, ErrorCode, UnauthenticatedError } from '@tandem/platform';
import { Queue } from 'bullmq';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { QueueBoardPolicy } from './queue-board.policies';

export const QUEUE_BOARD_PATH = '/admin/queues';

const logger = new Logger('QueueBoard');

function refuse(res: Response, status: 401 | 403 | 500, code: ErrorCode, message: string): void {
  if (status === 401) res.set('WWW-Authenticate', 'Bearer');
  res.status(status).json({ error: { code, message } });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Lets only a signed-in system administrator through ({@link QueueBoardPolicy}), by the same token
 * check as the API (a disabled account or ended session is refused). Other roles are refused and
 * audited, as the GraphQL guard does. A browser signed in in browser session mode
 * is let in by its dashboard cookie (SameSite=Strict, HttpOnly): its session must also not be
 * idle-locked, and a change (retrying, cleaning, pausing a queue) must come from an allowed Origin.
 * Opening a page or changing something counts as using the session; the board's own polling does not.
 */
function systemAdminsOnly(app: INestApplication): RequestHandler {
  const auth = app.get(AuthService);
  const secondFactor = app.get(SecondFactorGate);
  const refusals = app.get(RefusalLog);
  const allowedOrigins = app.get(AppConfig).values.CORS_ORIGINS;
  const check = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    res.set('Cache-Control', 'no-store');
    const token = bearerToken(req.headers.authorization);
    const key = token ? null : cookieOf(req, BOARD_COOKIE);
    if (!token && !key) return refuse(res, 401, ErrorCode.UNAUTHENTICATED, 'Sign in to continue');
    let viewer;
    try {
      viewer = token ? await auth.authenticate(token) : await auth.authenticateBoardKey(key!);
      // The dashboard offers no way to enrol a second factor: an account that must is refused outright.
      if (await secondFactor.mustEnroll(viewer)) throw new UnauthenticatedError('Enrol a second factor before continuing');
    } catch (error) {
      if (error instanceof UnauthenticatedError) return refuse(res, 401, ErrorCode.UNAUTHENTICATED, error.message);
      throw error;
    }
    const verdict = decide(QueueBoardPolicy.open, viewer, undefined);
    if (!verdict.allowed) {
      const refusal = refusalOf(QueueBoardPolicy.open, verdict);
      // Recorded as the GraphQL guard records a role it refuses: the reason and the path, no act named.
      await refusals.record(actorOf(viewer), { reason: refusal.record.reason, details: { path: QUEUE_BOARD_PATH } });
      return refuse(res, 403, ErrorCode.FORBIDDEN, refusal.message);
    }
    if (key && !SAFE_METHODS.has(req.method) && !originAllowed(req, allowedOrigins)) {
      // A change carried by the cookie alone, from a page the API did not serve: a cross-site request.
      await refusals.record(actorOf(viewer), { reason: 'queue dashboard change from an origin not allowed', details: { path: QUEUE_BOARD_PATH } });
      return refuse(res, 403, ErrorCode.FORBIDDEN, 'This change must come from the dashboard itself');
    }
    if (key && (!SAFE_METHODS.has(req.method) || !req.path.startsWith('/api/'))) await auth.touchSession(viewer.sessionId);
    next();
  };
  return (req, res, next) => {
    check(req, res, next).catch((error: unknown) => {
      logger.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error }, 'queue dashboard check failed');
      if (!res.headersSent) refuse(res, 500, ErrorCode.INTERNAL, 'Internal server error');
    });
  };
}

/**
 * The BullMQ dashboard (bull-board) at /admin/queues, over every queue of the app, for system
 * administrators only. Helmet's CSP is off for the whole API, so the board's own scripts and
 * styles load as they are; if it is ever turned on, this path needs `script-src 'self'`.
 */
export function mountQueueBoard(app: INestApplication): void {
  const board = new ExpressAdapter().setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: ALL_QUEUES.map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)))),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Tandem queues' } },
  });
  // The board's own handler answers with the raw error message (and its stack in development).
  board.setErrorHandler((error: Error & { statusCode?: number }) => {
    const status = error.statusCode;
    if (status === 400 || status === 404 || status === 405 || status === 409) return { status, body: { error: error.message } };
    logger.error({ err: { name: error.name, message: error.message, stack: error.stack } }, 'queue dashboard request failed');
    return { status: 500, body: { error: 'Internal server error' } };
  });
  app.use(QUEUE_BOARD_PATH, systemAdminsOnly(app), board.getRouter());
}
