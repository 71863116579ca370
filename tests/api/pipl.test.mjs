// Personal information (PIPL, issue 6): every list shows phones masked,
// for every role; a single record shows a phone whole only to those who
// call that person; a search never matches a phone, so it cannot confirm
// a masked number; every export, over HTTP and from the command line,
// writes an audit entry naming who, what, the filters, the rows and the
// personal columns, and phones go out whole only where the record would
// show them whole; the audit chain still verifies.
import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { after, before, test } from 'node:test';
import {
  Client, adminClient, cli, creditCode, csvRows, sql, startServer,
} from './harness.mjs';

const PASSWORD = 'Pipl-pass-2026';
const PHONE = {
  e1: '13812345678', e2: '0536-8888888', dispatcher: '13900000001',
  handler: '13900000002', supervisor: '13900000003', leader: '13900000004',
  comm1: '13900000005', comm2: '13900000006', ent1: '13900000007',
};
const MASKED = { e1: '138****5678', e2: '0536-****888', comm1: '139****0005' };
const STAFF = ['admin', 'dispatcher', 'handler', 'supervisor', 'leader',
               'comm1', 'comm2'];
const EVERYONE = [...STAFF, 'ent1', 'ent2'];

let srv, admin;
const w = {};   // records by name
const as = {};  // signed-in clients by name

