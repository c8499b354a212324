import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import type { WorldUser } from '@tandem/testing';
import { CONSOLE_DIST } from './console-build';
import { createTestApp, TestApp } from './test-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS = join(__dirname, '..', '..', 'test-results');
const AXE = require.resolve('axe-core/axe.min.js');

/** The two widths the console is checked at: a desk and a phone. */
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface ConsolePage {
  page: Page;
  context: BrowserContext;
  /** Errors the page logged or threw (a refused script or style included): a journey ends with none. */
  problems: string[];
}

export interface ConsoleHarness {
  t: TestApp;
  /** The console's address, e.g. http://127.0.0.1:41234 */
  url: string;
  browser: Browser;
  /** A fresh browser profile (no cookies) with a page at `path`. */
  open(path?: string, viewport?: { width: number; height: number }): Promise<ConsolePage>;
  /** Signs the user in through the sign-in page, answering the second factor when the world enrolled one. */
  signIn(page: Page, user: Pick<WorldUser, 'email' | 'password' | 'totpSecret'>): Promise<void>;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with the background networking this closed machine would refuse turned off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/**
 * The real API serving the built console on a free port (real PostgreSQL and Redis, a test clock),
 * and Debian's Chromium driven by Playwright, headless, with the background networking this closed
 * machine would refuse turned off.
 */
export async function startConsole(env: Record<string, string> = {}): Promise<ConsoleHarness> {
  const t = await createTestApp({ CONSOLE_DIR: CONSOLE_DIST, ...env });
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    t,
    url,
    browser,
    async open(path = '/', viewport = DESKTOP) {
      const context = await browser.newContext({ baseURL: url, viewport, locale: 'en-US' });
      contexts.push(context);
      // The accessibility checker is added before the page's own scripts, outside its content policy.
      await context.addInitScript({ path: AXE });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !/status of 40[0-9]/.test(message.text())) problems.push(`console: ${message.text()}`);
      });
      await page.goto(path);
      return { page, context, problems };
    },
    async signIn(page, user) {
      if (!page.url().endsWith('/sign-in')) await page.goto('/sign-in');
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel(/^Password/).fill(user.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      if (user.totpSecret) {
        t.world.rememberSecondFactor(user.email, user.totpSecret);
        await t.world.allowCodeAgain(user.email);
        await page.getByLabel('Code').fill(t.totpCode(user.email));
        await page.getByRole('button', { name: 'Verify' }).click();
      }
      // Attached, not visible: on a phone the name is in the header's hidden part.
      await page.getByTestId('viewer-name').waitFor({ state: 'attached' });
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await t.close();
    },
  };
}

/**
 * Runs one step of a journey; if it fails, a screenshot of the page is saved under test-results/
 * (named after the step) before the failure goes on.
 */
export async function journey<T>(page: Page, name: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`), fullPage: true }).catch(() => undefined);
    throw error;
  }
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** Where, as CSS selectors, for the one reading a failure. */
  targets: string[];
}

/** What these helpers read of the page's globals (the test code is typed without the DOM's). */
interface PageStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
}
interface PageGlobals {
  axe: { run(context: unknown, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[] }> };
  document: { cookie: string; title: string };
  location: { href: string };
  localStorage: PageStorage;
  sessionStorage: PageStorage;
}

/** The serious and critical accessibility violations axe-core finds on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const result = await page.evaluate(async () => {
    const w = globalThis as unknown as PageGlobals;
    return w.axe.run(w.document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => String(n.target)) }));
}

/** What the browser keeps that a person's data must never be in: storage, readable cookies, the address and title. */
export async function browserTraces(page: Page): Promise<string> {
  return page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    const storage = (s: PageStorage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i) ?? '')}`).join(';');
    return [storage(w.localStorage), storage(w.sessionStorage), w.document.cookie, w.location.href, w.document.title].join('\n');
  });
}

/** The language the page declares (`<html lang>`). */
export async function pageLanguage(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang);
}

/** Polls `read` until it answers `expected` (compared as JSON) or the time is up; answers the last value read. */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (JSON.stringify(value) !== JSON.stringify(expected) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}
