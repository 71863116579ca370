// flow.test.mjs — one demand through its whole life in three browsers:
// the enterprise submits it; the dispatcher finds it in 分派台 and assigns
// it (department search, keyboard) to the handler's department; the
// handler finds it in 待办, accepts, answers and resolves; the enterprise
// is not satisfied, so it is reopened (已交办, reopened once); the handler
// answers and resolves again; the enterprise is satisfied → 已办结.  Every
// step through the UI, checking what each page shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiAs, demoServer, launch, newPage, shot, signIn, unexpectedErrors,
} from './harness.mjs';

let server;
const browsers = [];
let ent;          // pages, one browser each
let disp;
let hdl;
let deptName;     // the handler's department
let id;           // the demand
const TITLE = '园区道路施工影响货车进出，请协调调整施工时段';

before(async () => {
  server = await demoServer();
  const handler = await apiAs(server, 'handler');
  const me = (await handler.get('/api/v1/session')).body.user;
  assert.ok(me.department_id, 'the handler account has a department');
  deptName = (await handler.get(`/api/v1/departments/${me.department_id}`)).body.name;
  assert.ok(deptName);
  for (const who of ['enterprise', 'dispatcher', 'handler']) {
    const b = await launch();
    browsers.push(b);
    const p = await newPage(b.context);
    await signIn(p, server.base, who);
    if (who === 'enterprise') ent = p;
    else if (who === 'dispatcher') disp = p;
    else hdl = p;
  }
});

after(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
});

const chip = (p) => p.locator('.detail-meta .chip');

async function openDetailOf(p, demandId) {
  await p.goto(`${server.base}/demands/${demandId}`);
  await p.locator('.timeline').waitFor();
}

const openDetail = (p) => openDetailOf(p, id);

// Post a dialog form of the handler's detail page and wait for the status.
async function handlerDialog(p, button, fill, submit, status) {
  await p.locator('.detail-actions').getByRole('button', { name: button, exact: true }).click();
  const dlg = p.locator('dialog[open]');
  await dlg.waitFor();
  await fill(dlg);
  await dlg.getByRole('button', { name: submit, exact: true }).click();
  await dlg.waitFor({ state: 'detached' });
  await p.locator('.detail-meta .chip', { hasText: status }).waitFor();
}

async function answerAndResolve(p, answer, result) {
  await handlerDialog(p, '答复企业', (dlg) => dlg.getByLabel('答复内容').fill(answer), '提交答复', '已答复');
  assert.match(await p.locator('.reply').first().textContent(), new RegExp(answer.slice(0, 8)));
  // Resolve: the outcome is required, and the error sits by its field.
  await p.locator('.detail-actions').getByRole('button', { name: '办结', exact: true }).click();
  const dlg = p.locator('dialog[open]');
  await dlg.getByLabel('办理情况').fill(result);
  await dlg.getByRole('button', { name: '提交办结' }).click();
  assert.equal(await dlg.locator('[data-field="outcome"] .field-error').textContent(), '请选择办理结果');
  await dlg.locator('label', { hasText: '已解决' }).click();
  await dlg.getByRole('button', { name: '提交办结' }).click();
  await dlg.waitFor({ state: 'detached' });
  await chip(p).filter({ hasText: '待确认' }).waitFor();
}

async function rate(p, label, status) {
  await openDetail(p);
  assert.equal(await chip(p).textContent(), '待确认');
  await p.getByRole('button', { name: '确认办理结果' }).click();
  const dlg = p.locator('dialog[open]');
  await dlg.locator('label', { hasText: new RegExp(`^${label}$`) }).click();
  await dlg.getByRole('button', { name: '提交评价' }).click();
  await dlg.waitFor({ state: 'detached' });
  await chip(p).filter({ hasText: status }).waitFor();
}

