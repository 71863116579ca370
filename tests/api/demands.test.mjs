// Demands over real HTTP: the lifecycle from submission to closure, its
// deadlines under the test clock, who may take which action, each role's
// view of the demands, the list's filters and paging, and bad input.
//
// Three servers, each with the same small world built through the admin
// API (潍坊 370700 with 潍城区 370702, and 青岛 370200): one for the
// lifecycle, one whose demands are fixed so each role's scope can be
// checked exactly, one for the filters.  Every client signs in once and
// then uses an API token, because moving the test clock days ahead ends
// cookie sessions (two hours idle).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ADMIN, Client, creditCode, problemFields, sql, startServer,
} from './harness.mjs';

const PASSWORD = 'Demand-pass-2026';
const HOUR = 3600e3;
const DAY = 86400e3;
const BASE = '2026-03-02T09:00:00+08:00'; // a Monday

const ms = (t) => Date.parse(t);
// The instant T (ms) as RFC 3339 in China Standard Time.
const cst = (t) => new Date(t + 8 * HOUR).toISOString().slice(0, 19) +
  '+08:00';
const at = (t, plus) => cst(ms(t) + plus);
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const seqOf = (code) => Number(code.slice(8));

class World {
  constructor(srv) {
    this.srv = srv;
    this.anon = new Client(srv);
    this.w = {};  // records by name
    this.as = {}; // token clients by name
    this.serial = 0;
  }

  async clock(t) {
    const r = await this.anon.put('/api/v1/test/clock', { now: t });
    assert.equal(r.status, 200, `clock: ${JSON.stringify(r.body)}`);
  }

  async created(path, body) {
    const r = await this.as.admin.post(path, body);
    assert.equal(r.status, 201, `${path}: ${JSON.stringify(r.body)}`);
    return r.body;
  }

