// Lists over real HTTP: the pending-extension filter of GET /demands, the
// exact region filter, and the totals that count=true adds to the demand,
// supervision and accountability lists.
//
// Two servers.  The first holds a small world built through the API, in
// which each demand's extension is known (pending, approved, refused,
// cleared by the resolution, none), so the filter can be checked for
// exactly the pending ones in every scope.  The second serves the small
// demo, where every role's total, under several filters and both sorts,
// is compared with what paging through the whole list gives, and each
// handler's and region's list with what its scope should hold.  As
// api-pg.lists both servers run on PostgreSQL, the demo included.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ADMIN, Client, PG, cli, creditCode, pgDatabase, problemFields, startServer,
} from './harness.mjs';

const PASSWORD = 'Lists-pass-2026';
const sorted = (xs) => [...xs].sort((a, b) => a - b);

async function ok(c, path) {
  const r = await c.get(path);
  assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

// Every page of PATH (with count=true) at LIMIT a page: the items in
// order, and the totals each page said.
async function pages(c, path, limit) {
  const items = [];
  const totals = [];
  let cursor = null;
  const sep = path.includes('?') ? '&' : '?';
  for (let n = 0; n < 10000; n++) {
    const b = await ok(c, `${path}${sep}count=true&limit=${limit}` +
                          (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''));
    items.push(...b.items);
    totals.push(b.total);
    cursor = b.next_cursor;
    if (!cursor) return { items, totals };
  }
  throw new Error(`${path}: more than 10000 pages`);
}

// Page through PATH and check that every page's total is the number of
// items paging gave, each item once.  Returns the items.
async function checkTotal(c, path, limit = 37) {
  const { items, totals } = await pages(c, path, limit);
  const ids = items.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length, `${path}: an item twice`);
  assert.ok(totals.every((t) => t === items.length),
            `${path}: totals ${JSON.stringify(totals)} for ${items.length} items`);
  return items;
}

// ==== pending extensions =================================================

