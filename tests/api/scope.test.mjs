// Data scope over real HTTP: a small world of two cities, built through
// the admin API, and each role's view of it.  Every role must see exactly
// its scope in each registry list, get 404 (never 403) for a record
// outside it, and 403 only for routes its role may not call at all.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  Client, WORLD_PASSWORD, adminClient, created as createdBy, creditCode,
  problemFields, startServer, twoCities,
} from './harness.mjs';

let srv;
let admin;
let w = {};        // the world (harness.mjs, twoCities): records by name
const as = {};     // signed-in clients by role name

const created = (path, body) => createdBy(admin, path, body);

async function enterprise(n, region, name) {
  return created('/api/v1/enterprises', {
    credit_code: creditCode(n, region), name, region_code: region,
    scale: 'above',
  });
}

async function signedIn(username) {
  const c = new Client(srv);
  await c.signIn(username, WORLD_PASSWORD);
  return c;
}

before(async () => {
  srv = await startServer();
  admin = await adminClient(srv);
  w = await twoCities(admin);

  as.admin = admin;
  for (const [role, name] of [
    ['commissioner', 'c-wf'], ['dispatcher', 'dispatch-wf'],
    ['leader', 'leader-wf'], ['supervisor', 'supervise-wf'],
    ['handler', 'handler-wc'], ['enterprise', 'ent-e1'],
  ]) {
    as[role] = await signedIn(name);
  }
});
after(async () => { await srv?.stop(); });

const sorted = (xs) => [...xs].sort((a, b) => a - b);

async function listIds(client, path) {
  const r = await client.get(`${path}?limit=500`);
  assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
  return sorted(r.body.items.map((x) => x.id));
}

// What each role must see, by list; names refer to w.  Users of a region
// include the enterprise user, whose region is its enterprise's.
const REGION_USERS = ['commissioner', 'teamLead', 'dispatcher', 'leader',
                      'supervisor', 'handler', 'entUser'];
const EXPECT = {
  admin: {
    enterprises: ['e1', 'e2', 'e3', 'e4'],
    projects: ['p1', 'p2', 'p3'],
    users: null, // every user, checked below against the ones made
    teams: ['team', 'teamQd'],
    pairings: ['pa1', 'pa2', 'pa3', 'pa4'],
  },
  dispatcher: {
    enterprises: ['e1', 'e2', 'e4'],
    projects: ['p1', 'p2'],
    users: REGION_USERS,
    teams: ['team'],
    pairings: ['pa1', 'pa2', 'pa3'],
  },
  handler: {
    enterprises: ['e1', 'e4'],
    projects: ['p1', 'p2'],
    users: ['handler', 'entUser'],
    teams: [],
    pairings: ['pa1', 'pa3'],
  },
  commissioner: {
    enterprises: ['e1', 'e2'],
    projects: ['p1', 'p2'],
    users: ['commissioner'],
    teams: ['team'],
    pairings: ['pa1', 'pa2', 'pa3'],
  },
  enterprise: {
    enterprises: ['e1'],
    projects: ['p1'],
    users: 403,
    teams: 403,
    pairings: ['pa1'],
  },
};
EXPECT.leader = EXPECT.dispatcher;
EXPECT.supervisor = EXPECT.dispatcher;

const ROLES = ['admin', 'dispatcher', 'leader', 'supervisor', 'handler',
               'commissioner', 'enterprise'];
const LISTS = ['enterprises', 'projects', 'users', 'teams', 'pairings'];

for (const role of ROLES) {
  describe(`${role} lists`, () => {
    for (const list of LISTS) {
      const want = EXPECT[role][list];
      if (want === 403) {
        test(`${role} may not list ${list}: 403`, async () => {
          const r = await as[role].get(`/api/v1/${list}`);
          assert.equal(r.status, 403);
        });
        continue;
      }
      test(`${role} sees exactly its ${list}`, async () => {
        const got = await listIds(as[role], `/api/v1/${list}`);
        if (want === null) {
          const made = Object.values(w).filter((x) => 'username' in x)
            .map((x) => x.id);
          for (const id of made) assert.ok(got.includes(id), `user ${id}`);
          assert.equal(got.length, made.length + 1); // and the admin
          return;
        }
        assert.deepEqual(got, sorted(want.map((k) => w[k].id)));
      });
    }
  });
}