  // A client for USERNAME that carries an API token, not a cookie.
  async tokenClient(username, password) {
    const c = new Client(this.srv);
    await c.signIn(username, password);
    const r = await c.post('/api/v1/tokens', { name: 'demands-test' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const t = new Client(this.srv);
    t.token = r.body.token;
    return t;
  }

  async account(name, role, extra) {
    this.w[name] = await this.created('/api/v1/users', {
      username: name, display_name: name, role, password: PASSWORD, ...extra,
    });
    this.as[name] = await this.tokenClient(name, PASSWORD);
  }

  // Submit a demand as WHO; FIELDS override the defaults.
  async submit(who, fields = {}) {
    this.serial++;
    const r = await this.as[who].post('/api/v1/demands', {
      category: 'other', title: `测试诉求第${this.serial}件`,
      content: '企业反映的问题，请协调解决。', ...fields,
    });
    assert.equal(r.status, 201, `submit as ${who}: ${JSON.stringify(r.body)}`);
    return r.body;
  }

  async act(who, id, action, body, want = 200) {
    const r = await this.as[who].post(`/api/v1/demands/${id}/${action}`,
                                      body);
    assert.equal(r.status, want,
                 `${who} ${action} #${id}: ${JSON.stringify(r.body)}`);
    return r;
  }

  async get(who, id) {
    const r = await this.as[who].get(`/api/v1/demands/${id}`);
    assert.equal(r.status, 200, `${who} GET #${id}: ${JSON.stringify(r.body)}`);
    return r.body;
  }

  // Ids of WHO's demand list with QUERY (an object), in list order.
  async ids(who, query = {}) {
    const qs = new URLSearchParams({ limit: '500', ...query });
    const r = await this.as[who].get(`/api/v1/demands?${qs}`);
    assert.equal(r.status, 200, `${who} list ${qs}: ${JSON.stringify(r.body)}`);
    return r.body.items.map((d) => d.id);
  }

  // A demand of E1, submitted by its enterprise user and assigned to
  // department A (CO: co-departments) at the current clock.
  async assigned(co = [], fields = {}) {
    const d = await this.submit('entE1', fields);
    const r = await this.act('dispatcher', d.id, 'assign', {
      lead_department_id: this.w.deptA.id, co_department_ids: co,
    });
    return r.body;
  }

  async resolved(fields = {}) {
    const d = await this.assigned([], fields);
    await this.act('handlerA', d.id, 'answer', { note: '已联系企业，本周内答复。' });
    const r = await this.act('handlerA', d.id, 'resolve',
                             { outcome: 'resolved', note: '问题已解决。' });
    return r.body;
  }

  async closed(fields = {}) {
    const d = await this.resolved(fields);
    const r = await this.act('entE1', d.id, 'confirm',
                             { satisfaction: 'satisfied' });
    return r.body;
  }
}

// The same world on every server: departments A (city) with A2 (its
// county branch), B and a co-department in 潍坊, one in 青岛; enterprises
// E1 and E4 in 潍城区, E2 in 潍坊, E3 in 青岛, each with a user; the
// region roles of 潍坊 and a dispatcher of 青岛; a commissioner paired
// with E1.
async function buildWorld() {
  const srv = await startServer({ testClock: true });
  const world = new World(srv);
  const { w } = world;
  // Pairings start "today": fix today before anything is made.
  await world.clock(BASE);
  world.as.admin = await world.tokenClient(ADMIN.username, ADMIN.password);

  w.deptA = await world.created('/api/v1/departments', {
    name: '潍坊市工业和信息化局', kind: 'bureau', region_code: '370700',
  });
  w.deptA2 = await world.created('/api/v1/departments', {
    name: '潍城区工业和信息化局', kind: 'bureau', region_code: '370702',
    parent_id: w.deptA.id,
  });
  w.deptB = await world.created('/api/v1/departments', {
    name: '潍坊市人力资源和社会保障局', kind: 'bureau', region_code: '370700',
  });
  w.deptCo = await world.created('/api/v1/departments', {
    name: '潍坊市地方金融监督管理局', kind: 'bureau', region_code: '370700',
  });
  w.deptQd = await world.created('/api/v1/departments', {
    name: '青岛市工业和信息化局', kind: 'bureau', region_code: '370200',
  });

  const enterprise = (n, region, name) => world.created('/api/v1/enterprises', {
    credit_code: creditCode(n, region), name, region_code: region,
    scale: 'above',
  });
  w.e1 = await enterprise(1, '370702', '潍坊一号机械有限公司');
  w.e2 = await enterprise(2, '370700', '潍坊二号纺织有限公司');
  w.e3 = await enterprise(3, '370202', '青岛三号港务有限公司');
  w.e4 = await enterprise(4, '370702', '潍坊四号食品有限公司');

  await world.account('dispatcher', 'dispatcher', { region_code: '370700' });
  await world.account('supervisor', 'supervisor', { region_code: '370700' });
  await world.account('leader', 'leader', { region_code: '370700' });
  await world.account('dispatcherQd', 'dispatcher', { region_code: '370200' });
  await world.account('handlerA', 'handler', { department_id: w.deptA.id });
  await world.account('handlerA2', 'handler', { department_id: w.deptA2.id });
  await world.account('handlerB', 'handler', { department_id: w.deptB.id });
  await world.account('handlerCo', 'handler', { department_id: w.deptCo.id });
  await world.account('commissioner', 'commissioner',
                      { region_code: '370700', level: 'city' });
  await world.account('entE1', 'enterprise', { enterprise_id: w.e1.id });
  await world.account('entE2', 'enterprise', { enterprise_id: w.e2.id });
  await world.account('entE3', 'enterprise', { enterprise_id: w.e3.id });
  await world.account('entE4', 'enterprise', { enterprise_id: w.e4.id });
  w.pairing = await world.created('/api/v1/pairings', {
    user_id: w.commissioner.id, enterprise_id: w.e1.id,
  });
  return world;
}

// ==== the lifecycle ======================================================

describe('lifecycle', () => {
  let W;
  let w;
  before(async () => {
    W = await buildWorld();
    w = W.w;
  });
  after(async () => { await W?.srv.stop(); });

  test('the on-time path closes with every step in the timeline', async () => {
    const times = ['2026-03-02T09:00:00+08:00', '2026-03-02T10:00:00+08:00',
                   '2026-03-02T11:00:00+08:00', '2026-03-03T09:00:00+08:00',
                   '2026-03-05T15:00:00+08:00', '2026-03-06T09:00:00+08:00'];
    await W.clock(times[0]);
    const d = await W.submit('entE1', { category: 'labour',
                                        title: '节后招工困难' });
    await W.clock(times[1]);
    await W.act('dispatcher', d.id, 'assign',
                { lead_department_id: w.deptA.id });
    await W.clock(times[2]);
    await W.act('handlerA', d.id, 'accept');
    await W.clock(times[3]);
    await W.act('handlerA', d.id, 'answer', { note: '已对接人社部门招聘会。' });
    await W.clock(times[4]);
    await W.act('handlerA', d.id, 'resolve',
                { outcome: 'resolved', note: '已招到工人八十名。' });
    await W.clock(times[5]);
    await W.act('entE1', d.id, 'confirm', { satisfaction: 'satisfied' });

    const got = await W.get('entE1', d.id);
    assert.equal(got.status, 'closed');
    assert.match(got.code, /^QT-2026-\d{6}$/);
    assert.equal(got.satisfaction, 'satisfied');
    assert.equal(got.outcome, 'resolved');
    assert.equal(ms(got.closed_at), ms(times[5]));
    assert.equal(got.overdue, false);
    assert.deepEqual(got.timeline.map((e) => e.action),
                     ['submit', 'assign', 'accept', 'answer', 'resolve',
                      'confirm']);
    assert.deepEqual(got.timeline.map((e) => e.actor_id),
                     [w.entE1.id, w.dispatcher.id, w.handlerA.id,
                      w.handlerA.id, w.handlerA.id, w.entE1.id]);
    assert.deepEqual(got.timeline.map((e) => ms(e.at)), times.map(ms));
    assert.deepEqual(got.timeline.map((e) => e.to),
                     ['submitted', 'assigned', 'accepted', 'answered',
                      'resolved', 'closed']);
  });

  test('text with quotes, backslashes and line breaks reads back as sent', async () => {
    // Demands are written as JSON text by hand (src/http/jw.c), not by
    // jansson: its escaping must hold in every view of the demand.
    const title = '标题"引号"\\反斜杠/斜杠😀';
    const content = '引号"与反斜杠\\，换行\n制表\t回车\r，</script>，' +
      '分隔\u2028符，删除\u007f。';
    const d = await W.submit('entE1', { title, content });
    assert.equal(d.title, title);
    assert.equal(d.content, content);
    await W.act('dispatcher', d.id, 'assign',
                { lead_department_id: w.deptA.id });
    const got = await W.get('handlerA', d.id);
    assert.equal(got.title, title);
    assert.equal(got.content, content);
    const path = `/api/v1/demands?department=${w.deptA.id}&status=open` +
      '&limit=500';
    const r = await fetch(W.srv.base + path, {
      headers: { authorization: `Bearer ${W.as.handlerA.token}` },
    });
    assert.equal(r.status, 200);
    const text = await r.text();
    const item = JSON.parse(text).items.find((x) => x.id === d.id);
    assert.equal(item.title, title);
    assert.equal(item.content, content);
    // As jansson wrote it: the control characters escaped by name, the
    // slash and everything past ASCII as they are.
    assert.ok(text.includes('"标题\\"引号\\"\\\\反斜杠/斜杠😀"'), text);
    assert.ok(text.includes('换行\\n制表\\t回车\\r，</script>'), text);
    assert.ok(text.includes('分隔\u2028符，删除\u007f。'), text);
    assert.doesNotMatch(text, /[\u0000-\u001f]/);
  });

  test('a submission for an enterprise the submitter does not serve is 422', async () => {
    await W.clock('2026-03-02T09:00:00+08:00');
    for (const [who, e] of [['entE1', 'e2'], ['commissioner', 'e2'],
                            ['dispatcherQd', 'e1']]) {
      const r = await W.as[who].post('/api/v1/demands', {
        enterprise_id: w[e].id, category: 'other', title: '越界提交',
        content: '内容',
      });
      assert.equal(r.status, 422, who);
      assert.deepEqual(problemFields(r), ['enterprise_id'], who);
    }
  });

  test('codes are consecutive and a rejected submission uses no number', async () => {
    await W.clock('2026-04-01T09:00:00+08:00');
    const a = await W.submit('entE1');
    const unknown = await W.as.entE1.post('/api/v1/demands', {
      category: 'no-such-category', title: '被拒绝的诉求', content: '内容',
    });
    assert.equal(unknown.status, 422);
    assert.deepEqual(problemFields(unknown), ['category']);
    // Rejected inside the submission's transaction: an enterprise the
    // dispatcher does not serve.
    const outside = await W.as.dispatcher.post('/api/v1/demands', {
      enterprise_id: w.e3.id, category: 'other', title: '越界诉求',
      content: '内容',
    });
    assert.equal(outside.status, 422);
    assert.deepEqual(problemFields(outside), ['enterprise_id']);
    const b = await W.submit('entE1');
    const c = await W.submit('dispatcher', { enterprise_id: w.e2.id,
                                             channel: 'hotline' });
    assert.equal(seqOf(b.code), seqOf(a.code) + 1);
    assert.equal(seqOf(c.code), seqOf(b.code) + 1);
  });

  test('each year numbers from 000001 by China Standard Time', async () => {
    // 01:00 on 1 January in 潍坊 is still 31 December in UTC.
    await W.clock('2026-12-31T09:00:00+08:00');
    const last2026 = await W.submit('entE1');
    assert.match(last2026.code, /^QT-2026-/);
    await W.clock('2027-01-01T01:00:00+08:00');
    const first = await W.submit('entE1');
    const second = await W.submit('entE1');
    assert.equal(first.code, 'QT-2027-000001');
    assert.equal(second.code, 'QT-2027-000002');
    await W.clock('2026-12-31T10:00:00+08:00');
    const late2026 = await W.submit('entE1');
    assert.equal(seqOf(late2026.code), seqOf(last2026.code) + 1);
  });

  test('the millionth demand of a year gets a seventh digit; the ten millionth is 409', async () => {
    await W.clock('2028-03-01T09:00:00+08:00');
    const setLast = (n) => {
      const r = sql(W.srv.db, 'INSERT INTO demand_code_seq (year, last) ' +
                    `VALUES (2028, ${n}) ON CONFLICT (year) DO UPDATE ` +
                    `SET last = ${n}`);
      assert.equal(r.status, 0, r.stderr);
    };
    setLast(999998);
    assert.equal((await W.submit('entE1')).code, 'QT-2028-999999');
    assert.equal((await W.submit('entE1')).code, 'QT-2028-1000000');
    setLast(9999999);
    const full = await W.as.entE1.post('/api/v1/demands', {
      category: 'other', title: '编号用尽', content: '内容',
    });
    assert.equal(full.status, 409);
    assert.match(full.body.detail, /QT-2028-9999999/);
    // Refused inside its transaction: the number was not taken.
    assert.equal(sql(W.srv.db, 'SELECT last FROM demand_code_seq ' +
                     'WHERE year = 2028').stdout.trim(), '9999999');
  });

  test('answering before accepting is allowed and sets accepted_at', async () => {
    await W.clock('2026-03-10T09:00:00+08:00');
    const d = await W.assigned();
    await W.clock('2026-03-10T11:00:00+08:00');
    const r = await W.act('handlerA', d.id, 'answer', { note: '直接答复。' });
    assert.equal(r.body.status, 'answered');
    assert.equal(ms(r.body.accepted_at), ms('2026-03-10T11:00:00+08:00'));
    assert.equal(r.body.answer, '直接答复。');
  });

  test('resolving before answering is 409 naming the status', async () => {
    await W.clock('2026-03-10T09:00:00+08:00');
    const d = await W.assigned();
    const r = await W.act('handlerA', d.id, 'resolve',
                          { outcome: 'resolved', note: '跳过答复。' }, 409);
    assert.match(r.body.detail, /assigned/);
    assert.equal((await W.get('handlerA', d.id)).status, 'assigned');
  });

  test('a return with its reason goes back to the dispatcher', async () => {
    await W.clock('2026-03-11T09:00:00+08:00');
    const d = await W.assigned();
    const r = await W.act('handlerA', d.id, 'return',
                          { note: '用地问题不属于本局职责。' });
    assert.equal(r.body.status, 'submitted');
    assert.equal(r.body.return_pending, true);
    assert.equal(r.body.return_count, 1);
    assert.equal(r.body.returned_from, w.deptA.id);
    const last = r.body.timeline.at(-1);
    assert.equal(last.action, 'return');
    assert.equal(last.note, '用地问题不属于本局职责。');
    const seen = await W.ids('dispatcher', { status: 'submitted' });
    assert.ok(seen.includes(d.id));
  });

  test('a refused return goes back to the same department on its old deadlines', async () => {
    await W.clock('2026-03-11T09:00:00+08:00');
    const d = await W.assigned();
    await W.clock('2026-03-11T10:00:00+08:00');
    const accepted = (await W.act('handlerA', d.id, 'accept')).body;
    await W.act('handlerA', d.id, 'return', { note: '不属于本局职责。' });
    await W.clock('2026-03-12T09:00:00+08:00');
    const r = await W.act('dispatcher', d.id, 'refuse-return');
    assert.equal(r.body.status, 'accepted');
    assert.equal(r.body.lead_department_id, w.deptA.id);
    assert.equal(r.body.return_pending, false);
    assert.deepEqual(r.body.due, accepted.due);
    assert.equal(r.body.accepted_at, accepted.accepted_at);
    assert.equal(ms(r.body.due.answer), ms('2026-03-14T09:00:00+08:00'));
  });

  test('assigning back to the department that returned it keeps its deadlines', async () => {
    await W.clock('2026-03-11T09:00:00+08:00');
    const d = await W.assigned();
    await W.act('handlerA', d.id, 'return', { note: '不属于本局职责。' });
    await W.clock('2026-03-12T09:00:00+08:00');
    const r = await W.act('dispatcher', d.id, 'assign',
                          { lead_department_id: w.deptA.id });
    assert.equal(r.body.status, 'assigned');
    assert.equal(r.body.return_pending, false);
    assert.deepEqual(r.body.due, d.due);
  });

  test('reassigning a returned demand starts new deadlines for the new department', async () => {
    await W.clock('2026-03-11T09:00:00+08:00');
    const d = await W.assigned();
    await W.act('handlerA', d.id, 'return', { note: '应由人社局办理。' });
    const t = '2026-03-12T15:30:00+08:00';
    await W.clock(t);
    const r = await W.act('dispatcher', d.id, 'assign',
                          { lead_department_id: w.deptB.id });
    assert.equal(r.body.status, 'assigned');
    assert.equal(r.body.lead_department_id, w.deptB.id);
    assert.equal(r.body.return_pending, false);
    assert.equal(r.body.return_count, 1);
    assert.equal(ms(r.body.due.answer), ms(t) + 3 * DAY);
    assert.equal(ms(r.body.due.resolve), ms(t) + 15 * DAY);
    // It is department B's now: B may accept it, A no longer sees it.
    await W.act('handlerB', d.id, 'accept');
    assert.equal((await W.as.handlerA.get(`/api/v1/demands/${d.id}`)).status,
                 404);
  });

  test('a returned demand\'s answer clock keeps running: it is listed overdue', async () => {
    // The first department owns it until the return is accepted, so its
    // deadline stands while the dispatcher decides (首接负责制).
    await W.clock('2026-06-01T09:00:00+08:00');
    const d = await W.assigned([], { title: '退回后超期的诉求' });
    await W.act('handlerA', d.id, 'return', { note: '不属于本局职责。' });
    await W.clock('2026-06-04T10:00:00+08:00');
    const got = await W.get('dispatcher', d.id);
    assert.equal(got.overdue, true);
    for (const overdue of ['answer', 'any']) {
      assert.deepEqual(await W.ids('dispatcher', { overdue, q: '退回后超期' }),
                       [d.id], overdue);
    }
  });

  test('a return without a reason is 422', async () => {
    await W.clock('2026-03-11T09:00:00+08:00');
    const d = await W.assigned();
    const none = await W.act('handlerA', d.id, 'return', {}, 422);
    assert.deepEqual(problemFields(none), ['note']);
    const empty = await W.act('handlerA', d.id, 'return', { note: '' }, 422);
    assert.deepEqual(problemFields(empty), ['note']);
    assert.equal((await W.get('handlerA', d.id)).status, 'assigned');
  });

  test('an assignment to an unknown department or with the lead as co-department is 422', async () => {
    await W.clock('2026-03-13T09:00:00+08:00');
    const d = await W.submit('entE1');
    const unknown = await W.act('dispatcher', d.id, 'assign',
                                { lead_department_id: 99999999 }, 422);
    assert.deepEqual(problemFields(unknown), ['lead_department_id']);
    const twice = await W.act('dispatcher', d.id, 'assign', {
      lead_department_id: w.deptA.id, co_department_ids: [w.deptA.id],
    }, 422);
    assert.deepEqual(problemFields(twice), ['co_department_ids']);
    assert.equal((await W.get('dispatcher', d.id)).status, 'submitted');
  });

  test('co-departments read back in id order, alone and in the inbox', async () => {
    // They are a column of the demand's row (D_CO_IDS), no longer a
    // query of their own: the order is the statement's.
    await W.clock('2026-03-13T09:00:00+08:00');
    const co = [w.deptCo.id, w.deptB.id].sort((a, b) => b - a);
    const d = await W.assigned(co);
    const want = [...co].sort((a, b) => a - b);
    assert.deepEqual(d.co_department_ids, want);
    assert.deepEqual((await W.get('handlerA', d.id)).co_department_ids, want);
    const r = await W.as.handlerA.get(
      `/api/v1/demands?department=${w.deptA.id}&status=open&limit=500`);
    assert.equal(r.status, 200);
    const item = r.body.items.find((x) => x.id === d.id);
    assert.deepEqual(item.co_department_ids, want);
    const plain = r.body.items.filter((x) => x.id !== d.id);
    assert.ok(plain.every((x) => Array.isArray(x.co_department_ids)));
  });

  test('a co-department comments but may not answer', async () => {
    await W.clock('2026-03-13T09:00:00+08:00');
    const d = await W.assigned([w.deptCo.id]);
    assert.deepEqual(d.co_department_ids, [w.deptCo.id]);
    const c = await W.act('handlerCo', d.id, 'comment',
                          { note: '金融局可协调贴息。' });
    assert.equal(c.body.timeline.at(-1).action, 'comment');
    assert.equal(c.body.timeline.at(-1).actor_id, w.handlerCo.id);
    const a = await W.act('handlerCo', d.id, 'answer',
                          { note: '协办单位答复。' }, 403);
    assert.equal(a.body.type, 'urn:qitong:problem:forbidden');
    assert.equal((await W.get('handlerCo', d.id)).status, 'assigned');
  });

  test('an unrelated handler gets 404 for the demand', async () => {
    await W.clock('2026-03-13T09:00:00+08:00');
    const d = await W.assigned([w.deptCo.id]);
    const none = await W.as.handlerB.get('/api/v1/demands/99999999');
    const get = await W.as.handlerB.get(`/api/v1/demands/${d.id}`);
    assert.equal(get.status, 404);
    assert.equal(get.body.detail, none.body.detail);
    const c = await W.act('handlerB', d.id, 'comment', { note: '路过。' }, 404);
    assert.equal(c.body.detail, none.body.detail);
    await W.act('handlerB', d.id, 'accept', undefined, 404);
  });

  test('an unsatisfied rating reopens the demand with clocks from the rating', async () => {
    await W.clock('2026-03-16T09:00:00+08:00');
    const d = await W.resolved();
    const t = '2026-03-20T14:00:00+08:00';
    await W.clock(t);
    const r = await W.act('entE1', d.id, 'confirm',
                          { satisfaction: 'unsatisfied' });
    assert.equal(r.body.status, 'assigned');
    assert.equal(r.body.reopen_count, 1);
    assert.equal(r.body.satisfaction, 'unsatisfied');
    assert.equal(r.body.outcome, null);
    assert.equal(r.body.answered_at, null);
    assert.equal(ms(r.body.due.answer), ms(t) + 3 * DAY);
    assert.equal(ms(r.body.due.resolve), ms(t) + 15 * DAY);
    assert.equal(r.body.lead_department_id, w.deptA.id);
  });

  test('a reopened demand keeps its unsatisfied rating until it is rated again', async () => {
    await W.clock('2026-03-16T09:00:00+08:00');
    const d = await W.resolved();
    await W.act('entE1', d.id, 'confirm', { satisfaction: 'unsatisfied' });
    const a = await W.act('handlerA', d.id, 'answer', { note: '重新办理。' });
    assert.equal(a.body.satisfaction, 'unsatisfied');
    const s = await W.act('handlerA', d.id, 'resolve',
                          { outcome: 'partial', note: '部分解决。' });
    assert.equal(s.body.satisfaction, 'unsatisfied');
    const c = await W.act('entE1', d.id, 'confirm',
                          { satisfaction: 'satisfied' });
    assert.equal(c.body.status, 'closed');
    assert.equal(c.body.satisfaction, 'satisfied');
    assert.equal(c.body.reopen_count, 1);
    assert.equal(c.body.outcome, 'partial');
  });

  test('the paired commissioner confirms on the enterprise\'s behalf', async () => {
    await W.clock('2026-03-16T09:00:00+08:00');
    const d = await W.resolved();
    const r = await W.act('commissioner', d.id, 'confirm',
                          { satisfaction: 'basic' });
    assert.equal(r.body.status, 'closed');
    assert.equal(r.body.satisfaction, 'basic');
    assert.equal(r.body.timeline.at(-1).actor_id, w.commissioner.id);
  });

  test('a closed demand still takes comments, and nothing else', async () => {
    await W.clock('2026-03-16T09:00:00+08:00');
    const d = await W.closed();
    const r = await W.act('entE1', d.id, 'comment', { note: '感谢帮助！' });
    assert.equal(r.body.status, 'closed');
    assert.equal(r.body.timeline.at(-1).action, 'comment');
    await W.act('entE1', d.id, 'confirm', { satisfaction: 'unsatisfied' },
                409);
    await W.act('entE1', d.id, 'withdraw', undefined, 409);
  });

  test('the enterprise withdraws an assigned demand', async () => {
    await W.clock('2026-03-17T09:00:00+08:00');
    const d = await W.assigned();
    const r = await W.act('entE1', d.id, 'withdraw');
    assert.equal(r.body.status, 'withdrawn');
    assert.equal(ms(r.body.closed_at), ms('2026-03-17T09:00:00+08:00'));
  });

  test('every action on a withdrawn demand is 409', async () => {
    await W.clock('2026-03-17T09:00:00+08:00');
    const open = await W.assigned();
    const d = await W.assigned();
    await W.act('entE1', d.id, 'withdraw');
    const tries = [
      ['handlerA', 'accept', undefined],
      ['handlerA', 'answer', { note: '答复。' }],
      ['handlerA', 'comment', { note: '备注。' }],
      ['handlerA', 'extend', { days: 3, note: '延期。' }],
      ['handlerA', 'pause', { note: '等材料。' }],
      ['dispatcher', 'assign', { lead_department_id: w.deptB.id }],
      ['dispatcher', 'merge', { duplicate_of: open.id }],
      ['entE1', 'withdraw', undefined],
      ['entE1', 'confirm', { satisfaction: 'satisfied' }],
    ];
    for (const [who, action, body] of tries) {
      const r = await W.act(who, d.id, action, body, 409);
      assert.match(r.body.detail, /withdrawn/, action);
    }
  });

  test('the dispatcher merges a duplicate into an open demand', async () => {
    await W.clock('2026-03-18T09:00:00+08:00');
    const target = await W.assigned();
    const d = await W.submit('entE1', { title: '重复反映的诉求' });
    const r = await W.act('dispatcher', d.id, 'merge',
                          { duplicate_of: target.id });
    assert.equal(r.body.status, 'merged');
    assert.equal(r.body.duplicate_of, target.id);
    assert.equal(r.body.timeline.at(-1).data.duplicate_of, target.id);
  });

  test('a merge into itself or into a closed demand is 422', async () => {
    await W.clock('2026-03-18T09:00:00+08:00');
    const closed = await W.closed();
    const d = await W.submit('entE1');
    const self = await W.act('dispatcher', d.id, 'merge',
                             { duplicate_of: d.id }, 422);
    assert.deepEqual(problemFields(self), ['duplicate_of']);
    const done = await W.act('dispatcher', d.id, 'merge',
                             { duplicate_of: closed.id }, 422);
    assert.deepEqual(problemFields(done), ['duplicate_of']);
    const missing = await W.act('dispatcher', d.id, 'merge',
                                { duplicate_of: 99999999 }, 422);
    assert.deepEqual(problemFields(missing), ['duplicate_of']);
    assert.equal((await W.get('dispatcher', d.id)).status, 'submitted');
  });

  test('an approved extension moves the resolve deadline by its days', async () => {
    await W.clock('2026-04-06T09:00:00+08:00');
    const d = await W.assigned();
    const asked = await W.act('handlerA', d.id, 'extend',
                              { days: 5, note: '需要省厅审批。' });
    assert.equal(asked.body.extension_pending_days, 5);
    assert.equal(asked.body.due.resolve, d.due.resolve);
    const r = await W.act('supervisor', d.id, 'decide-extension',
                          { approve: true });
    assert.equal(ms(r.body.due.resolve), ms(d.due.resolve) + 5 * DAY);
    assert.equal(r.body.due.answer, d.due.answer);
    assert.equal(r.body.extension_days, 5);
    assert.equal(r.body.extension_pending_days, null);
  });

  test('a refused extension leaves the resolve deadline alone', async () => {
    await W.clock('2026-04-06T09:00:00+08:00');
    const d = await W.assigned();
    await W.act('handlerA', d.id, 'extend', { days: 5, note: '第一次。' });
    const first = (await W.act('supervisor', d.id, 'decide-extension',
                               { approve: true })).body;
    await W.act('handlerA', d.id, 'extend', { days: 3, note: '第二次。' });
    const r = await W.act('supervisor', d.id, 'decide-extension',
                          { approve: false });
    assert.equal(r.body.due.resolve, first.due.resolve);
    assert.equal(r.body.extension_days, 5);
    assert.equal(r.body.extension_pending_days, null);
    assert.deepEqual(r.body.timeline.at(-1).data, { approved: false });
  });

  test('a second extension request while one is pending is 409', async () => {
    await W.clock('2026-04-06T09:00:00+08:00');
    const d = await W.assigned();
    await W.act('handlerA', d.id, 'extend', { days: 5, note: '第一次。' });
    await W.act('handlerA', d.id, 'extend', { days: 2, note: '再要两天。' },
                409);
    assert.equal((await W.get('handlerA', d.id)).extension_pending_days, 5);
  });

  test('a handler may not decide an extension: 403', async () => {
    await W.clock('2026-04-06T09:00:00+08:00');
    const d = await W.assigned();
    await W.act('handlerA', d.id, 'extend', { days: 5, note: '需要时间。' });
    const r = await W.act('handlerA', d.id, 'decide-extension',
                          { approve: true }, 403);
    assert.equal(r.body.type, 'urn:qitong:problem:forbidden');
    const after = await W.get('handlerA', d.id);
    assert.equal(after.extension_pending_days, 5);
    assert.equal(after.due.resolve, d.due.resolve);
  });

  test('an extension outside 1 to 90 days is 422', async () => {
    await W.clock('2026-04-06T09:00:00+08:00');
    const d = await W.assigned();
    for (const days of [0, 91]) {
      const r = await W.act('handlerA', d.id, 'extend',
                            { days, note: '时间。' }, 422);
      assert.deepEqual(problemFields(r), ['days']);
    }
  });

  test('a pause of two days moves both deadlines by exactly two days', async () => {
    await W.clock('2026-04-13T09:00:00+08:00');
    const d = await W.assigned();
    const t = '2026-04-14T10:00:00+08:00';
    await W.clock(t);
    const p = await W.act('handlerA', d.id, 'pause',
                          { note: '等待企业补充营业执照。' });
    assert.equal(p.body.paused, true);
    await W.clock(at(t, 2 * DAY));
    const r = await W.act('handlerA', d.id, 'resume');
    assert.equal(r.body.paused, false);
    assert.equal(r.body.paused_seconds, 172800);
    assert.equal(ms(r.body.due.answer), ms(d.due.answer) + 2 * DAY);
    assert.equal(ms(r.body.due.resolve), ms(d.due.resolve) + 2 * DAY);
  });

  test('a paused demand is not overdue', async () => {
    await W.clock('2026-04-13T09:00:00+08:00');
    const d = await W.assigned();
    await W.act('handlerA', d.id, 'pause', { note: '等待企业补充材料。' });
    await W.clock('2026-04-20T09:00:00+08:00'); // past the answer deadline
    assert.equal((await W.get('handlerA', d.id)).overdue, false);
    const r = await W.act('handlerA', d.id, 'resume');
    assert.equal(r.body.overdue, false); // its deadline moved by the pause
    assert.equal(r.body.paused_seconds, 7 * 86400);
  });

  test('the enterprise resumes a clock it was waiting on', async () => {
    await W.clock('2026-04-13T09:00:00+08:00');
    const d = await W.assigned();
    await W.act('handlerA', d.id, 'pause', { note: '请补充财务报表。' });
    await W.clock('2026-04-13T21:00:00+08:00');
    const r = await W.act('entE1', d.id, 'resume');
    assert.equal(r.body.paused, false);
    assert.equal(r.body.paused_seconds, 12 * 3600);
  });

  test('pausing twice is 409, and so is resuming a running clock', async () => {
    await W.clock('2026-04-13T09:00:00+08:00');
    const d = await W.assigned();
    await W.act('handlerA', d.id, 'resume', undefined, 409);
    await W.act('handlerA', d.id, 'pause', { note: '等材料。' });
    await W.act('handlerA', d.id, 'pause', { note: '再等。' }, 409);
  });

  // ---- who may take which action: 403 -----------------------------------

  const FORBIDDEN = [
    ['entE1', 'assign', (w) => ({ lead_department_id: w.deptA.id })],
    ['commissioner', 'assign', (w) => ({ lead_department_id: w.deptA.id })],
    ['admin', 'assign', (w) => ({ lead_department_id: w.deptA.id })],
    ['supervisor', 'assign', (w) => ({ lead_department_id: w.deptA.id })],
    ['dispatcher', 'answer', () => ({ note: '越权答复。' })],
    ['supervisor', 'accept', () => undefined],
    ['admin', 'resolve', () => ({ outcome: 'resolved', note: '越权。' })],
    ['leader', 'comment', () => ({ note: '领导批示。' })],
    ['leader', 'withdraw', () => undefined],
    ['handlerA', 'merge', () => ({ duplicate_of: 1 })],
    ['admin', 'merge', () => ({ duplicate_of: 1 })],
    ['handlerA', 'confirm', () => ({ satisfaction: 'satisfied' })],
    ['dispatcher', 'confirm', () => ({ satisfaction: 'satisfied' })],
    ['handlerA', 'withdraw', () => undefined],
    ['entE1', 'extend', () => ({ days: 3, note: '企业要延期。' })],
    ['dispatcher', 'decide-extension', () => ({ approve: true })],
    ['admin', 'decide-extension', () => ({ approve: true })],
    ['entE1', 'pause', () => ({ note: '企业暂停。' })],
    ['commissioner', 'refuse-return', () => undefined],
  ];
  for (const [who, action, body] of FORBIDDEN) {
    test(`${who} may not ${action} a demand: 403`, async () => {
      await W.clock('2026-04-20T09:00:00+08:00');
      const d = await W.assigned();
      const r = await W.act(who, d.id, action, body(w), 403);
      assert.equal(r.body.type, 'urn:qitong:problem:forbidden');
      const now = await W.get('dispatcher', d.id);
      assert.equal(now.timeline.length, 2); // submit, assign: nothing more
    });
  }

  test('the admin may comment: the matrix is not all 403', async () => {
    await W.clock('2026-04-20T09:00:00+08:00');
    const d = await W.assigned();
    const r = await W.act('admin', d.id, 'comment', { note: '平台备注。' });
    assert.equal(r.body.timeline.at(-1).actor_role, 'admin');
  });

  for (const who of ['admin', 'handlerA', 'leader', 'supervisor']) {
    test(`${who} may not submit a demand: 403`, async () => {
      const r = await W.as[who].post('/api/v1/demands', {
        enterprise_id: w.e1.id, category: 'other', title: '越权提交',
        content: '内容',
      });
      assert.equal(r.status, 403);
    });
  }

  // ---- bad input ---------------------------------------------------------

  test('an unknown action is 404', async () => {
    await W.clock('2026-04-20T09:00:00+08:00');
    const d = await W.assigned();
    for (const action of ['frobnicate', 'auto-close', 'submit', '']) {
      const r = await W.as.dispatcher.post(`/api/v1/demands/${d.id}/${action}`,
                                           { note: 'x' });
      assert.equal(r.status, 404, action);
    }
  });

  test('a non-numeric or non-positive id is 404', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '1e3']) {
      const g = await W.as.admin.get(`/api/v1/demands/${id}`);
      assert.equal(g.status, 404, `GET ${id}`);
      const p = await W.as.handlerA.post(`/api/v1/demands/${id}/accept`);
      assert.equal(p.status, 404, `POST ${id}`);
    }
  });

