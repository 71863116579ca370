// commissioner.test.mjs — the commissioner's visits (走访) in a browser.
// A visit recorded from an enterprise's page (记录走访) is stored as
// entered (mode, notes, the time in China Standard Time) and shows in the
// enterprise's visit log and in 走访记录, whose enterprise filter goes in
// the URL; at 375 px a visit is recorded with "submit a demand raised on
// it", the on-behalf form carries the visit, and the demand shows on the
// visit's page linked by visit_id; bad times and empty notes are refused
// at their fields before anything is sent; 待跟进 lists exactly the
// enterprises the API says are due a visit; no visit page scrolls
// sideways on a phone.  The other commissioner pages are in
// admin.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiAs, demoServer, launch, newPage, shot, signIn, unexpectedErrors,
} from './harness.mjs';

const DAY = 86400 * 1000;
const PHONE = { width: 375, height: 812 };

let server;
let browser;
let comm;      // the commissioner's API client
let me;        // its user
let mine;      // its paired enterprises

// "2026-03-02T09:30" for the instant MS in China Standard Time.
const cstLocal = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 16);

before(async () => {
  server = await demoServer();
  browser = await launch();
  comm = await apiAs(server, 'commissioner');
  me = (await comm.get('/api/v1/session')).body.user;
  const r = await comm.get('/api/v1/enterprises?limit=500');
  mine = r.body.items;
  assert.ok(mine.length >= 2, 'the demo commissioner serves enterprises');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function visitsOf(enterpriseId) {
  const r = await comm.get(`/api/v1/visits?enterprise=${enterpriseId}&limit=50`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}

test('record a visit from the enterprise page; it shows in both logs', async () => {
  const e = mine[0];
  const before = await visitsOf(e.id);
  const page = await newPage(browser.context);
  await signIn(page, server.base, 'commissioner');
  await page.goto(`${server.base}/enterprises/${e.id}`);
  await page.locator('main .page-title', { hasText: e.name }).waitFor();
  await page.locator(`main .page-actions a[href="/enterprises/${e.id}/visit"]`).click();
  await page.waitForURL(new RegExp(`/enterprises/${e.id}/visit$`));
  const when = page.locator('[data-field="visited_at"] input');
  await when.waitFor();
  // The time defaults to now, in China Standard Time.
  const shown = Date.parse(`${await when.inputValue()}:00+08:00`);
  assert.ok(Math.abs(shown - Date.now()) < 3 * 60 * 1000, await when.inputValue());
  await shot(page, 'commissioner-visit-form');

  const notes = `电话了解企业用电增容进展，暂无新诉求 ${Date.now() % 100000}`;
  await page.locator('[data-field="mode"] label', { hasText: '电话' }).click();
  await page.locator('[data-field="notes"] textarea').fill(notes);
  await page.locator('form.form button[type="submit"]').click();
  await page.waitForURL(new RegExp(`/enterprises/${e.id}$`));

  // Stored as entered.
  const after = await visitsOf(e.id);
  assert.equal(after.length, before.length + 1);
  const v = after.find((x) => x.notes === notes);
  assert.ok(v, 'the visit is in the API log');
  assert.equal(v.mode, 'phone');
  assert.equal(v.user_id, me.id);
  assert.equal(v.enterprise_id, e.id);
  assert.ok(Math.abs(Date.parse(v.visited_at) - shown) < 60 * 1000);

  // The enterprise page's visit log shows it, newest first.
  const log = page.locator('.visit-table');
  await log.waitFor();
  const first = log.locator('tbody tr').first();
  assert.match(await first.locator('a.title-link').textContent(), /^电话了解企业用电增容进展/);
  assert.equal(await first.locator('a.title-link').getAttribute('href'), `/visits/${v.id}`);
  assert.equal(await first.locator('.visit-mode-phone').count(), 1, 'mode 电话');
  await shot(page, 'commissioner-enterprise-visits');

  // 走访记录 through the navigation, then filtered to this enterprise.
  await page.locator('.sidenav a[href="/visits"]').click();
  await page.waitForURL(/\/visits$/);
  await page.locator(`.visit-table a[href="/visits/${v.id}"]`).waitFor();
  await page.locator('[data-field="enterprise"] select').selectOption(String(e.id));
  await page.locator('form.filters button[type="submit"]').click();
  await page.waitForURL(new RegExp(`[?&]enterprise=${e.id}`));
  await page.locator('.visit-table, .empty').first().waitFor();
  const hrefs = await page.locator('.visit-table a.title-link').evaluateAll(
    (as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, after.slice(0, 20).map((x) => `/visits/${x.id}`));
  await shot(page, 'commissioner-visits');

  // And the visit's own page.
  await page.locator(`.visit-table a[href="/visits/${v.id}"]`).click();
  await page.waitForURL(new RegExp(`/visits/${v.id}$`));
  await page.locator('main .prose', { hasText: notes }).waitFor();
  assert.deepEqual(unexpectedErrors(page), []);
  await page.close();
});

test('a bad time or empty notes are refused at their fields, nothing sent', async () => {
  const e = mine[1];
  const before = await visitsOf(e.id);
  const page = await newPage(browser.context);
  await signIn(page, server.base, 'commissioner');
  await page.goto(`${server.base}/enterprises/${e.id}/visit`);
  const when = page.locator('[data-field="visited_at"] input');
  await when.fill(cstLocal(Date.now() + 2 * DAY));
  await page.locator('form.form button[type="submit"]').click();
  await page.locator('[data-field="visited_at"].has-error').waitFor();
  assert.match(await page.locator('[data-field="visited_at"] .field-error').textContent(), /不能晚于现在/);
  assert.ok(await page.locator('[data-field="notes"].has-error').count(), 'notes are required');
  await when.fill(cstLocal(Date.now() - 120 * DAY));
  await page.locator('[data-field="notes"] textarea').fill('补记很久以前的走访。');
  await page.locator('form.form button[type="submit"]').click();
  await page.locator('[data-field="visited_at"] .field-error', { hasText: '90' }).waitFor();
  assert.match(page.url(), /\/visit$/);
  assert.equal((await visitsOf(e.id)).length, before.length);
  assert.deepEqual(unexpectedErrors(page), []);
  await page.close();
});

test('375 px: record a visit, raise a demand on it, see it on the visit', async () => {
  const e = mine[1];
  const page = await newPage(browser.context, PHONE);
  await signIn(page, server.base, 'commissioner');
  await page.goto(`${server.base}/enterprises/${e.id}`);
  await page.locator(`main .page-actions a[href="/enterprises/${e.id}/visit"]`).click();
  const when = page.locator('[data-field="visited_at"] input');
  await when.waitFor();
  const at = cstLocal(Date.now() - 2 * 3600 * 1000);
  await when.fill(at);
  const notes = `实地走访，企业反映招工难 ${Date.now() % 100000}`;
  await page.locator('[data-field="notes"] textarea').fill(notes);
  await page.locator('label[for="visit-raise"]').click();
  assert.ok(await page.locator('#visit-raise').isChecked());
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 375);
  await shot(page, 'commissioner-375-visit-form');
  await page.locator('form.form button[type="submit"]').click();
  await page.waitForURL(new RegExp(`/enterprises/${e.id}/new\\?visit=\\d+$`));
  const visitId = Number(new URL(page.url()).searchParams.get('visit'));
  const v = (await comm.get(`/api/v1/visits/${visitId}`)).body;
  assert.equal(v.notes, notes);
  assert.equal(v.mode, 'on_site');
  assert.equal(v.visited_at.slice(0, 16), at, 'the time entered, in CST');

  // The on-behalf form says which visit it raises the demand on.
  await page.locator('.notice-info', { hasText: '关联' }).waitFor();
  const title = `走访中提出：一线操作工缺口 ${Date.now() % 100000}`;
  await page.locator('form.form select').first().selectOption('labour');
  await page.locator('[data-field="title"] input').fill(title);
  await page.locator('[data-field="content"] textarea').fill('企业反映一线操作工缺口约五十人，希望协助对接招聘渠道。');
  await page.locator('form.form button[type="submit"]').click();
  await page.waitForURL(new RegExp(`/visits/${visitId}$`));
  const row = page.locator('.visit-demands a.title-link', { hasText: title });
  await row.waitFor();
  await shot(page, 'commissioner-375-visit');

  const x = (await comm.get(`/api/v1/visits/${visitId}`)).body;
  assert.equal(x.demand_count, 1);
  const d = (await comm.get(`/api/v1/demands/${x.demands[0].id}`)).body;
  assert.equal(d.title, title);
  assert.equal(d.visit_id, visitId);
  assert.equal(d.channel, 'visit');
  assert.equal(await row.getAttribute('href'), `/demands/${d.id}`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 375);
  assert.deepEqual(unexpectedErrors(page), []);
  await page.close();
});

test('待跟进 lists exactly the enterprises due a visit, oldest first', async () => {
  const r = await comm.get('/api/v1/visits/due?limit=200');
  assert.equal(r.status, 200);
  const due = r.body.items;
  const page = await newPage(browser.context);
  await signIn(page, server.base, 'commissioner');
  await page.goto(`${server.base}/followups`);
  const section = page.locator('.due-visits');
  await section.waitFor();
  await page.waitForLoadState('networkidle');
  const names = await section.locator('a.title-link').allTextContents();
  assert.deepEqual([...names].sort(), due.map((x) => x.enterprise_name).sort());
  // Never visited first, then the longest since.
  const order = [...due].sort((a, b) =>
    (a.last_visited_at ? Date.parse(a.last_visited_at) : 0) -
    (b.last_visited_at ? Date.parse(b.last_visited_at) : 0) || a.enterprise_id - b.enterprise_id);
  assert.deepEqual(names, order.map((x) => x.enterprise_name));
  // The enterprises visited in the tests above are not due.
  for (const e of mine.slice(0, 2)) {
    assert.ok(!due.some((x) => x.enterprise_id === e.id), e.name);
  }
  await shot(page, 'commissioner-followups-due');
  if (due.length) {
    await section.locator(`a[href="/enterprises/${order[0].enterprise_id}/visit"]`).click();
    await page.waitForURL(new RegExp(`/enterprises/${order[0].enterprise_id}/visit$`));
    await page.locator('[data-field="notes"] textarea').waitFor();
  } else {
    assert.ok(await section.locator('.empty').count());
  }
  assert.deepEqual(unexpectedErrors(page), []);
  await page.close();
});

test('375 px: no visit page scrolls sideways', async () => {
  const phone = await newPage(browser.context, PHONE);
  await signIn(phone, server.base, 'commissioner');
  const v = (await comm.get('/api/v1/visits?limit=1')).body.items[0];
  const e = mine[0];
  const paths = ['/visits', `/visits?enterprise=${e.id}`, `/visits/${v.id}`,
                 `/enterprises/${e.id}`, `/enterprises/${e.id}/visit`,
                 `/enterprises/${e.id}/new?visit=${v.id}`, '/followups'];
  for (const path of paths) {
    await phone.goto(`${server.base}${path}`);
    await phone.locator('main .page-title').first().waitFor();
    await phone.waitForLoadState('networkidle');
    const w = await phone.evaluate(() => document.documentElement.scrollWidth);
    await shot(phone, `commissioner-375${path.replaceAll(/[/?=&]/g, '-')}`);
    assert.ok(w <= 375, `${path}: scrollWidth ${w}`);
  }
  assert.deepEqual(unexpectedErrors(phone), []);
  await phone.close();
});
