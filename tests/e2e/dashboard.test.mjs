// dashboard.test.mjs — the leader's 领导驾驶舱 and the supervisor's pages in
// a browser.  The charts' DATA is read back from the ECharts instances
// (echarts.getInstanceByDom through the same /vendor module the page
// uses) and compared with the API; a department bar opens the list of its
// demands with the bar's count (the server's total, count=true), a page
// at a time; the supervisor's overdue board, notices, accountability
// items and pending extensions are the API's, page by page; at 1920×1080
// the dashboard takes the wall screen's width; screenshots at 1920×1080
// and 375 px (no sideways scroll) go to build/e2e-artifacts/.
//
// The server runs with --tick-seconds 0 (deadlines checked once at start,
// then never), so figures do not move between the page and the API calls;
// the period is 2026-03..09, months fully in the demo's past.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiAs, demoServer, launch, newPage, shot, signIn, unexpectedErrors,
} from './harness.mjs';

const FROM = '2026-03';
const TO = '2026-09';
const PERIOD = `from=${FROM}&to=${TO}`;

let server;
let browser;
let page;
let leader;
let supervisor;

before(async () => {
  server = await demoServer({ args: ['--tick-seconds', '0'] });
  browser = await launch();
  leader = await apiAs(server, 'leader');
  supervisor = await apiAs(server, 'supervisor');
  page = await newPage(browser.context, { width: 1920, height: 1080 });
  await signIn(page, server.base, 'leader');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function apiGet(c, path) {
  const r = await c.get(`/api/v1${path}`);
  assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

// Every item of a cursor list.
async function apiAll(c, path) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const b = await apiGet(c, `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...b.items);
    cursor = b.next_cursor;
  } while (cursor);
  return items;
}

// The demand codes (or data-id) of every page of the list on PAGE, going
// through its pager ("下一页") until the last page; the list-count's total
// on each page.
async function uiPages(rowKey = (tr) => tr.locator('.mono').first().textContent()) {
  const keys = [];
  const totals = [];
  for (let n = 1; n < 100; n++) {
    await page.locator('main .list-count').waitFor();
    totals.push(Number(await page.locator('main .list-count').getAttribute('data-count')));
    const rows = page.locator('main table tbody tr');
    const k = await rows.count();
    for (let i = 0; i < k; i++) keys.push(await rowKey(rows.nth(i)));
    const next = page.locator('main nav.pager button', { hasText: '下一页' });
    if (!(await next.count()) || await next.isDisabled()) return { keys, totals };
    await next.click();
    await page.waitForURL((u) => u.searchParams.get('page') === String(n + 1));
    await page.locator('main .pager-page', { hasText: `第 ${n + 1} 页` }).waitFor();
  }
  throw new Error('more than 100 pages');
}

async function openDashboard(query = PERIOD) {
  await page.goto(`${server.base}/dashboard?${query}`);
  await page.locator('main .dash[data-charts="5"]').waitFor();
}

// The series data of every chart on the page, read from ECharts.
function chartData() {
  return page.evaluate(async () => {
    const echarts = await import('/vendor/echarts.esm.min.js');
    const out = {};
    for (const el of document.querySelectorAll('[data-chart]')) {
      const inst = echarts.getInstanceByDom(el);
      if (!inst) continue;
      const o = inst.getOption();
      out[el.dataset.chart] = {
        series: o.series.map((s) => ({
          type: s.type,
          name: s.name,
          data: s.data.map((d) => (d && typeof d === 'object'
            ? { value: d.value, name: d.name, key: d.key, total: d.total, href: d.href } : d)),
        })),
        categories: (o.yAxis?.[0]?.data || o.xAxis?.[0]?.data || null),
      };
    }
    return out;
  });
}

const round1 = (x) => (x === null ? null : Math.round(x * 10) / 10);
const pct = (x) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

test('the leader lands on the dashboard: rates, rankings, trend, funnel and categories are the API\'s', async () => {
  assert.match(new URL(page.url()).pathname, /^\/dashboard$/);
  // The default period shows data (the demo ends in 2026-10, before today).
  await page.locator('main .dash[data-charts="5"]').waitFor();
  assert.notEqual(await page.locator('[data-kpi="total"] .kpi-value').textContent(), '0');

  await openDashboard();
  const charts = await chartData();
  const [all, months, cats, depts, regions] = await Promise.all([
    apiGet(leader, `/stats/rates?${PERIOD}&group_by=none`),
    apiGet(leader, `/stats/rates?${PERIOD}&group_by=month`),
    apiGet(leader, `/stats/rates?${PERIOD}&group_by=category`),
    apiGet(leader, `/stats/rankings?${PERIOD}&by=department`),
    apiGet(leader, `/stats/rankings?${PERIOD}&by=region`),
  ]);

  // The three rates, the total and overdue now as big figures.
  for (const k of ['response', 'resolution', 'satisfaction']) {
    assert.equal(await page.locator(`[data-kpi="${k}"] .kpi-value`).textContent(), pct(all.total.rates[k]), k);
  }
  assert.equal(await page.locator('[data-kpi="total"] .kpi-value').textContent(), String(all.total.counts.total));
  assert.equal(await page.locator('[data-kpi="overdue"] .kpi-value').textContent(), String(all.total.counts.overdue_now));

  // Rankings: one bar per department / region with its score and count.
  for (const [name, api] of [['departments', depts], ['regions', regions]]) {
    const bars = charts[name].series[0].data;
    assert.equal(charts[name].series[0].type, 'bar');
    assert.equal(bars.length, api.items.length, name);
    for (const row of api.items) {
      const bar = bars.find((b) => b.key === row.key);
      assert.ok(bar, `${name}: no bar for ${row.key} ${row.label}`);
      assert.equal(bar.value, round1(row.score), `${name} ${row.label}`);
      assert.equal(bar.total, row.counts.total, `${name} ${row.label}`);
      // The leader's own region (市本级) is named so.
      assert.equal(bar.name, row.key === '370700' ? `${row.label}本级` : row.label);
    }
    // Best at the top: ECharts draws the first category at the bottom.
    assert.deepEqual([...charts[name].categories].reverse(),
      api.items.map((r) => (name === 'regions' && r.key === '370700' ? `${r.label}本级` : r.label)));
  }

  // The monthly trend: three lines, in per cent.
  const monthsWithData = months.items.filter((r) => r.counts.total > 0);
  assert.equal(charts.trend.series.length, 3);
  ['response', 'resolution', 'satisfaction'].forEach((k, i) => {
    assert.deepEqual(charts.trend.series[i].data.map((d) => d.value),
      monthsWithData.map((r) => (r.rates[k] === null ? null : Math.round(r.rates[k] * 1000) / 10)), k);
  });
  assert.deepEqual(charts.trend.categories, monthsWithData.map((r) => `${Number(r.key.slice(5))}月`));

  // The funnel: how many demands reached each status.
  const bs = all.total.counts.by_status;
  assert.deepEqual(charts.funnel.series[0].data.map((d) => [d.name, d.value]), [
    ['受理', all.total.counts.total],
    ['已交办', bs.assigned + bs.accepted + bs.answered + bs.resolved + bs.closed],
    ['已答复', bs.answered + bs.resolved + bs.closed],
    ['已解决', bs.resolved + bs.closed],
    ['已办结', bs.closed],
  ]);

  // Top categories by count, Chinese names.
  const topCats = cats.items.filter((r) => r.counts.total > 0)
    .sort((a, b) => b.counts.total - a.counts.total).slice(0, 8);
  const catBars = [...charts.categories.series[0].data].reverse();
  assert.deepEqual(catBars.map((b) => [b.key, b.value]), topCats.map((r) => [r.key, r.counts.total]));
  assert.ok(catBars.every((b) => /[\u4e00-\u9fff]/.test(b.name)), 'category names are Chinese');

  assert.deepEqual(unexpectedErrors(page), []);
});

test('a department bar opens that department\'s demands, as many as the bar counts', async () => {
  await openDashboard();
  const el = page.locator('[data-chart="departments"]');
  await el.scrollIntoViewIfNeeded();
  // The top bar (the best department); its middle in page pixels.
  const target = await page.evaluate(async () => {
    const echarts = await import('/vendor/echarts.esm.min.js');
    const dom = document.querySelector('[data-chart="departments"]');
    const inst = echarts.getInstanceByDom(dom);
    const data = inst.getOption().series[0].data;
    const i = data.length - 1;
    const [x, y] = inst.convertToPixel({ seriesIndex: 0 }, [data[i].value / 2, i]);
    const box = dom.getBoundingClientRect();
    return { key: data[i].key, total: data[i].total, x: box.left + x, y: box.top + y };
  });
  await page.mouse.click(target.x, target.y);
  await page.waitForURL((u) => u.pathname === '/leader/demands' && u.searchParams.get('department') === target.key);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('from'), FROM);
  assert.equal(url.searchParams.get('to'), TO);
  const count = page.locator('main .list-count');
  await count.waitFor();
  assert.equal(Number(await count.getAttribute('data-count')), target.total);
  const rows = await page.locator('main table.demand-table tbody tr').count();
  assert.equal(rows, Math.min(20, target.total));
  await shot(page, 'leader-demands-department');
  // Page by page (20 each, the cursor in the URL), the same demands as
  // the API lists for the bar's filters, each once.
  const { keys, totals } = await uiPages();
  const want = await apiAll(leader, `/demands?department=${target.key}` +
    '&status=submitted,assigned,accepted,answered,resolved,closed&from=2026-03-01&to=2026-10-01');
  assert.equal(want.length, target.total);
  assert.deepEqual(keys, want.map((d) => d.code));
  assert.ok(totals.every((n) => n === target.total), JSON.stringify(totals));
  if (target.total > 20) {
    assert.match(await count.textContent(), /第 \d+–\d+ 件/);
    assert.ok(new URL(page.url()).searchParams.get('cursor'));
  }

  // Every county bar's link lists as many demands as the bar counts (the
  // city's own row only the city's own demands).
  await openDashboard();
  const regionBars = (await chartData()).regions.series[0].data;
  for (const bar of regionBars) {
    await page.goto(server.base + bar.href);
    await page.locator(`main .list-count`).waitFor();
    assert.equal(Number(await count.getAttribute('data-count')), bar.total, bar.name);
  }

  // The KPI "total" opens every demand of the period: the server's count
  // is the figure itself, far more than a page; the next page and back
  // follow the cursor in the URL.
  await openDashboard();
  const figure = Number(await page.locator('[data-kpi="total"] .kpi-value').textContent());
  assert.ok(figure > 40, `the demo's period has ${figure} demands`);
  await page.locator('[data-kpi="total"]').click();
  await page.waitForURL((u) => u.pathname === '/leader/demands' && u.searchParams.get('from') === FROM);
  await count.waitFor();
  assert.equal(Number(await count.getAttribute('data-count')), figure);
  assert.match(await count.textContent(), new RegExp(`共 ${figure} 件 · 第 1–20 件`));
  const everything = await apiAll(leader, '/demands?status=submitted,assigned,accepted,answered,resolved,closed' +
    '&from=2026-03-01&to=2026-10-01');
  assert.equal(everything.length, figure);
  const codes = () => page.locator('main table.demand-table tbody .mono').allTextContents();
  assert.deepEqual(await codes(), everything.slice(0, 20).map((d) => d.code));
  await page.locator('main nav.pager button', { hasText: '下一页' }).click();
  await page.locator('main .pager-page', { hasText: '第 2 页' }).waitFor();
  assert.ok(new URL(page.url()).searchParams.get('cursor'));
  assert.equal(new URL(page.url()).searchParams.get('from'), FROM);
  assert.deepEqual(await codes(), everything.slice(20, 40).map((d) => d.code));
  assert.match(await count.textContent(), new RegExp(`共 ${figure} 件 · 第 21–40 件`));
  await page.locator('main nav.pager button', { hasText: '上一页' }).click();
  await page.locator('main .pager-page', { hasText: '第 1 页' }).waitFor();
  assert.deepEqual(await codes(), everything.slice(0, 20).map((d) => d.code));

  // The KPI "overdue now" opens the overdue list, same count as the API.
  await openDashboard();
  await page.locator('[data-kpi="overdue"]').click();
  await page.waitForURL((u) => u.pathname === '/leader/demands' && u.searchParams.get('overdue') === 'any'
    && u.searchParams.get('from') === FROM);
  await count.waitFor();
  const overdue = await apiAll(leader, '/demands?overdue=any&status=open&from=2026-03-01&to=2026-10-01');
  assert.equal(Number(await count.getAttribute('data-count')), overdue.length);
  assert.deepEqual(unexpectedErrors(page), []);
});

test('dashboard screenshots: 1920×1080 and 375 px without sideways scroll', async () => {
  await openDashboard();
  await page.waitForTimeout(600);   // ECharts' entry animation
  await shot(page, 'leader-dashboard-1920');

  // A wall screen: the dashboard is not held to the 1440 px of the other
  // pages, three charts a row, nothing sideways.
  const wall = await page.evaluate(() => {
    const dash = document.querySelector('main .dash').getBoundingClientRect();
    const panels = [...document.querySelectorAll('.dash-grid > .dash-panel')]
      .map((el) => el.getBoundingClientRect());
    return {
      width: dash.width,
      left: dash.left,
      columns: new Set(panels.map((r) => Math.round(r.left))).size,
      widest: Math.max(...panels.map((r) => r.width)),
      scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      main: document.querySelector('main').getBoundingClientRect().width,
    };
  });
  assert.ok(wall.width > 1600, `the dashboard is ${wall.width}px wide at 1920 px`);
  assert.equal(wall.columns, 3, JSON.stringify(wall));
  assert.ok(wall.widest > 1000, `the trend spans two columns: ${JSON.stringify(wall)}`);
  assert.ok(wall.scroll <= 0, `the dashboard scrolls sideways by ${wall.scroll}px at 1920 px`);

  // The charts follow the window: narrower window, narrower charts.
  const widths = () => page.evaluate(async () => {
    const echarts = await import('/vendor/echarts.esm.min.js');
    return [...document.querySelectorAll('[data-chart]')].map((el) =>
      [echarts.getInstanceByDom(el).getWidth(), el.clientWidth]);
  });
  const wideCharts = await widths();
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.waitForTimeout(400);
  const narrow = await widths();
  // (The grid has fewer columns then, so a chart may also grow.)
  narrow.forEach(([w, box], i) => assert.equal(w, box, `chart ${i} fills its box`));
  assert.ok(narrow.some(([w], i) => w !== wideCharts[i][0]), JSON.stringify({ wideCharts, narrow }));
  await page.setViewportSize({ width: 1920, height: 1080 });
  // Other pages keep the reading width of the shell.
  await page.goto(`${server.base}/leader/demands?${PERIOD}`);
  await page.locator('main .list-count').waitFor();
  const listWidth = await page.evaluate(() => document.querySelector('main').getBoundingClientRect().width);
  assert.ok(listWidth < 1440, `the demand list is ${listWidth}px wide at 1920 px`);

  const phone = await newPage(browser.context, { width: 375, height: 812 });
  await phone.goto(`${server.base}/dashboard?${PERIOD}`);
  await phone.locator('main .dash[data-charts="5"]').waitFor();
  await phone.waitForTimeout(600);
  const wide = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 0, `the dashboard scrolls sideways by ${wide}px at 375 px`);
  await shot(phone, 'leader-dashboard-375');
  await phone.goto(`${server.base}/leader/demands?region=370783&${PERIOD}`);
  await phone.locator('main .list-count').waitFor();
  assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth));
  assert.deepEqual(unexpectedErrors(phone), []);
  await phone.close();
});

