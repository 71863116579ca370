// Deadlines over real HTTP: the 133 rule's ladder (reminder, supervision
// notice, escalation, accountability) and auto-close as the scheduler
// fires them, each step exactly once, across clock jumps, repeated clocks,
// server restarts and `qitong tick`; SLA policy versions, the working-day
// calendar, extensions and paused clocks; and the routes that show the
// results (supervisions, accountability, notifications).
//
// One server holds the world and every scenario in turn, each in its own
// week of 2030 so the test clock only moves forward (a date well after
// the real one, so the scheduler thread's passes at the real time never
// fire anything).  Every client signs in once and then uses an API token,
// because moving the test clock days ahead ends cookie sessions.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ADMIN, Client, cli, creditCode, problemFields, startServer,
  tokenClient as tokenFor,
} from './harness.mjs';

const tokenClient = (username, password) => tokenFor(srv, username, password);

const PASSWORD = 'Deadline-pass-2030';
const HOUR = 3600e3;
const DAY = 86400e3;

const ms = (t) => Date.parse(t);
// The instant T (ms) as RFC 3339 in China Standard Time.
const cst = (t) => new Date(t + 8 * HOUR).toISOString().slice(0, 19) +
  '+08:00';
const at = (t, plus) => cst(ms(t) + plus);

let dir;     // holds the database, so it outlives each server
let srv;
let anon;
let lastClock;
const w = {};  // records by name
const as = {}; // token clients by name
let serial = 0;

async function clock(t) {
  const r = await anon.put('/api/v1/test/clock', { now: t });
  assert.equal(r.status, 200, `clock: ${JSON.stringify(r.body)}`);
  assert.equal(typeof r.body.fired, 'number');
  lastClock = t;
  return r.body;
}

