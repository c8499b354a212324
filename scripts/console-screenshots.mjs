// Screenshots of the console's main pages for the README, taken from a running Tandem with the demo
// data (`npm start`), in Chromium (CHROMIUM_PATH, default /usr/bin/chromium):
//   node scripts/console-screenshots.mjs [http://localhost:3000]
// They land in docs/screenshots/. The demo's second factor is answered with its published secret.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOTP } from 'otpauth';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const base = process.argv[2] ?? 'http://localhost:3000';
const out = join(root, 'docs', 'screenshots');
const PASSWORD = 'Demo-Password-2026!';
const DEMO_SECRET = 'TANDEMDEMOSECRETFORTHEPOLICEXX23';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function visit(name, path, { user, viewport = DESKTOP, ready } = {}) {
  const context = await browser.newContext({ baseURL: base, viewport, locale: 'en-US' });
  const page = await context.newPage();
  try {
    if (user) {
      await page.goto('/sign-in');
      await page.getByLabel('Email').fill(user);
      await page.getByLabel(/^Password/).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const code = page.getByLabel('Code');
      const signedIn = page.getByTestId('viewer-name');
      await Promise.race([code.waitFor(), signedIn.waitFor({ state: 'attached' })]);
      if (await code.isVisible()) {
        await code.fill(new TOTP({ secret: DEMO_SECRET }).generate());
        await page.getByRole('button', { name: 'Verify' }).click();
        await signedIn.waitFor({ state: 'attached' });
      }
    }
    await page.goto(path);
    if (ready) await ready(page);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(out, `${name}.png`) });
    console.log(`docs/screenshots/${name}.png`);
  } finally {
    await context.close();
  }
}

try {
  await visit('public-home', '/');
  await visit('public-tip', '/public/tip');
  await visit('public-statistics', '/public/statistics');
  await visit('caseworker-inbox', '/inbox', { user: 'sh.staff1@stl.tandem.demo', ready: (page) => page.getByTestId('inbox').waitFor() });
  await visit('caseworker-inbox-phone', '/inbox', { user: 'sh.staff1@stl.tandem.demo', viewport: PHONE, ready: (page) => page.getByTestId('inbox').waitFor() });
  await visit('caseworker-cases', '/cases', { user: 'cw.staff1@stl.tandem.demo' });
  await visit('case-page', '/inbox', {
    user: 'sh.staff1@stl.tandem.demo',
    ready: async (page) => {
      await page.getByRole('link', { name: 'Open the case' }).first().click();
      await page.getByRole('heading', { name: 'Child' }).first().waitFor();
    },
  });
  await visit('liaison-tips', '/liaison/tips', { user: 'pd.staff1@stl.tandem.demo' });
  await visit('supervisor-deadlines', '/supervisor/deadlines', { user: 'cw.supervisor@stl.tandem.demo' });
  await visit('supervisor-audit', '/supervisor/audit', { user: 'cw.supervisor@atl.tandem.demo' });
  await visit('auditor-audit', '/audit', { user: 'auditor@mia.tandem.demo' });
} finally {
  await browser.close();
}