test('the supervisor\'s notices, accountability items and overdue board are the API\'s', async () => {
  await signIn(page, server.base, 'supervisor');
  assert.match(new URL(page.url()).pathname, /^\/overdue$/);
  const count = page.locator('main .list-count');

  const overdue = await apiAll(supervisor, '/demands?overdue=any');
  assert.equal(Number(await count.getAttribute('data-count')), overdue.length);
  assert.equal(await page.locator('main table tbody tr').count(), Math.min(50, overdue.length));
  if (overdue.length) {
    // The latest first.
    const first = overdue.reduce((a, b) => (new Date(a.current_due) <= new Date(b.current_due) ? a : b));
    assert.equal(await page.locator('main table tbody tr').first().locator('a.title-link').getAttribute('href'),
      `/demands/${first.id}`);
  }
  const board = await uiPages((tr) => tr.locator('a.title-link').getAttribute('href'));
  assert.deepEqual(board.keys.sort(), overdue.map((d) => `/demands/${d.id}`).sort());

  for (const [path, api] of [
    ['/supervisions', '/supervisions?open=true'],
    ['/supervisions?all=1', '/supervisions?open=false'],
    ['/accountability?from=2026-03&to=2026-10', '/accountability?from=2026-03&to=2026-10'],
  ]) {
    await page.goto(`${server.base}${path}`);
    await count.waitFor();
    const items = await apiAll(supervisor, api);
    assert.ok(items.length > 0, `the demo has ${api}`);
    assert.equal(Number(await count.getAttribute('data-count')), items.length, path);
    assert.equal(await page.locator('main table tbody tr').count(), Math.min(50, items.length), path);
    // Newest first, page by page: the API's order.
    const { keys, totals } = await uiPages();
    assert.deepEqual(keys, items.map((s) => s.demand_code), path);
    assert.ok(totals.every((n) => n === items.length), path);
  }
  await shot(page, 'supervisor-accountability');

  // Every supervisor page fits a 375 px phone.
  const phone = await newPage(browser.context, { width: 375, height: 812 });
  for (const path of ['/overdue', '/supervisions?all=1', '/accountability', '/extensions']) {
    await phone.goto(`${server.base}${path}`);
    await phone.locator('main .page-title').waitFor();
    await phone.locator('main .loading').waitFor({ state: 'detached' });
    const wide = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(wide <= 0, `${path} scrolls sideways by ${wide}px at 375 px`);
  }
  await shot(phone, 'supervisor-extensions-375');
  await phone.goto(`${server.base}/overdue`);
  await phone.locator('main .page-title').waitFor();
  await shot(phone, 'supervisor-overdue-375');
  assert.deepEqual(unexpectedErrors(phone), []);
  await phone.close();
  await page.goto(`${server.base}/overdue`);
  await page.locator('main .page-title').waitFor();
  await shot(page, 'supervisor-overdue');

  // Extension approvals: the server's pending list, which is the open
  // demands with extension_pending_days.
  await page.goto(`${server.base}/extensions`);
  await page.locator('main .page-title').waitFor();
  await count.waitFor();
  const pending = await apiAll(supervisor, '/demands?extension=pending&sort=due');
  assert.deepEqual(pending.map((d) => d.id).sort(),
    (await apiAll(supervisor, '/demands?status=open')).filter((d) => d.extension_pending_days).map((d) => d.id).sort());
  assert.equal(Number(await count.getAttribute('data-count')), pending.length);
  if (pending.length) assert.deepEqual(await extensionRows(), pending.map((d) => d.id));
  else await page.locator('main .empty').waitFor();
  assert.deepEqual(unexpectedErrors(page), []);
});

