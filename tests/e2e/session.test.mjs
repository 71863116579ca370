// session.test.mjs — signing in and out in the browser: by keyboard,
// wrong password, throttling, the language switch, sign-out ending the
// session on the server, the 404 page, every role landing somewhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  demoServer, launch, newPage, shot, signIn, unexpectedErrors, PASSWORD,
} from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await demoServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('keyboard: Tab reaches the fields, Enter signs in, enterprise lands on 我的诉求', async () => {
  const page = await newPage(browser.context);
  await page.goto(`${server.base}/`);
  await page.locator('#username').waitFor();
  assert.equal(new URL(page.url()).pathname, '/signin');
  await shot(page, 'signin');
  let reached = false;
  for (let i = 0; i < 6 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.id === 'username');
  }
  assert.ok(reached, 'Tab reaches the username field');
  // A visible focus ring on the focused field.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await page.keyboard.type('enterprise');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'password');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.locator('.topbar').waitFor();
  await page.waitForURL((u) => u.pathname === '/demands');
  assert.equal(await page.locator('main h1').textContent(), '我的诉求');
  assert.match(await page.locator('.who-role').textContent(), /企业用户/);
  assert.equal(await page.locator('.sidenav [aria-current="page"]').textContent(), '我的诉求');
  assert.deepEqual(unexpectedErrors(page), []);
  await page.close();
});

test('sign-out returns to sign-in and the old session cookie no longer works', async () => {
  const page = await newPage(browser.context);
  await signIn(page, server.base, 'enterprise');
  const cookie = (await browser.context.cookies(server.base)).find((c) => c.name === 'qt_session');
  assert.ok(cookie, 'a session cookie');
  const before = await fetch(`${server.base}/api/v1/session`, { headers: { cookie: `qt_session=${cookie.value}` } });
  assert.equal(before.status, 200);
  await page.getByRole('button', { name: '退出' }).click();
  await page.waitForURL((u) => u.pathname === '/signin');
  await page.locator('#username').waitFor();
  const afterOut = await fetch(`${server.base}/api/v1/session`, { headers: { cookie: `qt_session=${cookie.value}` } });
  assert.equal(afterOut.status, 401);
  // A page that needs a session sends the browser back to sign in, and
  // returns there after signing in.
  await page.goto(`${server.base}/commissioner`);
  await page.waitForURL((u) => u.pathname === '/signin');
  assert.equal(new URL(page.url()).searchParams.get('next'), '/commissioner');
  await page.locator('#username').fill('enterprise');
  await page.locator('#password').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === '/commissioner');
  await page.close();
});

test('a wrong password shows the error and the form stays', async () => {
  await browser.context.clearCookies();
  const page = await newPage(browser.context);
  await page.goto(`${server.base}/signin`);
  await page.locator('#username').fill('enterprise');
  await page.locator('#password').fill('not-the-password');
  await page.locator('#password').press('Enter');
  const alert = page.locator('.form-alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /用户名或密码错误/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'password');
  await shot(page, 'signin-wrong-password');
  // Empty fields: errors next to them, nothing sent.
  await page.locator('#username').fill('');
  await page.locator('#password').fill('');
  await page.locator('form.signin-form button[type="submit"]').click();
  assert.equal(await page.locator('[data-field="username"] .field-error').textContent(), '此项必填');
  assert.equal(await page.locator('[data-field="password"] .field-error').textContent(), '此项必填');
  assert.deepEqual(unexpectedErrors(page), []);
  await page.close();
});

test('throttled sign-in shows the 429 message', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await fetch(`${server.base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: `wrong-${i}` }),
    });
    assert.equal(r.status, 401);
  }
  await browser.context.clearCookies();
  const page = await newPage(browser.context);
  await page.goto(`${server.base}/signin`);
  await page.locator('#username').fill('nobody');
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#password').press('Enter');
  const alert = page.locator('.form-alert');
  await alert.waitFor();
  const text = await alert.textContent();
  assert.match(text, /登录失败次数过多/);
  assert.match(text, /请 15 分钟后再试/, 'the wait the server names is shown');
  await shot(page, 'signin-throttled');
  await page.close();
});

test('the language switch changes the labels and is remembered', async () => {
  const page = await newPage(browser.context);
  await signIn(page, server.base, 'enterprise');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.locator('main h1', { hasText: 'My demands' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await page.locator('.sidenav [aria-current="page"]').textContent(), 'My demands');
  assert.ok(await page.getByRole('button', { name: 'Sign out' }).isVisible());
  assert.equal(await page.locator('.chip-filter[aria-current="true"]').textContent(), 'All');
  await shot(page, 'demands-en');
  await page.reload();
  await page.locator('main h1', { hasText: 'My demands' }).waitFor();
  await page.goto(`${server.base}/demands/new`);
  await page.locator('main h1', { hasText: 'New demand' }).waitFor();
  assert.ok(await page.getByLabel('Title').isVisible());
  await page.getByRole('button', { name: '切换到中文' }).click();
  await page.locator('main h1', { hasText: '提交诉求' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('qitong.lang')), 'zh-CN');
  assert.deepEqual(unexpectedErrors(page), []);
  await page.close();
});

test('an unknown path shows the 404 page inside the shell', async () => {
  const page = await newPage(browser.context);
  await signIn(page, server.base, 'enterprise');
  await page.goto(`${server.base}/no/such/page`);
  await page.locator('.notfound').waitFor();
  assert.equal(await page.locator('main h1').textContent(), '页面不存在');
  assert.ok(await page.locator('.topbar').isVisible());
  await shot(page, 'not-found');
  // A demand outside the enterprise's scope is "not found" too.
  await page.goto(`${server.base}/demands/999999`);
  await page.locator('.notfound').waitFor();
  await page.close();
});

test('every role signs in and lands on its home page', async () => {
  const homes = {
    commissioner: '/enterprises', dispatcher: '/queue', handler: '/inbox',
    supervisor: '/overdue', leader: '/dashboard', admin: '/enterprises',
  };
  const page = await newPage(browser.context);
  for (const [role, home] of Object.entries(homes)) {
    await signIn(page, server.base, role);
    await page.waitForURL((u) => u.pathname === home);
    assert.ok(await page.locator('main h1').isVisible(), role);
    await shot(page, `home-${role}`);
  }
  assert.deepEqual(unexpectedErrors(page), []);
  await page.close();
});

test('ECharts loads from qitong in the browser under the CSP', async () => {
  const page = await newPage(browser.context);
  await signIn(page, server.base, 'enterprise');
  const version = await page.evaluate(async () => {
    const { chart, loadECharts } = await import('/charts.js');
    const el = document.createElement('div');
    el.className = 'chart';
    document.querySelector('main').append(el);
    await chart(el, { xAxis: { type: 'category', data: ['a', 'b'] }, yAxis: {}, series: [{ type: 'bar', data: [1, 2] }] });
    const n = el.querySelectorAll('svg').length;
    el.remove();
    return `${(await loadECharts()).version}:${n}`;
  });
  assert.match(version, /^\d+\.\d+\.\d+:1$/);
  assert.deepEqual(unexpectedErrors(page), []);
  await page.close();
});
