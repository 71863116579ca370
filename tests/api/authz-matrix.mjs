// authz-matrix.mjs — the authorization matrix: every API route, every
// role, and what each role gets for an object it owns, one inside its
// scope and one outside it.  authz.test.mjs walks every cell against a
// running server and fails on any route of docs/openapi.json missing here.
//
// An entry:
//   method, path   the route, as docs/openapi.json writes it
//   object         what the path's {parameter} (or the filter or body
//                  field the request builder names) refers to: a kind of
//                  OBJECTS below; absent for a route without one
//   state          for demands: the status the demand must be in, so
//                  that only role and scope decide (authz.test builds it)
//   reuse          a success leaves the object as it was (a comment, an
//                  idempotent PATCH): the walker need not build a fresh
//                  one for the next cell.  Without it, every success on
//                  a write consumes its object.
//   expect         per role the status: a number for every relation the
//                  role has, or [own, in, out] with _ where the role has
//                  no such relation.  EMPTY: 200 with no items (a list
//                  filtered on an object outside the scope).
//   request(c)     the request beside method and path: {query, body,
//                  type, params}.  c.id is the object's id, c.obj its
//                  record, c.w the world, c.n a number new on every call
//                  (so a write that should not happen would show).
//   probe(c, req)  for a write without an object: what a denied attempt
//                  must leave unchanged (authz.test reads it as admin
//                  before and after).  Writes on objects read the object.
//
// Relations (OBJECTS names the records; harness.mjs twoCities and
// authz.test.mjs build them): Weifang (370700) is every scoped role's
// home, Qingdao (370200) is "out".  "own" is the record that is the
// actor's: its enterprise, its paired enterprise, its demand (lead
// department, own enterprise, paired enterprise), its visit, itself.
// "in" is in scope without being its own (a team's enterprise, a demand
// its department co-handles).  Admin sees all: "out" is still Qingdao.
//
// Expected semantics: 401 without credentials; 403 for a role the route
// does not admit (and for an action whose lifecycle rule needs another
// relation: a co-department may not answer); 404 for an object outside
// the scope, exactly as for one that does not exist; 422 naming the
// field for a create that refers to an object outside the scope.

export const ROLES = ['admin', 'dispatcher', 'handler', 'supervisor',
                      'leader', 'enterprise', 'commissioner'];
export const RELATIONS = ['own', 'in', 'out'];
export const _ = null;
export const EMPTY = 'empty';

const WF_STAFF = { in: 'e1', out: 'e3' };