test('every role reads all departments: they are reference data', async () => {
  const all = sorted([w.deptCity.id, w.deptCounty.id, w.deptQd.id]);
  for (const role of ROLES) {
    assert.deepEqual(await listIds(as[role], '/api/v1/departments'), all,
                     role);
  }
});

// An id outside the role's scope, per resource, that exists.
const OUTSIDE = {
  dispatcher: { enterprises: 'e3', projects: 'p3', users: 'commissionerQd',
                teams: 'teamQd', pairings: 'pa4' },
  handler: { enterprises: 'e2', projects: 'p3', users: 'dispatcher',
             teams: 'team', pairings: 'pa2' },
  commissioner: { enterprises: 'e4', projects: 'p3', users: 'teamLead',
                  teams: 'teamQd', pairings: 'pa4' },
  enterprise: { enterprises: 'e2', projects: 'p2', pairings: 'pa2' },
};
OUTSIDE.leader = OUTSIDE.dispatcher;
OUTSIDE.supervisor = OUTSIDE.dispatcher;

for (const [role, byList] of Object.entries(OUTSIDE)) {
  for (const [list, key] of Object.entries(byList)) {
    test(`${role} gets 404, not 403, for an out-of-scope ${list} record`,
         async () => {
      const r = await as[role].get(`/api/v1/${list}/${w[key].id}`);
      assert.equal(r.status, 404);
      // The same answer as for an id that does not exist at all.
      const none = await as[role].get(`/api/v1/${list}/999999`);
      assert.equal(none.status, 404);
      assert.equal(r.body.detail, none.body.detail);
    });
  }
}

