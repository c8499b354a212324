import { INestApplication } from '@nestjs/common';
import { AppConfig } from '@tandem/platform';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { QUEUE_BOARD_PATH } from './queue-board';

/** Paths the API answers itself; everything else a browser asks for is a page of the console. */
const API_PATHS = ['/graphql', '/health', '/metrics', '/auth/', QUEUE_BOARD_PATH];

/**
 * The console's pages: scripts only from this origin, styles from this origin and inline (the
 * component library sets style attributes), no framing, no plugins, requests only back here.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = 'The Tandem console is not built. Run `npm run build:console` (npm start does it), then reload.';

function isApiPath(path: string): boolean {
  return API_PATHS.some((prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
}

/**
 * Serves the built web console at `/`: its hashed assets cached for a year (they hold no data),
 * any other page path answered with the console's index page, which the API fills with the idle
 * limit the console locks after. The API's own paths are never shadowed.
 */
export function mountConsole(app: INestApplication, config: AppConfig): void {
  const dir = resolve(config.values.CONSOLE_DIR);
  const indexFile = join(dir, 'index.html');
  let page: string | null = null;
  const indexPage = (): string | null => {
    if (page === null && existsSync(indexFile)) {
      page = readFileSync(indexFile, 'utf8').replace('%TANDEM_IDLE_MINUTES%', String(config.values.SESSION_IDLE_MINUTES));
    }
    return page;
  };
  app.use(
    '/assets',
    express.static(join(dir, 'assets'), {
      index: false,
      cacheControl: false,
      // Hashed names and no data in them: cached for a year, unlike every answer of the API.
      setHeaders: (res) => res.setHeader('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
    (_req: Request, res: Response) => void res.status(404).type('text/plain').send('Not found'),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path) || !req.accepts('html')) return next();
    const html = indexPage();
    if (html === null) {
      res.status(503).type('text/plain').send(NOT_BUILT);
      return;
    }
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    res.type('html').send(html);
  });
}