test('the enterprise submits a demand', async () => {
  await ent.goto(`${server.base}/demands/new`);
  await ent.locator('main h1', { hasText: '提交诉求' }).waitFor();
  await ent.getByLabel('诉求类别').selectOption('infrastructure').catch(async () => {
    await ent.getByLabel('诉求类别').selectOption({ index: 1 });
  });
  await ent.getByLabel('诉求标题').fill(TITLE);
  await ent.getByLabel('诉求内容').fill('园区主干道施工占道，白天货车无法进出，影响正常发货，请协调夜间施工或留出通道。');
  await ent.getByRole('button', { name: '提交诉求' }).click();
  await ent.waitForURL((u) => /^\/demands\/\d+$/.test(u.pathname));
  await ent.locator('.timeline').waitFor();
  id = new URL(ent.url()).pathname.split('/').pop();
  assert.equal(await ent.locator('main h1').textContent(), TITLE);
  assert.equal(await chip(ent).textContent(), '待交办');
});

test('the dispatcher finds it in 分派台 and assigns it to the handler\'s department', async () => {
  await disp.goto(`${server.base}/queue`);
  await disp.locator('main h1', { hasText: '分派台' }).waitFor();
  assert.ok(await disp.locator('.sidenav a', { hasText: '全部诉求' }).isVisible());
  // The queue runs by the assign deadline: the new demand may be pages in.
  let row = disp.locator('.queue-table tbody tr', { hasText: TITLE });
  for (let i = 0; i < 40 && !(await row.count()); i++) {
    const next = disp.getByRole('button', { name: /下一页/ });
    assert.ok(await next.isEnabled(), 'the new demand is in the queue');
    await next.click();
    await disp.waitForURL((u) => u.searchParams.has('cursor'));
    await disp.locator('.queue-table').waitFor();
    row = disp.locator('.queue-table tbody tr', { hasText: TITLE });
  }
  assert.equal(await row.count(), 1);
  assert.match(await row.locator('.chip').textContent(), /待交办/);
  const cd = row.locator('[data-urgency]');
  assert.equal(await cd.getAttribute('data-urgency'), 'ok');
  assert.match(await cd.textContent(), /^剩余 /);
  await shot(disp, 'flow-queue');

  assert.ok(await row.getByRole('button', { name: /^合并重复 QT-/ }).isVisible());
  await row.getByRole('button', { name: /^交办 QT-/ }).click();
  const dlg = disp.locator('dialog[open]');
  await dlg.locator('h2', { hasText: '交办诉求' }).waitFor();
  // Nothing chosen: the error is by the search box.
  await dlg.getByRole('button', { name: '确认交办' }).click();
  assert.equal(await dlg.locator('[data-field="lead_department_id"] .field-error').textContent(), '请选择主办部门');
  // Type to find the department, choose it with the keyboard.
  const box = dlg.getByRole('combobox');
  await box.fill(deptName);
  await dlg.getByRole('option', { name: deptName }).first().waitFor();
  for (let i = 0; i < 20; i++) {
    const active = dlg.locator('[role="option"][aria-selected="true"]');
    if ((await active.locator('span').first().textContent()) === deptName) break;
    await box.press('ArrowDown');
  }
  assert.equal(await dlg.locator('[role="option"][aria-selected="true"] span').first().textContent(), deptName);
  await box.press('Enter');
  const lead = dlg.locator('.dept-item[data-role="lead"]');
  await lead.waitFor();
  assert.equal(await lead.locator('.dept-name').textContent(), deptName);
  assert.match(await lead.textContent(), /主办/);
  await shot(disp, 'flow-assign-dialog');
  await dlg.getByRole('button', { name: '确认交办' }).click();
  await dlg.waitFor({ state: 'detached' });
  await disp.locator('.toast', { hasText: `已交办给${deptName}` }).waitFor();
  await disp.locator('.queue-table tbody tr', { hasText: TITLE }).waitFor({ state: 'detached' });

  // The demand's page shows the lead department; 交办 is gone.
  await openDetail(disp);
  assert.equal(await chip(disp).textContent(), '已交办');
  assert.match(await disp.locator('.detail-side').textContent(), new RegExp(deptName));
  assert.equal(await disp.getByRole('button', { name: '交办', exact: true }).count(), 0);
  assert.deepEqual(unexpectedErrors(disp), []);
});

