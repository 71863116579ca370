// admin.test.mjs — the commissioner's and the admin's pages in a browser.
// Commissioner: 我的企业 lists exactly the enterprises the API scopes to
// it, their phones masked as text while an enterprise's own page links
// the whole number; a demand submitted on an enterprise's behalf (channel visit) shows
// in that enterprise's list; every page fits a 375 px phone.  Admin: a CSV
// import with one bad row is refused whole (partial off) with the bad
// row's line and reason in the report, and writes the good rows with
// partial on; 2027-01-01 made a holiday on the calendar page; a user
// created through the dialog; an enterprise account whose enterprise is
// picked by name; a team (入企小分队) made and edited by searching
// commissioners; a pairing made through the search boxes, refused when it
// exists already (409 next to the field), listed, and ended; the demo
// commissioner's 我的项目 matches GET /projects, a project it serves
// through that team included; every page is screenshotted.
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
  // The list has phones masked: shown as text, never a tel: link.
  const masked = await page.locator('.ent-table .phone-masked').allTextContents();
  assert.ok(masked.length > 0, 'the list shows contact phones');
  for (const m of masked) assert.match(m, /^\d{3}\*{4}\d{4}$/);
  assert.equal(await page.locator('.ent-table a[href^="tel:"]').count(), 0);

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
  // Its own page has the whole number, to call.
  const whole = (await comm.get(`/api/v1/enterprises/${e.id}`)).body.contact_phone;
  assert.match(whole, /^\d{11}$/);
  assert.equal(await page.locator(`main a[href="tel:${whole}"]`).count(), 1);
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
  const pr = (await comm.get('/api/v1/projects?limit=1')).body.items[0];
  const paths = ['/enterprises', `/enterprises/${e.id}`, `/enterprises/${e.id}/new`, '/followups', '/projects'];
  if (pr) paths.push(`/projects/${pr.id}`);
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
  for (const path of ['/enterprises', '/departments', '/users', '/teams', '/pairings', '/import', '/sla', '/calendar']) {
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

// ---- teams, pairings, the enterprise picker, 我的项目 ---------------------

// Type TEXT into the search box of field NAME in SCOPE and pick the
// option labelled LABEL exactly (by click, or by keyboard: ↓ to it,
// Enter).
async function pick(scope, name, text, label, { keyboard = false } = {}) {
  const box = scope.locator(`[data-field="${name}"]`);
  const input = box.getByRole('combobox');
  await input.fill(text);
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const option = box.locator('[role="option"]')
    .filter({ has: scope.page().locator('span:first-child', { hasText: exact }) }).first();
  await option.waitFor();
  if (!keyboard) {
    await option.click();
    return;
  }
  // The first match is active when the list opens; ↓ moves on.
  const n = await box.locator('[role="option"]').count();
  const want = await option.getAttribute('id');
  for (let i = 0; i < n && (await input.getAttribute('aria-activedescendant')) !== want; i++) {
    await input.press('ArrowDown');
  }
  assert.equal(await input.getAttribute('aria-activedescendant'), want, `${label} reached by keyboard`);
  await input.press('Enter');
}

async function allProjects(client) {
  const out = [];
  let cursor = '';
  do {
    const r = await client.get(`/api/v1/projects?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    out.push(...r.body.items);
    cursor = r.body.next_cursor;
  } while (cursor);
  return out;
}

const todayCst = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
let team;          // the team the browser made: {id, name, ...}
let pairedProject; // the project the browser paired it with

test('admin: create an enterprise user by picking the enterprise by name', async () => {
  const page = await newPage(browser.context);
  await signIn(page, server.base, 'admin');
  const e = (await admin.get('/api/v1/enterprises?limit=5&four_above=1')).body.items[3];
  await page.goto(`${server.base}/users`);
  await page.locator('main table').first().waitFor();
  await page.locator('.page-actions button.btn-primary').click();
  const dlg = page.locator('dialog');
  await dlg.locator('[data-field="username"] input').fill('e2e.enterprise');
  await dlg.locator('[data-field="display_name"] input').fill('企业联络人');
  await dlg.locator('[data-field="role"] select').selectOption('enterprise');
  assert.equal(await dlg.locator('[data-field="enterprise_id"]').isVisible(), true);
  assert.equal(await dlg.locator('[data-field="department_id"]').isVisible(), false);
  // Typed but not picked: refused on the field, nothing sent.
  await dlg.locator('[data-field="enterprise_id"] input').fill('并不存在的企业');
  await dlg.locator('[data-field="password"] input').fill('Strong-pass-2027');
  await dlg.locator('button[type="submit"]').click();
  assert.match(await dlg.locator('[data-field="enterprise_id"] .field-error').textContent(), /选择企业/);
  // By a part of its name.
  await pick(dlg, 'enterprise_id', [...e.name].slice(0, 4).join(''), e.name);
  assert.equal(await dlg.locator('[data-field="enterprise_id"] input').getAttribute('data-picked-id'), String(e.id));
  assert.match(await dlg.locator('[data-field="enterprise_id"] .combo-picked').textContent(), new RegExp(e.credit_code));
  await shot(page, 'admin-user-enterprise-picker');
  await dlg.locator('button[type="submit"]').click();
  await page.waitForURL(/\/users\?q=e2e.enterprise/);
  await page.locator('main td', { hasText: 'e2e.enterprise' }).first().waitFor();
  const u = (await admin.get('/api/v1/users?q=e2e.enterprise')).body.items;
  assert.equal(u.length, 1, JSON.stringify(u));
  assert.equal(u[0].role, 'enterprise');
  assert.equal(u[0].enterprise_id, e.id);
  assert.deepEqual(unexpectedErrors(page), []);
  await page.close();
});

test('admin: create a team with members by searching commissioners, then edit it', async () => {
  const me = (await comm.get('/api/v1/session')).body.user;
  const others = (await admin.get(`/api/v1/users?role=commissioner&region=${me.region_code}&limit=50`)).body.items
    .filter((u) => u.id !== me.id);
  // Names can repeat among 100 commissioners: pick people whose names do not.
  const names = new Map();
  for (const u of (await admin.get('/api/v1/users?role=commissioner&limit=500')).body.items) {
    names.set(u.display_name, (names.get(u.display_name) || 0) + 1);
  }
  const [lead, extra] = others.filter((u) => names.get(u.display_name) === 1 && u.display_name !== me.display_name);
  assert.ok(lead && extra, 'two commissioners in the demo commissioner\'s county');
  const page = await newPage(browser.context);
  await signIn(page, server.base, 'admin');
  await page.goto(`${server.base}/teams`);
  await page.locator('main table').first().waitFor();
  await shot(page, 'admin-teams');
  await page.locator('.page-actions button.btn-primary').click();
  const dlg = page.locator('dialog');
  await dlg.locator('.team-form').waitFor();
  const name = `e2e测试小分队${Date.now() % 100000}`;
  await dlg.locator('[data-field="name"] input').fill(name);
  await dlg.locator('[data-field="region_code"] select').selectOption(me.region_code);
  // The leader by keyboard, the members by click.
  await pick(dlg, 'leader_id', lead.display_name, lead.display_name, { keyboard: true });
  assert.equal(await dlg.locator('[data-field="leader_id"] input').getAttribute('data-picked-id'), String(lead.id));
  await pick(dlg, 'member_ids', me.username, me.display_name);
  await pick(dlg, 'member_ids', extra.display_name, extra.display_name);
  const chips = dlg.locator('.member-list .member-item');
  assert.equal(await chips.count(), 2);
  // Picking someone twice adds nothing.
  await pick(dlg, 'member_ids', extra.display_name, extra.display_name);
  assert.equal(await chips.count(), 2);
  await shot(page, 'admin-team-dialog');
  await dlg.locator('button[type="submit"]').click();
  await page.waitForURL(/\/teams\?q=/);
  await page.locator('main .team-name', { hasText: name }).waitFor();
  let r = (await admin.get(`/api/v1/teams?q=${encodeURIComponent(name)}`)).body.items;
  assert.equal(r.length, 1, JSON.stringify(r));
  team = r[0];
  assert.equal(team.leader_id, lead.id);
  assert.deepEqual([...team.member_ids].sort((a, b) => a - b), [lead.id, me.id, extra.id].sort((a, b) => a - b));
  assert.equal(team.region_code, me.region_code);

  // Edit: drop a member.
  await page.locator('main tr', { hasText: name }).locator('button', { hasText: '编辑' }).click();
  await dlg.locator('.team-form').waitFor();
  assert.equal(await dlg.locator('[data-field="leader_id"] input').inputValue(), lead.display_name);
  await dlg.locator(`.member-item[data-id="${extra.id}"] button`).click();
  assert.equal(await chips.count(), 1);
  await dlg.locator('button[type="submit"]').click();
  await dlg.waitFor({ state: 'detached' });
  await page.locator('main tr', { hasText: name }).locator('td', { hasText: '2 人' }).waitFor();
  r = (await admin.get(`/api/v1/teams/${team.id}`)).body;
  assert.deepEqual([...r.member_ids].sort((a, b) => a - b), [lead.id, me.id].sort((a, b) => a - b));
  team = r;
  assert.deepEqual(unexpectedErrors(page), []);
  await page.close();
});

test('admin: pair the team with a project through the search boxes; listed, 409 on a repeat, in the URL', async () => {
  assert.ok(team, 'the team test ran first');
  const mine = new Set((await allProjects(comm)).map((p) => p.id));
  pairedProject = (await allProjects(admin)).find((p) => !mine.has(p.id) && !p.disabled);
  assert.ok(pairedProject, 'a project the demo commissioner does not serve yet');
  const page = await newPage(browser.context);
  await signIn(page, server.base, 'admin');
  await page.goto(`${server.base}/pairings`);
  await page.locator('main table').first().waitFor();
  await page.locator('.pair-coverage').waitFor();
  await shot(page, 'admin-pairings');
  const openDialog = async () => {
    await page.locator('.page-actions button.btn-primary').click();
    const dlg = page.locator('dialog');
    await dlg.locator('.pairing-form').waitFor();
    await dlg.locator('label', { hasText: '小分队' }).first().click();
    await dlg.locator('label', { hasText: '项目' }).first().click();
    assert.equal(await dlg.locator('[data-field="user_id"]').isVisible(), false);
    assert.equal(await dlg.locator('[data-field="enterprise_id"]').isVisible(), false);
    await pick(dlg, 'team_id', team.name.slice(0, 8), team.name);
    await pick(dlg, 'project_id', [...pairedProject.name].slice(0, 5).join(''), pairedProject.name);
    return dlg;
  };
  let dlg = await openDialog();
  await shot(page, 'admin-pairing-dialog');
  await dlg.locator('button[type="submit"]').click();
  await page.waitForURL(new RegExp(`/pairings\\?project_id=${pairedProject.id}$`));
  const row = page.locator('.pair-table tbody tr', { hasText: team.name });
  await row.waitFor();
  assert.match(await row.textContent(), new RegExp(pairedProject.name));
  assert.match(await row.textContent(), /有效/);
  const api = (await admin.get(`/api/v1/pairings?project_id=${pairedProject.id}&team_id=${team.id}`)).body.items;
  assert.equal(api.length, 1, JSON.stringify(api));
  assert.equal(api[0].kind, 'team');
  assert.equal(api[0].enterprise_id, null);
  assert.equal(api[0].starts_on, todayCst());

  // The same pairing again: the server's 409 shows next to the team.
  dlg = await openDialog();
  await dlg.locator('button[type="submit"]').click();
  await dlg.locator('[data-field="team_id"].has-error').waitFor();
  assert.match(await dlg.locator('[data-field="team_id"] .field-error').textContent(), /已与该对象结对且仍有效/);
  assert.match(await dlg.locator('.form-alert').textContent(), /该结对已存在/);
  await shot(page, 'admin-pairing-409');
  // Focus went to the team's box, whose list opened: the first Escape
  // closes the list, the second the dialog.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await dlg.waitFor({ state: 'detached' });

  // Filters live in the URL and fill the form back in.
  await page.goto(`${server.base}/pairings?team_id=${team.id}&kind=team`);
  await page.locator('.pair-table').waitFor();
  assert.equal(await page.locator('[data-field="team_id"] input').inputValue(), team.name);
  assert.equal(await page.locator('[data-field="kind"] select').inputValue(), 'team');
  assert.deepEqual(await page.locator('.pair-table tbody tr .pair-target').allTextContents(), [pairedProject.name]);
  assert.match(await page.locator('a', { hasText: 'Excel' }).getAttribute('href'),
    new RegExp(`/api/v1/exports/pairings\\?.*team_id=${team.id}.*kind=team`));
  // Picking a kind that does not match leaves nothing.
  await page.locator('[data-field="kind"] select').selectOption('leader');
  await page.locator('.pair-filters button[type="submit"]').click();
  await page.waitForURL(/kind=leader/);
  await page.locator('main .empty').waitFor();
  assert.deepEqual(unexpectedErrors(page, [/409/]), []);
  await page.close();
});

test('commissioner: 我的项目 lists exactly GET /projects, the team\'s project included', async () => {
  assert.ok(pairedProject, 'the pairing test ran first');
  const mine = await allProjects(comm);
  assert.ok(mine.some((p) => p.id === pairedProject.id), 'team membership brings the paired project into scope');
  const page = await newPage(browser.context);
  await signIn(page, server.base, 'commissioner');
  await page.locator('nav a', { hasText: '我的项目' }).click();
  await page.waitForURL(/\/projects$/);
  await page.locator('.proj-table').waitFor();
  const shown = [];
  for (;;) {
    await page.locator('.proj-table').waitFor();
    shown.push(...await page.locator('.proj-table a.title-link').allTextContents());
    const next = page.locator('.pager button').last();
    if (!(await next.count()) || await next.isDisabled()) break;
    const before = page.url();
    await next.click();
    await page.waitForURL((u) => u.toString() !== before);
  }
  assert.deepEqual([...shown].sort(), mine.map((p) => p.name).sort());
  await page.goto(`${server.base}/projects`);
  const row = page.locator('.proj-table tbody tr', { hasText: pairedProject.name });
  assert.match(await row.locator('.proj-via').textContent(), new RegExp(team.name));
  await shot(page, 'commissioner-projects');
  await row.locator('a.title-link').click();
  await page.waitForURL(new RegExp(`/projects/${pairedProject.id}$`));
  await page.locator('main .page-title', { hasText: pairedProject.name }).waitFor();
  assert.match(await page.locator('.proj-owner').textContent(), new RegExp(pairedProject.enterprise_name));
  await shot(page, 'commissioner-project');
  assert.deepEqual(unexpectedErrors(page), []);
  await page.close();
});

test('admin: end the pairing after a confirmation', async () => {
  assert.ok(pairedProject && team, 'the pairing test ran first');
  const p = (await admin.get(`/api/v1/pairings?project_id=${pairedProject.id}&team_id=${team.id}`)).body.items[0];
  const page = await newPage(browser.context);
  await signIn(page, server.base, 'admin');
  await page.goto(`${server.base}/pairings?project_id=${pairedProject.id}`);
  const row = page.locator('.pair-table tbody tr', { hasText: team.name });
  await row.locator('button', { hasText: '结束结对' }).click();
  const dlg = page.locator('dialog');
  await dlg.locator('.end-form').waitFor();
  assert.equal(await dlg.locator('[data-field="ends_on"] input').inputValue(), todayCst());
  // Cancel first: nothing changes.
  await dlg.locator('button', { hasText: '取消' }).click();
  await dlg.waitFor({ state: 'detached' });
  assert.equal((await admin.get(`/api/v1/pairings/${p.id}`)).body.ends_on, null);
  await row.locator('button', { hasText: '结束结对' }).click();
  await shot(page, 'admin-pairing-end');
  await dlg.locator('button[type="submit"]').click();
  await dlg.waitFor({ state: 'detached' });
  await row.locator('.tag', { hasText: `服务至 ${todayCst()}` }).waitFor();
  assert.equal(await row.locator('button', { hasText: '结束结对' }).count(), 0);
  assert.equal((await admin.get(`/api/v1/pairings/${p.id}`)).body.ends_on, todayCst());
  assert.deepEqual(unexpectedErrors(page), []);
  await page.close();
});
