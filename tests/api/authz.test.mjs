// The authorization matrix (authz-matrix.mjs) walked against one server:
// every route of docs/openapi.json, as every role and anonymously, on an
// object of each relation the role has (own, in scope, out of scope).
// A write a cell denies must leave its object (or, for a create, the
// records it would have made) exactly as it was, read back as admin; a
// write that succeeds consumes its object unless the entry says reuse,
// so the next cell gets a fresh one in the state the route needs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  ADMIN, Client, WORLD_PASSWORD, created, creditCode, csvRows, sql,
  startServer, tokenClient, twoCities,
} from './harness.mjs';
import {
  EMPTY, MATRIX, OBJECTS, RELATIONS, ROLES,
} from './authz-matrix.mjs';

// After the real date, so the scheduler thread's own passes (at the real
// time) never fire anything; T0 builds the world, T1 is ten days on, when
// T0's demands have climbed their ladders to accountability.
const T0 = '2030-03-04T09:00:00+08:00';
const T1 = '2030-03-14T09:00:00+08:00';

// Who acts for each role: the world's Weifang accounts.
const ACTOR = {
  dispatcher: 'dispatch-wf', handler: 'handler-wc', supervisor: 'supervise-wf',
  leader: 'leader-wf', enterprise: 'ent-e1', commissioner: 'c-wf',
};

let srv;
let w;            // the world: records by name
const as = {};    // token clients by role or account name
let anon;
let serial = 0;
const POOL = 20;

const account = (username, role, extra) => created(as.admin, '/api/v1/users', {
  username, display_name: username, role, password: WORLD_PASSWORD, ...extra,
});