describe('the pending-extension filter', () => {
  let srv;
  const w = {};
  const as = {};
  const d = {};

  async function created(path, body) {
    const r = await as.admin.post(path, body);
    assert.equal(r.status, 201, `${path}: ${JSON.stringify(r.body)}`);
    return r.body;
  }
  async function account(name, role, extra) {
    w[name] = await created('/api/v1/users', {
      username: name, display_name: name, role, password: PASSWORD, ...extra,
    });
    as[name] = new Client(srv);
    await as[name].signIn(name, PASSWORD);
  }
  async function act(who, id, action, body) {
    const r = await as[who].post(`/api/v1/demands/${id}/${action}`, body);
    assert.equal(r.status, 200, `${who} ${action} #${id}: ${JSON.stringify(r.body)}`);
    return r.body;
  }
  // A demand of enterprise user ENT, assigned by DISP to DEPT.
  let serial = 0;
  async function assigned(ent, disp, dept) {
    serial++;
    const r = await as[ent].post('/api/v1/demands', {
      category: 'labour', title: `延期筛选测试第${serial}件`,
      content: '需要多个部门会商解决。',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return act(disp, r.body.id, 'assign', { lead_department_id: w[dept].id });
  }
  const extend = (who, id, days) =>
    act(who, id, 'extend', { days, note: '涉及多个部门，申请延期。' });
  // Ids of WHO's demands with QUERY, all pages, and the total said.
  async function listed(who, query) {
    const qs = new URLSearchParams(query);
    const items = await checkTotal(as[who], `/api/v1/demands?${qs}`, 2);
    return sorted(items.map((x) => x.id));
  }
  const ids = (...names) => sorted(names.map((k) => d[k].id));

  before(async () => {
    srv = await startServer();
    as.admin = new Client(srv);
    await as.admin.signIn(ADMIN.username, ADMIN.password);
    w.deptA = await created('/api/v1/departments', {
      name: '潍坊市工业和信息化局', kind: 'bureau', region_code: '370700',
    });
    w.deptA2 = await created('/api/v1/departments', {
      name: '潍城区工业和信息化局', kind: 'bureau', region_code: '370702',
      parent_id: w.deptA.id,
    });
    w.deptB = await created('/api/v1/departments', {
      name: '潍坊市人力资源和社会保障局', kind: 'bureau', region_code: '370700',
    });
    w.deptQd = await created('/api/v1/departments', {
      name: '青岛市工业和信息化局', kind: 'bureau', region_code: '370200',
    });
    w.e1 = await created('/api/v1/enterprises', {
      credit_code: creditCode(1, '370702'), name: '潍坊一号机械有限公司',
      region_code: '370702', scale: 'above',
    });
    w.e2 = await created('/api/v1/enterprises', {
      credit_code: creditCode(2, '370700'), name: '潍坊二号纺织有限公司',
      region_code: '370700', scale: 'above',
    });
    w.e3 = await created('/api/v1/enterprises', {
      credit_code: creditCode(3, '370202'), name: '青岛三号港务有限公司',
      region_code: '370202', scale: 'above',
    });
    await account('dispatcher', 'dispatcher', { region_code: '370700' });
    await account('supervisor', 'supervisor', { region_code: '370700' });
    await account('leader', 'leader', { region_code: '370700' });
    await account('leaderSd', 'leader', { region_code: '370000' });
    await account('dispatcherQd', 'dispatcher', { region_code: '370200' });
    await account('supervisorQd', 'supervisor', { region_code: '370200' });
    await account('handlerA', 'handler', { department_id: w.deptA.id });
    await account('handlerA2', 'handler', { department_id: w.deptA2.id });
    await account('handlerB', 'handler', { department_id: w.deptB.id });
    await account('handlerQd', 'handler', { department_id: w.deptQd.id });
    await account('entE1', 'enterprise', { enterprise_id: w.e1.id });
    await account('entE2', 'enterprise', { enterprise_id: w.e2.id });
    await account('entE3', 'enterprise', { enterprise_id: w.e3.id });

    // Pending: asked, nobody decided.
    d.p1 = await assigned('entE1', 'dispatcher', 'deptA');
    await extend('handlerA', d.p1.id, 5);
    d.p2 = await assigned('entE1', 'dispatcher', 'deptA2');
    await extend('handlerA2', d.p2.id, 3);
    await act('handlerA2', d.p2.id, 'accept', {});
    d.p3 = await assigned('entE2', 'dispatcher', 'deptB');
    await extend('handlerB', d.p3.id, 7);
    await act('handlerB', d.p3.id, 'answer', { note: '正在会商。' });
    d.q1 = await assigned('entE3', 'dispatcherQd', 'deptQd');
    await extend('handlerQd', d.q1.id, 4);
    // Not pending: approved, refused, cleared by the resolution, never
    // asked, not even assigned.
    d.x1 = await assigned('entE1', 'dispatcher', 'deptA');
    await extend('handlerA', d.x1.id, 5);
    await act('supervisor', d.x1.id, 'decide-extension', { approve: true });
    d.x2 = await assigned('entE2', 'dispatcher', 'deptA');
    await extend('handlerA', d.x2.id, 5);
    await act('supervisor', d.x2.id, 'decide-extension', { approve: false });
    d.x3 = await assigned('entE1', 'dispatcher', 'deptB');
    await extend('handlerB', d.x3.id, 9);
    await act('handlerB', d.x3.id, 'answer', { note: '已答复。' });
    await act('handlerB', d.x3.id, 'resolve',
              { outcome: 'resolved', note: '已解决。' });
    d.x4 = await assigned('entE2', 'dispatcher', 'deptB');
    const r = await as.entE1.post('/api/v1/demands', {
      category: 'finance', title: '尚未交办的诉求', content: '请协调。',
    });
    assert.equal(r.status, 201);
    d.x5 = r.body;
  });
  after(async () => { await srv?.stop(); });

  const EXPECT = {
    admin: ['p1', 'p2', 'p3', 'q1'],
    supervisor: ['p1', 'p2', 'p3'],
    leader: ['p1', 'p2', 'p3'],
    dispatcher: ['p1', 'p2', 'p3'],
    supervisorQd: ['q1'],
    handlerA: ['p1', 'p2'],
    handlerA2: ['p2'],
    handlerB: ['p3'],
    handlerQd: ['q1'],
    entE1: ['p1', 'p2'],
    entE3: ['q1'],
  };
  for (const [who, names] of Object.entries(EXPECT)) {
    test(`${who} gets exactly its pending extensions, newest and by due`, async () => {
      assert.deepEqual(await listed(who, { extension: 'pending' }), ids(...names));
      assert.deepEqual(await listed(who, { extension: 'pending', sort: 'due' }),
                       ids(...names));
      // The same demands the whole list marks as pending.
      const all = await checkTotal(as[who], '/api/v1/demands', 50);
      assert.deepEqual(sorted(all.filter((x) => x.extension_pending_days > 0)
        .map((x) => x.id)), ids(...names));
    });
  }

  test('the filter combines with the others', async () => {
    assert.deepEqual(await listed('supervisor', { extension: 'pending', department: w.deptA.id }),
                     ids('p1'));
    assert.deepEqual(await listed('supervisor', { extension: 'pending', status: 'accepted,answered' }),
                     ids('p2', 'p3'));
    assert.deepEqual(await listed('supervisor', { extension: 'pending', region: '370702' }),
                     ids('p1', 'p2'));
    assert.deepEqual(await listed('supervisor', { extension: 'pending', status: 'done' }), []);
    assert.deepEqual(await listed('handlerA', { extension: 'pending', department: w.deptB.id }), []);
  });

  test('a decision takes a demand off the pending list', async () => {
    const before = await ok(as.supervisor, '/api/v1/demands?extension=pending&count=true');
    assert.equal(before.total, 3);
    await act('supervisor', d.p3.id, 'decide-extension', { approve: true });
    const now = await ok(as.supervisor, '/api/v1/demands?extension=pending&count=true');
    assert.equal(now.total, 2);
    assert.deepEqual(sorted(now.items.map((x) => x.id)), ids('p1', 'p2'));
    assert.deepEqual(await listed('handlerB', { extension: 'pending' }), []);
  });

  test('region_exact keeps the region itself, not the regions below', async () => {
    assert.deepEqual(await listed('leader', { region: '370700', region_exact: 'true' }),
                     ids('p3', 'x2', 'x4'));
    assert.deepEqual(await listed('leader', { region: '370702', region_exact: 'true' }),
                     ids('p1', 'p2', 'x1', 'x3', 'x5'));
    assert.deepEqual(await listed('leader', { region: '370700' }),
                     ids('p1', 'p2', 'p3', 'x1', 'x2', 'x3', 'x4', 'x5'));
    // A region outside the scope finds nothing, exact or not.
    assert.deepEqual(await listed('leader', { region: '370202', region_exact: 'true' }), []);
    // And counts none: the region beside the scope is not read at all.
    for (const q of ['region=370202', 'region=370202&status=open']) {
      const r = await as.leader.get(`/api/v1/demands?${q}&count=true`);
      assert.equal(r.status, 200, q);
      assert.deepEqual([r.body.total, r.body.items], [0, []], q);
    }
    const around = await as.leader.get('/api/v1/demands?region=370000&count=true');
    assert.equal(around.body.total, 8, 'a region around the scope keeps it');
    assert.deepEqual(await listed('admin', { region: '370202', region_exact: 'true' }), ids('q1'));
    assert.deepEqual(await listed('admin', { region: '370200' }), ids('q1'));
  });

  test('a province sees what the admin sees in it, page by page', async () => {
    // Wider than a city, the newest-first list reads by id (DRIVE_ID):
    // each of its filters must still keep exactly the province's rows.
    const every = ['p1', 'p2', 'p3', 'q1', 'x1', 'x2', 'x3', 'x4', 'x5'];
    for (const query of [{}, { status: 'open' }, { status: 'closed,resolved' },
                         { region: '370200' }, { region: '370700', region_exact: 'true' },
                         { category: 'finance' }]) {
      const want = await listed('admin', query);
      assert.deepEqual(await listed('leaderSd', query), want, JSON.stringify(query));
    }
    assert.deepEqual(await listed('leaderSd', {}), ids(...every));
    assert.deepEqual(await listed('leaderSd', { region: '110000' }), []);
  });

  for (const [name, path, field] of [
    ['extension value', '/api/v1/demands?extension=approved', 'extension'],
    ['empty extension', '/api/v1/demands?extension=', 'extension'],
    ['count on demands', '/api/v1/demands?count=yes', 'count'],
    ['region_exact without a region', '/api/v1/demands?region_exact=true', 'region_exact'],
    ['region_exact value', '/api/v1/demands?region=370700&region_exact=exact', 'region_exact'],
    ['count on supervisions', '/api/v1/supervisions?count=2', 'count'],
    ['count on accountability', '/api/v1/accountability?count=on', 'count'],
  ]) {
    test(`a bad ${name} is 400 naming ${field}`, async () => {
      const r = await as.supervisor.get(path);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.match(r.headers.get('content-type'), /application\/problem\+json/);
      assert.deepEqual(problemFields(r), [field]);
    });
  }

  test('without count=true a list has no total', async () => {
    for (const path of ['/api/v1/demands', '/api/v1/supervisions',
                        '/api/v1/accountability']) {
      const b = await ok(as.supervisor, path);
      assert.equal('total' in b, false, path);
      const f = await ok(as.supervisor, `${path}?count=false`);
      assert.equal('total' in f, false, path);
    }
  });
});

// ==== totals on the demo ================================================

describe('totals on the small demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qitong-lists-'));
  // On the backend the other servers use: the counts' SQL is the
  // dialect's.
  const pg = PG ? pgDatabase() : null;
  let srv;
  const as = {};
  let all;      // every demand, as the admin lists them
  let depts;    // every department by id
  const ROLES = ['admin', 'leader', 'supervisor', 'dispatcher', 'handler',
                 'commissioner', 'enterprise'];

  before(async () => {
    const db = pg?.url ?? join(dir, 'demo.db');
    const r = cli(['demo', '--db', db, '--scale', 'small', '--seed', '3']);
    assert.equal(r.status, 0, r.stderr);
    srv = await startServer({ db, init: false, args: ['--tick-seconds', '0'] });
    for (const role of ROLES) {
      as[role] = new Client(srv);
      await as[role].signIn(role, 'Qitong-2026');
    }
    all = await checkTotal(as.admin, '/api/v1/demands', 500);
    // (The department list has no total: it pages like the others.)
    depts = new Map((await pages(as.admin, '/api/v1/departments', 500)).items
      .map((x) => [x.id, x]));
  });
  after(async () => {
    await srv?.stop();
    pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  // The department that leads the most demands, and a county with some.
  const busiest = () => {
    const n = new Map();
    for (const x of all) if (x.lead_department_id) n.set(x.lead_department_id, (n.get(x.lead_department_id) || 0) + 1);
    return [...n].sort((a, b) => b[1] - a[1])[0][0];
  };
  const county = () => all.find((x) => !x.region_code.endsWith('00')).region_code;

  test('the demo is big enough to page', () => {
    assert.ok(all.length > 300, `${all.length} demands`);
    assert.ok(all.some((x) => x.status === 'closed'));
    assert.ok(all.some((x) => x.co_department_ids?.length), 'co-departments');
  });

  const FILTERS = () => [
    {},
    { status: 'open' },
    { status: 'done' },
    { status: 'submitted,assigned,accepted,answered,resolved,closed' },
    { department: busiest() },
    { department: busiest(), status: 'open' },
    { department: busiest(), status: 'closed' },
    { overdue: 'any' },
    { overdue: 'any', sort: 'due' },
    { status: 'open', sort: 'due' },
    { extension: 'pending' },
    { category: 'labour' },
    { region: county() },
    { region: '370700', region_exact: 'true' },
    { from: '2026-05-01', to: '2026-07-01' },
    { from: '2026-05-01', to: '2026-07-01', status: 'closed', department: busiest() },
    // Counted from the rollups (whole months) and from the rows (not).
    { from: '2026-06-01' },
    { to: '2026-07-01', category: 'finance', status: 'done' },
    { category: 'labour', region: county(), status: 'open' },
    { region: '370700', region_exact: 'true', status: 'withdrawn,merged' },
    { from: '2026-05-15', to: '2026-07-01' },
  ];

  for (const role of ROLES) {
    test(`${role}: every filter's total is what paging through gives`, async () => {
      let some = 0;
      for (const f of FILTERS()) {
        const qs = new URLSearchParams(f);
        const items = await checkTotal(as[role], `/api/v1/demands?${qs}`, 29);
        some += items.length;
      }
      if (role !== 'enterprise') assert.ok(some > 0, `${role} saw nothing`);
    });
  }

  test('the unfiltered totals follow each scope', async () => {
    const total = async (who, q = '') =>
      (await ok(as[who], `/api/v1/demands?count=true&limit=1${q}`)).total;
    assert.equal(await total('admin'), all.length);
    // The demo is one city: its region roles see all of it.
    for (const who of ['leader', 'supervisor', 'dispatcher']) {
      assert.equal(await total(who), all.filter((x) => x.region_code.startsWith('3707')).length, who);
    }
    // A handler: its department and below as lead, or its department as
    // co-department; nothing else.
    const me = (await ok(as.handler, '/api/v1/session')).user;
    const path = depts.get(me.department_id).path;
    const mine = all.filter((x) => (x.lead_department_id &&
      depts.get(x.lead_department_id).path.startsWith(path)) ||
      (x.co_department_ids || []).includes(me.department_id));
    assert.ok(mine.length > 0 && mine.length < all.length);
    const listed = await checkTotal(as.handler, '/api/v1/demands', 41);
    assert.deepEqual(sorted(listed.map((x) => x.id)), sorted(mine.map((x) => x.id)));
    assert.equal(await total('handler'), mine.length);
    // Filtered by its own department: as many as the admin counts.
    assert.equal(await total('handler', `&department=${me.department_id}`),
                 all.filter((x) => x.lead_department_id === me.department_id).length);
    // An enterprise: its own.
    const ent = (await ok(as.enterprise, '/api/v1/session')).user;
    assert.equal(await total('enterprise'),
                 all.filter((x) => x.enterprise_id === ent.enterprise_id).length);
    // Filters against the admin's whole list.
    assert.equal(await total('admin', '&status=open'),
                 all.filter((x) => ['submitted', 'assigned', 'accepted', 'answered', 'resolved'].includes(x.status)).length);
    const dep = busiest();
    assert.equal(await total('leader', `&department=${dep}&status=closed`),
                 all.filter((x) => x.lead_department_id === dep && x.status === 'closed').length);
    assert.equal(await total('leader', `&region=${county()}`),
                 all.filter((x) => x.region_code === county()).length);
    assert.equal(await total('leader', '&region=370700&region_exact=true'),
                 all.filter((x) => x.region_code === '370700').length);
    assert.equal(await total('leader', '&overdue=any'),
                 all.filter((x) => x.overdue).length);
  });

  test('pending extensions are counted in every scope that sees them', async () => {
    // One more, asked by the demo handler's department on a demand the
    // demo enterprise submits now.
    const me = (await ok(as.handler, '/api/v1/session')).user;
    const made = await as.enterprise.post('/api/v1/demands', {
      category: 'land', title: '扩建用地指标需要协调', content: '请协调用地指标。',
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    for (const [who, action, body] of [
      ['dispatcher', 'assign', { lead_department_id: me.department_id }],
      ['handler', 'extend', { days: 6, note: '需要上级部门会商。' }],
    ]) {
      const r = await as[who].post(`/api/v1/demands/${made.body.id}/${action}`, body);
      assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
    }
    const now = await checkTotal(as.admin, '/api/v1/demands', 500);
    const pending = now.filter((x) => x.extension_pending_days > 0);
    const path = depts.get(me.department_id).path;
    const handlerSees = (x) => (x.lead_department_id &&
      depts.get(x.lead_department_id).path.startsWith(path)) ||
      (x.co_department_ids || []).includes(me.department_id);
    for (const [who, want] of [
      ['admin', pending],
      ['supervisor', pending.filter((x) => x.region_code.startsWith('3707'))],
      ['handler', pending.filter(handlerSees)],
    ]) {
      const got = await checkTotal(as[who], '/api/v1/demands?extension=pending', 1);
      assert.deepEqual(sorted(got.map((x) => x.id)), sorted(want.map((x) => x.id)), who);
      assert.ok(got.some((x) => x.id === made.body.id), who);
    }
  });

  for (const role of ['admin', 'leader', 'supervisor', 'dispatcher', 'handler']) {
    test(`${role}: supervision totals are what paging through gives`, async () => {
      const open = await checkTotal(as[role], '/api/v1/supervisions', 7);
      const every = await checkTotal(as[role], '/api/v1/supervisions?open=false', 7);
      assert.ok(every.length >= open.length);
      assert.ok(open.every((s) => s.closed_at === null));
      if (role !== 'handler') assert.ok(every.length > 0, `${role} sees no notices`);
    });
  }

  test('a handler\'s notices are its department\'s and below', async () => {
    const me = (await ok(as.handler, '/api/v1/session')).user;
    const path = depts.get(me.department_id).path;
    const every = await checkTotal(as.admin, '/api/v1/supervisions?open=false', 500);
    const mine = every.filter((s) => s.department_id && depts.get(s.department_id).path.startsWith(path));
    const got = await checkTotal(as.handler, '/api/v1/supervisions?open=false', 3);
    assert.deepEqual(sorted(got.map((s) => s.id)), sorted(mine.map((s) => s.id)));
  });

  for (const role of ['admin', 'leader', 'supervisor']) {
    test(`${role}: accountability totals are what paging through gives`, async () => {
      const items = await checkTotal(as[role], '/api/v1/accountability?from=2026-01&to=2026-12', 3);
      assert.ok(items.length > 0);
      const one = await checkTotal(as[role], '/api/v1/accountability?from=2026-06&to=2026-06', 3);
      assert.equal(one.length, items.filter((s) => s.at.startsWith('2026-06')).length);
    });
  }
});