test('the handler accepts, answers and resolves it from 待办', async () => {
  await hdl.goto(`${server.base}/inbox`);
  await hdl.locator('main h1', { hasText: '待办' }).waitFor();
  let row = hdl.locator('.inbox-table tbody tr', { hasText: TITLE });
  for (let i = 0; i < 40 && !(await row.count()); i++) {
    await hdl.getByRole('button', { name: /下一页/ }).click();
    await hdl.waitForURL((u) => u.searchParams.has('cursor'));
    await hdl.locator('.inbox-table').waitFor();
    row = hdl.locator('.inbox-table tbody tr', { hasText: TITLE });
  }
  assert.equal(await row.count(), 1);
  assert.match(await row.locator('.chip').textContent(), /已交办/);
  assert.equal(await row.locator('[data-urgency]').getAttribute('data-urgency'), 'ok');
  await shot(hdl, 'flow-inbox');
  // Overdue demands of the demo come first (red), the new one later.
  const first = hdl.locator('.inbox-table tbody tr').first().locator('[data-urgency]');
  assert.equal(await first.getAttribute('data-urgency'), 'overdue');

  await row.locator('.title-link').click();
  await hdl.waitForURL((u) => u.pathname === `/demands/${id}`);
  await hdl.locator('.timeline').waitFor();
  assert.equal(await chip(hdl).textContent(), '已交办');
  const actions = hdl.locator('.detail-actions');
  for (const name of ['受理', '答复企业', '申请延期', '补充材料', '退回']) {
    assert.ok(await actions.getByRole('button', { name, exact: true }).isVisible(), name);
  }
  // Return needs a reason (not sent: cancelled).
  await actions.getByRole('button', { name: '退回', exact: true }).click();
  let dlg = hdl.locator('dialog[open]');
  await dlg.getByRole('button', { name: '确认退回' }).click();
  assert.equal(await dlg.locator('[data-field="note"] .field-error').textContent(), '此项必填');
  await dlg.getByRole('button', { name: '取消' }).click();
  await dlg.waitFor({ state: 'detached' });

  await actions.getByRole('button', { name: '受理', exact: true }).click();
  dlg = hdl.locator('dialog[open]');
  await dlg.getByRole('button', { name: '受理', exact: true }).click();
  await chip(hdl).filter({ hasText: '办理中' }).waitFor();
  assert.equal(await actions.getByRole('button', { name: '受理', exact: true }).count(), 0);

  await answerAndResolve(hdl, '已与施工单位沟通，拟调整为夜间施工，3 日内落实。', '施工单位已改为夜间 22 点后施工，白天留出货车通道。');
  assert.match(await hdl.locator('.reply-result').textContent(), /已解决/);
  await shot(hdl, 'flow-detail-resolved');
  assert.deepEqual(unexpectedErrors(hdl), []);
});

test('unsatisfied, the demand is reopened; handled again; satisfied → 已办结', async () => {
  await rate(ent, '不满意', '已交办');
  assert.match(await ent.locator('.detail-side').textContent(), /重新办理次数\s*1/);

  await hdl.goto(`${server.base}/inbox`);
  await hdl.locator('.inbox-table').waitFor();
  await openDetail(hdl);
  assert.equal(await chip(hdl).textContent(), '已交办');
  assert.match(await hdl.locator('.detail-side').textContent(), /重新办理次数\s*1/);
  await answerAndResolve(hdl, '已再次协调，施工单位增设临时通道。', '临时通道已开通，货车全天可进出。');
  await shot(hdl, 'flow-detail-again');

  await rate(ent, '满意', '已办结');
  assert.match(await ent.locator('.reply-rating').textContent(), /满意/);
  await shot(ent, 'flow-detail-closed');

  // It is in the handler's 已办 now.
  await hdl.goto(`${server.base}/done`);
  await hdl.locator('.demand-table tbody tr', { hasText: TITLE }).first().waitFor();
  assert.deepEqual(unexpectedErrors(ent), []);
  assert.deepEqual(unexpectedErrors(hdl), []);
});