async function ok(client, method, path, body, want = 200) {
  const r = await client.request(method, path, body);
  assert.equal(r.status, want, `${method} ${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

// ---- demands in a given shape and state ------------------------------

// The shapes OBJECTS.demand names: whose, which departments, and who of
// its city submits (its office) and works it (its lead department).
function shape(name) {
  return {
    A: { enterprise: w.e1, lead: w.deptCounty, co: [], office: 'dispatcher',
         worker: 'handler' },
    B: { enterprise: w.e2, lead: w.deptCity, co: [w.deptCounty],
         office: 'dispatcher', worker: 'handlerCity' },
    Q: { enterprise: w.e3, lead: w.deptQd, co: [], office: 'dispatcherQd',
         worker: 'handlerQd' },
  }[name];
}

// A new demand of shape NAME brought to STATE by the people whose work
// it is; its record has `lead` (the lead department's id) beside it.
async function demandIn(name, state) {
  const s = shape(name);
  const n = ++serial;
  let d = await ok(as[s.office], 'POST', '/api/v1/demands', {
    enterprise_id: s.enterprise.id, channel: 'hotline', category: 'labour',
    title: `授权矩阵诉求${n}`, content: '授权矩阵测试用诉求。',
  }, 201);
  const act = async (who, action, body) => {
    d = await ok(as[who], 'POST', `/api/v1/demands/${d.id}/${action}`, body);
  };
  if (state !== 'submitted') {
    await act(s.office, 'assign', { lead_department_id: s.lead.id,
                                    co_department_ids: s.co.map((x) => x.id) });
  }
  switch (state) {
    case 'submitted': case 'assigned': break;
    case 'returned': await act(s.worker, 'return', { note: '非本部门职责。' }); break;
    case 'answered': await act(s.worker, 'answer', { note: '正在办理。' }); break;
    case 'resolved':
      await act(s.worker, 'answer', { note: '正在办理。' });
      await act(s.worker, 'resolve', { outcome: 'resolved', note: '已办结。' });
      break;
    case 'paused': await act(s.worker, 'pause', { note: '请补充材料。' }); break;
    case 'extension':
      await act(s.worker, 'extend', { days: 5, note: '需协调多个部门。' });
      break;
    default: throw new Error(`no demand state ${state}`);
  }
  return { ...d, lead: s.lead.id };
}

// ---- the world ----------------------------------------------------------

before(async () => {
  srv = await startServer({ testClock: true });
  anon = new Client(srv);
  await ok(anon, 'PUT', '/api/v1/test/clock', { now: T0 });
  as.admin = await tokenClient(srv, ADMIN.username, ADMIN.password);
  w = await twoCities(as.admin);
  w.admin = (await ok(as.admin, 'GET', '/api/v1/session')).user;
  w.now = T1;
  w.pool = {};

  // Besides the shared world: each city's office and departments staffed,
  // a Weicheng commissioner no role owns, and an account to sign in as.
  w.cWc = await account('c-wc', 'commissioner', { region_code: '370702' });
  w.dispatcherQd = await account('dispatch-qd', 'dispatcher',
                                 { region_code: '370200' });
  w.handlerQd = await account('handler-qd', 'handler',
                              { department_id: w.deptQd.id });
  w.handlerCity = await account('handler-wf', 'handler',
                                { department_id: w.deptCity.id });
  w.signer = { ...(await account('signer', 'commissioner',
                                 { region_code: '370700' })),
               password: WORLD_PASSWORD };
  // Commissioners to pair, one per pairing made (a commissioner serves an
  // enterprise once): imported, so without the cost of a password.
  const rows = [];
  for (const city of ['370700', '370200']) {
    for (let i = 0; i < POOL; i++) rows.push(`pair-${city}-${i},commissioner,${city}`);
  }
  const imported = await as.admin.post('/api/v1/imports/users',
                                       `username,role,region_code\n${rows.join('\n')}\n`,
                                       { 'content-type': 'text/csv' });
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  const pool = (await ok(as.admin, 'GET', '/api/v1/users?q=pair-&limit=500')).items;
  for (const city of ['370700', '370200']) {
    w.pool[city] = pool.filter((u) => u.region_code === city);
    assert.equal(w.pool[city].length, POOL);
  }
  for (const [role, username] of Object.entries(ACTOR)) {
    as[role] = await tokenClient(srv, username, WORLD_PASSWORD);
  }
  for (const name of ['dispatcherQd', 'handlerQd', 'handlerCity',
                      'commissionerQd']) {
    as[name] = await tokenClient(srv, w[name].username, WORLD_PASSWORD);
  }

  // Demands left to go overdue in both cities: by T1 they carry
  // supervision notices and accountability items.
  await demandIn('A', 'assigned');
  await demandIn('Q', 'assigned');
  await ok(anon, 'PUT', '/api/v1/test/clock', { now: T1 });

  w.mergeTarget = await demandIn('A', 'submitted');
  w.v1 = await ok(as.commissioner, 'POST', '/api/v1/visits',
                  { enterprise_id: w.e1.id, notes: '了解用工情况。' }, 201);
  w.vQd = await ok(as.commissionerQd, 'POST', '/api/v1/visits',
                   { enterprise_id: w.e3.id, notes: '了解港口物流。' }, 201);

  // Notifications: an assignment tells the department, a return the
  // city's office.
  const noted = {};
  for (const name of ['A', 'Q']) {
    const d = await demandIn(name, 'returned');
    const all = await ok(as.admin, 'GET', '/api/v1/notifications?limit=500');
    const find = (kind) => all.items.find((x) => x.demand_id === d.id &&
                                                 x.kind === kind);
    noted[name] = { dept: find('assigned'), office: find('returned') };
    assert.ok(noted[name].dept && noted[name].office, JSON.stringify(all));
  }
  w.nDept = noted.A.dept;
  w.nOffice = noted.A.office;
  w.nDeptQd = noted.Q.dept;
  w.nOfficeQd = noted.Q.office;

  for (const name of ['A', 'B', 'Q']) {
    const d = await demandIn(name, 'assigned');
    const r = await as.admin.post(`/api/v1/demands/${d.id}/attachments`,
                                  ...multipart(`att-${name}.txt`, '附件\n'));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    w[`att${name}`] = r.body;
  }
});
after(async () => { await srv?.stop(); });

// A one-file multipart form: [body, headers] for Client.post.
function multipart(filename, text) {
  const b = `authz${++serial}`;
  const body = Buffer.from(
    `--${b}\r\nContent-Disposition: form-data; name="file"; ` +
    `filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n${text}\r\n` +
    `--${b}--\r\n`);
  return [body, { 'content-type': `multipart/form-data; boundary=${b}` }];
}

// ---- the walker ---------------------------------------------------------

const key = (r) => `${r.method} ${r.path}`;

// The relations ROLE has for KIND: [[relation, record name], ...].
function relationsOf(kind, role) {
  const byRel = OBJECTS[kind]?.[role === 'anonymous' ? 'admin' : role];
  assert.ok(byRel, `OBJECTS has no ${kind} for ${role}`);
  return RELATIONS.filter((rel) => byRel[rel]).map((rel) => [rel, byRel[rel]]);
}

// The expected status of ROUTE for ROLE and relation REL (null: none).
function expected(route, role, rel) {
  const cell = route.expect[role];
  assert.ok(cell !== undefined, `${key(route)}: no cell for ${role}`);
  if (!Array.isArray(cell)) return cell;
  assert.ok(route.object, `${key(route)}: ${role} has relations but the route no object`);
  return cell[RELATIONS.indexOf(rel)];
}

// Demands built for a route, by shape, until a success consumes one.
const fresh = new Map();

// The record named NAME of KIND, as ROUTE needs it, for ROLE.
async function resolve(route, kind, name, role) {
  if (kind === 'region') return { id: name, obj: { code: name } };
  if (kind === 'demand') {
    const k = `${key(route)} ${name}`;
    if (!fresh.has(k)) fresh.set(k, await demandIn(name, route.state));
    const d = fresh.get(k);
    return { id: d.id, obj: d, consume: () => fresh.delete(k) };
  }
  if (kind === 'user' && name === 'self') {
    const self = role === 'admin' || role === 'anonymous'
      ? { ...w.admin, password: ADMIN.password }
      : { ...w[Object.keys(w).find((n) => w[n]?.username === ACTOR[role])],
          password: WORLD_PASSWORD };
    return { id: self.id, obj: self };
  }
  const obj = w[name];
  assert.ok(obj, `no world record ${name}`);
  return { id: obj.id, obj: kind === 'user' ? { ...obj, password: WORLD_PASSWORD }
                                          : obj };
}

// How admin reads an object of KIND, to tell whether a write changed it.
const READ = {
  enterprise: (id) => `/api/v1/enterprises/${id}`,
  project: (id) => `/api/v1/projects/${id}`,
  user: (id) => `/api/v1/users/${id}`,
  team: (id) => `/api/v1/teams/${id}`,
  pairing: (id) => `/api/v1/pairings/${id}`,
  department: (id) => `/api/v1/departments/${id}`,
  demand: (id) => `/api/v1/demands/${id}`,
};

// What a write that ROUTE denies must not change, read as admin.
function probeOf(route, c, req) {
  if (route.probe) return route.probe(c, req);
  if (route.object === 'notification') {
    return async (admin) => (await admin.get('/api/v1/notifications?limit=500'))
      .body.items.find((x) => x.id === c.id);
  }
  if (route.object && READ[route.object] && route.path.includes('{')) {
    return async (admin) => (await admin.get(READ[route.object](c.id))).body;
  }
  // Anything else (a token, a session): the audit log does not grow.
  return async () => sql(srv.db, 'SELECT count(*) FROM audit_log').stdout;
}

let cells = 0;

async function walkCell(route, role, rel, name, want) {
  const client = role === 'anonymous' ? anon : as[role];
  const c = { w, role, rel, n: ++serial, creditCode,
              // The next unpaired commissioner of CITY.
              pairable: (city) => {
                const u = w.pool[city].shift();
                assert.ok(u, `no commissioner of ${city} left to pair`);
                return u.id;
              },
              upload: (file, text) => {
                const [body, headers] = multipart(file, text);
                return { body, type: headers['content-type'] };
              } };
  let consume = null;
  if (name) {
    const r = await resolve(route, route.object, name, role);
    Object.assign(c, { id: r.id, obj: r.obj });
    consume = r.consume;
  }
  const req = route.request ? route.request(c) : {};
  let path = route.path.replace(/\{id\}/, c.id);
  for (const [k, v] of Object.entries(req.params ?? {})) {
    path = path.replace(`{${k}}`, v);
  }
  if (req.query) path += `?${req.query}`;
  const isWrite = route.method !== 'GET';
  const probe = isWrite ? probeOf(route, c, req) : null;
  const before = probe ? await probe(as.admin) : undefined;

  const headers = req.type ? { 'content-type': req.type } : {};
  const r = await client.request(route.method, path, req.body, headers);
  client.cookie = null; // a sign-in's cookie: the next cell is token-only
  const what = `${role} ${route.method} ${path} (${rel ?? 'n/a'}${name ? ` ${name}` : ''})`;
  const status = want === EMPTY ? 200 : want;
  assert.equal(r.status, status, `${what}: ${JSON.stringify(r.body)}`);
  cells++;
  if (want === EMPTY) {
    const rows = typeof r.body === 'string' ? csvRows(r.body).length - 1
      : r.body.items.length;
    assert.equal(rows, 0, `${what} lists what is out of scope`);
  }
  if (status >= 400 && probe) {
    assert.deepEqual(await probe(as.admin), before, `${what} changed something`);
  }
  if (status < 400 && isWrite && !route.reuse && consume) consume();
}

test('the matrix has exactly the documented routes, once each', () => {
  const doc = JSON.parse(readFileSync(new URL('../../docs/openapi.json',
                                              import.meta.url), 'utf8'));
  const documented = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of ['get', 'post', 'put', 'patch', 'delete']) {
      if (item[m]) documented.push(`${m.toUpperCase()} /api/v1${path}`);
    }
  }
  const inMatrix = MATRIX.map(key);
  assert.deepEqual(inMatrix.filter((k, i) => inMatrix.indexOf(k) !== i), [],
                   'routes in the matrix twice');
  assert.deepEqual(documented.filter((k) => !inMatrix.includes(k)), [],
                   'documented routes missing from the matrix');
  assert.deepEqual(inMatrix.filter((k) => !documented.includes(k)), [],
                   'routes in the matrix that are not documented');
});

test('every cell names a status for exactly the relations the role has', () => {
  for (const route of MATRIX) {
    for (const role of [...ROLES, 'anonymous']) {
      const cell = route.expect[role];
      assert.ok(cell !== undefined, `${key(route)}: no ${role}`);
      if (!route.object) {
        assert.ok(!Array.isArray(cell), `${key(route)} ${role}: no object, one status`);
        continue;
      }
      if (!Array.isArray(cell)) continue;
      const has = relationsOf(route.object, role).map(([rel]) => rel);
      RELATIONS.forEach((rel, i) => {
        assert.equal(cell[i] !== null, has.includes(rel),
                     `${key(route)} ${role} ${rel}: ${has.includes(rel)
                       ? 'the role has it: give a status' : 'no such relation: _'}`);
      });
    }
  }
});

test('every route, role and relation answers as the matrix says', async () => {
  const started = Date.now();
  for (const route of MATRIX) {
    for (const role of [...ROLES, 'anonymous']) {
      const rels = route.object ? relationsOf(route.object, role) : [[null, null]];
      for (const [rel, name] of rels) {
        await walkCell(route, role, rel, name, expected(route, role, rel));
      }
    }
  }
  const routes = MATRIX.length;
  const roles = ROLES.length + 1;
  console.log(`authz: ${routes} routes x ${roles} roles: ${cells} cells ` +
              `in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test('without --test-clock the test routes do not exist, for anyone', async () => {
  const plain = await startServer({ db: srv.db, init: false });
  try {
    for (const route of MATRIX.filter((r) => r.testOnly)) {
      for (const role of [...ROLES, 'anonymous']) {
        const c = new Client(plain);
        c.token = as[role]?.token ?? null;
        const r = await c.request(route.method, route.path, { now: T1 });
        assert.equal(r.status, 404, `${role} ${key(route)}`);
      }
    }
  } finally {
    await plain.stop();
  }
});

// The matrix varies one object per request; a write may name a second
// one in its body.  Named out of scope, it is a 422 on that field, the
// same answer as for a record that does not exist, and nothing is made.
test('a second record named out of scope is a 422 on its field', async () => {
  const target = await demandIn('Q', 'submitted');
  const merged = await demandIn('A', 'submitted');
  const hotline = { channel: 'hotline', category: 'labour', title: '越界',
                    content: '越界引用。' };
  const cases = [
    ['dispatcher', 'POST', '/api/v1/demands',
     { enterprise_id: w.e1.id, project_id: w.p3.id, ...hotline }, 'project_id'],
    ['commissioner', 'POST', '/api/v1/demands',
     { enterprise_id: w.e1.id, visit_id: w.vQd.id, ...hotline,
       channel: 'visit' }, 'visit_id'],
    ['dispatcher', 'POST', `/api/v1/demands/${merged.id}/merge`,
     { duplicate_of: target.id }, 'duplicate_of'],
    // Qingdao's bureau would see a Weifang demand it was handed.
    ['dispatcher', 'POST', `/api/v1/demands/${merged.id}/assign`,
     { lead_department_id: w.deptQd.id }, 'lead_department_id'],
    ['dispatcher', 'POST', `/api/v1/demands/${merged.id}/assign`,
     { lead_department_id: w.deptCounty.id, co_department_ids: [w.deptQd.id] },
     'co_department_ids'],
    ['dispatcher', 'POST', '/api/v1/pairings',
     { team_id: w.teamQd.id, enterprise_id: w.e1.id }, 'team_id'],
    ['dispatcher', 'PATCH', `/api/v1/projects/${w.p1.id}`,
     { enterprise_id: w.e3.id }, 'enterprise_id'],
    ['dispatcher', 'POST', '/api/v1/teams',
     { name: '越界小分队', leader_id: w.commissionerQd.id,
       region_code: '370700' }, 'leader_id'],
    ['commissioner', 'POST', '/api/v1/visits',
     { enterprise_id: w.e1.id, project_id: w.p3.id, notes: '越界' },
     'project_id'],
  ];
  // The audit log records the registry's writes and visits; demands
  // record events, so the merged one and e1's list are read too.
  const state = async () => [
    sql(srv.db, 'SELECT count(*) FROM audit_log').stdout,
    (await as.admin.get(`/api/v1/demands/${merged.id}`)).body,
    (await as.admin.get(`/api/v1/demands?enterprise=${w.e1.id}&count=true&limit=1`)).body.total,
  ];
  const before = await state();
  for (const [role, method, path, body, field] of cases) {
    const r = await as[role].request(method, path, body);
    assert.equal(r.status, 422, `${role} ${method} ${path}: ${JSON.stringify(r.body)}`);
    assert.ok(r.body.errors.some((e) => e.field === field),
              `${role} ${method} ${path}: ${JSON.stringify(r.body.errors)}`);
  }
  assert.deepEqual(await state(), before);
});