// Which record plays own, in and out, per kind and role.
export const OBJECTS = {
  region: Object.fromEntries(ROLES.map((r) => [r, { in: '370702',
                                                    out: '370202' }])),
  department: Object.fromEntries(ROLES.map((r) => [r, {
    ...(r === 'handler' ? { own: 'deptCounty' } : {}),
    in: 'deptCity', out: 'deptQd',
  }])),
  enterprise: {
    admin: WF_STAFF, dispatcher: WF_STAFF, handler: WF_STAFF,
    supervisor: WF_STAFF, leader: WF_STAFF,
    enterprise: { own: 'e1', out: 'e3' },
    commissioner: { own: 'e1', in: 'e2', out: 'e3' },
  },
  project: {
    admin: { in: 'p1', out: 'p3' }, dispatcher: { in: 'p1', out: 'p3' },
    handler: { in: 'p1', out: 'p3' }, supervisor: { in: 'p1', out: 'p3' },
    leader: { in: 'p1', out: 'p3' },
    enterprise: { own: 'p1', out: 'p3' },
    commissioner: { own: 'p1', in: 'p2', out: 'p3' },
  },
  // self: the actor's own account; cWc a commissioner of Weicheng.
  user: {
    admin: { own: 'self', in: 'cWc', out: 'commissionerQd' },
    dispatcher: { own: 'self', in: 'cWc', out: 'commissionerQd' },
    handler: { own: 'self', in: 'cWc', out: 'commissionerQd' },
    supervisor: { own: 'self', in: 'cWc', out: 'commissionerQd' },
    leader: { own: 'self', in: 'cWc', out: 'commissionerQd' },
    enterprise: { own: 'self', out: 'commissionerQd' },
    commissioner: { own: 'self', out: 'commissionerQd' },
  },
  // A county handler sees no city team; a commissioner the teams it is in.
  team: {
    admin: { in: 'team', out: 'teamQd' },
    dispatcher: { in: 'team', out: 'teamQd' },
    handler: { out: 'teamQd' },
    supervisor: { in: 'team', out: 'teamQd' },
    leader: { in: 'team', out: 'teamQd' },
    enterprise: { out: 'teamQd' },
    commissioner: { own: 'team', out: 'teamQd' },
  },
  pairing: {
    admin: { in: 'pa1', out: 'pa4' }, dispatcher: { in: 'pa1', out: 'pa4' },
    handler: { in: 'pa1', out: 'pa4' }, supervisor: { in: 'pa1', out: 'pa4' },
    leader: { in: 'pa1', out: 'pa4' },
    enterprise: { own: 'pa1', out: 'pa4' },
    commissioner: { own: 'pa1', in: 'pa2', out: 'pa4' },
  },
  // Demand shapes (authz.test.mjs builds one per route and state):
  //   A  of e1, lead department deptCounty (Weicheng)
  //   B  of e2, lead deptCity, deptCounty co-handling (协办)
  //   Q  of e3, lead deptQd (Qingdao)
  demand: {
    admin: { in: 'A', out: 'Q' }, dispatcher: { in: 'A', out: 'Q' },
    handler: { own: 'A', in: 'B', out: 'Q' },
    supervisor: { in: 'A', out: 'Q' }, leader: { in: 'A', out: 'Q' },
    enterprise: { own: 'A', out: 'Q' },
    commissioner: { own: 'A', in: 'B', out: 'Q' },
  },
  // A file on a demand of shape A, B or Q.
  attachment: {
    admin: { in: 'attA', out: 'attQ' }, dispatcher: { in: 'attA', out: 'attQ' },
    handler: { own: 'attA', in: 'attB', out: 'attQ' },
    supervisor: { in: 'attA', out: 'attQ' }, leader: { in: 'attA', out: 'attQ' },
    enterprise: { own: 'attA', out: 'attQ' },
    commissioner: { own: 'attA', in: 'attB', out: 'attQ' },
  },
  // v1: c-wf's visit to e1; vQd: c-qd's to e3.  A commissioner's visit
  // log is its own visits only (not its teammates'), so it has no "in".
  visit: {
    admin: { in: 'v1', out: 'vQd' }, dispatcher: { in: 'v1', out: 'vQd' },
    handler: { in: 'v1', out: 'vQd' }, supervisor: { in: 'v1', out: 'vQd' },
    leader: { in: 'v1', out: 'vQd' },
    enterprise: { own: 'v1', out: 'vQd' },
    commissioner: { own: 'v1', out: 'vQd' },
  },
  // nOffice: to Weifang's office (a return); nDept: to deptCounty (an
  // assignment); the Qd ones the same in Qingdao.  Nothing is addressed
  // to commissioners or enterprises.
  notification: {
    admin: { in: 'nOffice', out: 'nOfficeQd' },
    dispatcher: { in: 'nOffice', out: 'nOfficeQd' },
    handler: { own: 'nDept', out: 'nDeptQd' },
    supervisor: { in: 'nOffice', out: 'nOfficeQd' },
    leader: { in: 'nOffice', out: 'nOfficeQd' },
    enterprise: { out: 'nOfficeQd' },
    commissioner: { out: 'nOfficeQd' },
  },
};

const json = (body) => () => ({ body });

// Every role that is not listed gets 403; anonymous 401.
function only(allowed, rest = 403) {
  const out = { anonymous: 401 };
  for (const r of ROLES) out[r] = allowed[r] ?? rest;
  return out;
}