test('a returned demand shows 退回 with the reason; the dispatcher refuses the return', async () => {
  const entApi = await apiAs(server, 'enterprise');
  const dispApi = await apiAs(server, 'dispatcher');
  const hdlApi = await apiAs(server, 'handler');
  const dept = (await hdlApi.get('/api/v1/session')).body.user.department_id;
  const title = '企业用电增容申请长时间未批复';
  const d = (await entApi.post('/api/v1/demands', { category: 'labour', title, content: `${title}，请协调供电部门。` })).body;
  assert.equal((await dispApi.post(`/api/v1/demands/${d.id}/assign`, { lead_department_id: dept })).status, 200);
  assert.equal((await hdlApi.post(`/api/v1/demands/${d.id}/return`, { note: '用电增容属供电公司职责，不属本部门。' })).status, 200);

  await disp.goto(`${server.base}/queue`);
  const row = disp.locator('.queue-table tbody tr', { hasText: title });
  await disp.locator('.queue-table').waitFor();
  for (let i = 0; i < 40 && !(await row.count()); i++) {
    await disp.getByRole('button', { name: /下一页/ }).click();
    await disp.waitForURL((u) => u.searchParams.has('cursor'));
    await disp.locator('.queue-table').waitFor();
  }
  assert.equal(await row.locator('.returned-badge').textContent(), '退回');
  assert.match(await row.locator('.return-reason').textContent(), /用电增容属供电公司职责/);
  await shot(disp, 'flow-queue-returned');
  await row.getByRole('button', { name: /^不同意退回 QT-/ }).click();
  await disp.locator('dialog[open]').getByRole('button', { name: '不同意退回' }).click();
  await disp.locator('.toast', { hasText: '已不同意退回' }).waitFor();
  await row.waitFor({ state: 'detached' });
  assert.equal((await dispApi.get(`/api/v1/demands/${d.id}`)).body.status, 'assigned');

  // The handler asks for more days: 待审批 while the supervisor decides.
  await openDetailOf(hdl, d.id);
  await handlerDialog(hdl, '申请延期', async (dlg) => {
    await dlg.getByLabel('延期天数').fill('120');
    await dlg.getByLabel('延期理由').fill('需等待供电公司现场勘察。');
    await dlg.getByRole('button', { name: '提交申请' }).click();
    assert.equal(await dlg.locator('[data-field="days"] .field-error').textContent(), '请填写 1 至 90 之间的整数');
    await dlg.getByLabel('延期天数').fill('10');
  }, '提交申请', '已交办');
  await hdl.locator('.detail-actions .extension-pending', { hasText: '待审批' }).waitFor();
  assert.equal(await hdl.locator('.detail-actions').getByRole('button', { name: '申请延期' }).count(), 0);
  // Pause for material, then resume.
  await handlerDialog(hdl, '补充材料', (dlg) => dlg.getByLabel('需要补充的材料').fill('请提供用电负荷测算表。'), '暂停计时', '已交办');
  await hdl.locator('.detail-actions').getByRole('button', { name: '恢复计时' }).click();
  await hdl.locator('.detail-actions').getByRole('button', { name: '补充材料' }).waitFor();
  await shot(hdl, 'flow-detail-extension');
  assert.deepEqual(unexpectedErrors(disp), []);
  assert.deepEqual(unexpectedErrors(hdl), []);
});

test('全部诉求: filters in the URL, the ledger export with the same filters', async () => {
  await disp.goto(`${server.base}/all`);
  await disp.locator('main h1', { hasText: '全部诉求' }).waitFor();
  await disp.getByLabel('办理状态').selectOption('open');
  await disp.getByLabel('超期').selectOption('any');
  await disp.locator('form.filters').getByRole('button', { name: '查询' }).click();
  await disp.waitForURL((u) => u.searchParams.get('status') === 'open' && u.searchParams.get('overdue') === 'any');
  await disp.locator('.demand-table').waitFor();
  const tags = await disp.locator('.demand-table tbody tr').count();
  assert.ok(tags > 0);
  assert.equal(await disp.locator('.demand-table tbody tr .tag-danger', { hasText: '超期' }).count(), tags);
  const href = await disp.getByRole('link', { name: '导出 CSV' }).getAttribute('href');
  assert.equal(href, '/api/v1/exports/demands?format=csv&status=open&overdue=any');
  const r = await disp.evaluate(async (u) => { const x = await fetch(u); return [x.status, x.headers.get('content-type')]; }, href);
  assert.equal(r[0], 200);
  await shot(disp, 'flow-all');
  assert.deepEqual(unexpectedErrors(disp), []);
});