// The demand ids of the rows of the extension page, in order.
async function extensionRows() {
  const hrefs = await page.locator('main table tbody tr a.title-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  return hrefs.map((x) => Number(x.replace('/demands/', '')));
}

// A demand whose lead department (the demo handler's) asks for DAYS more.
async function pendingExtension(title, days) {
  const ent = await apiAs(server, 'enterprise');
  const dispatcher = await apiAs(server, 'dispatcher');
  const handler = await apiAs(server, 'handler');
  const dept = (await handler.get('/api/v1/session')).body.user.department_id;
  const made = await ent.post('/api/v1/demands', { category: 'labour', title, content: `${title}：需要协调多个部门。` });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const id = made.body.id;
  for (const [c, action, body] of [
    [dispatcher, 'assign', { lead_department_id: dept }],
    [handler, 'accept', {}],
    [handler, 'extend', { days, note: '涉及多个部门会商，申请延期。' }],
  ]) {
    const r = await c.post(`/api/v1/demands/${id}/${action}`, body);
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
  }
  return made.body;
}

test('the supervisor approves an extension from 延期审批 and refuses one on the demand page', async () => {
  const before = await apiAll(supervisor, '/demands?extension=pending');
  const a = await pendingExtension('延期审批测试一', 5);
  const b = await pendingExtension('延期审批测试二', 7);
  await page.goto(`${server.base}/extensions`);
  const rowA = page.locator('main table tbody tr', { has: page.locator(`a[href="/demands/${a.id}"]`) });
  await rowA.waitFor();
  // Exactly the server's pending list, nearest deadline first, with its
  // total: the two new ones among them.
  const pending = await apiAll(supervisor, '/demands?extension=pending&sort=due');
  assert.equal(pending.length, before.length + 2);
  assert.deepEqual(await extensionRows(), pending.map((d) => d.id));
  assert.ok([a.id, b.id].every((id) => pending.some((d) => d.id === id)));
  const count = page.locator('main .list-count');
  assert.equal(Number(await count.getAttribute('data-count')), pending.length);
  await rowA.getByRole('button', { name: '同意延期' }).click();
  const dlg = page.locator('dialog[open]');
  await dlg.waitFor();
  await dlg.locator('textarea').fill('同意延期 5 天。');
  await dlg.locator('button[type="submit"]').click();
  await dlg.waitFor({ state: 'detached' }).catch(() => dlg.waitFor({ state: 'hidden' }));
  await rowA.waitFor({ state: 'detached' });
  await page.locator(`main .list-count[data-count="${pending.length - 1}"]`).waitFor();
  assert.deepEqual(await extensionRows(), pending.filter((d) => d.id !== a.id).map((d) => d.id));
  const afterA = await apiGet(supervisor, `/demands/${a.id}`);
  assert.equal(afterA.extension_pending_days, null);
  assert.equal(afterA.extension_days, 5);

  // On the demand page: the note and both buttons; refuse.
  await page.goto(`${server.base}/demands/${b.id}`);
  const refuse = page.locator('main').getByRole('button', { name: '不同意' });
  await refuse.waitFor();
  await page.locator('main').getByRole('button', { name: '同意延期' }).waitFor();
  await refuse.click();
  await dlg.waitFor();
  await dlg.locator('button[type="submit"]').click();
  await refuse.waitFor({ state: 'detached' });
  const afterB = await apiGet(supervisor, `/demands/${b.id}`);
  assert.equal(afterB.extension_pending_days, null);
  assert.equal(afterB.extension_days, 0);
  assert.deepEqual(unexpectedErrors(page), []);
});