async function created(path, body) {
  const r = await admin.post(path, body);
  assert.equal(r.status, 201, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function account(name, role, extra) {
  w[name] = await created('/api/v1/users', {
    username: `pipl-${name}`, display_name: `个保${name}`, role,
    password: PASSWORD, ...(PHONE[name] ? { phone: PHONE[name] } : {}),
    ...extra,
  });
  as[name] = new Client(srv);
  await as[name].signIn(`pipl-${name}`, PASSWORD);
}

// Audit entries with ACTION: [{user_id, address, detail}], oldest first.
function audit(action) {
  assert.match(action, /^[a-z_.]+$/);
  const r = sql(srv.db, 'SELECT coalesce(user_id, 0), address, detail' +
                        ` FROM audit_log WHERE action = '${action}' ORDER BY id`);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l).map((l) => {
    const [id, address, ...rest] = l.split('|');
    return { user_id: Number(id), address, detail: JSON.parse(rest.join('|')) };
  });
}

// Every whole test phone in TEXT (a response body or a file).
function wholePhonesIn(text) {
  return Object.values(PHONE).filter((p) => text.includes(p));
}

before(async () => {
  srv = await startServer();
  admin = await adminClient(srv);
  as.admin = admin;
  w.admin = (await admin.get('/api/v1/session')).body.user;
  w.dept = await created('/api/v1/departments', {
    name: '潍坊市个保测试局', kind: 'bureau', region_code: '370700' });
  w.e1 = await created('/api/v1/enterprises', {
    credit_code: creditCode(601, '370702'), name: '潍城个保一号有限公司',
    region_code: '370702', scale: 'above', contact_name: '张联系',
    contact_phone: PHONE.e1 });
  w.e2 = await created('/api/v1/enterprises', {
    credit_code: creditCode(602, '370702'), name: '潍城个保二号有限公司',
    region_code: '370702', scale: 'below', contact_name: '李联系',
    contact_phone: PHONE.e2 });
  await account('dispatcher', 'dispatcher', { region_code: '370700' });
  await account('handler', 'handler', { department_id: w.dept.id });
  await account('supervisor', 'supervisor', { region_code: '370700' });
  await account('leader', 'leader', { region_code: '370700' });
  await account('comm1', 'commissioner', { region_code: '370702', level: 'county' });
  await account('comm2', 'commissioner', { region_code: '370702', level: 'county' });
  await account('ent1', 'enterprise', { enterprise_id: w.e1.id });
  await account('ent2', 'enterprise', { enterprise_id: w.e2.id });
  await created('/api/v1/pairings', { kind: 'one_to_one', user_id: w.comm1.id,
                                      enterprise_id: w.e1.id });
  await created('/api/v1/pairings', { kind: 'one_to_one', user_id: w.comm2.id,
                                      enterprise_id: w.e2.id });
});
after(async () => { await srv?.stop(); });

test('enterprise lists show contact phones masked, for every role', async () => {
  for (const who of EVERYONE) {
    const r = await as[who].get('/api/v1/enterprises?limit=500');
    assert.equal(r.status, 200, who);
    const mine = r.body.items.filter((e) => e.id === w.e1.id || e.id === w.e2.id);
    assert.ok(mine.length > 0, `${who} sees a test enterprise`);
    for (const e of mine) {
      assert.equal(e.contact_phone, e.id === w.e1.id ? MASKED.e1 : MASKED.e2, who);
    }
    assert.deepEqual(wholePhonesIn(JSON.stringify(r.body)), [], who);
  }
});

test('user lists show phones masked, for every staff role, own row included', async () => {
  for (const who of STAFF) {
    const r = await as[who].get('/api/v1/users?limit=500');
    assert.equal(r.status, 200, who);
    assert.ok(r.body.items.some((u) => u.phone), `${who} sees a phone`);
    for (const u of r.body.items) {
      if (u.phone) assert.match(u.phone, /\*{4}/, `${who}: ${u.username}`);
    }
    assert.deepEqual(wholePhonesIn(JSON.stringify(r.body)), [], who);
  }
  assert.equal((await as.ent1.get('/api/v1/users')).status, 403);
});

test('the due-for-visit list shows contact phones masked', async () => {
  const r = await as.comm1.get('/api/v1/visits/due?all=true');
  assert.equal(r.status, 200);
  const e = r.body.items.find((x) => x.enterprise_id === w.e1.id);
  assert.equal(e.contact_phone, MASKED.e1);
  assert.deepEqual(wholePhonesIn(JSON.stringify(r.body)), []);
});

test('an enterprise record shows its phone whole only to those who call it', async () => {
  const whole = ['admin', 'dispatcher', 'comm1', 'ent1'];
  const masked = ['handler', 'supervisor', 'leader'];
  for (const who of [...whole, ...masked]) {
    const r = await as[who].get(`/api/v1/enterprises/${w.e1.id}`);
    assert.equal(r.status, 200, who);
    assert.equal(r.body.contact_phone,
                 whole.includes(who) ? PHONE.e1 : MASKED.e1, who);
  }
  // Out of scope is not found, phone or no phone.
  for (const who of ['comm2', 'ent2']) {
    assert.equal((await as[who].get(`/api/v1/enterprises/${w.e1.id}`)).status,
                 404, who);
  }
  // The answers to the registrars' writes are single records too.
  const p = await as.dispatcher.patch(`/api/v1/enterprises/${w.e2.id}`,
                                      { contact_name: '李联系' });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal(p.body.contact_phone, PHONE.e2);
});

test('a user record shows the phone whole to admins, dispatchers and the user', async () => {
  for (const who of ['admin', 'dispatcher']) {
    const r = await as[who].get(`/api/v1/users/${w.comm1.id}`);
    assert.equal(r.body.phone, PHONE.comm1, who);
  }
  for (const who of ['supervisor', 'leader', 'handler']) {
    const r = await as[who].get(`/api/v1/users/${w.comm1.id}`);
    assert.equal(r.status, 200, who);
    assert.equal(r.body.phone, MASKED.comm1, who);
    const own = await as[who].get(`/api/v1/users/${w[who].id}`);
    assert.equal(own.body.phone, PHONE[who], `${who} itself`);
  }
  // A commissioner reads only itself, whole.
  const own = await as.comm1.get(`/api/v1/users/${w.comm1.id}`);
  assert.equal(own.body.phone, PHONE.comm1);
  assert.equal((await as.comm1.get(`/api/v1/users/${w.dispatcher.id}`)).status,
               404);
  for (const who of EVERYONE.filter((x) => PHONE[x])) {
    const s = await as[who].get('/api/v1/session');
    assert.equal(s.body.user.phone, PHONE[who], `${who} sees its own phone`);
  }
});

test('a contact card shows the phone whole to its enterprise, masked to fellow staff', async () => {
  const card = async (who) => {
    const r = await as[who].get(`/api/v1/enterprises/${w.e1.id}/commissioners`);
    assert.equal(r.status, 200, who);
    const c = r.body.items.find((x) => x.user_id === w.comm1.id);
    assert.ok(c, `${who} sees the card`);
    return c.phone;
  };
  for (const who of ['ent1', 'admin', 'dispatcher', 'comm1']) {
    assert.equal(await card(who), PHONE.comm1, who);
  }
  for (const who of ['handler', 'supervisor', 'leader']) {
    assert.equal(await card(who), MASKED.comm1, who);
  }
});

test('a search never matches a phone, whole or in part, so it confirms none', async () => {
  for (const q of [PHONE.e1, '5678', '12345678', '8888888']) {
    const e = await admin.get(`/api/v1/enterprises?q=${encodeURIComponent(q)}`);
    assert.equal(e.status, 200);
    assert.deepEqual(e.body.items, [], `enterprises q=${q}`);
    const x = await admin.get(`/api/v1/exports/enterprises?format=csv&q=${q}`);
    assert.equal(x.headers.get('x-ledger-rows'), '0', `export q=${q}`);
  }
  for (const q of [PHONE.comm1, '0005']) {
    const u = await admin.get(`/api/v1/users?q=${q}`);
    assert.deepEqual(u.body.items, [], `users q=${q}`);
  }
  // The same search by name does find them: the empty answers above are
  // the phone's, not a broken search.
  const byName = await admin.get(`/api/v1/enterprises?q=${encodeURIComponent('个保一号')}`);
  assert.deepEqual(byName.body.items.map((e) => e.id), [w.e1.id]);
});

test('an export shows each phone as the single record would, and is audited', async () => {
  const exportAs = async (who, kind, query = '') => {
    const r = await as[who].get(`/api/v1/exports/${kind}?format=csv${query}`);
    assert.equal(r.status, 200, `${who} ${kind}`);
    const rows = csvRows(r.body);
    const col = rows[0].indexOf(kind === 'users' ? '电话' : '联系电话');
    return { rows: rows.slice(1), phones: rows.slice(1).map((x) => x[col]), body: r.body };
  };
  const q = `&q=${encodeURIComponent('潍城个保')}`;
  const before = audit('export.enterprises').length;

  // The admin, the dispatcher and the commissioner see them whole, as on
  // the record; the supervisor masked.
  const a = await exportAs('admin', 'enterprises', q);
  assert.deepEqual(a.phones.sort(), [PHONE.e2, PHONE.e1].sort());
  const d = await exportAs('dispatcher', 'enterprises', q);
  assert.deepEqual(d.phones.sort(), [PHONE.e2, PHONE.e1].sort());
  const c = await exportAs('comm1', 'enterprises');
  assert.deepEqual(c.phones, [PHONE.e1]);
  const s = await exportAs('supervisor', 'enterprises', q);
  assert.deepEqual(s.phones.sort(), [MASKED.e2, MASKED.e1].sort());
  assert.deepEqual(wholePhonesIn(s.body), []);
  // A supervisor's user ledger: masked but for its own row.
  const u = await exportAs('supervisor', 'users');
  assert.ok(u.phones.includes(PHONE.supervisor));
  assert.ok(u.phones.includes(MASKED.comm1));
  assert.deepEqual(wholePhonesIn(u.body), [PHONE.supervisor]);

  const entries = audit('export.enterprises').slice(before);
  assert.deepEqual(entries.map((x) => x.user_id),
                   [w.admin.id, w.dispatcher.id, w.comm1.id, w.supervisor.id]);
  for (const x of entries) {
    assert.equal(x.address, '127.0.0.1');
    assert.equal(x.detail.format, 'csv');
    assert.deepEqual(x.detail.personal, ['contact_name', 'contact_phone']);
  }
  assert.deepEqual(entries.map((x) => x.detail.rows), [2, 2, 1, 2]);
  assert.deepEqual(entries.map((x) => x.detail.whole_phones), [2, 2, 1, 0]);
  assert.deepEqual(entries.map((x) => x.detail.filter.q),
                   ['潍城个保', '潍城个保', undefined, '潍城个保']);
  const users = audit('export.users').at(-1);
  assert.equal(users.user_id, w.supervisor.id);
  assert.deepEqual(users.detail.personal, ['username', 'display_name', 'phone']);
  assert.equal(users.detail.whole_phones, 1);
  assert.equal(users.detail.rows, u.rows.length);

  // A ledger without personal columns says so; an Excel export is
  // audited the same way.
  const x = await admin.get('/api/v1/exports/departments?format=xlsx');
  assert.equal(x.status, 200);
  assert.deepEqual(audit('export.departments').at(-1).detail.personal, []);
});

test('qitong export writes phones whole and audits the login name that ran it', () => {
  const before = audit('export.users').length;
  const r = cli(['export', '--db', srv.db, '--kind', 'users', '--format', 'csv']);
  assert.equal(r.status, 0, r.stderr);
  const rows = csvRows(r.stdout);
  const col = rows[0].indexOf('电话');
  const phones = rows.slice(1).map((x) => x[col]).filter((p) => p);
  assert.ok(phones.includes(PHONE.comm1));
  assert.ok(phones.every((p) => !p.includes('*')));
  const entries = audit('export.users').slice(before);
  assert.equal(entries.length, 1);
  const [e] = entries;
  assert.equal(e.user_id, 0);
  assert.equal(e.address, 'cli');
  assert.equal(e.detail.os_user, userInfo().username);
  assert.equal(e.detail.rows, rows.length - 1);
  assert.equal(e.detail.whole_phones, phones.length);
  assert.deepEqual(e.detail.personal, ['username', 'display_name', 'phone']);
});

test('the audit log keeps phones masked, and its chain verifies', async () => {
  const r = sql(srv.db, "SELECT action || ' ' || coalesce(detail, '') FROM audit_log" +
                        " WHERE action IN ('user.create', 'user.update'," +
                        " 'enterprise.create', 'enterprise.update')");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /enterprise\.create/);
  assert.ok(r.stdout.includes(MASKED.e1));
  assert.ok(r.stdout.includes(MASKED.comm1));
  assert.deepEqual(wholePhonesIn(r.stdout), []);
  const v = cli(['audit', 'verify', '--db', srv.db]);
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /audit log intact/);
});
