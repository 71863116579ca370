// The registry over real HTTP: departments, projects, users, teams and
// pairings — create, read, list with filters and cursor paging, update,
// disable, and the 400 / 404 / 409 / 422 answers to bad requests.  Every
// write is audited; the chain must verify at the end.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  Client, adminClient, cli, creditCode, problemFields, sql, startServer,
} from './harness.mjs';

const PASSWORD = 'Correct-horse-42';

let srv;
let admin;
let seq = 0;

before(async () => {
  srv = await startServer();
  admin = await adminClient(srv);
});
after(async () => { await srv?.stop(); });

// A name no other test uses, so filters by q find only what a test made.
function uniq(prefix) {
  seq += 1;
  return `${prefix}${process.pid}x${seq}`;
}

// POST BODY to PATH as the admin and insist on 201.
async function created(path, body, client = admin) {
  const r = await client.post(path, body);
  assert.equal(r.status, 201, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

function department(extra = {}) {
  return created('/api/v1/departments', {
    name: uniq('工信局'), kind: 'bureau', region_code: '370700', ...extra,
  });
}

function enterprise(region = '370702', extra = {}) {
  seq += 1;
  return created('/api/v1/enterprises', {
    credit_code: creditCode(100000 + seq, region), name: uniq('企业'),
    region_code: region, scale: 'above', ...extra,
  });
}

function project(enterpriseId, extra = {}) {
  return created('/api/v1/projects', {
    name: uniq('项目'), enterprise_id: enterpriseId, ...extra,
  });
}

function user(role, extra = {}) {
  const regional = ['commissioner', 'dispatcher', 'supervisor', 'leader'];
  return created('/api/v1/users', {
    username: uniq(role), display_name: uniq('张'), role,
    ...(regional.includes(role) ? { region_code: '370700' } : {}),
    ...extra,
  });
}

// Every item of a list, following next_cursor with page size LIMIT.
async function allPages(path, limit) {
  const ids = [];
  let cursor = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r = await admin.get(`${path}${sep}limit=${limit}` +
                              (cursor ? `&cursor=${cursor}` : ''));
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length <= limit);
    ids.push(...r.body.items.map((x) => x.id));
    cursor = r.body.next_cursor;
    pages += 1;
  } while (cursor && pages < 100);
  return { ids, pages };
}

function ids(res) {
  return res.body.items.map((x) => x.id);
}

// ---- departments -------------------------------------------------------