// Every role the same.
const everyone = (status, anonymous = 401) =>
  ({ ...Object.fromEntries(ROLES.map((r) => [r, status])), anonymous });

// The usual read of a scoped object: seen inside the scope, 404 outside.
const SCOPED_READ = {
  anonymous: 401,
  //             own  in   out
  admin:        [_,   200, 200],
  dispatcher:   [_,   200, 404],
  handler:      [_,   200, 404],
  supervisor:   [_,   200, 404],
  leader:       [_,   200, 404],
  enterprise:   [200, _,   404],
  commissioner: [200, 200, 404],
};

// A list filtered on an enterprise: nothing of one outside the scope.
const FILTERED_LIST = {
  anonymous: 401,
  admin:        [_,   200, 200],
  dispatcher:   [_,   200, EMPTY],
  handler:      [_,   200, EMPTY],
  supervisor:   [_,   200, EMPTY],
  leader:       [_,   200, EMPTY],
  enterprise:   [200, _,   EMPTY],
  commissioner: [200, 200, EMPTY],
};

// Registry writes: admins anywhere, dispatchers inside their region.
const REGISTRAR_UPDATE = only({ admin: [_, 200, 200],
                                dispatcher: [_, 200, 404] });
const REGISTRAR_CREATE = only({ admin: [_, 201, 201],
                                dispatcher: [_, 201, 422] });

// A demand as each role reads it (handler: its department's, and those
// it co-handles).
const DEMAND_READ = {
  anonymous: 401,
  admin:        [_,   200, 200],
  dispatcher:   [_,   200, 404],
  handler:      [200, 200, 404],
  supervisor:   [_,   200, 404],
  leader:       [_,   200, 404],
  enterprise:   [200, _,   404],
  commissioner: [200, 200, 404],
};

// Lead-department actions: the co-department sees the demand but may not.
const LEAD_HANDLER = only({ handler: [200, 403, 404] });
// The enterprise, or its commissioner on its behalf (alone or by team).
const PARTY_ACTION = only({ enterprise: [200, _, 404],
                            commissioner: [200, 200, 404] });

// What a denied create must not have made: how many records of PATH
// match QUERY, as admin sees them.
const count = (path, query) => async (admin) => {
  const r = await admin.get(`${path}?${query}&limit=500`);
  return r.body.items.length;
};