test('375 px wide: the queue, 全部诉求, 待办 and a demand do not scroll sideways', async () => {
  for (const [ctxPage, paths] of [[disp, ['/queue', '/all', `/demands/${id}`]], [hdl, ['/inbox', '/done']]]) {
    const phone = await newPage(ctxPage.context(), { width: 375, height: 812 });
    for (const path of paths) {
      await phone.goto(`${server.base}${path}`);
      await phone.locator('main .page-title').first().waitFor();
      await phone.waitForLoadState('networkidle');
      const w = await phone.evaluate(() => document.documentElement.scrollWidth);
      await shot(phone, `flow-375${path.replaceAll('/', '-')}`);
      assert.ok(w <= 375, `${path} is ${w} px wide`);
    }
    // Back from a demand goes to the role's own list, by its name.
    await phone.goto(`${server.base}/demands/${id}`);
    await phone.locator('.back a').waitFor();
    assert.equal(await phone.locator('.back a').textContent(), ctxPage === disp ? '‹ 返回分派台' : '‹ 返回待办');
    await phone.close();
  }
});

test('the dispatcher merges a duplicate from the demand page (code typed, or searched)', async () => {
  const entApi = await apiAs(server, 'enterprise');
  const mk = async (title) => (await entApi.post('/api/v1/demands', { category: 'labour', title, content: `${title}，请协调。` })).body;
  const a = await mk('厂区门前路灯损坏夜间无照明');
  const b = await mk('厂区门前路灯坏了，晚上看不见路');
  const c = await mk('厂区门前路灯仍未修复');
  await openDetailOf(disp, b.id);
  const actions = disp.locator('.detail-actions');
  for (const name of ['交办', '合并重复']) assert.ok(await actions.getByRole('button', { name, exact: true }).isVisible(), name);
  // Nothing chosen: the error is by the field.
  await actions.getByRole('button', { name: '合并重复' }).click();
  let dlg = disp.locator('dialog[open]');
  await dlg.getByRole('button', { name: '确认合并' }).click();
  assert.equal(await dlg.locator('[data-field="duplicate_of"] .field-error').textContent(), '请选择或输入重复诉求的编号');
  // Search by words of the title, pick with the keyboard.
  await dlg.getByRole('combobox').fill('门前路灯损坏');
  await dlg.getByRole('option', { name: new RegExp(a.code) }).waitFor();
  await dlg.getByRole('combobox').press('Enter');
  assert.match(await dlg.locator('.merge-target').textContent(), new RegExp(a.code));
  await shot(disp, 'flow-merge-dialog');
  await dlg.getByRole('button', { name: '确认合并' }).click();
  await dlg.waitFor({ state: 'detached' });
  await chip(disp).filter({ hasText: '已合并' }).waitFor();
  // A full code typed and not picked counts too.
  await openDetailOf(disp, c.id);
  await actions.getByRole('button', { name: '合并重复' }).click();
  dlg = disp.locator('dialog[open]');
  await dlg.getByRole('combobox').fill(a.code);
  await dlg.getByRole('button', { name: '确认合并' }).click();
  await dlg.waitFor({ state: 'detached' });
  await chip(disp).filter({ hasText: '已合并' }).waitFor();
  assert.equal((await entApi.get(`/api/v1/demands/${c.id}`)).body.duplicate_of, a.id);
  assert.deepEqual(unexpectedErrors(disp), []);
});

test('the countdown colours: on time, reminder at 75 % of the stage, overdue', async () => {
  const r = await hdl.evaluate(async () => {
    const { urgencyOf, countdown } = await import('/pages/handler/countdown.js');
    const H = 3600e3;
    const now = Date.parse('2026-11-20T00:00:00Z');
    const at = (h) => new Date(now + h * H).toISOString();
    const tag = countdown({ start: at(-10), due: at(30), now });
    return {
      ok: urgencyOf({ start: at(-10), due: at(30), now }),          // 25 % gone
      remind: urgencyOf({ start: at(-30), due: at(10), now }),      // 75 % gone
      overdue: urgencyOf({ start: at(-30), due: at(-1), now }),
      flagged: urgencyOf({ start: at(-1), due: at(30), overdue: true, now }),
      text: tag.textContent,
      cls: tag.className,
    };
  });
  assert.deepEqual([r.ok, r.remind, r.overdue, r.flagged], ['ok', 'remind', 'overdue', 'overdue']);
  assert.equal(r.text, '剩余 1 天 6 小时');
  assert.match(r.cls, /tag-ok/);
});