  const WRONG_TYPES = [
    ['dispatcher', 'assign', { lead_department_id: '1' },
     ['lead_department_id']],
    ['dispatcher', 'assign', (w) => ({ lead_department_id: w.deptA.id,
                                       co_department_ids: 'all' }),
     ['co_department_ids']],
    ['handlerA', 'answer', { note: 42 }, ['note']],
    ['handlerA', 'resolve', { outcome: true, note: '结果' }, ['outcome']],
    ['handlerA', 'extend', { days: '5', note: ['x'] }, ['days', 'note']],
    ['supervisor', 'decide-extension', { approve: 'yes' }, ['approve']],
    ['entE1', 'confirm', { satisfaction: 1 }, ['satisfaction']],
    ['dispatcher', 'merge', { duplicate_of: '2' }, ['duplicate_of']],
  ];
  for (const [who, action, body, fields] of WRONG_TYPES) {
    test(`${action} with a wrongly typed ${fields.join(' and ')} is 400`, async () => {
      await W.clock('2026-04-20T09:00:00+08:00');
      const d = await W.submit('entE1');
      const r = await W.act(who, d.id, action,
                            typeof body === 'function' ? body(w) : body, 400);
      assert.deepEqual(problemFields(r), fields);
      assert.equal((await W.get('dispatcher', d.id)).timeline.length, 1);
    });
  }