export const MATRIX = [
  // ---- session and meta ------------------------------------------------
  { method: 'GET', path: '/api/v1/openapi.json', expect: everyone(200, 200) },
  // Public: anyone may sign in, whatever credentials it already holds.
  { method: 'POST', path: '/api/v1/session', expect: everyone(201, 201),
    request: (c) => ({ body: { username: c.w.signer.username,
                               password: c.w.signer.password } }) },
  { method: 'GET', path: '/api/v1/session', expect: everyone(200) },
  // With a token there is no session to end: 204 all the same.
  { method: 'DELETE', path: '/api/v1/session', expect: everyone(204) },
  { method: 'POST', path: '/api/v1/tokens', expect: everyone(201),
    request: (c) => ({ body: { name: `authz-${c.n}` } }) },
  // Only with --test-clock (authz.test checks a server without it: 404).
  { method: 'PUT', path: '/api/v1/test/clock', testOnly: true,
    expect: everyone(200, 200),
    request: (c) => ({ body: { now: c.w.now } }) },
  { method: 'GET', path: '/api/v1/regions', expect: everyone(200) },
  // Reference data: every role reads every region.
  { method: 'GET', path: '/api/v1/regions/{code}', object: 'region',
    expect: everyone(200), request: (c) => ({ params: { code: c.id } }) },
  { method: 'GET', path: '/api/v1/industries', expect: everyone(200) },
  { method: 'GET', path: '/api/v1/categories', expect: everyone(200) },

  // ---- enterprises -----------------------------------------------------
  { method: 'GET', path: '/api/v1/enterprises', expect: everyone(200) },
  { method: 'POST', path: '/api/v1/enterprises', object: 'region',
    expect: REGISTRAR_CREATE,
    request: (c) => ({ body: {
      credit_code: c.creditCode(5000 + c.n, c.id), name: `授权测试${c.n}号企业`,
      region_code: c.id, scale: 'below' } }),
    probe: (c, req) => count('/api/v1/enterprises',
                             `q=${req.body.credit_code}&disabled=true`) },
  { method: 'GET', path: '/api/v1/enterprises/{id}', object: 'enterprise',
    expect: SCOPED_READ },
  { method: 'PATCH', path: '/api/v1/enterprises/{id}', object: 'enterprise',
    expect: REGISTRAR_UPDATE, reuse: true,
    request: (c) => ({ body: { address: `授权测试路${c.n}号` } }) },
  { method: 'GET', path: '/api/v1/enterprises/{id}/commissioners',
    object: 'enterprise', expect: SCOPED_READ },

  // ---- departments: reference data, every role reads all --------------
  { method: 'GET', path: '/api/v1/departments', expect: everyone(200) },
  { method: 'POST', path: '/api/v1/departments', expect: only({ admin: 201 }),
    request: (c) => ({ body: { name: `授权测试局${c.n}`, kind: 'bureau',
                               region_code: '370700' } }),
    probe: (c, req) => count('/api/v1/departments',
                             `q=${encodeURIComponent(req.body.name)}`) },
  { method: 'GET', path: '/api/v1/departments/{id}', object: 'department',
    expect: everyone(200) },
  { method: 'PATCH', path: '/api/v1/departments/{id}', object: 'department',
    expect: only({ admin: 200 }), reuse: true,
    request: (c) => ({ body: { name: `${c.obj.name.replace(/·\d+$/, '')}·${c.n}` } }) },

  // ---- projects ------------------------------------------------------------
  { method: 'GET', path: '/api/v1/projects', object: 'enterprise',
    expect: FILTERED_LIST,
    request: (c) => ({ query: `enterprise_id=${c.id}` }) },
  { method: 'POST', path: '/api/v1/projects', object: 'enterprise',
    expect: REGISTRAR_CREATE,
    request: (c) => ({ body: { name: `授权测试项目${c.n}`,
                               enterprise_id: c.id } }),
    probe: (c, req) => count('/api/v1/projects',
                             `q=${encodeURIComponent(req.body.name)}`) },
  { method: 'GET', path: '/api/v1/projects/{id}', object: 'project',
    expect: SCOPED_READ },
  { method: 'PATCH', path: '/api/v1/projects/{id}', object: 'project',
    expect: REGISTRAR_UPDATE, reuse: true,
    request: (c) => ({ body: { total_investment: 10000 + c.n } }) },

  // ---- users: staff read their scope's; only admins write -------------
  { method: 'GET', path: '/api/v1/users', expect: only({
    admin: 200, dispatcher: 200, handler: 200, supervisor: 200, leader: 200,
    commissioner: 200 }) },
  { method: 'POST', path: '/api/v1/users', expect: only({ admin: 201 }),
    request: (c) => ({ body: { username: `authz-user-${c.n}`,
                               display_name: '授权测试', role: 'commissioner',
                               region_code: '370700',
                               password: 'Authz-pass-2030' } }),
    probe: (c, req) => count('/api/v1/users', `q=${req.body.username}`) },
  { method: 'GET', path: '/api/v1/users/{id}', object: 'user',
    expect: only({
      //             own  in   out
      admin:        [200, 200, 200],
      dispatcher:   [200, 200, 404],
      handler:      [200, 200, 404],
      supervisor:   [200, 200, 404],
      leader:       [200, 200, 404],
      commissioner: [200, _,   404],
    }) },
  { method: 'PATCH', path: '/api/v1/users/{id}', object: 'user',
    expect: only({ admin: 200 }), reuse: true,
    request: (c) => ({ body: { phone: `1380000${String(c.n).padStart(4, '0')}` } }) },
  // The same password again: the hash (salted) changes all the same.
  { method: 'POST', path: '/api/v1/users/{id}/password', object: 'user',
    expect: only({ admin: 200 }), reuse: true,
    request: (c) => ({ body: { password: c.obj.password } }) },

  // ---- teams -------------------------------------------------------------
  { method: 'GET', path: '/api/v1/teams', expect: only({
    admin: 200, dispatcher: 200, handler: 200, supervisor: 200, leader: 200,
    commissioner: 200 }) },
  { method: 'POST', path: '/api/v1/teams', object: 'region',
    expect: REGISTRAR_CREATE,
    request: (c) => ({ body: {
      name: `授权测试小分队${c.n}`, region_code: c.id,
      leader_id: c.id === '370202' ? c.w.commissionerQd.id : c.w.cWc.id } }),
    probe: (c, req) => count('/api/v1/teams',
                             `q=${encodeURIComponent(req.body.name)}`) },
  { method: 'GET', path: '/api/v1/teams/{id}', object: 'team',
    expect: only({
      //             own  in   out
      admin:        [_,   200, 200],
      dispatcher:   [_,   200, 404],
      handler:      [_,   _,   404],
      supervisor:   [_,   200, 404],
      leader:       [_,   200, 404],
      commissioner: [200, _,   404],
    }) },
  { method: 'PATCH', path: '/api/v1/teams/{id}', object: 'team',
    expect: only({ admin: [_, 200, 200], dispatcher: [_, 200, 404] }),
    reuse: true,
    request: (c) => ({ body: { name: `${c.obj.name}·${c.n}` } }) },

  // ---- pairings ----------------------------------------------------------
  { method: 'GET', path: '/api/v1/pairings', object: 'enterprise',
    expect: FILTERED_LIST,
    request: (c) => ({ query: `enterprise_id=${c.id}` }) },
  { method: 'POST', path: '/api/v1/pairings', object: 'enterprise',
    expect: REGISTRAR_CREATE,
    request: (c) => ({ body: {
      user_id: c.pairable(c.obj.region_code.startsWith('3702') ? '370200'
                                                               : '370700'),
      enterprise_id: c.id } }),
    probe: (c, req) => count('/api/v1/pairings',
                             `enterprise_id=${req.body.enterprise_id}&status=all`) },
  { method: 'GET', path: '/api/v1/pairings/{id}', object: 'pairing',
    expect: SCOPED_READ },
  // Setting a later end leaves the pairing active: reusable.
  { method: 'PATCH', path: '/api/v1/pairings/{id}', object: 'pairing',
    expect: REGISTRAR_UPDATE, reuse: true,
    request: (c) => ({ body: { ends_on: `${2060 + (c.n % 39)}-12-31` } }) },

  // ---- ledgers -----------------------------------------------------------
  { method: 'POST', path: '/api/v1/imports/{kind}', expect: only({ admin: 200 }),
    request: (c) => ({ params: { kind: 'departments' }, type: 'text/csv',
                       body: `name,kind,region_code\n导入授权测试局${c.n},bureau,370700\n` }),
    probe: (c) => count('/api/v1/departments',
                        `q=${encodeURIComponent(`导入授权测试局${c.n}`)}`) },
  // The demand ledger, filtered on an enterprise: it is the demand list.
  { method: 'GET', path: '/api/v1/exports/{kind}', object: 'enterprise',
    expect: { ...FILTERED_LIST, enterprise: 403 },
    request: (c) => ({ params: { kind: 'demands' },
                       query: `format=csv&enterprise=${c.id}` }) },

  // ---- demands ------------------------------------------------------------
  { method: 'POST', path: '/api/v1/demands', object: 'enterprise',
    expect: only({ dispatcher: [_, 201, 422], enterprise: [201, _, 422],
                   commissioner: [201, 201, 422] }),
    request: (c) => ({ body: {
      enterprise_id: c.id, category: 'finance', title: `授权测试诉求${c.n}`,
      content: '授权矩阵测试。',
      ...(c.role === 'dispatcher' ? { channel: 'hotline' } : {}) } }),
    probe: (c, req) => count('/api/v1/demands',
                             `enterprise=${req.body.enterprise_id}`) },
  { method: 'GET', path: '/api/v1/demands', object: 'enterprise',
    expect: FILTERED_LIST,
    request: (c) => ({ query: `enterprise=${c.id}` }) },
  { method: 'GET', path: '/api/v1/demands/{id}', object: 'demand',
    state: 'assigned', expect: DEMAND_READ, reuse: true },
  { method: 'POST', path: '/api/v1/demands/{id}/assign', object: 'demand',
    state: 'submitted', expect: only({ dispatcher: [_, 200, 404] }),
    request: (c) => ({ body: { lead_department_id: c.obj.lead } }) },
  { method: 'POST', path: '/api/v1/demands/{id}/accept', object: 'demand',
    state: 'assigned', expect: LEAD_HANDLER },
  { method: 'POST', path: '/api/v1/demands/{id}/return', object: 'demand',
    state: 'assigned', expect: LEAD_HANDLER,
    request: json({ note: '不属于本部门职责。' }) },
  { method: 'POST', path: '/api/v1/demands/{id}/refuse-return',
    object: 'demand', state: 'returned',
    expect: only({ dispatcher: [_, 200, 404] }) },
  { method: 'POST', path: '/api/v1/demands/{id}/answer', object: 'demand',
    state: 'assigned', expect: LEAD_HANDLER,
    request: json({ note: '三日内协调解决。' }) },
  { method: 'POST', path: '/api/v1/demands/{id}/resolve', object: 'demand',
    state: 'answered', expect: LEAD_HANDLER,
    request: json({ outcome: 'resolved', note: '已解决。' }) },
  { method: 'POST', path: '/api/v1/demands/{id}/confirm', object: 'demand',
    state: 'resolved', expect: PARTY_ACTION,
    request: json({ satisfaction: 'satisfied' }) },
  { method: 'POST', path: '/api/v1/demands/{id}/withdraw', object: 'demand',
    state: 'submitted', expect: PARTY_ACTION },
  { method: 'POST', path: '/api/v1/demands/{id}/merge', object: 'demand',
    state: 'submitted', expect: only({ dispatcher: [_, 200, 404] }),
    request: (c) => ({ body: { duplicate_of: c.w.mergeTarget.id } }) },
  // Everyone but the read-only leader comments on what it sees.
  { method: 'POST', path: '/api/v1/demands/{id}/comment', object: 'demand',
    state: 'assigned', reuse: true,
    expect: { ...DEMAND_READ, leader: 403 },
    request: (c) => ({ body: { note: `授权测试留言${c.n}` } }) },
  { method: 'POST', path: '/api/v1/demands/{id}/extend', object: 'demand',
    state: 'assigned', expect: LEAD_HANDLER,
    request: json({ days: 5, note: '需要更多时间。' }) },
  { method: 'POST', path: '/api/v1/demands/{id}/decide-extension',
    object: 'demand', state: 'extension',
    expect: only({ supervisor: [_, 200, 404] }),
    request: json({ approve: true }) },
  { method: 'POST', path: '/api/v1/demands/{id}/pause', object: 'demand',
    state: 'assigned', expect: LEAD_HANDLER,
    request: json({ note: '等待企业补充材料。' }) },
  { method: 'POST', path: '/api/v1/demands/{id}/resume', object: 'demand',
    state: 'paused',
    expect: only({ handler: [200, 403, 404], enterprise: [200, _, 404],
                   commissioner: [200, 200, 404] }) },

  // ---- attachments --------------------------------------------------------
  { method: 'GET', path: '/api/v1/demands/{id}/attachments', object: 'demand',
    state: 'assigned', expect: DEMAND_READ, reuse: true },
  { method: 'POST', path: '/api/v1/demands/{id}/attachments', object: 'demand',
    state: 'assigned', reuse: true,
    expect: {
      anonymous: 401,
      //             own  in   out
      admin:        [_,   201, 201],
      dispatcher:   [_,   201, 404],
      handler:      [201, 201, 404],
      supervisor:   [_,   201, 404],
      leader:       403,
      enterprise:   [201, _,   404],
      commissioner: [201, 201, 404],
    },
    request: (c) => c.upload(`授权测试${c.n}.txt`, `附件${c.n}\n`) },
  { method: 'GET', path: '/api/v1/attachments/{id}', object: 'attachment',
    expect: DEMAND_READ },

  // ---- visits (走访) -------------------------------------------------------
  { method: 'POST', path: '/api/v1/visits', object: 'enterprise',
    expect: only({ commissioner: [201, 201, 422] }),
    request: (c) => ({ body: { enterprise_id: c.id,
                               notes: `授权测试走访${c.n}` } }),
    probe: (c, req) => count('/api/v1/visits',
                             `enterprise=${req.body.enterprise_id}`) },
  { method: 'GET', path: '/api/v1/visits', object: 'enterprise',
    expect: { ...FILTERED_LIST, handler: 403 },
    request: (c) => ({ query: `enterprise=${c.id}` }) },
  { method: 'GET', path: '/api/v1/visits/due', expect: only({ commissioner: 200 }) },
  { method: 'GET', path: '/api/v1/visits/{id}', object: 'visit',
    expect: only({
      //             own  in   out
      admin:        [_,   200, 200],
      dispatcher:   [_,   200, 404],
      supervisor:   [_,   200, 404],
      leader:       [_,   200, 404],
      enterprise:   [200, _,   404],
      commissioner: [200, _,   404],
    }) },

  // ---- deadlines' paperwork -----------------------------------------------
  { method: 'GET', path: '/api/v1/supervisions', expect: only({
    admin: 200, dispatcher: 200, handler: 200, supervisor: 200, leader: 200 }) },
  { method: 'GET', path: '/api/v1/accountability', expect: only({
    admin: 200, supervisor: 200, leader: 200 }) },
  { method: 'GET', path: '/api/v1/notifications', expect: everyone(200) },
  { method: 'POST', path: '/api/v1/notifications/{id}/read',
    object: 'notification', reuse: true,
    expect: {
      anonymous: 401,
      //             own  in   out
      admin:        [_,   200, 200],
      dispatcher:   [_,   200, 404],
      handler:      [200, _,   404],
      supervisor:   [_,   200, 404],
      leader:       403,
      enterprise:   404,
      commissioner: 404,
    } },
  { method: 'GET', path: '/api/v1/sla-policies', expect: only({
    admin: 200, dispatcher: 200, handler: 200, supervisor: 200, leader: 200,
    commissioner: 200 }) },
  { method: 'PUT', path: '/api/v1/sla-policies', expect: only({ admin: 200 }),
    request: (c) => ({ body: {
      category: 'talent', assign: { unit: 'days', amount: 1 },
      answer: { unit: 'days', amount: 3 },
      resolve: { unit: 'days', amount: 10 + (c.n % 50) } } }),
    probe: () => async (admin) => (await admin.get('/api/v1/sla-policies')).body },
  { method: 'GET', path: '/api/v1/calendar', expect: everyone(200) },
  { method: 'PUT', path: '/api/v1/calendar/{date}', expect: only({ admin: 200 }),
    request: (c) => ({ params: { date: '2040-05-02' },
                       body: { kind: 'holiday', name: `授权测试${c.n}` } }),
    probe: () => async (admin) =>
      (await admin.get('/api/v1/calendar?year=2040')).body },

  // ---- rates -----------------------------------------------------------------
  { method: 'GET', path: '/api/v1/stats/rates', expect: only({
    admin: 200, dispatcher: 200, supervisor: 200, leader: 200 }) },
  { method: 'GET', path: '/api/v1/stats/rankings', expect: only({
    admin: 200, dispatcher: 200, supervisor: 200, leader: 200 }) },
];