test('an admin creates a department and reads it back', async () => {
  const d = await department({ kind: 'service_office' });
  assert.equal(d.kind, 'service_office');
  assert.equal(d.region_code, '370700');
  assert.equal(d.parent_id, null);
  assert.equal(d.path, `/${d.id}/`);
  assert.equal(d.disabled, false);
  const r = await admin.get(`/api/v1/departments/${d.id}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, d);
});

test('a child department path extends its parent path', async () => {
  const parent = await department();
  const child = await department({ parent_id: parent.id,
                                   region_code: '370702' });
  assert.equal(child.parent_id, parent.id);
  assert.equal(child.path, `${parent.path}${child.id}/`);
});

test('a child department outside its parent region is 422 on region_code', async () => {
  const parent = await department({ region_code: '370702' });
  const r = await admin.post('/api/v1/departments', {
    name: uniq('局'), kind: 'bureau', region_code: '370200',
    parent_id: parent.id,
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['region_code']);
});

test('a department with an unknown region and parent is 422 naming both', async () => {
  const r = await admin.post('/api/v1/departments', {
    name: uniq('局'), kind: 'bureau', region_code: '379999',
    parent_id: 999999,
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['parent_id', 'region_code']);
});

test('a department kind outside the list is 422 on kind', async () => {
  const r = await admin.post('/api/v1/departments', {
    name: uniq('局'), kind: 'ministry', region_code: '370700',
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['kind']);
});

test('a department missing its fields is 422 naming each', async () => {
  const r = await admin.post('/api/v1/departments', {});
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['kind', 'name', 'region_code']);
});

test('a department field of the wrong type or unknown is 400', async () => {
  const r = await admin.post('/api/v1/departments', {
    name: 12, kind: 'bureau', region_code: '370700', colour: 'red',
  });
  assert.equal(r.status, 400);
  assert.deepEqual(problemFields(r), ['colour', 'name']);
});

test('department list filters by region, parent_id and q', async () => {
  const tag = uniq('筛选');
  const top = await department({ name: `${tag}市局` });
  const kid = await department({ name: `${tag}区局`, parent_id: top.id,
                                 region_code: '370702' });
  await department({ name: `${tag}青岛局`, region_code: '370200' });
  const q = encodeURIComponent(tag);
  const byQ = await admin.get(`/api/v1/departments?q=${q}`);
  assert.equal(byQ.body.items.length, 3);
  const byRegion = await admin.get(`/api/v1/departments?q=${q}&region=370700`);
  assert.deepEqual(ids(byRegion), [top.id, kid.id]);
  const byCounty = await admin.get(`/api/v1/departments?q=${q}&region=370702`);
  assert.deepEqual(ids(byCounty), [kid.id]);
  const byParent = await admin.get(`/api/v1/departments?parent_id=${top.id}`);
  assert.deepEqual(ids(byParent), [kid.id]);
});

test('a malformed department list filter is 400 naming it', async () => {
  const r = await admin.get('/api/v1/departments?region=37x');
  assert.equal(r.status, 400);
  assert.deepEqual(problemFields(r), ['region']);
  const p = await admin.get('/api/v1/departments?parent_id=abc');
  assert.equal(p.status, 400);
  assert.deepEqual(problemFields(p), ['parent_id']);
});

test('a malformed enterprise region filter is 400, not 422', async () => {
  // The router used to render the store's 422 although the handler
  // returned 400: the code a handler returns must decide the status.
  const r = await admin.get('/api/v1/enterprises?region=3707x');
  assert.equal(r.status, 400);
  assert.equal(r.body.status, 400);
  assert.deepEqual(problemFields(r), ['region']);
});

test('PATCH renames a department and keeps the rest', async () => {
  const d = await department();
  const name = uniq('新名');
  const r = await admin.patch(`/api/v1/departments/${d.id}`, { name });
  assert.equal(r.status, 200);
  assert.equal(r.body.name, name);
  assert.equal(r.body.kind, d.kind);
  assert.equal((await admin.get(`/api/v1/departments/${d.id}`)).body.name,
               name);
});

test('a disabled department leaves the list unless disabled=true', async () => {
  const d = await department();
  const q = encodeURIComponent(d.name);
  const r = await admin.patch(`/api/v1/departments/${d.id}`,
                              { disabled: true });
  assert.equal(r.status, 200);
  assert.equal(r.body.disabled, true);
  assert.deepEqual(ids(await admin.get(`/api/v1/departments?q=${q}`)), []);
  assert.deepEqual(
    ids(await admin.get(`/api/v1/departments?q=${q}&disabled=true`)), [d.id]);
});

test('a department parent cannot be changed by PATCH', async () => {
  const a = await department();
  const b = await department();
  const r = await admin.patch(`/api/v1/departments/${b.id}`,
                              { parent_id: a.id });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['parent_id']);
  assert.equal((await admin.get(`/api/v1/departments/${b.id}`)).body.parent_id,
               null);
});

test('an unknown department id is 404 for GET and PATCH', async () => {
  assert.equal((await admin.get('/api/v1/departments/999999')).status, 404);
  assert.equal((await admin.get('/api/v1/departments/abc')).status, 404);
  const r = await admin.patch('/api/v1/departments/999999', { name: 'x' });
  assert.equal(r.status, 404);
});

test('department pages follow the cursor with no duplicates or gaps', async () => {
  for (let i = 0; i < 7; i++) await department();
  const whole = await admin.get('/api/v1/departments?limit=500');
  const expected = ids(whole);
  assert.ok(expected.length > 7);
  const { ids: paged, pages } = await allPages('/api/v1/departments', 3);
  assert.deepEqual(paged, expected);
  assert.equal(new Set(paged).size, paged.length);
  assert.ok(pages >= 3);
});

// ---- projects ----------------------------------------------------------

test('a project takes its owner region and starts out negotiating', async () => {
  const e = await enterprise('370703');
  const p = await project(e.id, { total_investment: 50000,
                                  annual_investment: 12000 });
  assert.equal(p.region_code, '370703');
  assert.equal(p.stage, 'negotiating');
  assert.equal(p.enterprise_id, e.id);
  assert.equal(p.enterprise_name, e.name);
  assert.equal(p.total_investment, 50000);
  assert.equal(p.planned_start, null);
  const r = await admin.get(`/api/v1/projects/${p.id}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, p);
});