  test('an unknown field in an action body is 400', async () => {
    await W.clock('2026-04-20T09:00:00+08:00');
    const d = await W.assigned();
    const r = await W.act('handlerA', d.id, 'answer',
                          { note: '答复。', deadline: '2026-05-01' }, 400);
    assert.deepEqual(problemFields(r), ['deadline']);
    assert.equal((await W.get('handlerA', d.id)).status, 'assigned');
  });

  test('an unknown field in a submission is 400', async () => {
    const r = await W.as.entE1.post('/api/v1/demands', {
      category: 'other', title: '标题', content: '内容', priority: 'high',
    });
    assert.equal(r.status, 400);
    assert.deepEqual(problemFields(r), ['priority']);
  });

  test('an action body that is not JSON is 400', async () => {
    await W.clock('2026-04-20T09:00:00+08:00');
    const d = await W.assigned();
    const r = await W.as.handlerA.post(`/api/v1/demands/${d.id}/answer`,
                                       '{"note": ', {
                                         'content-type': 'application/json',
                                       });
    assert.equal(r.status, 400);
  });

  for (const [name, query, field] of [
    ['status', { status: 'pending' }, 'status'],
    ['status list with a set name', { status: 'open,done' }, 'status'],
    ['status list with an empty item', { status: 'assigned,,closed' },
     'status'],
    ['overdue', { overdue: 'soon' }, 'overdue'],
    ['sort', { sort: 'oldest' }, 'sort'],
    ['from', { from: 'yesterday' }, 'from'],
    ['department', { department: 'A' }, 'department'],
    ['cursor', { cursor: 'abc' }, 'cursor'],
    ['due cursor', { sort: 'due', cursor: '12' }, 'cursor'],
  ]) {
    test(`an invalid ${name} filter is 400`, async () => {
      const qs = new URLSearchParams(query);
      const r = await W.as.dispatcher.get(`/api/v1/demands?${qs}`);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.deepEqual(problemFields(r), [field]);
    });
  }
});

