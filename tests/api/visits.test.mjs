// Visits (走访) over real HTTP: a commissioner records visits only to the
// enterprises paired with it (directly or through its team), with every
// bad field named; the log is scoped (a commissioner its own visits,
// region staff their region's, an enterprise the visits to it, handlers
// none) and out-of-scope visits are 404; demands raised on a visit link
// to it only when it is the submitter's own visit to the same enterprise;
// the due-for-visit list names exactly the paired enterprises not
// visited in N days; the visit ledger is the scoped log.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  Client, adminClient, creditCode, problemFields, sql, startServer,
} from './harness.mjs';

const PASSWORD = 'Visit-pass-2026';
const DAY = 86400 * 1000;

let srv;
let admin;
const w = {};   // records by name
const as = {};  // signed-in clients by account name
const v = {};   // visits by name

async function created(path, body, client = admin) {
  const r = await client.post(path, body);
  assert.equal(r.status, 201, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const enterprise = (n, region, name) => created('/api/v1/enterprises', {
  credit_code: creditCode(n, region), name, region_code: region,
  scale: 'above',
});

const account = (username, role, extra) => created('/api/v1/users', {
  username, display_name: `${username} 同志`, role, password: PASSWORD,
  ...extra,
});

// An instant DAYS days ago (fractions allowed), as RFC 3339.
const ago = (days) => new Date(Date.now() - days * DAY).toISOString();

// The audit rows of ACTION as [entity, entity_id, user_id, detail], read
// with the database's own client (SQLite or PostgreSQL).
function auditRows(action) {
  assert.match(action, /^[a-z_.]+$/);
  const r = sql(srv.db, 'SELECT entity, entity_id, user_id, detail' +
                        ` FROM audit_log WHERE action = '${action}'` +
                        ' ORDER BY id');
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l).map((l) => {
    // The detail is JSON and may hold a '|' of its own: it is the rest.
    const [entity, id, user, ...detail] = l.split('|');
    return [entity, Number(id), Number(user), detail.join('|')];
  });
}

before(async () => {
  srv = await startServer();
  admin = await adminClient(srv);

  w.dept = await created('/api/v1/departments', {
    name: '潍城区工业和信息化局', kind: 'bureau', region_code: '370702',
  });
  // e1 paired with c-wf directly, e2 through its team, e3 in Qingdao with
  // c-qd, e4 paired with c-wf long ago (ended), e5 with c-wf2, e6 paired
  // with c-wf and never visited, e7 paired with c-wf and visited 45 days
  // ago only.
  w.e1 = await enterprise(1, '370702', '潍坊走访一号机械有限公司');
  w.e2 = await enterprise(2, '370703', '潍坊走访二号纺织有限公司');
  w.e3 = await enterprise(3, '370202', '青岛走访三号港务有限公司');
  w.e4 = await enterprise(4, '370702', '潍坊走访四号食品有限公司');
  w.e5 = await enterprise(5, '370702', '潍坊走访五号化工有限公司');
  w.e6 = await enterprise(6, '370705', '潍坊走访六号电子有限公司');
  w.e7 = await enterprise(7, '370705', '潍坊走访七号农业有限公司');
  w.p1 = await created('/api/v1/projects', { name: '一号扩建项目',
                                            enterprise_id: w.e1.id });
  w.p5 = await created('/api/v1/projects', { name: '五号新厂项目',
                                            enterprise_id: w.e5.id });

  w.c = await account('c-wf', 'commissioner', { region_code: '370700' });
  w.lead = await account('c-lead', 'commissioner', { region_code: '370703' });
  w.c2 = await account('c-wf2', 'commissioner', { region_code: '370702' });
  w.cQd = await account('c-qd', 'commissioner', { region_code: '370200' });
  w.disp = await account('disp-wf', 'dispatcher', { region_code: '370700' });
  w.dispQd = await account('disp-qd', 'dispatcher', { region_code: '370200' });
  w.leader = await account('leader-wf', 'leader', { region_code: '370700' });
  w.sup = await account('sup-wf', 'supervisor', { region_code: '370700' });
  w.handler = await account('handler-wc', 'handler',
                            { department_id: w.dept.id });
  w.ent1 = await account('ent-e1', 'enterprise', { enterprise_id: w.e1.id });
  w.ent5 = await account('ent-e5', 'enterprise', { enterprise_id: w.e5.id });

  w.team = await created('/api/v1/teams', {
    name: '潍坊走访小分队', leader_id: w.lead.id, region_code: '370700',
    member_ids: [w.c.id],
  });
  for (const body of [
    { user_id: w.c.id, enterprise_id: w.e1.id },
    { team_id: w.team.id, enterprise_id: w.e2.id },
    { user_id: w.cQd.id, enterprise_id: w.e3.id },
    { user_id: w.c.id, enterprise_id: w.e4.id, starts_on: '2024-01-01',
      ends_on: '2024-12-31' },
    { user_id: w.c2.id, enterprise_id: w.e5.id },
    { user_id: w.c.id, enterprise_id: w.e6.id },
    { user_id: w.c.id, enterprise_id: w.e7.id },
  ]) {
    await created('/api/v1/pairings', body);
  }

  for (const name of ['c-wf', 'c-lead', 'c-wf2', 'c-qd', 'disp-wf',
                      'disp-qd', 'leader-wf', 'sup-wf', 'handler-wc',
                      'ent-e1', 'ent-e5']) {
    as[name] = new Client(srv);
    await as[name].signIn(name, PASSWORD);
  }
  as.admin = admin;

  // The visits every test below reads: c-wf twice to e1 (hours apart),
  // once to e2 (its team's), once to e7 45 days ago; c-lead once to e2;
  // c-wf2 once to e5; c-qd once to e3.
  v.e1a = await created('/api/v1/visits', {
    enterprise_id: w.e1.id, visited_at: ago(0.5), mode: 'on_site',
    notes: '走访一号企业：了解扩建项目用地进展。', project_id: w.p1.id,
  }, as['c-wf']);
  v.e1b = await created('/api/v1/visits', {
    enterprise_id: w.e1.id, mode: 'phone', notes: '电话回访一号企业。',
  }, as['c-wf']);
  v.e2 = await created('/api/v1/visits', {
    enterprise_id: w.e2.id, visited_at: ago(1), mode: 'video',
    notes: '视频连线二号企业，了解订单情况。',
  }, as['c-wf']);
  v.e7 = await created('/api/v1/visits', {
    enterprise_id: w.e7.id, visited_at: ago(45), notes: '走访七号企业。',
  }, as['c-wf']);
  v.lead = await created('/api/v1/visits', {
    enterprise_id: w.e2.id, visited_at: ago(2), notes: '队长走访二号企业。',
  }, as['c-lead']);
  v.e5 = await created('/api/v1/visits', {
    enterprise_id: w.e5.id, visited_at: ago(3), notes: '走访五号企业。',
  }, as['c-wf2']);
  v.e3 = await created('/api/v1/visits', {
    enterprise_id: w.e3.id, visited_at: ago(4), notes: '走访青岛三号企业。',
  }, as['c-qd']);
});
after(async () => { await srv?.stop(); });

describe('recording a visit', () => {
  test('the commissioner\'s visit is stored as sent, with names', async () => {
    const r = await as['c-wf'].get(`/api/v1/visits/${v.e1a.id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const x = r.body;
    assert.equal(x.user_id, w.c.id);
    assert.equal(x.user_name, 'c-wf 同志');
    assert.equal(x.enterprise_id, w.e1.id);
    assert.equal(x.enterprise_name, w.e1.name);
    assert.equal(x.project_id, w.p1.id);
    assert.equal(x.project_name, '一号扩建项目');
    assert.equal(x.region_code, '370702');
    assert.equal(x.mode, 'on_site');
    assert.equal(x.notes, '走访一号企业：了解扩建项目用地进展。');
    assert.match(x.visited_at, /\+08:00$/);
    assert.ok(Math.abs(Date.parse(x.visited_at) - (Date.now() - 0.5 * DAY)) <
              120 * 1000);
    assert.deepEqual(x.demands, []);
    assert.equal(x.demand_count, 0);
  });

  test('visited_at defaults to now and mode to on_site', async () => {
    const x = await created('/api/v1/visits', {
      enterprise_id: w.e6.id, notes: '临时走访，未带时间。',
    }, as['c-wf']);
    assert.equal(x.mode, 'on_site');
    assert.ok(Math.abs(Date.parse(x.visited_at) - Date.now()) < 120 * 1000);
    // Recorded, so e6 leaves the due list of the next test group; the
    // group uses e6 as "never visited" through a fresh enterprise.
    v.e6 = x;
  });

  test('each create is in the audit log as visit.create', () => {
    const rows = auditRows('visit.create');
    const mine = rows.find((r) => r[1] === v.e1a.id);
    assert.ok(mine, JSON.stringify(rows));
    assert.equal(mine[0], 'visit');
    assert.equal(mine[2], w.c.id);
    assert.equal(JSON.parse(mine[3]).enterprise_id, w.e1.id);
    assert.ok(rows.length >= 7);
  });

  test('the database refuses to change or delete a visit', () => {
    const id = v.e1a.id;
    for (const text of [`UPDATE visit SET notes = 'x' WHERE id = ${id}`,
                        `DELETE FROM visit WHERE id = ${id}`]) {
      const r = sql(srv.db, text);
      assert.notEqual(r.status, 0, text);
      assert.match(r.stderr, /visit is append-only/, text);
    }
    const left = sql(srv.db, `SELECT notes FROM visit WHERE id = ${id}`);
    assert.equal(left.stdout.trim(), v.e1a.notes);
  });

  test('a team member visits the team\'s enterprise; the leader too', () => {
    assert.equal(v.e2.enterprise_id, w.e2.id);
    assert.equal(v.lead.user_id, w.lead.id);
  });

  for (const [name, e] of [['another commissioner\'s', 'e5'],
                           ['another city\'s', 'e3'],
                           ['an ended pairing\'s', 'e4']]) {
    test(`${name} enterprise is 422 on enterprise_id`, async () => {
      const r = await as['c-wf'].post('/api/v1/visits', {
        enterprise_id: w[e].id, notes: '不应记录。',
      });
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.deepEqual(problemFields(r), ['enterprise_id']);
    });
  }

  test('an enterprise that does not exist is 422 on enterprise_id', async () => {
    const r = await as['c-wf'].post('/api/v1/visits', {
      enterprise_id: 987654, notes: '不存在。',
    });
    assert.equal(r.status, 422);
    assert.deepEqual(problemFields(r), ['enterprise_id']);
  });

  test('only commissioners record visits: 403 for every other role', async () => {
    for (const name of ['admin', 'disp-wf', 'leader-wf', 'sup-wf',
                        'handler-wc', 'ent-e1']) {
      const r = await as[name].post('/api/v1/visits', {
        enterprise_id: w.e1.id, notes: '代专员记录。',
      });
      assert.equal(r.status, 403, `${name}: ${JSON.stringify(r.body)}`);
    }
  });

  test('every invalid field is named at once', async () => {
    const r = await as['c-wf'].post('/api/v1/visits', {
      mode: 'email', visited_at: ago(-1), project_id: w.p5.id, notes: '',
    });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.deepEqual(problemFields(r),
                     ['enterprise_id', 'mode', 'notes', 'project_id',
                      'visited_at']);
  });

  test('visited_at: not in the future, not over 90 days ago, with a time', async () => {
    for (const visited_at of [ago(-0.1), ago(91), '2026-03-02',
                              'yesterday']) {
      const r = await as['c-wf'].post('/api/v1/visits', {
        enterprise_id: w.e1.id, visited_at, notes: '时间不对。',
      });
      assert.equal(r.status, 422, `${visited_at}: ${JSON.stringify(r.body)}`);
      assert.deepEqual(problemFields(r), ['visited_at']);
    }
  });

  test('notes are 1 to 2000 characters', async () => {
    const long = await as['c-wf'].post('/api/v1/visits', {
      enterprise_id: w.e1.id, notes: '访'.repeat(2001),
    });
    assert.equal(long.status, 422);
    assert.deepEqual(problemFields(long), ['notes']);
    const blank = await as['c-wf'].post('/api/v1/visits', {
      enterprise_id: w.e1.id, notes: '   ',
    });
    assert.equal(blank.status, 422);
    assert.deepEqual(problemFields(blank), ['notes']);
  });

  test('a project of another enterprise is 422 on project_id', async () => {
    const r = await as['c-wf'].post('/api/v1/visits', {
      enterprise_id: w.e1.id, project_id: w.p5.id, notes: '项目不对。',
    });
    assert.equal(r.status, 422);
    assert.deepEqual(problemFields(r), ['project_id']);
  });

  test('wrong types and unknown fields are 400', async () => {
    const typed = await as['c-wf'].post('/api/v1/visits', {
      enterprise_id: String(w.e1.id), notes: '类型不对。',
    });
    assert.equal(typed.status, 400);
    assert.deepEqual(problemFields(typed), ['enterprise_id']);
    const unknown = await as['c-wf'].post('/api/v1/visits', {
      enterprise_id: w.e1.id, notes: '多了字段。', user_id: w.c2.id,
    });
    assert.equal(unknown.status, 400);
    assert.deepEqual(problemFields(unknown), ['user_id']);
  });
});

describe('reading the log', () => {
  const ids = (r) => r.body.items.map((x) => x.id);
  const sorted = (xs) => [...xs].sort((a, b) => a - b);
  let mine;

  before(() => {
    mine = [v.e1a, v.e1b, v.e2, v.e7, v.e6].map((x) => x.id);
  });

  test('a commissioner sees exactly its own visits, newest first', async () => {
    const r = await as['c-wf'].get('/api/v1/visits?limit=500');
    assert.equal(r.status, 200);
    assert.deepEqual(sorted(ids(r)), sorted(mine));
    const times = r.body.items.map((x) => Date.parse(x.visited_at));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    assert.equal(r.body.next_cursor, null);
  });

  test('the team leader sees its own visit, not its member\'s', async () => {
    const r = await as['c-lead'].get('/api/v1/visits?limit=500');
    assert.deepEqual(ids(r), [v.lead.id]);
  });

  test('region staff see their region\'s visits and no other city\'s', async () => {
    const weifang = sorted([...mine, v.lead.id, v.e5.id]);
    for (const name of ['disp-wf', 'leader-wf', 'sup-wf']) {
      const r = await as[name].get('/api/v1/visits?limit=500');
      assert.equal(r.status, 200, name);
      assert.deepEqual(sorted(ids(r)), weifang, name);
    }
    const qd = await as['disp-qd'].get('/api/v1/visits?limit=500');
    assert.deepEqual(ids(qd), [v.e3.id]);
    const all = await admin.get('/api/v1/visits?limit=500');
    assert.deepEqual(sorted(ids(all)), sorted([...weifang, v.e3.id]));
  });

  test('an enterprise sees the visits made to it, by anyone', async () => {
    const r = await as['ent-e1'].get('/api/v1/visits?limit=500');
    assert.deepEqual(sorted(ids(r)), sorted([v.e1a.id, v.e1b.id]));
    const r5 = await as['ent-e5'].get('/api/v1/visits');
    assert.deepEqual(ids(r5), [v.e5.id]);
  });

  test('handlers may not read visits: 403', async () => {
    assert.equal((await as['handler-wc'].get('/api/v1/visits')).status, 403);
    assert.equal((await as['handler-wc'].get(`/api/v1/visits/${v.e1a.id}`))
      .status, 403);
  });

  test('a visit outside the reader\'s scope is 404, as if absent', async () => {
    const cases = [['c-wf', v.e5], ['c-wf', v.lead], ['c-lead', v.e2],
                   ['ent-e1', v.e2], ['ent-e5', v.e1a], ['disp-wf', v.e3],
                   ['disp-qd', v.e1a], ['c-wf2', v.e1a]];
    for (const [name, x] of cases) {
      const r = await as[name].get(`/api/v1/visits/${x.id}`);
      assert.equal(r.status, 404, `${name} → visit ${x.id}`);
    }
    assert.equal((await admin.get('/api/v1/visits/999999')).status, 404);
    // In scope, the same reads succeed.
    assert.equal((await as['disp-wf'].get(`/api/v1/visits/${v.e5.id}`))
      .status, 200);
    assert.equal((await as['ent-e1'].get(`/api/v1/visits/${v.e1b.id}`))
      .status, 200);
  });

  test('filters: enterprise, user, from and to', async () => {
    const e1 = await as['c-wf'].get(`/api/v1/visits?enterprise=${w.e1.id}`);
    assert.deepEqual(sorted(ids(e1)), sorted([v.e1a.id, v.e1b.id]));
    const byUser = await as['disp-wf'].get(`/api/v1/visits?user=${w.c2.id}`);
    assert.deepEqual(ids(byUser), [v.e5.id]);
    // Only the visit 45 days ago is before 10 days ago ...
    const old = await as['c-wf'].get(
      `/api/v1/visits?to=${encodeURIComponent(ago(10))}`);
    assert.deepEqual(ids(old), [v.e7.id]);
    // ... and the window 2.5 to 0.75 days ago holds e2's.
    const mid = await as['c-wf'].get(
      `/api/v1/visits?from=${encodeURIComponent(ago(2.5))}` +
      `&to=${encodeURIComponent(ago(0.75))}`);
    assert.deepEqual(ids(mid), [v.e2.id]);
    // Another commissioner's enterprise filters the own log to nothing.
    const none = await as['c-wf'].get(`/api/v1/visits?enterprise=${w.e5.id}`);
    assert.deepEqual(ids(none), []);
  });

  test('pages follow the cursor without repeats or gaps', async () => {
    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const r = await as['disp-wf'].get('/api/v1/visits?limit=2' +
        (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''));
      assert.equal(r.status, 200);
      assert.ok(r.body.items.length <= 2);
      seen.push(...ids(r));
      cursor = r.body.next_cursor;
      pages++;
    } while (cursor && pages < 20);
    const all = await as['disp-wf'].get('/api/v1/visits?limit=500');
    assert.deepEqual(seen, ids(all));
    assert.equal(new Set(seen).size, seen.length);
    assert.ok(pages >= 4);
  });

  test('bad arguments are 400 naming them', async () => {
    for (const [q, field] of [['cursor=abc', 'cursor'], ['from=soon', 'from'],
                              ['to=2026-13-40', 'to'], ['enterprise=x',
                                                        'enterprise'],
                              ['limit=0', 'limit']]) {
      const r = await as['c-wf'].get(`/api/v1/visits?${q}`);
      assert.equal(r.status, 400, q);
      assert.deepEqual(problemFields(r), [field], q);
    }
  });
});

describe('demands raised on a visit', () => {
  const demand = (extra) => ({
    category: 'land', title: '走访中反映扩建用地指标不足',
    content: '企业扩建项目需新增建设用地，希望协调用地指标。', ...extra,
  });

  test('the commissioner links its own visit: channel visit, listed on it', async () => {
    const r = await as['c-wf'].post('/api/v1/demands', demand({
      enterprise_id: w.e1.id, visit_id: v.e1a.id,
    }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.visit_id, v.e1a.id);
    assert.equal(r.body.channel, 'visit');
    const d = await as['c-wf'].get(`/api/v1/demands/${r.body.id}`);
    assert.equal(d.body.visit_id, v.e1a.id);
    const x = await as['c-wf'].get(`/api/v1/visits/${v.e1a.id}`);
    assert.equal(x.body.demand_count, 1);
    assert.deepEqual(x.body.demands.map((y) => [y.id, y.code, y.status]),
                     [[r.body.id, r.body.code, 'submitted']]);
    // The enterprise sees the visit with the demand raised on it.
    const seen = await as['ent-e1'].get(`/api/v1/visits/${v.e1a.id}`);
    assert.equal(seen.body.demands[0].id, r.body.id);
    const list = await as['c-wf'].get(`/api/v1/visits?enterprise=${w.e1.id}`);
    assert.equal(list.body.items.find((y) => y.id === v.e1a.id).demand_count,
                 1);
  });

  test('a demand without a visit has visit_id null', async () => {
    const r = await as['c-wf'].post('/api/v1/demands', demand({
      enterprise_id: w.e1.id, channel: 'visit',
    }));
    assert.equal(r.status, 201);
    assert.equal(r.body.visit_id, null);
  });

  test('a visit to another enterprise is 422 on visit_id', async () => {
    const r = await as['c-wf'].post('/api/v1/demands', demand({
      enterprise_id: w.e1.id, visit_id: v.e2.id,
    }));
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.deepEqual(problemFields(r), ['visit_id']);
  });

  test('someone else\'s visit to the same enterprise is 422 on visit_id', async () => {
    // c-lead visited e2, which c-wf serves through the team too.
    const r = await as['c-wf'].post('/api/v1/demands', demand({
      enterprise_id: w.e2.id, visit_id: v.lead.id,
    }));
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.deepEqual(problemFields(r), ['visit_id']);
    // The enterprise itself cannot claim its commissioner's visit.
    const ent = await as['ent-e1'].post('/api/v1/demands', demand({
      visit_id: v.e1a.id,
    }));
    assert.equal(ent.status, 422, JSON.stringify(ent.body));
    assert.deepEqual(problemFields(ent), ['visit_id']);
    const none = await as['c-wf'].post('/api/v1/demands', demand({
      enterprise_id: w.e1.id, visit_id: 999999,
    }));
    assert.equal(none.status, 422);
    assert.deepEqual(problemFields(none), ['visit_id']);
  });

  test('a channel other than visit with a visit_id is 422 on channel', async () => {
    const r = await as['c-wf'].post('/api/v1/demands', demand({
      enterprise_id: w.e1.id, visit_id: v.e1b.id, channel: 'web',
    }));
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.deepEqual(problemFields(r), ['channel']);
    const x = await as['c-wf'].get(`/api/v1/visits/${v.e1b.id}`);
    assert.equal(x.body.demand_count, 0, 'nothing was linked');
  });
});

describe('due for a visit', () => {
  const names = (r) => r.body.items.map((x) => x.enterprise_name).sort();

  test('default 30 days: the paired enterprises not visited lately', async () => {
    // e1 and e2 were visited today or yesterday, e6 just now; e7 45 days
    // ago.  e8, paired now, never.
    w.e8 = await enterprise(8, '370705', '潍坊走访八号物流有限公司');
    await created('/api/v1/pairings', { user_id: w.c.id,
                                        enterprise_id: w.e8.id });
    const r = await as['c-wf'].get('/api/v1/visits/due');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(names(r), [w.e7.name, w.e8.name].sort());
    const e7 = r.body.items.find((x) => x.enterprise_id === w.e7.id);
    assert.equal(e7.due, true);
    assert.equal(e7.days_since, 45);
    assert.equal(e7.recent_visits, 0);
    assert.equal(Date.parse(e7.last_visited_at), Date.parse(v.e7.visited_at));
    const e8 = r.body.items.find((x) => x.enterprise_id === w.e8.id);
    assert.equal(e8.last_visited_at, null);
    assert.equal(e8.days_since, null);
    assert.equal(e8.due, true);
  });

  test('all=true lists every paired enterprise with its visit counts', async () => {
    const r = await as['c-wf'].get('/api/v1/visits/due?all=true');
    assert.deepEqual(names(r), [w.e1, w.e2, w.e6, w.e7, w.e8]
      .map((e) => e.name).sort());
    const by = Object.fromEntries(r.body.items.map((x) => [x.enterprise_id,
                                                          x]));
    assert.equal(by[w.e1.id].due, false);
    assert.equal(by[w.e1.id].recent_visits, 2);
    // e2 counts its team leader's visit too: the enterprise was visited.
    assert.equal(by[w.e2.id].recent_visits, 2);
    assert.equal(Date.parse(by[w.e2.id].last_visited_at),
                 Date.parse(v.e2.visited_at));
    assert.equal(by[w.e6.id].days_since, 0);
  });

  test('days=60 keeps e7, visited 45 days ago, off the list', async () => {
    const r = await as['c-wf'].get('/api/v1/visits/due?days=60');
    assert.deepEqual(names(r), [w.e8.name]);
  });

  test('a visit by the team leader counts for the team member', async () => {
    // c-lead serves e2 only (through its team), which c-wf visited.
    const r = await as['c-lead'].get('/api/v1/visits/due?all=true');
    assert.deepEqual(r.body.items.map((x) => x.enterprise_id), [w.e2.id]);
    assert.equal(r.body.items[0].due, false);
    // Its latest visit is c-wf's a day ago, not c-lead's own two days ago.
    assert.equal(Date.parse(r.body.items[0].last_visited_at),
                 Date.parse(v.e2.visited_at));
    const due = await as['c-lead'].get('/api/v1/visits/due');
    assert.deepEqual(due.body.items, []);
  });

  test('paging by enterprise, and bad arguments', async () => {
    const first = await as['c-wf'].get('/api/v1/visits/due?all=1&limit=2');
    assert.equal(first.body.items.length, 2);
    assert.ok(first.body.next_cursor);
    const second = await as['c-wf'].get(
      `/api/v1/visits/due?all=1&limit=2&cursor=${first.body.next_cursor}`);
    assert.ok(second.body.items[0].enterprise_id >
              first.body.items[1].enterprise_id);
    for (const q of ['days=0', 'days=366', 'days=x', 'all=maybe']) {
      const r = await as['c-wf'].get(`/api/v1/visits/due?${q}`);
      assert.equal(r.status, 400, q);
    }
  });

  test('only commissioners have a due list: 403 for others', async () => {
    for (const name of ['admin', 'disp-wf', 'ent-e1', 'handler-wc']) {
      const r = await as[name].get('/api/v1/visits/due');
      assert.equal(r.status, 403, name);
    }
  });
});

describe('the visit ledger', () => {
  const rows = (csv) => csv.replace(/^\uFEFF/, '').trim().split(/\r\n/);

  test('exports the scoped log as CSV, with Chinese headers', async () => {
    const r = await as['disp-wf'].get('/api/v1/exports/visits?format=csv');
    assert.equal(r.status, 200, String(r.body));
    const lines = rows(r.body);
    assert.match(lines[0], /^编号,走访时间,走访方式,服务专员/);
    const list = await as['disp-wf'].get('/api/v1/visits?limit=500');
    assert.equal(lines.length - 1, list.body.items.length);
    assert.equal(r.headers.get('x-ledger-rows'),
                 String(list.body.items.length));
    assert.ok(!r.body.includes('青岛走访三号'), 'no other city\'s visit');
    assert.ok(r.body.includes('实地'));
  });

  test('a commissioner exports its own visits; filters apply', async () => {
    const r = await as['c-wf'].get(
      `/api/v1/exports/visits?format=csv&enterprise=${w.e1.id}`);
    assert.equal(r.status, 200);
    assert.equal(rows(r.body).length - 1, 2);
    const h = await as['handler-wc'].get('/api/v1/exports/visits?format=csv');
    assert.equal(h.status, 200);
    assert.equal(rows(h.body).length, 1, 'a handler\'s ledger is empty');
  });
});
