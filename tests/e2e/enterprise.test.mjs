// enterprise.test.mjs — the enterprise's pages in a browser: submit a
// demand with a file and find it in 我的诉求 and on its page; hostile text
// stays text; field errors sit next to their fields; filters and pages
// live in the URL; confirm a resolved demand with a rating (dialog by
// keyboard), withdraw an open one; the commissioner card; every page fits
// a 375 px wide phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiAs, demoServer, launch, newPage, shot, signIn, unexpectedErrors,
} from './harness.mjs';

let server;
let browser;
let page;
let ent;          // API clients, to prepare data the UI then shows
let dispatcher;
let handler;
let handlerDept;

before(async () => {
  server = await demoServer();
  browser = await launch();
  ent = await apiAs(server, 'enterprise');
  dispatcher = await apiAs(server, 'dispatcher');
  handler = await apiAs(server, 'handler');
  handlerDept = (await handler.get('/api/v1/session')).body.user.department_id;
  page = await newPage(browser.context);
  await signIn(page, server.base, 'enterprise');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function apiDemand(title) {
  const r = await ent.post('/api/v1/demands', {
    category: 'labour', title, content: `${title}：企业急需协调解决。`,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

// Take demand D through assign, accept, answer and resolve.
async function resolveDemand(d) {
  const steps = [
    [dispatcher, 'assign', { lead_department_id: handlerDept }],
    [handler, 'accept', {}],
    [handler, 'answer', { note: '已安排专人对接，5 个工作日内办结。' }],
    [handler, 'resolve', { outcome: 'resolved', note: '已协调人社部门组织专场招聘，用工缺口已补齐。' }],
  ];
  for (const [c, action, body] of steps) {
    const r = await c.post(`/api/v1/demands/${d.id}/${action}`, body);
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
  }
}

async function openDetail(id) {
  await page.goto(`${server.base}/demands/${id}`);
  await page.locator('.timeline').waitFor();
}

test('我的诉求 lists the demands with status chips', async () => {
  await page.goto(`${server.base}/demands`);
  await page.locator('.demand-table').waitFor();
  assert.equal(await page.locator('main h1').textContent(), '我的诉求');
  assert.ok(await page.locator('.demand-table tbody tr').count() > 0);
  assert.ok(await page.locator('.demand-table .chip').count() > 0);
  await shot(page, 'demands');
});

test('submit a demand with a file; it opens, and 我的诉求 lists it', async () => {
  await page.goto(`${server.base}/demands`);
  await page.locator('.sidenav a', { hasText: '提交诉求' }).click();
  await page.waitForURL((u) => u.pathname === '/demands/new');
  await page.locator('main h1', { hasText: '提交诉求' }).waitFor();
  const title = '新建厂房急需办理施工许可';
  await page.getByLabel('诉求类别').selectOption('approval');
  await page.locator('label', { hasText: '紧急' }).first().click();
  await page.getByLabel('诉求标题').fill(title);
  await page.getByLabel('诉求内容').fill('我公司新建厂房已完成规划许可，施工许可办理进展缓慢，\n希望协调加快审批。');
  await page.locator('input[type="file"]').setInputFiles({
    name: '情况说明.txt', mimeType: 'text/plain', buffer: Buffer.from('厂房施工许可情况说明\n'.repeat(50)),
  });
  await page.locator('.picked-item', { hasText: '情况说明.txt' }).waitFor();
  await shot(page, 'submit-filled');
  await page.getByRole('button', { name: '提交诉求' }).click();
  await page.waitForURL((u) => /^\/demands\/\d+$/.test(u.pathname));
  await page.locator('.timeline').waitFor();
  assert.equal(await page.locator('main h1').textContent(), title);
  assert.equal(await page.locator('.detail-meta .chip').textContent(), '待交办');
  assert.ok(await page.locator('.detail-meta .tag', { hasText: '紧急' }).isVisible());
  assert.ok(await page.locator('.files a', { hasText: '情况说明.txt' }).isVisible());
  assert.match(await page.locator('.timeline').textContent(), /提交诉求/);
  assert.match(await page.locator('.timeline').textContent(), /企业用户/);
  assert.ok(await page.getByRole('button', { name: '撤回诉求' }).isVisible());
  await shot(page, 'detail-submitted');
  const id = new URL(page.url()).pathname.split('/').pop();

  // The file downloads as it was sent.
  const href = await page.locator('.files a').first().getAttribute('href');
  const body = await page.evaluate(async (u) => (await fetch(u)).text(), href);
  assert.equal(body, '厂房施工许可情况说明\n'.repeat(50));

  // More files from the demand's page: a type the server refuses is caught
  // first; a PNG uploads and joins the list.
  await page.locator('.attach-form input[type="file"]').setInputFiles({
    name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ'),
  });
  assert.match(await page.locator('.attach-form .field-error').textContent(), /setup\.exe: 不支持的文件类型/);
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await page.locator('.attach-form input[type="file"]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: png });
  await page.locator('.attach-form').getByRole('button', { name: '上传', exact: true }).click();
  await page.locator('.files a', { hasText: '现场照片.png' }).waitFor();
  assert.equal(await page.locator('.files li').count(), 2);
  await shot(page, 'detail-attachments');

  await page.locator('.back a').click();
  await page.waitForURL((u) => u.pathname === '/demands');
  const first = page.locator('.demand-table tbody tr').first();
  await first.waitFor();
  assert.equal(await first.locator('.title-link').textContent(), title);
  assert.equal(await first.locator('.title-link').getAttribute('href'), `/demands/${id}`);
  assert.deepEqual(unexpectedErrors(page), []);
});

test('missing fields and server field errors show next to the fields', async () => {
  await page.goto(`${server.base}/demands/new`);
  await page.locator('main h1', { hasText: '提交诉求' }).waitFor();
  await page.getByRole('button', { name: '提交诉求' }).click();
  for (const f of ['category', 'title', 'content']) {
    assert.equal(await page.locator(`[data-field="${f}"] .field-error`).textContent(), '此项必填', f);
  }
  assert.equal(await page.evaluate(() => document.activeElement?.name), 'category');
  await shot(page, 'submit-errors');
  // A 422 from the server: its errors[] go to the named fields.
  await page.route('**/api/v1/demands', (route) => route.fulfill({
    status: 422,
    contentType: 'application/problem+json',
    body: JSON.stringify({
      type: 'about:blank', title: 'Invalid', status: 422, detail: 'The request is invalid.',
      errors: [{ field: 'title', message: 'must be at most 100 characters' },
               { field: 'category', message: 'is not a demand category' }],
    }),
  }));
  await page.getByLabel('诉求类别').selectOption('labour');
  await page.getByLabel('诉求标题').fill('标题');
  await page.getByLabel('诉求内容').fill('内容');
  await page.getByRole('button', { name: '提交诉求' }).click();
  await page.locator('[data-field="title"].has-error').waitFor();
  assert.equal(await page.locator('[data-field="title"] .field-error').textContent(), '最多 100 个字符');
  assert.equal(await page.locator('[data-field="category"] .field-error').textContent(), '请选择有效的诉求类别');
  assert.equal(await page.getByLabel('诉求标题').getAttribute('aria-invalid'), 'true');
  await page.unroute('**/api/v1/demands');
  // The stubbed 422 is the only error the console saw.
  assert.deepEqual(unexpectedErrors(page, [/status of 422/]), []);
  page.qt.errors.length = 0;
});

test('a demand titled with markup shows as text and runs nothing', async () => {
  const evil = '<img src=x onerror=alert(1)>';
  const content = '<script>alert(2)</script><b onmouseover=alert(3)>粗体</b>';
  await page.goto(`${server.base}/demands/new`);
  await page.locator('main h1', { hasText: '提交诉求' }).waitFor();
  await page.getByLabel('诉求类别').selectOption('other');
  await page.getByLabel('诉求标题').fill(evil);
  await page.getByLabel('诉求内容').fill(content);
  await page.getByRole('button', { name: '提交诉求' }).click();
  await page.waitForURL((u) => /^\/demands\/\d+$/.test(u.pathname));
  await page.locator('.timeline').waitFor();
  assert.equal(await page.locator('main h1').textContent(), evil);
  assert.equal(await page.locator('.prose').first().textContent(), content);
  assert.equal(await page.locator('main img, main script, main b').count(), 0);
  assert.equal(await page.title(), `${evil} - 企通`);
  await page.goto(`${server.base}/demands`);
  await page.locator('.demand-table').waitFor();
  assert.equal(await page.locator('.title-link').first().textContent(), evil);
  assert.equal(await page.locator('main img').count(), 0);
  await page.locator('.title-link').first().hover();
  await page.waitForTimeout(300);
  assert.deepEqual(page.qt.dialogs, []);
  assert.deepEqual(unexpectedErrors(page), []);
});

test('filters and pages live in the URL', async () => {
  // Enough demands for a second page of 20.
  const have = (await ent.get('/api/v1/demands?limit=100')).body.items.length;
  for (let i = have; i < 23; i++) await apiDemand(`分页测试诉求 ${i}`);
  await page.goto(`${server.base}/demands`);
  await page.locator('.demand-table').waitFor();
  assert.equal(await page.locator('.demand-table tbody tr').count(), 20);
  assert.equal(await page.locator('.pager-page').textContent(), '第 1 页');
  await page.getByRole('button', { name: '下一页' }).click();
  await page.waitForURL((u) => u.searchParams.get('page') === '2' && u.searchParams.has('cursor'));
  await page.locator('.pager-page', { hasText: '第 2 页' }).waitFor();
  const second = await page.locator('.title-link').allTextContents();
  assert.ok(second.length >= 3);
  // A shared link opens the same page.
  await page.reload();
  await page.locator('.pager-page', { hasText: '第 2 页' }).waitFor();
  assert.deepEqual(await page.locator('.title-link').allTextContents(), second);
  await page.getByRole('button', { name: '上一页' }).click();
  await page.locator('.pager-page', { hasText: '第 1 页' }).waitFor();
  assert.equal(await page.locator('.demand-table tbody tr').count(), 20);

  await page.locator('.chip-filter', { hasText: '已办结' }).click();
  await page.waitForURL((u) => u.searchParams.get('status') === 'closed');
  await page.locator('.chip-filter[aria-current="true"]', { hasText: '已办结' }).waitFor();
  const chips = await page.locator('.demand-table .chip').allTextContents();
  assert.ok(chips.length > 0 && chips.every((c) => c === '已办结'), chips.join(','));
  await page.getByLabel('诉求类别').selectOption('labour');
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForURL((u) => u.searchParams.get('category') === 'labour' &&
    u.searchParams.get('status') === 'closed');
  await page.locator('.demand-table, .empty').first().waitFor();
  await shot(page, 'demands-filtered');
  await page.reload();
  await page.locator('.chip-filter[aria-current="true"]', { hasText: '已办结' }).waitFor();
  assert.equal(await page.getByLabel('诉求类别').inputValue(), 'labour');
  // Back goes to the previous filter.
  await page.goBack();
  await page.waitForURL((u) => !u.searchParams.has('category') && u.searchParams.get('status') === 'closed');
});

test('confirm a resolved demand: the rating dialog by keyboard, then satisfied', async () => {
  const d = await apiDemand('招聘普工 50 名');
  await resolveDemand(d);
  await openDetail(d.id);
  assert.equal(await page.locator('.detail-meta .chip').textContent(), '待确认');
  assert.match(await page.locator('.action-note').textContent(), /请确认办理结果/);
  assert.match(await page.locator('.reply-result').textContent(), /用工缺口已补齐/);
  const open = page.getByRole('button', { name: '确认办理结果' });
  await open.focus();
  await page.keyboard.press('Enter');
  const dialog = page.locator('dialog.dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('aria-labelledby') !== null, true);
  // Focus is in the dialog and stays there.
  for (let i = 0; i < 12; i++) {
    assert.ok(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog'))), `tab ${i}`);
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Shift+Tab');
  assert.ok(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog'))));
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), '确认办理结果');

  await open.click();
  await dialog.waitFor();
  await dialog.getByRole('button', { name: '提交评价' }).click();
  assert.equal(await dialog.locator('[data-field="satisfaction"] .field-error').textContent(), '请选择评价');
  await dialog.locator('label', { hasText: '不满意' }).click();
  assert.ok(await dialog.locator('.notice-warn').isVisible());
  await dialog.locator('label', { hasText: /^满意$/ }).click();
  assert.ok(!(await dialog.locator('.notice-warn').isVisible()));
  await dialog.getByLabel('意见或建议').fill('感谢专员和人社局的帮助！');
  await shot(page, 'rate-dialog');
  await dialog.getByRole('button', { name: '提交评价' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.locator('.detail-meta .chip', { hasText: '已办结' }).waitFor();
  assert.match(await page.locator('.reply-rating').textContent(), /满意/);
  assert.equal(await page.getByRole('button', { name: '确认办理结果' }).count(), 0);
  await shot(page, 'detail-closed');
  const after = (await ent.get(`/api/v1/demands/${d.id}`)).body;
  assert.equal(after.status, 'closed');
  assert.equal(after.satisfaction, 'satisfied');
  assert.deepEqual(unexpectedErrors(page), []);
});

test('withdraw an open demand', async () => {
  const d = await apiDemand('咨询稳岗返还政策');
  await openDetail(d.id);
  assert.equal(await page.getByRole('button', { name: '确认办理结果' }).count(), 0);
  await page.getByRole('button', { name: '撤回诉求' }).click();
  const dialog = page.locator('dialog.dialog');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), new RegExp(d.code));
  await dialog.getByLabel('撤回原因（选填）').fill('问题已自行解决。');
  await shot(page, 'withdraw-dialog');
  await dialog.getByRole('button', { name: '确认撤回' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.locator('.detail-meta .chip', { hasText: '已撤回' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '撤回诉求' }).count(), 0);
  assert.match(await page.locator('.timeline').textContent(), /问题已自行解决/);
  assert.equal((await ent.get(`/api/v1/demands/${d.id}`)).body.status, 'withdrawn');
});

test('我的专员 shows each paired person\'s contact card with a phone', async () => {
  const user = (await ent.get('/api/v1/session')).body.user;
  const cards = (await ent.get(`/api/v1/enterprises/${user.enterprise_id}/commissioners`)).body.items;
  assert.ok(cards.length > 0, 'the demo pairs the enterprise account');
  await page.goto(`${server.base}/demands`);
  await page.locator('.sidenav a', { hasText: '我的专员' }).click();
  await page.locator('main h1', { hasText: '我的专员' }).waitFor();
  await page.locator('.contact-card, .empty').first().waitFor();
  assert.equal(await page.locator('.contact-card').count(), cards.length);
  for (const c of cards) {
    const card = page.locator('.contact-card', { hasText: c.display_name });
    assert.equal(await card.count() > 0, true, c.display_name);
    if (c.phone) {
      assert.equal(await card.first().locator(`a[href="tel:${c.phone}"]`).count(), 1);
    }
  }
  const ent0 = (await ent.get(`/api/v1/enterprises/${user.enterprise_id}`)).body;
  assert.match(await page.locator('main').textContent(), new RegExp(ent0.credit_code));
  await shot(page, 'commissioner');
  assert.deepEqual(unexpectedErrors(page), []);
});

test('375 px wide: every enterprise page fits without sideways scrolling', async () => {
  const phone = await newPage(browser.context, { width: 375, height: 812 });
  const d = (await ent.get('/api/v1/demands?limit=1')).body.items[0];
  const pages = [
    ['/demands', '.demand-table', 'mobile-demands'],
    ['/demands/new', 'form', 'mobile-submit'],
    [`/demands/${d.id}`, '.timeline', 'mobile-detail'],
    ['/commissioner', '.contact-card, .empty', 'mobile-commissioner'],
    ['/no-such-page', '.notfound', 'mobile-404'],
  ];
  for (const [path, ready, name] of pages) {
    await phone.goto(server.base + path);
    await phone.locator(ready).first().waitFor();
    const w = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= 375, `${path}: scrollWidth ${w}`);
    await shot(phone, name);
  }
  // The navigation and the header buttons are reachable and named.
  assert.ok(await phone.getByRole('button', { name: '退出' }).isVisible());
  assert.ok(await phone.locator('.sidenav a', { hasText: '我的专员' }).isVisible());
  // Sign-in page too.
  await phone.context().clearCookies();
  await phone.goto(`${server.base}/signin`);
  await phone.locator('#username').waitFor();
  assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth) <= 375);
  await shot(phone, 'mobile-signin');
  assert.deepEqual(unexpectedErrors(phone), []);
  await phone.close();
});