// ==== scope ==============================================================

describe('scope', () => {
  let W;
  const d = {};
  before(async () => {
    W = await buildWorld();
    const { w } = W;
    // The commissioner once also served E4, from January to February.
    const old = await W.created('/api/v1/pairings', {
      user_id: w.commissioner.id, enterprise_id: w.e4.id,
      starts_on: '2026-01-01',
    });
    d.d1 = await W.submit('entE1', { title: '一号企业主办协办诉求' });
    await W.act('dispatcher', d.d1.id, 'assign', {
      lead_department_id: w.deptA.id, co_department_ids: [w.deptCo.id],
    });
    d.d2 = await W.submit('entE2', { title: '二号企业人社诉求' });
    await W.act('dispatcher', d.d2.id, 'assign',
                { lead_department_id: w.deptB.id });
    d.d3 = await W.submit('dispatcher', { enterprise_id: w.e2.id,
                                          channel: 'hotline',
                                          title: '热线转办诉求' });
    d.d4 = await W.submit('commissioner', { enterprise_id: w.e1.id,
                                            channel: 'visit',
                                            title: '走访收集诉求' });
    await W.act('dispatcher', d.d4.id, 'assign',
                { lead_department_id: w.deptA2.id });
    d.d5 = await W.submit('dispatcherQd', { enterprise_id: w.e3.id,
                                            title: '青岛港务诉求' });
    d.d6 = await W.submit('commissioner', { enterprise_id: w.e4.id,
                                            title: '专员代四号企业提交' });
    d.d7 = await W.submit('entE4', { title: '四号企业自己提交' });
    const end = await W.as.admin.patch(`/api/v1/pairings/${old.id}`,
                                       { ends_on: '2026-02-01' });
    assert.equal(end.status, 200, JSON.stringify(end.body));
  });
  after(async () => { await W?.srv.stop(); });

  const REGION = ['d1', 'd2', 'd3', 'd4', 'd6', 'd7'];
  const EXPECT = {
    admin: ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'],
    dispatcher: REGION,
    supervisor: REGION,
    leader: REGION,
    dispatcherQd: ['d5'],
    entE1: ['d1', 'd4'],
    entE2: ['d2', 'd3'],
    entE3: ['d5'],
    entE4: ['d6', 'd7'],
    commissioner: ['d1', 'd4', 'd6'],
    handlerA: ['d1', 'd4'],
    handlerA2: ['d4'],
    handlerB: ['d2'],
    handlerCo: ['d1'],
  };
  for (const [who, names] of Object.entries(EXPECT)) {
    test(`${who} lists exactly its demands`, async () => {
      assert.deepEqual(sorted(await W.ids(who)),
                       sorted(names.map((k) => d[k].id)));
    });
  }

  const OUTSIDE = [
    ['entE1', 'd2'], ['entE4', 'd1'], ['commissioner', 'd7'],
    ['commissioner', 'd3'], ['handlerA2', 'd1'], ['handlerCo', 'd4'],
    ['handlerB', 'd1'], ['handlerB', 'd3'], ['dispatcherQd', 'd1'],
    ['dispatcher', 'd5'], ['leader', 'd5'], ['supervisor', 'd5'],
  ];
  for (const [who, key] of OUTSIDE) {
    test(`${who} gets for ${key} the same 404 as for no demand`, async () => {
      const r = await W.as[who].get(`/api/v1/demands/${d[key].id}`);
      const none = await W.as[who].get('/api/v1/demands/99999999');
      assert.equal(r.status, 404);
      assert.equal(none.status, 404);
      assert.equal(r.body.detail, none.body.detail);
      assert.equal(r.body.title, none.body.title);
    });
  }

  test('a demand a commissioner submits counts for that commissioner', async () => {
    const got = await W.get('admin', d.d4.id);
    assert.equal(got.commissioner_id, W.w.commissioner.id);
    assert.equal(got.submitter_id, W.w.commissioner.id);
    // And one the enterprise submits counts for its paired commissioner.
    assert.equal((await W.get('admin', d.d1.id)).commissioner_id,
                 W.w.commissioner.id);
  });
});

