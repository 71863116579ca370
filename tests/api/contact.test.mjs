// An enterprise sees the contact cards of the commissioners who serve it
// (联系卡), and nobody else's.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, adminClient, creditCode, startServer } from './harness.mjs';

const PASSWORD = 'Contact-pass-2026';
let srv, admin;
const w = {};

async function created(path, body) {
  const r = await admin.post(path, body);
  assert.equal(r.status, 201, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function signedIn(username) {
  const c = new Client(srv);
  await c.signIn(username, PASSWORD);
  return c;
}

before(async () => {
  srv = await startServer();
  admin = await adminClient(srv);
  w.e1 = await created('/api/v1/enterprises', { credit_code: creditCode(1, '370702'),
    name: '潍城联系卡测试有限公司', region_code: '370702', scale: 'above' });
  w.e2 = await created('/api/v1/enterprises', { credit_code: creditCode(2, '370702'),
    name: '另一家测试有限公司', region_code: '370702', scale: 'below' });
  const c = (username, display_name, phone) => created('/api/v1/users', {
    username, display_name, role: 'commissioner', region_code: '370702',
    level: 'county', phone, password: PASSWORD });
  w.solo = await c('solo', '王专员', '13800000001');
  w.lead = await c('lead', '李队长', '13800000002');
  w.member = await c('member', '赵队员', '13800000003');
  w.gone = await c('gone', '已离任', '13800000004');
  w.team = await created('/api/v1/teams', { name: '潍城区第1小分队', leader_id: w.lead.id,
    region_code: '370702', member_ids: [w.lead.id, w.member.id] });
  await created('/api/v1/pairings', { kind: 'one_to_one', user_id: w.solo.id, enterprise_id: w.e1.id });
  await created('/api/v1/pairings', { kind: 'team', team_id: w.team.id, enterprise_id: w.e1.id });
  const old = await created('/api/v1/pairings', { kind: 'one_to_one', user_id: w.gone.id,
    enterprise_id: w.e1.id, starts_on: '2025-01-01' });
  assert.equal((await admin.patch(`/api/v1/pairings/${old.id}`, { ends_on: '2025-12-31' })).status, 200);
  for (const [name, e] of [['ent1', w.e1], ['ent2', w.e2]]) {
    await created('/api/v1/users', { username: name, display_name: name, role: 'enterprise',
      enterprise_id: e.id, password: PASSWORD });
  }
});
after(async () => { await srv?.stop(); });

test('an enterprise sees its commissioners and its team with their phones', async () => {
  const c = await signedIn('ent1');
  const r = await c.get(`/api/v1/enterprises/${w.e1.id}/commissioners`);
  assert.equal(r.status, 200);
  const byName = Object.fromEntries(r.body.items.map((x) => [x.display_name, x]));
  assert.deepEqual(Object.keys(byName).sort(), ['李队长', '王专员', '赵队员'].sort());
  assert.equal(byName['王专员'].phone, '13800000001');
  assert.equal(byName['王专员'].team, null);
  assert.equal(byName['李队长'].team.name, '潍城区第1小分队');
  assert.equal(byName['李队长'].team.is_leader, true);
  assert.equal(byName['赵队员'].team.is_leader, false);
  // A card says who and how to reach them, nothing an account holds.
  assert.equal(JSON.stringify(r.body).includes('username'), false);
});

test('an ended pairing or a disabled account gives no card', async () => {
  assert.equal((await admin.patch(`/api/v1/users/${w.member.id}`, { disabled: true })).status, 200);
  const c = await signedIn('ent1');
  const names = (await c.get(`/api/v1/enterprises/${w.e1.id}/commissioners`)).body.items
    .map((x) => x.display_name).sort();
  assert.deepEqual(names, ['李队长', '王专员'].sort());
});

test("another enterprise's commissioners are not found", async () => {
  const c = await signedIn('ent2');
  const r = await c.get(`/api/v1/enterprises/${w.e1.id}/commissioners`);
  assert.equal(r.status, 404);
  const own = await c.get(`/api/v1/enterprises/${w.e2.id}/commissioners`);
  assert.equal(own.status, 200);
  assert.deepEqual(own.body.items, []);
});
