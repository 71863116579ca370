// admin.test.mjs — the commissioner's and the admin's pages in a browser.
// Commissioner: 我的企业 lists exactly the enterprises the API scopes to
// it; a demand submitted on an enterprise's behalf (channel visit) shows
// in that enterprise's list; every page fits a 375 px phone.  Admin: a CSV
// import with one bad row is refused whole (partial off) with the bad
// row's line and reason in the report, and writes the good rows with
// partial on; 2027-01-01 made a holiday on the calendar page; a user
// created through the dialog; every page is screenshotted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  apiAs, demoServer, launch, newPage, shot, signIn, unexpectedErrors,
} from './harness.mjs';
import { creditCode } from '../api/harness.mjs';

let server;
let browser;
let comm;       // API clients, to compare and check
let admin;
let tmp;

before(async () => {
  server = await demoServer();
  browser = await launch();
  comm = await apiAs(server, 'commissioner');
  admin = await apiAs(server, 'admin');
  tmp = mkdtempSync(join(tmpdir(), 'qitong-admin-e2e-'));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function allEnterprises(client, query = '') {
  const out = [];
  let cursor = '';
  do {
    const r = await client.get(`/api/v1/enterprises?limit=500${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    out.push(...r.body.items);
    cursor = r.body.next_cursor;
  } while (cursor);
  return out;
}

test('commissioner: 我的企业 shows its paired enterprises; submit on behalf; follow-ups', async () => {
  const page = await newPage(browser.context);
  await signIn(page, server.base, 'commissioner');
  assert.match(new URL(page.url()).pathname, /^\/enterprises$/);
  const mine = await allEnterprises(comm);
  assert.ok(mine.length > 0, 'the demo commissioner has paired enterprises');
  // Every page of the list, following "next".
  const shown = [];
  for (;;) {
    await page.locator('main .page-title').first().waitFor();
    shown.push(...await page.locator('.ent-table a.title-link').allTextContents());
    const next = page.locator('.pager button').last();
    if (!(await next.count()) || await next.isDisabled()) break;
    const before = page.url();
    await next.click();
    await page.waitForURL((u) => u.toString() !== before);
  }
  assert.deepEqual([...shown].sort(), mine.map((e) => e.name).sort());
  await page.goto(`${server.base}/enterprises`);
  await page.locator('.ent-table').waitFor();
  await shot(page, 'commissioner-enterprises');

  // Search goes into the URL.
  const word = [...mine[0].name].slice(0, 2).join('');
  await page.locator('form.filters input[type="search"]').fill(word);
  await page.locator('form.filters button[type="submit"]').click();
  await page.waitForURL(/[?&]q=/);
  assert.ok((await page.locator('.ent-table a.title-link').allTextContents()).includes(mine[0].name));

  // Submit on the enterprise's behalf.
  const e = mine[0];
  await page.goto(`${server.base}/enterprises/${e.id}`);
  await page.locator('main .page-title', { hasText: e.name }).waitFor();
  await shot(page, 'commissioner-enterprise');
  await page.locator(`main a[href="/enterprises/${e.id}/new"]`).first().click();
  await page.locator('form.form select').first().waitFor();
  await shot(page, 'commissioner-submit');
  const title = `走访代提诉求 ${Date.now() % 100000}`;
  await page.locator('form.form select').first().selectOption({ index: 1 });
  await page.locator('[data-field="title"] input').fill(title);
  await page.locator('[data-field="content"] textarea').fill('走访时企业反映：用电增容审批进度缓慢，请协调供电部门加快办理。');
  await page.locator('form.form button[type="submit"]').click();
  await page.waitForURL(new RegExp(`/enterprises/${e.id}$`));
  await page.locator('a.title-link', { hasText: title }).waitFor();
  const r = await comm.get(`/api/v1/demands?enterprise=${e.id}&limit=50`);
  const d = r.body.items.find((x) => x.title === title);
  assert.ok(d, 'the demand is in the enterprise\'s list');
  const full = await comm.get(`/api/v1/demands/${d.id}`);
  assert.equal(full.body.channel, 'visit');
  assert.equal(full.body.enterprise_id, e.id);

  await page.goto(`${server.base}/followups`);
  await page.locator('main .page-title').first().waitFor();
  await page.waitForLoadState('networkidle');
  await shot(page, 'commissioner-followups');
  assert.deepEqual(unexpectedErrors(page), []);
  await page.close();
});

test('commissioner: 375 px wide, no page scrolls sideways', async () => {
  const phone = await newPage(browser.context, { width: 375, height: 812 });
  await signIn(phone, server.base, 'commissioner');
  const e = (await allEnterprises(comm))[0];
  const d = (await comm.get('/api/v1/demands?limit=1')).body.items[0];
  const paths = ['/enterprises', `/enterprises/${e.id}`, `/enterprises/${e.id}/new`, '/followups'];
  if (d) paths.push(`/demands/${d.id}`);
  for (const path of paths) {
    await phone.goto(`${server.base}${path}`);
    await phone.locator('main .page-title').first().waitFor();
    await phone.waitForLoadState('networkidle');
    const w = await phone.evaluate(() => document.documentElement.scrollWidth);
    await shot(phone, `commissioner-375${path.replaceAll('/', '-')}`);
    assert.ok(w <= 375, `${path}: scrollWidth ${w}`);
  }
  assert.deepEqual(unexpectedErrors(phone), []);
  await phone.close();
});

test('admin: CSV import, all or nothing then partial', async () => {
  const page = await newPage(browser.context);
  await signIn(page, server.base, 'admin');
  const region = (await admin.get('/api/v1/enterprises?limit=1')).body.items[0].region_code;
  const codes = [creditCode(880001, region.slice(0, 6)), creditCode(880002, region.slice(0, 6))];
  const csv = ['credit_code,name,region_code,scale',
    `${codes[0]},导入测试甲有限公司,${region},above`,
    `${codes[1]},导入测试乙有限公司,${region},below`,
    `BAD-CODE,导入测试丙有限公司,${region},above`].join('\n') + '\n';
  const file = join(tmp, 'enterprises.csv');
  writeFileSync(file, csv);
  const count = async () => (await allEnterprises(admin, '&q=' + encodeURIComponent('导入测试'))).length;
  assert.equal(await count(), 0);

  await page.goto(`${server.base}/import?kind=enterprises`);
  await page.locator('main .page-title').first().waitFor();
  await page.locator('input[type="file"]').setInputFiles(file);
  assert.equal(await page.locator('#imp-partial').isChecked(), false);
  await page.locator('form.form button[type="submit"]').click();
  await page.locator('.import-report').waitFor();
  await shot(page, 'admin-import-refused');
  assert.equal(await page.locator('.imp-rows').textContent(), '3');
  assert.equal(await page.locator('.imp-imported').textContent(), '0');
  const rows = page.locator('.imp-table tbody tr');
  assert.equal(await rows.count(), 1);
  const cells = await rows.first().locator('td').allTextContents();
  assert.equal(cells[0], '4', `line of the bad row: ${cells}`);
  assert.ok(cells[2].length > 0, 'a reason');
  assert.equal(await count(), 0, 'nothing imported');

  await page.locator('#imp-partial').check();
  await page.locator('form.form button[type="submit"]').click();
  await page.locator('.imp-imported', { hasText: '2' }).waitFor();
  await shot(page, 'admin-import-partial');
  assert.equal(await page.locator('.imp-table tbody tr').count(), 1);
  assert.equal(await count(), 2, 'the good rows were imported');
  assert.deepEqual(unexpectedErrors(page, [/422/]), []);
  await page.close();
});

test('admin: calendar, registry lists, SLA, create a user', async () => {
  const page = await newPage(browser.context);
  await signIn(page, server.base, 'admin');

  await page.goto(`${server.base}/calendar?year=2027`);
  await page.locator('main .page-title').first().waitFor();
  await page.locator('[data-field="date"] input').fill('2027-01-01');
  await page.locator('[data-field="kind"] select').selectOption('holiday');
  await page.locator('[data-field="name"] input').fill('元旦');
  await page.locator('form.filters button[type="submit"]').click();
  await page.locator('.cal-table td', { hasText: '2027-01-01' }).waitFor();
  await shot(page, 'admin-calendar');
  const cal = await admin.get('/api/v1/calendar?year=2027');
  assert.ok(cal.body.items.some((d) => (d.date ?? d.day) === '2027-01-01' && d.kind === 'holiday'), JSON.stringify(cal.body));

  for (const [path, name] of [['/enterprises', 'admin-enterprises'], ['/departments', 'admin-departments'], ['/sla', 'admin-sla']]) {
    await page.goto(`${server.base}${path}`);
    await page.locator('main table, main .empty').first().waitFor();
    await shot(page, name);
  }
  await page.goto(`${server.base}/enterprises?four_above=1`);
  await page.locator('main table, main .empty').first().waitFor();
  assert.equal(await page.locator('[data-field="four_above"] select').inputValue(), '1');
  assert.match(await page.locator('a', { hasText: 'Excel' }).getAttribute('href'), /\/api\/v1\/exports\/enterprises\?.*four_above=1.*format=xlsx/);

  await page.goto(`${server.base}/sla`);
  await page.locator('.sla-table').waitFor();
  await page.locator('.sla-table button').first().click();
  await page.locator('dialog .sla-form').waitFor();
  await shot(page, 'admin-sla-dialog');
  await page.keyboard.press('Escape');

  await page.goto(`${server.base}/users`);
  await page.locator('main table').first().waitFor();
  await page.locator('.page-actions button.btn-primary').click();
  const dlg = page.locator('dialog');
  await dlg.locator('[data-field="username"] input').fill('e2e.newuser');
  await dlg.locator('[data-field="display_name"] input').fill('测试专员');
  await dlg.locator('[data-field="role"] select').selectOption('commissioner');
  assert.equal(await dlg.locator('[data-field="enterprise_id"]').isVisible(), false, 'no enterprise field for a commissioner');
  await dlg.locator('[data-field="region_code"] select').selectOption({ index: 1 });
  await dlg.locator('[data-field="department_id"] select').selectOption({ index: 1 });
  await dlg.locator('[data-field="password"] input').fill('Strong-pass-2027');
  await shot(page, 'admin-user-dialog');
  await dlg.locator('button[type="submit"]').click();
  await page.waitForURL(/\/users\?q=e2e.newuser/);
  await page.locator('main td', { hasText: 'e2e.newuser' }).first().waitFor();
  await shot(page, 'admin-users');
  const u = await admin.get('/api/v1/users?q=e2e.newuser');
  assert.equal(u.body.items.length, 1, JSON.stringify(u.body));
  assert.equal(u.body.items[0].role, 'commissioner');
  assert.equal(u.body.items[0].can_sign_in, true);
  assert.deepEqual(unexpectedErrors(page), []);
  await page.close();
});

test('commissioner: confirm a resolved demand on the enterprise\'s behalf (待跟进 → demand page)', async () => {
  const dispatcher = await apiAs(server, 'dispatcher');
  const handler = await apiAs(server, 'handler');
  const dept = (await handler.get('/api/v1/session')).body.user.department_id;
  const e = (await allEnterprises(comm))[0];
  const c = await comm.post('/api/v1/demands', {
    enterprise_id: e.id, channel: 'visit', category: 'labour',
    title: '走访确认测试：招工难', content: '企业反映一线操作工缺口较大，请协调招聘。',
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const steps = [
    [dispatcher, 'assign', { lead_department_id: dept }],
    [handler, 'accept', {}],
    [handler, 'answer', { note: '已安排专场招聘。' }],
    [handler, 'resolve', { outcome: 'resolved', note: '专场招聘已完成，缺口已补齐。' }],
  ];
  for (const [client, action, body] of steps) {
    const r = await client.post(`/api/v1/demands/${c.body.id}/${action}`, body);
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
  }
  const page = await newPage(browser.context, { width: 375, height: 812 });
  await signIn(page, server.base, 'commissioner');
  await page.goto(`${server.base}/followups`);
  await page.locator('a.title-link', { hasText: '走访确认测试' }).click();
  await page.waitForURL(new RegExp(`/demands/${c.body.id}$`));
  const btn = page.locator('main button.btn-primary', { hasText: '代企业确认' });
  await btn.waitFor();
  await shot(page, 'commissioner-375-confirm');
  await btn.click();
  await page.locator('dialog input[value="satisfied"]').check();
  await page.locator('dialog button[type="submit"]').click();
  await page.locator('dialog').waitFor({ state: 'detached' });
  const d = await comm.get(`/api/v1/demands/${c.body.id}`);
  assert.equal(d.body.status, 'closed', JSON.stringify(d.body.status));
  assert.deepEqual(unexpectedErrors(page), []);
  await page.close();
});

test('admin: 375 px wide, no page scrolls sideways', async () => {
  const phone = await newPage(browser.context, { width: 375, height: 812 });
  await signIn(phone, server.base, 'admin');
  for (const path of ['/enterprises', '/departments', '/users', '/import', '/sla', '/calendar']) {
    await phone.goto(`${server.base}${path}`);
    await phone.locator('main .page-title').first().waitFor();
    await phone.waitForLoadState('networkidle');
    const w = await phone.evaluate(() => document.documentElement.scrollWidth);
    await shot(phone, `admin-375${path.replaceAll('/', '-')}`);
    assert.ok(w <= 375, `${path}: scrollWidth ${w}`);
  }
  assert.deepEqual(unexpectedErrors(phone), []);
  await phone.close();
});