test('a project ending before it starts is 422 on planned_end', async () => {
  const e = await enterprise();
  const r = await admin.post('/api/v1/projects', {
    name: uniq('项目'), enterprise_id: e.id, planned_start: '2026-05-01',
    planned_end: '2026-04-30',
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['planned_end']);
});

test('negative investment and an impossible date are 422 naming them', async () => {
  const e = await enterprise();
  const r = await admin.post('/api/v1/projects', {
    name: uniq('项目'), enterprise_id: e.id, total_investment: -1,
    planned_start: '2026-02-30', stage: 'dreaming',
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r),
                   ['planned_start', 'stage', 'total_investment']);
});

test('a project owned by an unknown enterprise is 422 on enterprise_id', async () => {
  const r = await admin.post('/api/v1/projects', {
    name: uniq('项目'), enterprise_id: 999999,
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['enterprise_id']);
});

test('investment sent as text is 400', async () => {
  const e = await enterprise();
  const r = await admin.post('/api/v1/projects', {
    name: uniq('项目'), enterprise_id: e.id, total_investment: '100',
  });
  assert.equal(r.status, 400);
  assert.deepEqual(problemFields(r), ['total_investment']);
});

test('PATCH moves a project to started with its actual start date', async () => {
  const e = await enterprise();
  const p = await project(e.id, { stage: 'signed' });
  const r = await admin.patch(`/api/v1/projects/${p.id}`,
                              { stage: 'started', actual_start: '2026-03-02' });
  assert.equal(r.status, 200);
  assert.equal(r.body.stage, 'started');
  assert.equal(r.body.actual_start, '2026-03-02');
  assert.equal(r.body.name, p.name);
  const back = await admin.get(`/api/v1/projects/${p.id}`);
  assert.equal(back.body.stage, 'started');
});

test('project list filters by stage, enterprise_id, region and q', async () => {
  const e = await enterprise('370705');
  const tag = uniq('园区');
  const a = await project(e.id, { name: `${tag}一期`, stage: 'signed' });
  const b = await project(e.id, { name: `${tag}二期`, stage: 'producing' });
  const q = encodeURIComponent(tag);
  assert.deepEqual(ids(await admin.get(`/api/v1/projects?q=${q}`)),
                   [a.id, b.id]);
  assert.deepEqual(
    ids(await admin.get(`/api/v1/projects?q=${q}&stage=producing`)), [b.id]);
  assert.deepEqual(
    ids(await admin.get(`/api/v1/projects?enterprise_id=${e.id}`)),
    [a.id, b.id]);
  assert.deepEqual(
    ids(await admin.get(`/api/v1/projects?q=${q}&region=370200`)), []);
  assert.deepEqual(
    ids(await admin.get(`/api/v1/projects?q=${q}&region=370705`)),
    [a.id, b.id]);
  const bad = await admin.get('/api/v1/projects?stage=dreaming');
  assert.equal(bad.status, 400);
  assert.deepEqual(problemFields(bad), ['stage']);
});

test('a disabled project leaves the list unless disabled=true', async () => {
  const e = await enterprise();
  const p = await project(e.id);
  await admin.patch(`/api/v1/projects/${p.id}`, { disabled: true });
  assert.deepEqual(
    ids(await admin.get(`/api/v1/projects?enterprise_id=${e.id}`)), []);
  assert.deepEqual(
    ids(await admin.get(`/api/v1/projects?enterprise_id=${e.id}` +
                        '&disabled=true')), [p.id]);
});

test('an unknown project id is 404 for GET and PATCH', async () => {
  assert.equal((await admin.get('/api/v1/projects/999999')).status, 404);
  const r = await admin.patch('/api/v1/projects/999999', { stage: 'signed' });
  assert.equal(r.status, 404);
});

// ---- users -------------------------------------------------------------

test('a user created with a password can sign in and never sees it echoed', async () => {
  const u = await user('commissioner', { password: PASSWORD, level: 'county',
                                         phone: '0536-8888888' });
  assert.equal(u.role, 'commissioner');
  assert.equal(u.level, 'county');
  assert.equal(u.can_sign_in, true);
  assert.equal(JSON.stringify(u).includes(PASSWORD), false);
  assert.equal('password_hash' in u, false);
  const c = new Client(srv);
  const me = await c.signIn(u.username, PASSWORD);
  assert.equal(me.id, u.id);
});

test('a user created without a password cannot sign in yet', async () => {
  const u = await user('leader');
  assert.equal(u.can_sign_in, false);
  const r = await new Client(srv).post('/api/v1/session',
                                       { username: u.username,
                                         password: PASSWORD });
  assert.equal(r.status, 401);
});

test('a taken username is 409 on username', async () => {
  const u = await user('leader');
  const r = await admin.post('/api/v1/users', {
    username: u.username, display_name: 'x', role: 'leader',
    region_code: '370700',
  });
  assert.equal(r.status, 409);
  assert.deepEqual(problemFields(r), ['username']);
});

test('a username too short or with other characters is 422', async () => {
  for (const username of ['ab', 'zhang san', '张三丰', 'a/b']) {
    const r = await admin.post('/api/v1/users', {
      username, display_name: 'x', role: 'admin',
    });
    assert.equal(r.status, 422, username);
    assert.deepEqual(problemFields(r), ['username'], username);
  }
});

test('a weak password is 422 on password and is not echoed', async () => {
  const r = await admin.post('/api/v1/users', {
    username: uniq('weak'), display_name: 'x', role: 'admin',
    password: 'short1',
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['password']);
  assert.equal(JSON.stringify(r.body).includes('short1'), false);
});

test('an unknown role is 422 on role', async () => {
  const r = await admin.post('/api/v1/users', {
    username: uniq('x'), display_name: 'x', role: 'mayor',
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['role']);
});

test('regional roles need a region_code', async () => {
  for (const role of ['commissioner', 'dispatcher', 'supervisor', 'leader']) {
    const r = await admin.post('/api/v1/users', {
      username: uniq(role), display_name: 'x', role,
    });
    assert.equal(r.status, 422, role);
    assert.deepEqual(problemFields(r), ['region_code'], role);
  }
});

test('an unknown region_code is 422', async () => {
  const r = await admin.post('/api/v1/users', {
    username: uniq('x'), display_name: 'x', role: 'dispatcher',
    region_code: '379999',
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['region_code']);
});

test('a handler needs a department and takes its region', async () => {
  const missing = await admin.post('/api/v1/users', {
    username: uniq('h'), display_name: 'x', role: 'handler',
  });
  assert.equal(missing.status, 422);
  assert.deepEqual(problemFields(missing), ['department_id']);
  const d = await department({ region_code: '370702' });
  const h = await user('handler', { department_id: d.id });
  assert.equal(h.department_id, d.id);
  assert.equal(h.region_code, '370702');
});

test('a handler in an unknown department is 422 on department_id', async () => {
  const r = await admin.post('/api/v1/users', {
    username: uniq('h'), display_name: 'x', role: 'handler',
    department_id: 999999,
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['department_id']);
});

test('an enterprise user needs an existing enterprise', async () => {
  const missing = await admin.post('/api/v1/users', {
    username: uniq('e'), display_name: 'x', role: 'enterprise',
  });
  assert.equal(missing.status, 422);
  assert.deepEqual(problemFields(missing), ['enterprise_id']);
  const unknown = await admin.post('/api/v1/users', {
    username: uniq('e'), display_name: 'x', role: 'enterprise',
    enterprise_id: 999999,
  });
  assert.equal(unknown.status, 422);
  assert.deepEqual(problemFields(unknown), ['enterprise_id']);
  const e = await enterprise('370703');
  const u = await user('enterprise', { enterprise_id: e.id });
  assert.equal(u.enterprise_id, e.id);
  assert.equal(u.region_code, '370703');
});

test('level and enterprise_id are refused on roles that do not use them', async () => {
  const e = await enterprise();
  const r = await admin.post('/api/v1/users', {
    username: uniq('d'), display_name: 'x', role: 'dispatcher',
    region_code: '370700', level: 'city', enterprise_id: e.id,
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['enterprise_id', 'level']);
});

test('user list filters by role, region, department_id and q', async () => {
  const tag = uniq('li');
  const d = await department({ region_code: '370703' });
  const a = await user('supervisor', { display_name: `${tag}a`,
                                       region_code: '370703' });
  const b = await user('handler', { display_name: `${tag}b`,
                                    department_id: d.id });
  const c = await user('leader', { display_name: `${tag}c`,
                                   region_code: '370200' });
  const base = `/api/v1/users?q=${tag}`;
  assert.deepEqual(ids(await admin.get(base)), [a.id, b.id, c.id]);
  assert.deepEqual(ids(await admin.get(`${base}&role=handler`)), [b.id]);
  assert.deepEqual(ids(await admin.get(`${base}&region=370700`)),
                   [a.id, b.id]);
  assert.deepEqual(ids(await admin.get(`/api/v1/users?department_id=${d.id}`)),
                   [b.id]);
  const bad = await admin.get('/api/v1/users?role=mayor');
  assert.equal(bad.status, 400);
  assert.deepEqual(problemFields(bad), ['role']);
});

test('user pages follow the cursor with no duplicates or gaps', async () => {
  for (let i = 0; i < 6; i++) await user('leader');
  const expected = ids(await admin.get('/api/v1/users?limit=500'));
  assert.ok(expected.length > 6);
  const { ids: paged, pages } = await allPages('/api/v1/users', 4);
  assert.deepEqual(paged, expected);
  assert.equal(new Set(paged).size, paged.length);
  assert.ok(pages >= 2);
});

test('PATCH changes a user display name, level and phone', async () => {
  const u = await user('commissioner', { level: 'town' });
  const r = await admin.patch(`/api/v1/users/${u.id}`, {
    display_name: '李四', level: 'city', phone: '13800000000',
  });
  assert.equal(r.status, 200);
  assert.equal(r.body.display_name, '李四');
  assert.equal(r.body.level, 'city');
  assert.equal(r.body.phone, '13800000000');
  assert.equal(r.body.username, u.username);
});

test('a username cannot be changed by PATCH', async () => {
  const u = await user('leader');
  const r = await admin.patch(`/api/v1/users/${u.id}`,
                              { username: uniq('renamed') });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['username']);
});

test('a disabled user cannot sign in and leaves the list', async () => {
  const u = await user('leader', { password: PASSWORD });
  const r = await admin.patch(`/api/v1/users/${u.id}`, { disabled: true });
  assert.equal(r.status, 200);
  assert.equal(r.body.disabled, true);
  const signIn = await new Client(srv).post('/api/v1/session',
    { username: u.username, password: PASSWORD });
  assert.equal(signIn.status, 401);
  assert.deepEqual(ids(await admin.get(`/api/v1/users?q=${u.username}`)), []);
  assert.deepEqual(
    ids(await admin.get(`/api/v1/users?q=${u.username}&disabled=true`)),
    [u.id]);
});

test('disabling a user ends the sessions it already has', async () => {
  const u = await user('leader', { password: PASSWORD });
  const c = new Client(srv);
  await c.signIn(u.username, PASSWORD);
  assert.equal((await c.get('/api/v1/session')).status, 200);
  await admin.patch(`/api/v1/users/${u.id}`, { disabled: true });
  assert.equal((await c.get('/api/v1/session')).status, 401);
});

test('a user whose department was disabled since can still be disabled', async () => {
  const d = await department({ region_code: '370702' });
  const h = await user('handler', { department_id: d.id });
  await admin.patch(`/api/v1/departments/${d.id}`, { disabled: true });
  const r = await admin.patch(`/api/v1/users/${h.id}`, { disabled: true });
  assert.equal(r.status, 200);
  assert.equal(r.body.disabled, true);
  const moved = await admin.post('/api/v1/users', {
    username: uniq('h'), display_name: 'x', role: 'handler',
    department_id: d.id,
  });
  assert.equal(moved.status, 422);
  assert.deepEqual(problemFields(moved), ['department_id']);
});

test('an admin cannot disable itself or change its own role', async () => {
  const me = (await admin.get('/api/v1/session')).body.user;
  const r = await admin.patch(`/api/v1/users/${me.id}`,
                              { disabled: true, role: 'leader',
                                region_code: '370700' });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['disabled', 'role']);
  assert.equal((await admin.get('/api/v1/session')).status, 200);
});

test('setting a password lets the user sign in with it and not the old one', async () => {
  const u = await user('leader', { password: PASSWORD });
  const next = 'Another-secret-77';
  const r = await admin.post(`/api/v1/users/${u.id}/password`,
                             { password: next });
  assert.equal(r.status, 200);
  assert.equal(r.body.id, u.id);
  assert.equal(JSON.stringify(r.body).includes(next), false);
  const old = await new Client(srv).post('/api/v1/session',
    { username: u.username, password: PASSWORD });
  assert.equal(old.status, 401);
  await new Client(srv).signIn(u.username, next);
});

test('a weak new password is 422 and the old one still works', async () => {
  const u = await user('leader', { password: PASSWORD });
  const r = await admin.post(`/api/v1/users/${u.id}/password`,
                             { password: 'aaaaaaaaaaaa' });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['password']);
  await new Client(srv).signIn(u.username, PASSWORD);
});

test('a password for an unknown user is 404', async () => {
  const r = await admin.post('/api/v1/users/999999/password',
                             { password: 'Another-secret-77' });
  assert.equal(r.status, 404);
});

test('an unknown user id is 404 for GET and PATCH', async () => {
  assert.equal((await admin.get('/api/v1/users/999999')).status, 404);
  const r = await admin.patch('/api/v1/users/999999', { display_name: 'x' });
  assert.equal(r.status, 404);
});

test('the audit log never holds a password or its hash', async () => {
  const secret = 'Audit-secret-2026';
  const u = await user('leader', { password: PASSWORD });
  await admin.post(`/api/v1/users/${u.id}/password`, { password: secret });
  const q = (text) => sql(srv.db, text).stdout;
  const hash = q(`SELECT password_hash FROM app_user WHERE id = ${u.id}`)
    .trim();
  assert.match(hash, /^\$argon2id\$/);
  const audit = q(`SELECT action || ' ' || coalesce(detail, '') FROM audit_log
                   WHERE entity = 'user' AND entity_id = ${u.id}`);
  assert.match(audit, /user\.create/);
  assert.match(audit, /user\.password/);
  assert.equal(audit.includes(secret), false);
  assert.equal(audit.includes(PASSWORD), false);
  assert.equal(audit.includes(hash), false);
  assert.equal(audit.includes('argon2'), false);
});

// ---- teams -------------------------------------------------------------

test('a team leader is added to its members', async () => {
  const lead = await user('commissioner');
  const m1 = await user('commissioner');
  const t = await created('/api/v1/teams', {
    name: uniq('小分队'), leader_id: lead.id, region_code: '370700',
    member_ids: [m1.id],
  });
  assert.equal(t.leader_id, lead.id);
  assert.deepEqual(t.member_ids, [lead.id, m1.id].sort((a, b) => a - b));
  const r = await admin.get(`/api/v1/teams/${t.id}`);
  assert.deepEqual(r.body, t);
});

test('a team member who is not a commissioner is 422 on member_ids', async () => {
  const lead = await user('commissioner');
  const other = await user('leader');
  const r = await admin.post('/api/v1/teams', {
    name: uniq('小分队'), leader_id: lead.id, region_code: '370700',
    member_ids: [other.id],
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['member_ids']);
  assert.match(r.body.errors[0].message, new RegExp(String(other.id)));
});

test('a team leader who is not a commissioner is 422 on leader_id', async () => {
  const other = await user('dispatcher');
  const r = await admin.post('/api/v1/teams', {
    name: uniq('小分队'), leader_id: other.id, region_code: '370700',
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['leader_id']);
});

test('more than 200 team members is 422 and a non-array is 400', async () => {
  const lead = await user('commissioner');
  const many = Array.from({ length: 201 }, (_, i) => i + 1);
  const r = await admin.post('/api/v1/teams', {
    name: uniq('小分队'), leader_id: lead.id, region_code: '370700',
    member_ids: many,
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['member_ids']);
  const bad = await admin.post('/api/v1/teams', {
    name: uniq('小分队'), leader_id: lead.id, region_code: '370700',
    member_ids: 'all',
  });
  assert.equal(bad.status, 400);
  assert.deepEqual(problemFields(bad), ['member_ids']);
});

test('PATCH replaces team members and keeps the leader', async () => {
  const lead = await user('commissioner');
  const a = await user('commissioner');
  const b = await user('commissioner');
  const t = await created('/api/v1/teams', {
    name: uniq('小分队'), leader_id: lead.id, region_code: '370700',
    member_ids: [a.id],
  });
  const r = await admin.patch(`/api/v1/teams/${t.id}`, { member_ids: [b.id] });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.member_ids, [lead.id, b.id].sort((x, y) => x - y));
  const newLead = await admin.patch(`/api/v1/teams/${t.id}`,
                                    { leader_id: a.id });
  assert.equal(newLead.status, 200);
  assert.deepEqual(newLead.body.member_ids,
                   [lead.id, a.id, b.id].sort((x, y) => x - y));
});

test('team list filters by member_id and region', async () => {
  const lead = await user('commissioner');
  const t1 = await created('/api/v1/teams', {
    name: uniq('小分队'), leader_id: lead.id, region_code: '370702',
  });
  const other = await user('commissioner');
  await created('/api/v1/teams', {
    name: uniq('小分队'), leader_id: other.id, region_code: '370702',
  });
  assert.deepEqual(ids(await admin.get(`/api/v1/teams?member_id=${lead.id}`)),
                   [t1.id]);
  const byRegion = ids(await admin.get('/api/v1/teams?region=370702'));
  assert.ok(byRegion.includes(t1.id));
  assert.deepEqual(
    ids(await admin.get(`/api/v1/teams?member_id=${lead.id}&region=370200`)),
    []);
});

test('a team names its leader and members', async () => {
  const lead = await user('commissioner');
  const m1 = await user('commissioner');
  const t = await created('/api/v1/teams', {
    name: uniq('小分队'), leader_id: lead.id, region_code: '370700',
    member_ids: [m1.id],
  });
  assert.equal(t.leader_name, lead.display_name);
  assert.deepEqual(t.members, [
    { id: lead.id, display_name: lead.display_name },
    { id: m1.id, display_name: m1.display_name },
  ].sort((a, b) => a.id - b.id));
  const listed = (await admin.get(`/api/v1/teams?member_id=${m1.id}`)).body;
  assert.deepEqual(listed.items, [t]);
});

test('team list filters by q on the name', async () => {
  const lead = await user('commissioner');
  const name = uniq('寻找小分队');
  const t = await created('/api/v1/teams', {
    name, leader_id: lead.id, region_code: '370700',
  });
  assert.deepEqual(ids(await admin.get(
    `/api/v1/teams?q=${encodeURIComponent(name)}`)), [t.id]);
  assert.deepEqual(ids(await admin.get(
    `/api/v1/teams?q=${encodeURIComponent(`${name}无此队`)}`)), []);
});

test('an unknown team id is 404 for GET and PATCH', async () => {
  assert.equal((await admin.get('/api/v1/teams/999999')).status, 404);
  const r = await admin.patch('/api/v1/teams/999999', { name: 'x' });
  assert.equal(r.status, 404);
});

// ---- pairings ----------------------------------------------------------

test('a commissioner is paired one to one from today by default', async () => {
  const c = await user('commissioner');
  const e = await enterprise();
  const p = await created('/api/v1/pairings', { user_id: c.id,
                                               enterprise_id: e.id });
  assert.equal(p.kind, 'one_to_one');
  assert.equal(p.user_id, c.id);
  assert.equal(p.team_id, null);
  assert.equal(p.enterprise_id, e.id);
  assert.match(p.starts_on, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(p.ends_on, null);
  const r = await admin.get(`/api/v1/pairings/${p.id}`);
  assert.deepEqual(r.body, p);
});

test('a team is paired with a project', async () => {
  const lead = await user('commissioner');
  const t = await created('/api/v1/teams', {
    name: uniq('小分队'), leader_id: lead.id, region_code: '370700',
  });
  const e = await enterprise();
  const pr = await project(e.id);
  const p = await created('/api/v1/pairings', { team_id: t.id,
                                               project_id: pr.id });
  assert.equal(p.kind, 'team');
  assert.equal(p.project_id, pr.id);
  assert.equal(p.enterprise_id, null);
});

test('a leader hangs on an enterprise with kind leader only', async () => {
  const l = await user('leader');
  const e = await enterprise();
  const wrong = await admin.post('/api/v1/pairings',
                                 { user_id: l.id, enterprise_id: e.id });
  assert.equal(wrong.status, 422);
  assert.deepEqual(problemFields(wrong), ['user_id']);
  const p = await created('/api/v1/pairings', { kind: 'leader', user_id: l.id,
                                               enterprise_id: e.id });
  assert.equal(p.kind, 'leader');
});

test('pairing someone who is neither commissioner nor leader is 422', async () => {
  const d = await user('dispatcher');
  const e = await enterprise();
  const r = await admin.post('/api/v1/pairings', { kind: 'leader',
                                                   user_id: d.id,
                                                   enterprise_id: e.id });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['user_id']);
});

test('a pairing needs exactly one of user/team and enterprise/project', async () => {
  const c = await user('commissioner');
  const lead = await user('commissioner');
  const t = await created('/api/v1/teams', {
    name: uniq('小分队'), leader_id: lead.id, region_code: '370700',
  });
  const e = await enterprise();
  const pr = await project(e.id);
  const both = await admin.post('/api/v1/pairings', {
    kind: 'one_to_one', user_id: c.id, team_id: t.id, enterprise_id: e.id,
    project_id: pr.id,
  });
  assert.equal(both.status, 422);
  assert.deepEqual(problemFields(both),
                   ['enterprise_id', 'kind', 'project_id', 'team_id',
                    'user_id']);
  const none = await admin.post('/api/v1/pairings', {});
  assert.equal(none.status, 422);
  assert.deepEqual(problemFields(none),
                   ['enterprise_id', 'project_id', 'team_id', 'user_id']);
});

test('the same commissioner paired twice with one enterprise is 409', async () => {
  const c = await user('commissioner');
  const e = await enterprise();
  await created('/api/v1/pairings', { user_id: c.id, enterprise_id: e.id });
  const r = await admin.post('/api/v1/pairings', { user_id: c.id,
                                                   enterprise_id: e.id });
  assert.equal(r.status, 409);
  assert.deepEqual(problemFields(r), ['user_id']);
});

test('a pairing ending before it starts is 422 on ends_on', async () => {
  const c = await user('commissioner');
  const e = await enterprise();
  const r = await admin.post('/api/v1/pairings', {
    user_id: c.id, enterprise_id: e.id, starts_on: '2026-03-02',
    ends_on: '2026-03-01',
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['ends_on']);
});

test('ending a pairing hides it from the list unless ended=true', async () => {
  const c = await user('commissioner');
  const e = await enterprise();
  const p = await created('/api/v1/pairings', {
    user_id: c.id, enterprise_id: e.id, starts_on: '2025-01-01',
  });
  const r = await admin.patch(`/api/v1/pairings/${p.id}`,
                              { ends_on: '2025-06-30' });
  assert.equal(r.status, 200);
  assert.equal(r.body.ends_on, '2025-06-30');
  assert.equal(r.body.starts_on, '2025-01-01');
  const base = `/api/v1/pairings?user_id=${c.id}`;
  assert.deepEqual(ids(await admin.get(base)), []);
  assert.deepEqual(ids(await admin.get(`${base}&ended=true`)), [p.id]);
  // History stays: the record is still there to read.
  assert.equal((await admin.get(`/api/v1/pairings/${p.id}`)).status, 200);
});

test('an ended pairing cannot be changed again and can be paired anew', async () => {
  const c = await user('commissioner');
  const e = await enterprise();
  const p = await created('/api/v1/pairings', {
    user_id: c.id, enterprise_id: e.id, starts_on: '2025-01-01',
  });
  await admin.patch(`/api/v1/pairings/${p.id}`, { ends_on: '2025-02-01' });
  const again = await admin.patch(`/api/v1/pairings/${p.id}`,
                                  { ends_on: '2025-03-01' });
  assert.equal(again.status, 409);
  await created('/api/v1/pairings', { user_id: c.id, enterprise_id: e.id });
});

test('PATCH of a pairing may set only ends_on', async () => {
  const c = await user('commissioner');
  const other = await user('commissioner');
  const e = await enterprise();
  const p = await created('/api/v1/pairings', { user_id: c.id,
                                               enterprise_id: e.id });
  const r = await admin.patch(`/api/v1/pairings/${p.id}`,
                              { user_id: other.id, kind: 'leader' });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['ends_on', 'kind', 'user_id']);
  assert.equal((await admin.get(`/api/v1/pairings/${p.id}`)).body.user_id,
               c.id);
});

test('pairing list filters by enterprise_id, project_id and team_id', async () => {
  const c = await user('commissioner');
  const e = await enterprise();
  const pr = await project(e.id);
  const a = await created('/api/v1/pairings', { user_id: c.id,
                                               enterprise_id: e.id });
  const b = await created('/api/v1/pairings', { user_id: c.id,
                                               project_id: pr.id });
  assert.deepEqual(ids(await admin.get(`/api/v1/pairings?user_id=${c.id}`)),
                   [a.id, b.id]);
  assert.deepEqual(
    ids(await admin.get(`/api/v1/pairings?enterprise_id=${e.id}`)), [a.id]);
  assert.deepEqual(
    ids(await admin.get(`/api/v1/pairings?project_id=${pr.id}`)), [b.id]);
  assert.deepEqual(ids(await admin.get('/api/v1/pairings?team_id=999999')),
                   []);
});

test('pairing list filters by kind', async () => {
  const c = await user('commissioner');
  const l = await user('leader');
  const e = await enterprise();
  const one = await created('/api/v1/pairings', { user_id: c.id,
                                                 enterprise_id: e.id });
  const hang = await created('/api/v1/pairings', { kind: 'leader',
                                                  user_id: l.id,
                                                  enterprise_id: e.id });
  const base = `/api/v1/pairings?enterprise_id=${e.id}`;
  assert.deepEqual(ids(await admin.get(base)), [one.id, hang.id]);
  assert.deepEqual(ids(await admin.get(`${base}&kind=leader`)), [hang.id]);
  assert.deepEqual(ids(await admin.get(`${base}&kind=one_to_one`)),
                   [one.id]);
  assert.deepEqual(ids(await admin.get(`${base}&kind=team`)), []);
  const bad = await admin.get(`${base}&kind=mentor`);
  assert.equal(bad.status, 400);
  assert.deepEqual(problemFields(bad), ['kind']);
});

test('pairing list status: active by default, ended, or all', async () => {
  const c = await user('commissioner');
  const e = await enterprise();
  const f = await enterprise();
  const g = await enterprise();
  const old = await created('/api/v1/pairings', {
    user_id: c.id, enterprise_id: e.id, starts_on: '2024-01-01',
  });
  await admin.patch(`/api/v1/pairings/${old.id}`, { ends_on: '2024-12-31' });
  const now = await created('/api/v1/pairings', { user_id: c.id,
                                                 enterprise_id: f.id });
  // Ended today: it still serves today, so it is active until tomorrow.
  const today = await created('/api/v1/pairings', { user_id: c.id,
                                                   enterprise_id: g.id });
  const r = await admin.patch(`/api/v1/pairings/${today.id}`,
                              { ends_on: today.starts_on });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const base = `/api/v1/pairings?user_id=${c.id}`;
  assert.deepEqual(ids(await admin.get(base)), [now.id, today.id]);
  assert.deepEqual(ids(await admin.get(`${base}&status=active`)),
                   [now.id, today.id]);
  assert.deepEqual(ids(await admin.get(`${base}&status=ended`)), [old.id]);
  assert.deepEqual(ids(await admin.get(`${base}&status=all`)),
                   [old.id, now.id, today.id]);
  const both = await admin.get(`${base}&status=ended&ended=true`);
  assert.equal(both.status, 400);
  assert.deepEqual(problemFields(both), ['status']);
  const bad = await admin.get(`${base}&status=over`);
  assert.equal(bad.status, 400);
  assert.deepEqual(problemFields(bad), ['status']);
});

test('a pairing names the person, team, enterprise and project it pairs', async () => {
  const c = await user('commissioner');
  const lead = await user('commissioner');
  const t = await created('/api/v1/teams', {
    name: uniq('小分队'), leader_id: lead.id, region_code: '370700',
  });
  const e = await enterprise();
  const pr = await project(e.id);
  const a = await created('/api/v1/pairings', { user_id: c.id,
                                               enterprise_id: e.id });
  assert.equal(a.user_name, c.display_name);
  assert.equal(a.enterprise_name, e.name);
  assert.equal(a.team_name, null);
  assert.equal(a.project_name, null);
  const b = await created('/api/v1/pairings', { team_id: t.id,
                                               project_id: pr.id });
  assert.equal(b.team_name, t.name);
  assert.equal(b.project_name, pr.name);
  assert.equal(b.user_name, null);
  assert.equal(b.enterprise_name, null);
  const listed = (await admin.get(`/api/v1/pairings?team_id=${t.id}`)).body;
  assert.deepEqual(listed.items, [b]);
});

test('pairing export takes the list\'s kind and status', async () => {
  const c = await user('commissioner');
  const l = await user('leader');
  const e = await enterprise();
  await created('/api/v1/pairings', { user_id: c.id, enterprise_id: e.id });
  const hang = await created('/api/v1/pairings', { kind: 'leader',
                                                  user_id: l.id,
                                                  enterprise_id: e.id,
                                                  starts_on: '2024-01-01' });
  await admin.patch(`/api/v1/pairings/${hang.id}`, { ends_on: '2024-06-30' });
  const base = `/api/v1/exports/pairings?format=csv&enterprise_id=${e.id}`;
  const rows = async (q) => {
    const r = await admin.get(`${base}${q}`);
    assert.equal(r.status, 200, String(r.body));
    return Number(r.headers.get('x-ledger-rows'));
  };
  assert.equal(await rows(''), 1);
  assert.equal(await rows('&status=all'), 2);
  assert.equal(await rows('&status=ended&kind=leader'), 1);
  assert.equal(await rows('&status=all&kind=team'), 0);
  assert.equal((await admin.get(`${base}&kind=x`)).status, 400);
});

test('enterprise list filters by paired: served by a commissioner or a team today', async () => {
  const c = await user('commissioner');
  const l = await user('leader');
  const lead = await user('commissioner');
  const t = await created('/api/v1/teams', {
    name: uniq('小分队'), leader_id: lead.id, region_code: '370700',
  });
  const off = await created('/api/v1/teams', {
    name: uniq('小分队'), leader_id: lead.id, region_code: '370700',
  });
  const [byOne, byTeam, byLeader, byEnded, byOffTeam, none] =
    await Promise.all(Array.from({ length: 6 }, () => enterprise()));
  await created('/api/v1/pairings', { user_id: c.id,
                                      enterprise_id: byOne.id });
  await created('/api/v1/pairings', { team_id: t.id,
                                      enterprise_id: byTeam.id });
  await created('/api/v1/pairings', { kind: 'leader', user_id: l.id,
                                      enterprise_id: byLeader.id });
  const ended = await created('/api/v1/pairings', {
    user_id: c.id, enterprise_id: byEnded.id, starts_on: '2024-01-01',
  });
  await admin.patch(`/api/v1/pairings/${ended.id}`, { ends_on: '2024-12-31' });
  await created('/api/v1/pairings', { team_id: off.id,
                                      enterprise_id: byOffTeam.id });
  assert.equal((await admin.patch(`/api/v1/teams/${off.id}`,
                                  { disabled: true })).status, 200);
  const mine = [byOne, byTeam, byLeader, byEnded, byOffTeam, none]
    .map((e) => e.id);
  const served = (await allPages('/api/v1/enterprises?paired=1', 500)).ids
    .filter((id) => mine.includes(id));
  const unserved = (await allPages('/api/v1/enterprises?paired=false', 500))
    .ids.filter((id) => mine.includes(id));
  // The six were made at once, so their ids (and the list's order) need
  // not follow the array's: compare as sets.
  const sorted = (ids) => [...ids].sort((a, b) => a - b);
  assert.deepEqual(sorted(served), sorted([byOne.id, byTeam.id]));
  assert.deepEqual(sorted(unserved),
                   sorted([byLeader.id, byEnded.id, byOffTeam.id, none.id]));
  const bad = await admin.get('/api/v1/enterprises?paired=maybe');
  assert.equal(bad.status, 400);
  assert.deepEqual(problemFields(bad), ['paired']);
});

test('an unknown pairing id is 404 for GET and PATCH', async () => {
  assert.equal((await admin.get('/api/v1/pairings/999999')).status, 404);
  const r = await admin.patch('/api/v1/pairings/999999',
                              { ends_on: '2030-01-01' });
  assert.equal(r.status, 404);
});

// ---- audit -------------------------------------------------------------

test('after all these writes the audit chain verifies', async () => {
  await department();
  const r = cli(['audit', 'verify', '--db', srv.db]);
  assert.equal(r.status, 0, r.stderr);
});
