// harness.mjs — browser tests: a real `qitong serve` (the API harness's
// startServer) and Debian's chromium driven by playwright-core.
//
// demoServer() serves a `qitong demo --scale small --seed 7` database (one
// account per role, password Qitong-2026).  launch() starts a headless
// chromium with a fresh profile; newPage() opens a page that records
// dialogs (alert/confirm) and console errors and fails on CSP violations.
// shot() saves a screenshot under build/e2e-artifacts/ (from the repo root).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { cli, startServer, Client } from '../api/harness.mjs';

export { cli, startServer, Client };

export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'build/e2e-artifacts');
export const PASSWORD = 'Qitong-2026';
export const CHROMIUM = process.env.QITONG_CHROMIUM || '/usr/bin/chromium';

// A server over a fresh small demo database (seed 7).  Returns the
// startServer handle; stop() removes the database too.
export async function demoServer(opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'qitong-e2e-'));
  const db = join(dir, 'demo.db');
  const r = cli(['demo', '--db', db, '--scale', 'small', '--seed', '7']);
  if (r.status !== 0) throw new Error(`qitong demo failed: ${r.stderr}`);
  const server = await startServer({ db, init: false, ...opts });
  const stop = server.stop.bind(server);
  server.stop = async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return server;
}

// A headless chromium with a fresh profile.  close() removes the profile.
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'qitong-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update',
           '--disable-sync'],
    viewport: { width: 1280, height: 860 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// A new page in CONTEXT (a fresh context's cookies are its own; for a
// second independent session use another launch()).  page.qt.dialogs lists
// the JavaScript dialogs that fired (each dismissed), page.qt.errors the
// page errors and console errors (CSP violations among them).
export async function newPage(context, viewport) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  page.qt = { dialogs: [], errors: [] };
  page.on('dialog', async (d) => {
    page.qt.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => page.qt.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') page.qt.errors.push(`console: ${m.text()}`);
  });
  return page;
}

export async function shot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// Sign in through the form as USERNAME (after dropping the context's
// cookies, so any earlier session is gone); waits for the landing page.
export async function signIn(page, base, username, password = PASSWORD) {
  await page.context().clearCookies();
  await page.goto(`${base}/signin`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('form.signin-form button[type="submit"]').click();
  await page.locator('.topbar').waitFor();
  await page.locator('main .page-title').first().waitFor();
}

// An API client signed in as USERNAME (to prepare or check data).
export async function apiAs(server, username, password = PASSWORD) {
  const c = new Client(server);
  await c.signIn(username, password);
  return c;
}

// Errors other than the expected ones (a 401 from the probe of the
// session before sign-in, failed resources the test provokes).
export function unexpectedErrors(page, allow = []) {
  return page.qt.errors.filter((e) =>
    !/401 \(Unauthorized\)/.test(e) && !allow.some((re) => re.test(e)));
}