test('a commissioner reads the enterprise it serves through its team', async () => {
  const r = await as.commissioner.get(`/api/v1/enterprises/${w.e2.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.name, w.e2.name);
});

test('an ended pairing gives its commissioner nothing', async () => {
  const r = await as.commissioner.get(`/api/v1/enterprises/${w.e4.id}`);
  assert.equal(r.status, 404);
  const ended = await as.commissioner.get('/api/v1/pairings?ended=true');
  assert.ok(ended.body.items.some((p) => p.id === w.paOld.id));
});

test('a pairing that starts tomorrow gives its commissioner nothing yet', async () => {
  const e = await enterprise(5, '370702', '潍坊五号未来有限公司');
  const tomorrow = new Date(Date.now() + 8 * 3600e3 + 86400e3)
    .toISOString().slice(0, 10);
  await created('/api/v1/pairings', { user_id: w.commissioner.id,
                                      enterprise_id: e.id,
                                      starts_on: tomorrow });
  const r = await as.commissioner.get(`/api/v1/enterprises/${e.id}`);
  assert.equal(r.status, 404);
});

test('a commissioner reads its own user record', async () => {
  const r = await as.commissioner.get(`/api/v1/users/${w.commissioner.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.username, 'c-wf');
});

// ---- routes a role may not call: 403 ------------------------------------

const FORBIDDEN = [
  ['handler', 'POST', '/api/v1/enterprises', {}],
  ['commissioner', 'POST', '/api/v1/enterprises', {}],
  ['leader', 'POST', '/api/v1/projects', {}],
  ['supervisor', 'PATCH', '/api/v1/projects/1', {}],
  ['dispatcher', 'POST', '/api/v1/departments', {}],
  ['dispatcher', 'POST', '/api/v1/users', {}],
  ['dispatcher', 'POST', '/api/v1/users/1/password', {}],
  ['handler', 'PATCH', '/api/v1/users/1', {}],
  ['commissioner', 'POST', '/api/v1/teams', {}],
  ['commissioner', 'POST', '/api/v1/pairings', {}],
  ['enterprise', 'PATCH', '/api/v1/pairings/1', {}],
  ['enterprise', 'GET', '/api/v1/teams/1', undefined],
];

for (const [role, method, path, body] of FORBIDDEN) {
  test(`${role} ${method} ${path} is 403`, async () => {
    const r = await as[role].request(method, path, body);
    assert.equal(r.status, 403);
    assert.equal(r.body.type, 'urn:qitong:problem:forbidden');
  });
}

// ---- a dispatcher writes only inside its region -------------------------

test('a dispatcher registers an enterprise in its region', async () => {
  const r = await as.dispatcher.post('/api/v1/enterprises', {
    credit_code: creditCode(6, '370705'), name: '奎文六号有限公司',
    region_code: '370705', scale: 'below',
  });
  assert.equal(r.status, 201);
});

test('a dispatcher project for an enterprise it cannot see is 422', async () => {
  const r = await as.dispatcher.post('/api/v1/projects', {
    name: '越界项目', enterprise_id: w.e3.id,
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['enterprise_id']);
  assert.equal(r.body.errors[0].message, 'is not a known enterprise');
});

test('a dispatcher cannot move a project out of its region', async () => {
  const r = await as.dispatcher.patch(`/api/v1/projects/${w.p1.id}`,
                                      { region_code: '370202' });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['region_code']);
});

test('a dispatcher PATCH of a project in another city is 404', async () => {
  const r = await as.dispatcher.patch(`/api/v1/projects/${w.p3.id}`,
                                      { stage: 'signed' });
  assert.equal(r.status, 404);
  const back = await admin.get(`/api/v1/projects/${w.p3.id}`);
  assert.equal(back.body.stage, 'negotiating');
});

test('a dispatcher team in another city is 422 on region_code', async () => {
  const r = await as.dispatcher.post('/api/v1/teams', {
    name: '越界小分队', leader_id: w.commissioner.id, region_code: '370200',
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['region_code']);
});

test('a dispatcher team with a commissioner of another city is 422', async () => {
  const r = await as.dispatcher.post('/api/v1/teams', {
    name: '混编小分队', leader_id: w.commissioner.id, region_code: '370700',
    member_ids: [w.commissionerQd.id],
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['member_ids']);
});

test('a dispatcher renames a team an admin staffed across cities', async () => {
  const t = await created('/api/v1/teams', {
    name: '跨市联合小分队', leader_id: w.commissioner.id,
    region_code: '370700', member_ids: [w.commissionerQd.id],
  });
  const r = await as.dispatcher.patch(`/api/v1/teams/${t.id}`,
                                      { name: '潍青联合小分队' });
  assert.equal(r.status, 200);
  assert.equal(r.body.name, '潍青联合小分队');
  assert.deepEqual(r.body.member_ids, t.member_ids);
});

test('a dispatcher pairs a commissioner of its region with its enterprise', async () => {
  const r = await as.dispatcher.post('/api/v1/pairings', {
    user_id: w.teamLead.id, enterprise_id: w.e4.id,
  });
  assert.equal(r.status, 201);
  assert.equal(r.body.kind, 'one_to_one');
});

test('a dispatcher pairing with another city is 422 on both ends', async () => {
  const r = await as.dispatcher.post('/api/v1/pairings', {
    user_id: w.commissionerQd.id, enterprise_id: w.e3.id,
  });
  assert.equal(r.status, 422);
  assert.deepEqual(problemFields(r), ['enterprise_id', 'user_id']);
});

test('a dispatcher cannot end a pairing in another city: 404', async () => {
  const r = await as.dispatcher.patch(`/api/v1/pairings/${w.pa4.id}`,
                                      { ends_on: '2030-01-01' });
  assert.equal(r.status, 404);
  const back = await admin.get(`/api/v1/pairings/${w.pa4.id}`);
  assert.equal(back.body.ends_on, null);
});