// ==== filters, search, overdue and paging ================================

describe('filters', () => {
  let W;
  let w;
  const f = {};
  const t0 = BASE;
  const t3 = at(BASE, 3 * DAY);
  before(async () => {
    W = await buildWorld();
    w = W.w;
    const assign = (name, dept) => W.act('dispatcher', f[name].id, 'assign',
                                         { lead_department_id: dept.id });
    // Submitted on day 0.
    await W.clock(t0);
    f.f1 = await W.submit('entE1', {
      category: 'finance', title: '流动资金贷款申请',
      content: '希望协调银行提供贴息支持。',
    });
    f.f2 = await W.submit('entE2', {
      category: 'labour', title: '春节后用工荒',
      content: '节后返岗率低，急需招工。',
    });
    f.f5 = await W.submit('entE1', {
      category: 'policy', title: '出口退税加快办理', content: '退税周期长。',
    });
    f.f8 = await W.submit('entE1', {
      category: 'materials', title: '原材料进口受阻', content: '海关通关慢。',
    });
    await W.clock(at(t0, HOUR));
    await assign('f1', w.deptA);
    await assign('f2', w.deptB);
    await assign('f5', w.deptA);
    await assign('f8', w.deptA);
    await W.clock(at(t0, 2 * HOUR));
    await W.act('entE2', f.f2.id, 'withdraw');
    await W.act('handlerA', f.f5.id, 'answer', { note: '已转税务局。' });
    await W.act('handlerA', f.f5.id, 'resolve',
                { outcome: 'resolved', note: '已退税。' });
    await W.act('entE1', f.f5.id, 'confirm', { satisfaction: 'satisfied' });
    await W.act('handlerA', f.f8.id, 'pause', { note: '等待企业提供合同。' });
    // Submitted on day 3.
    await W.clock(t3);
    f.f3 = await W.submit('entE1', {
      category: 'land', title: '厂房扩建用地审批',
      content: '用地指标不足，审批进度只完成了50%。',
    });
    f.f4 = await W.submit('entE2', {
      category: 'approval', title: '申请"专精特新"认定',
      content: '材料已齐全，请尽快评审。',
    });
    f.f6 = await W.submit('entE2', {
      category: 'labour', title: '招工难再次反映', content: '同上。',
    });
    f.f7 = await W.submit('entE1', {
      category: 'logistics', title: '货车通行证办理', content: '物流受限。',
    });
    await assign('f4', w.deptB);
    await assign('f7', w.deptA);
    await W.act('handlerB', f.f4.id, 'answer', { note: '已受理。' });
    await W.act('dispatcher', f.f6.id, 'merge', { duplicate_of: f.f4.id });
  });
  after(async () => { await W?.srv.stop(); });

  const idsOf = (...names) => sorted(names.map((n) => f[n].id));
  const list = async (query) => sorted(await W.ids('dispatcher', query));

  test('status=open lists the demands still being worked on', async () => {
    assert.deepEqual(await list({ status: 'open' }),
                     idsOf('f1', 'f3', 'f4', 'f7', 'f8'));
  });

  test('status=done lists closed, withdrawn and merged demands', async () => {
    assert.deepEqual(await list({ status: 'done' }), idsOf('f2', 'f5', 'f6'));
  });

  test('status takes a comma list of statuses', async () => {
    assert.deepEqual(await list({ status: 'submitted,merged' }),
                     idsOf('f3', 'f6'));
    assert.deepEqual(await list({ status: 'answered' }), idsOf('f4'));
  });

  test('category filters by category code', async () => {
    assert.deepEqual(await list({ category: 'labour' }), idsOf('f2', 'f6'));
  });

  test('department filters by lead department', async () => {
    assert.deepEqual(await list({ department: String(w.deptB.id) }),
                     idsOf('f2', 'f4'));
  });

  test('department with status=open lists its open demands', async () => {
    // A handler's inbox, read through demand_open_department (006).
    assert.deepEqual(await list({ department: String(w.deptA.id),
                                  status: 'open' }),
                     idsOf('f1', 'f7', 'f8'));
    assert.deepEqual(await list({ department: String(w.deptB.id),
                                  status: 'open' }), idsOf('f4'));
    assert.deepEqual(await list({ department: String(w.deptA.id),
                                  status: 'done' }), idsOf('f5'));
  });

  test('enterprise filters by enterprise', async () => {
    assert.deepEqual(await list({ enterprise: String(w.e2.id) }),
                     idsOf('f2', 'f4', 'f6'));
  });

  test('region filters by the enterprise\'s region and below', async () => {
    assert.deepEqual(await list({ region: '370702' }),
                     idsOf('f1', 'f3', 'f5', 'f7', 'f8'));
    assert.equal((await list({ region: '370700' })).length, 8);
  });

  test('commissioner filters by the commissioner a demand counts for', async () => {
    assert.deepEqual(await list({ commissioner: String(w.commissioner.id) }),
                     idsOf('f1', 'f3', 'f5', 'f7', 'f8'));
  });

  test('q with a two-character word finds its demand', async () => {
    assert.deepEqual(await list({ q: '贷款' }), idsOf('f1'));
    assert.deepEqual(await list({ q: '招工' }), idsOf('f2', 'f6'));
  });

  test('q with a three-character word finds its demand', async () => {
    assert.deepEqual(await list({ q: '用工荒' }), idsOf('f2'));
    assert.deepEqual(await list({ q: '通行证' }), idsOf('f7'));
  });

  test('q with a word in no demand finds none', async () => {
    assert.deepEqual(await list({ q: '高铁站' }), []);
    assert.deepEqual(await list({ q: '飞机' }), []);
  });

  test('q searches percent signs and quotes literally', async () => {
    assert.deepEqual(await list({ q: '%' }), idsOf('f3'));
    assert.deepEqual(await list({ q: '50%' }), idsOf('f3'));
    assert.deepEqual(await list({ q: '"' }), idsOf('f4'));
    assert.deepEqual(await list({ q: '"专精特新"' }), idsOf('f4'));
    assert.deepEqual(await list({ q: '专精" OR "贷款' }), []);
    assert.deepEqual(await list({ q: "贷款' OR 1=1 --" }), []);
    assert.deepEqual(await list({ q: '%贷%' }), []);
  });

  test('from and to filter by submission time', async () => {
    const day1 = at(t0, DAY);
    assert.deepEqual(await list({ from: day1 }),
                     idsOf('f3', 'f4', 'f6', 'f7'));
    assert.deepEqual(await list({ to: day1 }),
                     idsOf('f1', 'f2', 'f5', 'f8'));
    assert.deepEqual(await list({ from: at(t0, -DAY), to: at(t0, DAY) }),
                     idsOf('f1', 'f2', 'f5', 'f8'));
  });

  test('overdue=answer lists demands past their answer deadline', async () => {
    // f1 and f8 were assigned at day 0 + 1 h: due at day 3 + 1 h.  f8 is
    // paused, f7 was assigned on day 3, f4 is answered.
    await W.clock(at(t0, 3 * DAY + 2 * HOUR));
    assert.deepEqual(await list({ overdue: 'answer' }), idsOf('f1'));
    assert.deepEqual(await list({ overdue: 'resolve' }), []);
    await W.clock(at(t0, 3 * DAY));
    assert.deepEqual(await list({ overdue: 'answer' }), []);
  });

  test('overdue=assign lists demands left unassigned past a day', async () => {
    await W.clock(at(t3, DAY + HOUR));
    assert.deepEqual(await list({ overdue: 'assign' }), idsOf('f3'));
    await W.clock(at(t3, DAY - HOUR));
    assert.deepEqual(await list({ overdue: 'assign' }), []);
  });

  test('sort=due orders by the running deadline, ties by id', async () => {
    const r = await W.as.dispatcher.get('/api/v1/demands?sort=due&limit=100');
    assert.equal(r.status, 200);
    const items = r.body.items;
    assert.equal(items.length, 8);
    const key = (x) => (x.current_due === null ? Infinity : ms(x.current_due));
    for (let i = 1; i < items.length; i++) {
      const a = items[i - 1], b = items[i];
      assert.ok(key(a) < key(b) || (key(a) === key(b) && a.id < b.id),
                `${a.id} (${a.current_due}) before ${b.id} (${b.current_due})`);
    }
    // The running deadline is the stage's: f1 answers, f4 resolves, f3
    // is assigned.
    const byId = new Map(items.map((x) => [x.id, x]));
    assert.equal(byId.get(f.f1.id).current_due, byId.get(f.f1.id).due.answer);
    assert.equal(byId.get(f.f4.id).current_due, byId.get(f.f4.id).due.resolve);
    assert.equal(byId.get(f.f3.id).current_due, byId.get(f.f3.id).due.assign);
    assert.equal(items[0].id, Math.min(f.f1.id, f.f8.id));
  });

  test('the due order pages through every demand once with limit=2', async () => {
    const all = (await W.as.dispatcher.get('/api/v1/demands?sort=due&limit=100'))
      .body.items.map((x) => x.id);
    const seen = [];
    let cursor = null;
    for (let page = 0; page < 20; page++) {
      const qs = new URLSearchParams({ sort: 'due', limit: '2' });
      if (cursor) qs.set('cursor', cursor);
      const r = await W.as.dispatcher.get(`/api/v1/demands?${qs}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.ok(r.body.items.length <= 2);
      seen.push(...r.body.items.map((x) => x.id));
      cursor = r.body.next_cursor;
      if (!cursor) break;
    }
    assert.equal(cursor, null);
    assert.deepEqual(seen, all);
    assert.equal(new Set(seen).size, 8);
  });

  test('the newest order pages through every demand once with limit=3', async () => {
    const seen = [];
    let cursor = null;
    for (let page = 0; page < 20; page++) {
      const qs = new URLSearchParams({ limit: '3' });
      if (cursor) qs.set('cursor', cursor);
      const r = await W.as.dispatcher.get(`/api/v1/demands?${qs}`);
      assert.equal(r.status, 200);
      seen.push(...r.body.items.map((x) => x.id));
      cursor = r.body.next_cursor;
      if (!cursor) break;
    }
    assert.deepEqual(seen, sorted(Object.values(f).map((x) => x.id)).reverse());
  });
});

// ==== two-character search ==============================================
// Two characters are too short for the trigram index; SQLite finds them
// in its index of character pairs (migration 011), PostgreSQL by
// reading.  Either way the rows are those the text occurs in, matched
// case-sensitively as before.
describe('two-character search', () => {
  let W;
  const f = {};
  before(async () => {
    W = await buildWorld();
    f.erp = await W.submit('entE1', {
      category: 'policy', title: 'ERP系统上线', content: '需要财务对接',
    });
    f.fin = await W.submit('entE2', {
      category: 'finance', title: '融资需求', content: '希望对接融资',
    });
    f.rent = await W.submit('entE1', {
      category: 'land', title: '厂房减免租金', content: '请协助。',
    });
  });
  after(async () => { await W?.srv.stop(); });

  const idsOf = (...names) => sorted(names.map((n) => f[n].id));
  const list = async (query) => sorted(await W.ids('dispatcher', query));
  const total = async (q) => {
    const qs = new URLSearchParams({ q, count: 'true' });
    const r = await W.as.dispatcher.get(`/api/v1/demands?${qs}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.total;
  };

  test('finds the characters inside a title or content', async () => {
    assert.deepEqual(await list({ q: '融资' }), idsOf('fin'));
    assert.deepEqual(await list({ q: '系统' }), idsOf('erp'));
    assert.deepEqual(await list({ q: '协助' }), idsOf('rent'));
  });

  test('finds them where they end a title or content', async () => {
    // 租金 ends rent's title; 对接 ends erp's content, inside fin's.
    assert.deepEqual(await list({ q: '租金' }), idsOf('rent'));
    assert.deepEqual(await list({ q: '对接' }), idsOf('erp', 'fin'));
    assert.deepEqual(await list({ q: '助。' }), idsOf('rent'));
    assert.equal(await total('对接'), 2);
  });

  test('matches case as before, and finds none for absent text', async () => {
    assert.deepEqual(await list({ q: 'RP' }), idsOf('erp'));
    assert.deepEqual(await list({ q: 'rp' }), []);
    assert.deepEqual(await list({ q: '无关' }), []);
    assert.equal(await total('无关'), 0);
  });

  test('a text changed in the database is found as it now reads', async () => {
    // No request edits a demand's text; an operator's UPDATE in the
    // database shell (SQLite's with the pair tokenizer loaded) must
    // still leave the search indexes true to it.
    const r = sql(W.srv.db, `UPDATE demand SET title = '仓储物流需求'
                             WHERE id = ${f.rent.id}`);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(await list({ q: '物流' }), idsOf('rent'));
    assert.deepEqual(await list({ q: '仓储物流' }), idsOf('rent'));
    assert.deepEqual(await list({ q: '减免' }), []);
    assert.deepEqual(await list({ q: '租金' }), []);
  });

  test('combines with the other filters', async () => {
    assert.deepEqual(await list({ q: '对接', category: 'finance' }),
                     idsOf('fin'));
    assert.deepEqual(await list({ q: '对接', status: 'open' }),
                     idsOf('erp', 'fin'));
  });
});

// ==== two-character search, page by page ================================
// SQLite reads a two-character search's page from the pair index in id
// order and stops at the page (docs/performance.md, "Search").  Paged with the cursor, one or two at a time, in each scope,
// the pages must hold what a plain scan of the texts finds, each demand
// once: those with the word inside a text, only at a title's or a
// content's end, in both, and not those with its characters apart.
describe('two-character search, page by page', () => {
  let W;
  const WORD = '融资';
  before(async () => {
    W = await buildWorld();
    const texts = [
      ['entE1', '企业融资难题', '请协调。'],        // inside the title
      ['entE1', '资金周转', '希望解决融资问题。'],   // inside the content
      ['entE2', '申请股权融资', '材料已齐。'],       // only the title's end
      ['entE1', '扩大生产', '需要银行融资'],         // only the content's end
      ['entE1', '融资', '融资'],                     // both texts, whole
      ['entE1', '融合发展', '资金不足。'],           // its characters apart
      ['entE3', '融资租赁', '港口设备。'],           // in 青岛
      ['entE4', '金融资产处置', '请支持。'],         // inside a longer word
      ['entE1', '测试诉求', '融 资'],                // apart again
      ['entE2', '流动资金', '再谈融资'],             // the content's end
      ['entE1', '融资担保', '担保融资'],             // title start, content end
    ];
    for (const [who, title, content] of texts) {
      await W.submit(who, { category: 'finance', title, content });
    }
  });
  after(async () => { await W?.srv.stop(); });

  // The ids holding WORD, newest first, by reading every demand; WHERE
  // narrows the scan to a scope.
  const scan = (where = 'TRUE') => {
    const pos = W.srv.db.startsWith('postgres') ? 'strpos' : 'instr';
    const r = sql(W.srv.db, `SELECT id FROM demand WHERE (${pos}(title,
        '${WORD}') > 0 OR ${pos}(content, '${WORD}') > 0) AND ${where}
        ORDER BY id DESC`);
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim().split('\n').filter(Boolean).map(Number);
  };

  // WHO's search for WORD, LIMIT at a time, following the cursor.
  const pages = async (who, limit, extra = {}) => {
    const seen = [];
    let cursor = null;
    let n = 0;
    for (; n < 30; n++) {
      const qs = new URLSearchParams({ q: WORD, limit: String(limit),
                                       ...extra });
      if (cursor) qs.set('cursor', cursor);
      const r = await W.as[who].get(`/api/v1/demands?${qs}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.ok(r.body.items.length <= limit);
      for (const d of r.body.items) {
        assert.ok(d.title.includes(WORD) || d.content.includes(WORD),
                  `${d.title} / ${d.content}`);
      }
      seen.push(...r.body.items.map((d) => d.id));
      cursor = r.body.next_cursor;
      if (!cursor) break;
    }
    assert.equal(cursor, null);
    return { ids: seen, pages: n + 1 };
  };

  test('the admin pages through every match once, newest first', async () => {
    const want = scan();
    assert.equal(want.length, 9);
    for (const limit of [1, 2, 4]) {
      const got = await pages('admin', limit);
      assert.deepEqual(got.ids, want, `limit ${limit}`);
      assert.ok(got.pages > 2, `limit ${limit}: ${got.pages} pages`);
    }
  });

  test('each scope pages through its own matches', async () => {
    const e1 = W.w.e1.id;
    const cases = [
      ['dispatcher', "region_code >= '370700' AND region_code < '370800'"],
      ['commissioner', `enterprise_id = ${e1}`],
      ['entE1', `enterprise_id = ${e1}`],
    ];
    for (const [who, where] of cases) {
      const want = scan(where);
      assert.ok(want.length >= 4, `${who}: ${want.length}`);
      assert.deepEqual((await pages(who, 2)).ids, want, who);
    }
  });

  test('the count and the other filters agree with the scan', async () => {
    const r = await W.as.admin.get(
      `/api/v1/demands?q=${encodeURIComponent(WORD)}&count=true&limit=2`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.total, scan().length);
    const e2 = W.w.e2.id;
    assert.deepEqual((await pages('admin', 1, { enterprise: String(e2) })).ids,
                     scan(`enterprise_id = ${e2}`));
    // The due order is read the old way; it holds the same demands.
    const due = await pages('admin', 2, { sort: 'due' });
    assert.deepEqual(sorted(due.ids), sorted(scan()));
  });
});