async function created(path, body) {
  const r = await as.admin.post(path, body);
  assert.equal(r.status, 201, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function account(name, role, extra) {
  w[name] = await created('/api/v1/users', {
    username: name, display_name: name, role, password: PASSWORD, ...extra,
  });
  as[name] = await tokenClient(name, PASSWORD);
}

// Start (or restart) the server on the database in DIR and point every
// client at it.
async function serve(init) {
  srv = await startServer({ testClock: true, db: join(dir, 'qitong.db'),
                            init });
  anon = new Client(srv);
  for (const c of Object.values(as)) c.base = srv.base;
}

async function submit(category, fields = {}) {
  serial++;
  const r = await as.dispatcher.post('/api/v1/demands', {
    enterprise_id: w.e1.id, channel: 'hotline', category,
    title: `期限测试诉求第${serial}件`, content: '企业反映的问题，请协调解决。',
    ...fields,
  });
  assert.equal(r.status, 201, `submit: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function act(who, id, action, body, want = 200) {
  const r = await as[who].post(`/api/v1/demands/${id}/${action}`, body);
  assert.equal(r.status, want,
               `${who} ${action} #${id}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function assigned(category, fields) {
  const d = await submit(category, fields);
  return act('dispatcher', d.id, 'assign', { lead_department_id: w.dept.id });
}

async function demand(id) {
  const r = await as.admin.get(`/api/v1/demands/${id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

// The scheduler's steps in demand ID's timeline, as "stage.rung".
async function steps(id) {
  return (await demand(id)).timeline.filter((e) => e.action === 'step')
    .map((e) => `${e.stage}.${e.rung}`);
}

async function items(who, path) {
  const r = await as[who].get(path);
  assert.equal(r.status, 200, `${who} ${path}: ${JSON.stringify(r.body)}`);
  return r.body.items;
}

const notices = async (who, id) =>
  (await items(who, '/api/v1/supervisions?open=false&limit=500'))
    .filter((s) => s.demand_id === id);
const openNotices = async (who, id) =>
  (await items(who, '/api/v1/supervisions?limit=500'))
    .filter((s) => s.demand_id === id);
const accountability = async (who, id) =>
  (await items(who,
               '/api/v1/accountability?from=2030-01&to=2030-12&limit=500'))
    .filter((s) => s.demand_id === id);
const notifications = async (who, id) =>
  (await items(who, '/api/v1/notifications?limit=500'))
    .filter((n) => n.demand_id === id);
const kinds = (ns) => ns.map((n) => n.kind).sort();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qitong-deadlines-'));
  await serve(true);
  await clock('2030-03-01T09:00:00+08:00');
  as.admin = await tokenClient(ADMIN.username, ADMIN.password);

  w.dept = await created('/api/v1/departments', {
    name: '潍坊市工业和信息化局', kind: 'bureau', region_code: '370700',
  });
  w.deptOther = await created('/api/v1/departments', {
    name: '潍坊市人力资源和社会保障局', kind: 'bureau', region_code: '370700',
  });
  w.e1 = await created('/api/v1/enterprises', {
    credit_code: creditCode(1, '370702'), name: '潍坊一号机械有限公司',
    region_code: '370702', scale: 'above',
  });
  await account('dispatcher', 'dispatcher', { region_code: '370700' });
  await account('supervisor', 'supervisor', { region_code: '370700' });
  await account('leader', 'leader', { region_code: '370700' });
  await account('supervisorQd', 'supervisor', { region_code: '370200' });
  await account('handler', 'handler', { department_id: w.dept.id });
  await account('handlerOther', 'handler',
                { department_id: w.deptOther.id });
  await account('commissioner', 'commissioner',
                { region_code: '370700', level: 'city' });
  await account('ent', 'enterprise', { enterprise_id: w.e1.id });
});
after(async () => {
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the assign ladder (133: assign within 1 day)', () => {
  const T = '2030-03-04T09:00:00+08:00'; // a Monday

  test('each rung fires at its time, once, and shows where it should', async () => {
    await clock(T);
    const d = await submit('labour');
    w.ladder = d;

    await clock(at(T, 18 * HOUR - 1000));
    assert.deepEqual(await steps(d.id), []);
    // 18 h is 75 % of the day: the reminder (催办) to the dispatcher's
    // office.
    await clock(at(T, 18 * HOUR));
    assert.deepEqual(await steps(d.id), ['assign.remind']);
    assert.deepEqual(kinds(await notifications('dispatcher', d.id)),
                     ['reminder']);
    const again = await clock(at(T, 18 * HOUR));
    assert.equal(again.fired, 0);
    assert.deepEqual(kinds(await notifications('dispatcher', d.id)),
                     ['reminder']);
    assert.deepEqual(await notices('supervisor', d.id), []);

    // At the deadline: the supervision notice (督办单), stage assign.
    await clock(at(T, DAY));
    const [n] = await openNotices('supervisor', d.id);
    assert.equal(n.stage, 'assign');
    assert.equal(n.department_id, null);
    assert.equal(ms(n.opened_at), ms(at(T, DAY)));
    assert.equal(n.escalated_at, null);
    assert.equal(n.closed_at, null);
    assert.equal(n.demand_code, d.code);
    assert.equal((await openNotices('dispatcher', d.id)).length, 1);
    assert.equal((await openNotices('leader', d.id)).length, 1);

    // A day later: escalation, on the same notice.
    await clock(at(T, 2 * DAY - 1000));
    assert.equal((await openNotices('supervisor', d.id))[0].escalated_at,
                 null);
    await clock(at(T, 2 * DAY));
    assert.equal((await demand(d.id)).overdue, true);
    const [esc] = await openNotices('supervisor', d.id);
    assert.equal(esc.id, n.id);
    assert.equal(ms(esc.escalated_at), ms(at(T, 2 * DAY)));

    // Past the rule (3 days past the deadline): accountability (问责).
    await clock(at(T, 4 * DAY - 1000));
    assert.deepEqual(await accountability('supervisor', d.id), []);
    await clock(at(T, 4 * DAY));
    const [item] = await accountability('supervisor', d.id);
    assert.equal(item.stage, 'assign');
    assert.equal(ms(item.at), ms(at(T, 4 * DAY)));
    // This month's circular is the default period.
    assert.ok((await items('leader', '/api/v1/accountability'))
      .some((x) => x.demand_id === d.id));

    await clock(at(T, 4 * DAY));
    await clock(at(T, 6 * DAY));
    assert.deepEqual(await steps(d.id), ['assign.remind', 'assign.overdue',
                                         'assign.escalate',
                                         'assign.account']);
    assert.equal((await notices('supervisor', d.id)).length, 1);
    assert.equal((await accountability('supervisor', d.id)).length, 1);
    assert.deepEqual(kinds(await notifications('dispatcher', d.id)),
                     ['accountability', 'escalation', 'reminder',
                      'supervision']);
  });

  test('a clock jumping past every rung fires each once', async () => {
    const T2 = '2030-03-11T09:00:00+08:00';
    await clock(T2);
    const d = await submit('labour');
    await clock(at(T2, 5 * DAY));
    assert.deepEqual(await steps(d.id), ['assign.remind', 'assign.overdue',
                                         'assign.escalate',
                                         'assign.account']);
    const again = await clock(at(T2, 5 * DAY));
    assert.equal(again.fired, 0);
    await clock(at(T2, 6 * DAY));
    assert.equal((await steps(d.id)).length, 4);
    const ns = await notices('supervisor', d.id);
    assert.equal(ns.length, 1);
    assert.equal(ms(ns[0].escalated_at), ms(at(T2, 5 * DAY)));
    assert.equal((await accountability('supervisor', d.id)).length, 1);
    assert.deepEqual(kinds(await notifications('dispatcher', d.id)),
                     ['accountability', 'escalation', 'reminder',
                      'supervision']);
  });
});

describe('a late answer (133: answer within 3 days)', () => {
  const T = '2030-03-18T09:00:00+08:00';

  test('notice on the lead department, escalation, accountability; the answer closes the notice', async () => {
    await clock(T);
    const d = await assigned('labour');
    w.late = d;
    assert.equal(ms(d.due.answer), ms(at(T, 3 * DAY)));

    await clock(at(T, 3 * DAY - 1000));
    assert.deepEqual(await notices('handler', d.id), []);
    assert.deepEqual(await steps(d.id), ['answer.remind']);
    await clock(at(T, 3 * DAY));
    const [n] = await openNotices('handler', d.id);
    assert.equal(n.stage, 'answer');
    assert.equal(n.department_id, w.dept.id);
    assert.equal(n.department_name, '潍坊市工业和信息化局');
    assert.equal(n.escalated_at, null);
    // Region roles see the department's notices too; another department
    // and another region do not.
    assert.equal((await openNotices('supervisor', d.id)).length, 1);
    assert.deepEqual(await notices('handlerOther', d.id), []);
    assert.deepEqual(await notices('supervisorQd', d.id), []);

    await clock(at(T, 4 * DAY));
    assert.equal(ms((await openNotices('handler', d.id))[0].escalated_at),
                 ms(at(T, 4 * DAY)));
    await clock(at(T, 6 * DAY - 1000));
    assert.deepEqual(await accountability('supervisor', d.id), []);
    await clock(at(T, 6 * DAY));
    const [item] = await accountability('supervisor', d.id);
    assert.equal(item.stage, 'answer');
    assert.equal(item.department_id, w.dept.id);
    assert.deepEqual(await steps(d.id), ['answer.remind', 'answer.overdue',
                                         'answer.escalate',
                                         'answer.account']);

    // The department hears of every rung; the region's office of the
    // escalation and the accountability item.
    assert.deepEqual(kinds(await notifications('handler', d.id)),
                     ['accountability', 'assigned', 'escalation', 'reminder',
                      'supervision']);
    assert.deepEqual(kinds(await notifications('supervisor', d.id)),
                     ['accountability', 'escalation']);
    assert.deepEqual(await notifications('handlerOther', d.id), []);
    assert.deepEqual(await notifications('supervisorQd', d.id), []);

    await act('handler', d.id, 'answer', { note: '已协调，下周内解决。' });
    assert.deepEqual(await openNotices('handler', d.id), []);
    const [closed] = await notices('handler', d.id);
    assert.equal(closed.id, n.id);
    assert.equal(ms(closed.closed_at), ms(at(T, 6 * DAY)));
  });
});

describe('auto-close', () => {
  const T = '2030-04-01T09:00:00+08:00';

  test('a result left unanswered for 7 days closes unrated, by the system', async () => {
    await clock(T);
    const d = await assigned('labour');
    await act('handler', d.id, 'answer', { note: '正在办理。' });
    await act('handler', d.id, 'resolve',
              { outcome: 'resolved', note: '已解决。' });
    w.autoClosed = d;

    await clock(at(T, 7 * DAY - 1000));
    assert.equal((await demand(d.id)).status, 'resolved');
    await clock(at(T, 7 * DAY));
    const got = await demand(d.id);
    assert.equal(got.status, 'closed');
    assert.equal(got.satisfaction, null);
    assert.equal(got.outcome, 'resolved');
    assert.equal(ms(got.closed_at), ms(at(T, 7 * DAY)));
    const last = got.timeline.at(-1);
    assert.equal(last.action, 'auto-close');
    assert.equal(last.actor_role, 'system');
    assert.equal(last.actor_id, null);
    assert.equal(last.from, 'resolved');
    assert.equal(last.to, 'closed');
    await clock(at(T, 9 * DAY));
    assert.equal((await demand(d.id)).timeline.length, got.timeline.length);
  });
});

describe('SLA policies', () => {
  const T = '2030-04-15T09:00:00+08:00';

  test('a new finance policy applies to new finance demands only', async () => {
    await clock(T);
    const old = await assigned('finance');
    assert.equal(ms(old.due.answer), ms(at(T, 3 * DAY)));

    await clock(at(T, HOUR));
    const r = await as.admin.put('/api/v1/sla-policies', {
      category: 'finance', kind: null, urgency: null,
      assign: { unit: 'hours', amount: 8 },
      answer: { unit: 'hours', amount: 4 },
      resolve: { unit: 'days', amount: 5 },
      remind_percent: 50,
      escalate_after: { unit: 'hours', amount: 4 },
      account_after: { unit: 'days', amount: 1 },
      auto_close: { unit: 'days', amount: 7 },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.category, 'finance');
    assert.deepEqual(r.body.answer, { unit: 'hours', amount: 4 });
    const policies = await items('dispatcher', '/api/v1/sla-policies');
    const finance = policies.filter((p) => p.category === 'finance');
    assert.equal(finance.length, 1);
    assert.equal(finance[0].id, r.body.id);
    const dflt = policies.find((p) => p.category === null);
    assert.deepEqual(dflt.answer, { unit: 'days', amount: 3 });

    const fresh = await submit('finance');
    assert.equal(ms(fresh.due.assign), ms(at(T, 9 * HOUR)));
    await clock(at(T, 2 * HOUR));
    const a = await act('dispatcher', fresh.id, 'assign',
                        { lead_department_id: w.dept.id });
    assert.equal(ms(a.due.answer), ms(at(T, 6 * HOUR)));
    assert.equal(ms(a.due.resolve), ms(at(T, 2 * HOUR + 5 * DAY)));
    // The older demand keeps the rules it was submitted under.
    assert.equal(ms((await demand(old.id)).due.answer), ms(at(T, 3 * DAY)));
    // And a labour demand still lives by the default.
    const labour = await assigned('labour');
    assert.equal(ms(labour.due.answer), ms(at(T, 2 * HOUR + 3 * DAY)));

    // The new policy's ladder: supervision 4 h after assignment,
    // escalation 4 h later, accountability a day after the deadline.
    await clock(at(T, 6 * HOUR));
    assert.equal((await openNotices('handler', fresh.id)).length, 1);
    await clock(at(T, 30 * HOUR));
    assert.deepEqual(await steps(fresh.id), ['answer.remind',
                                             'answer.overdue',
                                             'answer.escalate',
                                             'answer.account']);
    assert.deepEqual(await openNotices('handler', old.id), []);

    // Saving the same scope again supersedes, never duplicates.
    const r2 = await as.admin.put('/api/v1/sla-policies', {
      category: 'finance',
      assign: { unit: 'days', amount: 1 },
      answer: { unit: 'hours', amount: 4 },
      resolve: { unit: 'days', amount: 5 },
    });
    assert.equal(r2.status, 200, JSON.stringify(r2.body));
    assert.notEqual(r2.body.id, r.body.id);
    assert.equal(r2.body.remind_percent, 75);
    assert.deepEqual(r2.body.auto_close, { unit: 'days', amount: 7 });
    const now = (await items('admin', '/api/v1/sla-policies'))
      .filter((p) => p.category === 'finance');
    assert.deepEqual(now.map((p) => p.id), [r2.body.id]);
  });

  test('policies are validated and only an admin saves them', async () => {
    const ok = {
      assign: { unit: 'days', amount: 1 }, answer: { unit: 'days', amount: 3 },
      resolve: { unit: 'days', amount: 15 },
    };
    const put = (body, who = 'admin') =>
      as[who].put('/api/v1/sla-policies', body);
    let r = await put({ ...ok, answer: { unit: 'hours', amount: 8761 } });
    assert.equal(r.status, 422);
    assert.deepEqual(problemFields(r), ['answer']);
    r = await put({ ...ok, resolve: { unit: 'days', amount: 366 } });
    assert.equal(r.status, 422);
    assert.deepEqual(problemFields(r), ['resolve']);
    r = await put({ ...ok, answer: { unit: 'days', amount: 20 } });
    assert.equal(r.status, 422);
    assert.deepEqual(problemFields(r), ['answer']);
    r = await put({ ...ok, remind_percent: 100 });
    assert.equal(r.status, 422);
    assert.deepEqual(problemFields(r), ['remind_percent']);
    r = await put({ ...ok, assign: { unit: 'weeks', amount: 1 } });
    assert.equal(r.status, 422);
    assert.deepEqual(problemFields(r), ['assign']);
    r = await put({ ...ok, category: 'nonsense' });
    assert.equal(r.status, 422);
    assert.deepEqual(problemFields(r), ['category']);
    r = await put({ ...ok, kind: 'rumour', urgency: 'later' });
    assert.equal(r.status, 422);
    assert.deepEqual(problemFields(r), ['kind', 'urgency']);
    r = await put({ answer: ok.answer });
    assert.equal(r.status, 422);
    assert.deepEqual(problemFields(r), ['assign', 'resolve']);
    r = await put({ ...ok, answer: 3 });
    assert.equal(r.status, 400);
    r = await put({ ...ok, answer: { unit: 'days', amount: 3, x: 1 } });
    assert.equal(r.status, 400);
    r = await put({ ...ok, colour: 'red' });
    assert.equal(r.status, 400);
    r = await put(ok, 'supervisor');
    assert.equal(r.status, 403);
    r = await as.ent.get('/api/v1/sla-policies');
    assert.equal(r.status, 403);
    // Nothing of the refused saves took effect.
    const dflt = (await items('admin', '/api/v1/sla-policies'))
      .filter((p) => p.category === null && p.kind === null &&
              p.urgency === null);
    assert.equal(dflt.length, 1);
    assert.deepEqual(dflt[0].resolve, { unit: 'days', amount: 15 });
  });
});

describe('the working-day calendar', () => {
  test('GET shows the shipped holidays of a year', async () => {
    const r = await as.ent.get('/api/v1/calendar?year=2024');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.year, 2024);
    const days = Object.fromEntries(r.body.items.map((d) => [d.date, d]));
    assert.equal(days['2024-02-10'].kind, 'holiday');
    assert.equal(days['2024-02-04'].kind, 'workday');
    assert.equal(days['2024-10-01'].kind, 'holiday');
    assert.ok(r.body.items.every((d) => d.date.startsWith('2024-')));
    assert.equal((await as.ent.get('/api/v1/calendar?year=20x4')).status,
                 400);
  });

  test('a holiday on a weekday moves a new working-day deadline past it', async () => {
    const T = '2030-04-22T10:00:00+08:00'; // a Monday
    await clock(T);
    let r = await as.admin.put('/api/v1/sla-policies', {
      category: 'land',
      assign: { unit: 'working_days', amount: 1 },
      answer: { unit: 'working_days', amount: 2 },
      resolve: { unit: 'working_days', amount: 10 },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const before = await assigned('land');
    assert.equal(ms(before.due.answer), ms('2030-04-24T10:00:00+08:00'));

    r = await as.admin.put('/api/v1/calendar/2030-04-24',
                           { kind: 'holiday', name: '测试假日' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, { date: '2030-04-24', kind: 'holiday',
                               name: '测试假日' });
    const listed = await items('handler', '/api/v1/calendar?year=2030');
    assert.deepEqual(listed.find((d) => d.date === '2030-04-24'),
                     { date: '2030-04-24', kind: 'holiday', name: '测试假日' });

    const d = await submit('land');
    assert.equal(ms(d.due.assign), ms('2030-04-23T10:00:00+08:00'));
    const a = await act('dispatcher', d.id, 'assign',
                        { lead_department_id: w.dept.id });
    assert.equal(ms(a.due.answer), ms('2030-04-25T10:00:00+08:00'));
    // A deadline set before the edit stays as it was.
    assert.equal(ms((await demand(before.id)).due.answer),
                 ms('2030-04-24T10:00:00+08:00'));

    // Back to an ordinary Wednesday: new deadlines count it again.
    r = await as.admin.put('/api/v1/calendar/2030-04-24', { kind: null });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.kind, null);
    assert.ok(!(await items('admin', '/api/v1/calendar?year=2030'))
      .some((x) => x.date === '2030-04-24'));
    const after2 = await assigned('land');
    assert.equal(ms(after2.due.answer), ms('2030-04-24T10:00:00+08:00'));
  });

  test('calendar edits are validated and only an admin makes them', async () => {
    const put = (date, body, who = 'admin') =>
      as[who].put(`/api/v1/calendar/${date}`, body);
    let r = await put('2030-02-30', { kind: 'holiday' });
    assert.equal(r.status, 404);
    r = await put('30-02-2030', { kind: 'holiday' });
    assert.equal(r.status, 404);
    // A make-up working day must fall on a weekend.
    r = await put('2030-05-08', { kind: 'workday', name: '调休' });
    assert.equal(r.status, 422);
    assert.deepEqual(problemFields(r), ['kind']);
    r = await put('2030-05-11', { kind: 'workday', name: '调休' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    r = await put('2030-05-11', { kind: null });
    assert.equal(r.status, 200);
    r = await put('2030-05-08', { kind: 'day-off' });
    assert.equal(r.status, 422);
    r = await put('2030-05-08', { name: '无类型' });
    assert.equal(r.status, 422);
    assert.deepEqual(problemFields(r), ['kind']);
    r = await put('2030-05-08', { kind: 'holiday' }, 'supervisor');
    assert.equal(r.status, 403);
    assert.ok(!(await items('admin', '/api/v1/calendar?year=2030'))
      .some((x) => x.date === '2030-05-08'));
  });

  test('an approved extension under a working-day resolve policy skips a holiday', async () => {
    const T = '2030-05-06T10:00:00+08:00'; // a Monday
    await clock(T);
    let r = await as.admin.put('/api/v1/sla-policies', {
      category: 'logistics',
      assign: { unit: 'days', amount: 1 },
      answer: { unit: 'working_days', amount: 2 },
      resolve: { unit: 'working_days', amount: 5 },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const d = await assigned('logistics');
    assert.equal(ms(d.due.resolve), ms('2030-05-13T10:00:00+08:00'));
    r = await as.admin.put('/api/v1/calendar/2030-05-14',
                           { kind: 'holiday', name: '测试假日' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await act('handler', d.id, 'extend', { days: 1, note: '需要协调物流公司。' });
    const got = await act('supervisor', d.id, 'decide-extension',
                          { approve: true });
    assert.equal(got.extension_days, 1);
    assert.equal(ms(got.due.resolve), ms('2030-05-15T10:00:00+08:00'));
  });
});

describe('paused clocks', () => {
  const T = '2030-05-20T09:00:00+08:00';

  test('a paused demand gets no steps while paused', async () => {
    await clock(T);
    const d = await assigned('approval');
    await clock(at(T, HOUR));
    const p = await act('handler', d.id, 'pause', { note: '请企业补充营业执照。' });
    assert.equal(p.paused, true);
    assert.equal(p.next_step_at, null);

    await clock(at(T, 10 * DAY));
    assert.deepEqual(await steps(d.id), []);
    assert.deepEqual(await notices('supervisor', d.id), []);
    assert.deepEqual(await accountability('supervisor', d.id), []);
    assert.deepEqual(kinds(await notifications('handler', d.id)),
                     ['assigned']);
    assert.equal((await demand(d.id)).overdue, false);

    // Resuming moves the deadlines by the paused time; the ladder climbs
    // from there.
    const resumed = await act('handler', d.id, 'resume');
    const paused = 10 * DAY - HOUR;
    assert.equal(ms(resumed.due.answer), ms(at(T, 3 * DAY + paused)));
    assert.equal(resumed.paused_seconds, paused / 1000);
    await clock(at(T, 3 * DAY + paused - 1000));
    assert.deepEqual(await steps(d.id), ['answer.remind']);
    await clock(at(T, 3 * DAY + paused));
    assert.deepEqual(await steps(d.id), ['answer.remind', 'answer.overdue']);
  });
});

describe('notifications', () => {
  test('each reader sees its own, newest first, and marks them read', async () => {
    const mine = await items('handler', '/api/v1/notifications?limit=500');
    assert.ok(mine.length > 0);
    assert.ok(mine.every((n) => n.department_id === w.dept.id));
    const ids = mine.map((n) => n.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    const office = await items('dispatcher',
                               '/api/v1/notifications?limit=500');
    assert.ok(office.length > 0);
    assert.ok(office.every((n) => n.department_id === null &&
                           n.region_code.startsWith('3707')));
    assert.deepEqual(await items('supervisorQd', '/api/v1/notifications'),
                     []);
    assert.deepEqual(await items('ent', '/api/v1/notifications'), []);
    assert.deepEqual(await items('commissioner', '/api/v1/notifications'),
                     []);
    assert.deepEqual(await items('handlerOther', '/api/v1/notifications'),
                     []);

    // Paging: a cursor continues below the last id.
    const page = await as.handler.get('/api/v1/notifications?limit=2');
    assert.equal(page.body.items.length, 2);
    assert.equal(page.body.next_cursor, String(ids[1]));
    const next = await as.handler.get(
      `/api/v1/notifications?limit=2&cursor=${page.body.next_cursor}`);
    assert.deepEqual(next.body.items.map((n) => n.id), ids.slice(2, 4));

    const n = mine[0];
    assert.equal(n.read_at, null);
    let r = await as.handler.post(`/api/v1/notifications/${n.id}/read`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(ms(r.body.read_at), ms(lastClock));
    assert.equal(r.body.id, n.id);
    // Reading again keeps the first reading.
    await clock(at(lastClock, HOUR));
    r = await as.handler.post(`/api/v1/notifications/${n.id}/read`);
    assert.equal(ms(r.body.read_at), ms(at(lastClock, -HOUR)));
    const unread = await items('handler',
                               '/api/v1/notifications?unread=true&limit=500');
    assert.ok(!unread.some((x) => x.id === n.id));
    assert.ok(mine.slice(1).every((x) => unread.some((u) => u.id === x.id)));

    // Out of scope is absent, never forbidden.
    r = await as.handlerOther.post(`/api/v1/notifications/${n.id}/read`);
    assert.equal(r.status, 404);
    r = await as.handler.post(`/api/v1/notifications/${office[0].id}/read`);
    assert.equal(r.status, 404);
    r = await as.handler.post('/api/v1/notifications/999999/read');
    assert.equal(r.status, 404);
    r = await as.dispatcher.post(`/api/v1/notifications/${office[0].id}/read`);
    assert.equal(r.status, 200);
  });

  test('who may read notices and accountability', async () => {
    assert.equal((await as.ent.get('/api/v1/supervisions')).status, 403);
    assert.equal((await as.commissioner.get('/api/v1/supervisions')).status,
                 403);
    assert.equal((await as.handler.get('/api/v1/accountability')).status,
                 403);
    assert.equal((await as.dispatcher.get('/api/v1/accountability')).status,
                 403);
    assert.equal((await as.ent.get('/api/v1/notifications')).status, 200);
    let r = await as.supervisor.get('/api/v1/accountability?from=2030-13');
    assert.equal(r.status, 400);
    r = await as.supervisor.get(
      '/api/v1/accountability?from=2030-05&to=2030-03');
    assert.equal(r.status, 400);
    r = await as.supervisor.get('/api/v1/supervisions?open=maybe');
    assert.equal(r.status, 400);
    // Another region's supervisor sees none of 潍坊's.
    assert.deepEqual(await items('supervisorQd',
                                 '/api/v1/accountability?from=2030-01&to=2030-12'),
                     []);
    assert.deepEqual(await items('supervisorQd',
                                 '/api/v1/supervisions?open=false'), []);
  });
});

describe('restarts and qitong tick', () => {
  // Everything the scheduler has written, to compare before and after.
  async function snapshot() {
    const out = {
      notices: await items('admin', '/api/v1/supervisions?open=false&limit=500'),
      accountability: await items(
        'admin', '/api/v1/accountability?from=2030-01&to=2030-12&limit=500'),
      notifications: await items('admin', '/api/v1/notifications?limit=500'),
      timelines: [],
    };
    for (const d of [w.ladder, w.late, w.autoClosed]) {
      out.timelines.push((await demand(d.id)).timeline.length);
    }
    return out;
  }

  test('the scheduler never fires a step twice across restarts and processes', async () => {
    const t = lastClock;
    const before1 = await snapshot();
    const stopped = Date.now();
    await srv.stop();
    // The scheduler thread waits on a condition, not a 30 s sleep.
    assert.ok(Date.now() - stopped < 5000, 'the server stopped promptly');
    assert.equal(srv.proc.exitCode, 0);
    assert.match(srv.log(), /serve stopping/);

    const db = join(dir, 'qitong.db');
    let r = cli(['tick', '--db', db, '--now', t]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'qitong: 0 steps fired\n');

    await serve(false);
    const again = await clock(t);
    assert.equal(again.fired, 0);
    assert.deepEqual(await snapshot(), before1);

    // Later work fired by `qitong tick` while the server is down is not
    // fired again by the server.
    await srv.stop();
    const later = at(t, 30 * DAY);
    r = cli(['tick', '--db', db, '--now', later]);
    assert.equal(r.status, 0, r.stderr);
    const m = /^qitong: (\d+) steps fired\n$/.exec(r.stdout);
    assert.ok(m && Number(m[1]) > 0, r.stdout);
    await serve(false);
    const after1 = await clock(later);
    assert.equal(after1.fired, 0);
    const before2 = await snapshot();
    assert.ok(before2.notifications.length > before1.notifications.length);
    await clock(later);
    assert.deepEqual(await snapshot(), before2);
  });

  test('qitong tick refuses bad usage', () => {
    const db = join(dir, 'qitong.db');
    assert.equal(cli(['tick', '--db', db, '--now', 'tomorrow']).status, 2);
    assert.equal(cli(['tick', '--db', db, 'extra']).status, 2);
    assert.equal(cli(['tick', '--db', join(dir, 'missing', 'x.db')]).status,
                 1);
    const help = cli(['tick', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /qitong tick/);
  });
});

describe('the scheduler thread', () => {
  test('fires due steps on its own, logs the pass and stops promptly', async () => {
    // A real clock and a one-second interval: a policy with no time to
    // assign makes a demand overdue the moment it is submitted.
    const s = await startServer({ args: ['--tick-seconds', '1'] });
    try {
      const admin = new Client(s);
      await admin.signIn(ADMIN.username, ADMIN.password);
      const dept = await admin.post('/api/v1/departments', {
        name: '潍坊市行政审批服务局', kind: 'bureau', region_code: '370700',
      });
      assert.equal(dept.status, 201, JSON.stringify(dept.body));
      const e = await admin.post('/api/v1/enterprises', {
        credit_code: creditCode(7, '370702'), name: '潍坊七号化工有限公司',
        region_code: '370702', scale: 'above',
      });
      assert.equal(e.status, 201, JSON.stringify(e.body));
      const u = await admin.post('/api/v1/users', {
        username: 'dispatch', display_name: 'dispatch', role: 'dispatcher',
        password: PASSWORD, region_code: '370700',
      });
      assert.equal(u.status, 201, JSON.stringify(u.body));
      const p = await admin.put('/api/v1/sla-policies', {
        category: 'other', assign: { unit: 'hours', amount: 0 },
        answer: { unit: 'hours', amount: 1 },
        resolve: { unit: 'hours', amount: 2 }, remind_percent: 0,
      });
      assert.equal(p.status, 200, JSON.stringify(p.body));
      const dispatcher = new Client(s);
      await dispatcher.signIn('dispatch', PASSWORD);
      const d = await dispatcher.post('/api/v1/demands', {
        enterprise_id: e.body.id, channel: 'hotline', category: 'other',
        title: '立即逾期的诉求', content: '用于检验调度线程。',
      });
      assert.equal(d.status, 201, JSON.stringify(d.body));

      let found = [];
      for (let i = 0; i < 50 && !found.length; i++) {
        await new Promise((ok) => setTimeout(ok, 100));
        const r = await dispatcher.get('/api/v1/supervisions');
        found = r.body.items.filter((x) => x.demand_id === d.body.id);
      }
      assert.equal(found.length, 1, 'the thread opened the notice');
      assert.equal(found[0].stage, 'assign');
      assert.match(s.log(), /tick fired=\d+ batches=\d+ us=\d+/);
    } finally {
      const stopped = Date.now();
      await s.stop();
      assert.ok(Date.now() - stopped < 3000, 'the server stopped promptly');
      assert.equal(s.proc.exitCode, 0);
    }
  });

  test('--tick-seconds takes 0 and refuses nonsense', () => {
    assert.equal(cli(['serve', '--tick-seconds', '-1']).status, 2);
    assert.equal(cli(['serve', '--tick-seconds', 'often']).status, 2);
  });
});
