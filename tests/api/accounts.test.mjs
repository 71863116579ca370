// Accounts over their whole life: passwords exactly as typed, resets that
// lock out old sessions, and access that ends with the team that gave it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, adminClient, cli, creditCode, startServer } from './harness.mjs';

let srv, admin;
before(async () => {
  srv = await startServer();
  admin = await adminClient(srv);
});
after(async () => { await srv?.stop(); });

async function created(path, body) {
  const r = await admin.post(path, body);
  assert.equal(r.status, 201, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

test('a password with spaces at its ends works from the CLI and the API alike', async () => {
  const password = '  spaced Pass-2026  ';
  const r = cli(['user', 'add', '--db', srv.db, '--username', 'spacey',
                 '--role', 'admin', '--password-stdin'], password + '\n');
  assert.equal(r.status, 0, r.stderr);
  const c = new Client(srv);
  assert.equal((await c.post('/api/v1/session', { username: 'spacey', password })).status, 201);
  const trimmed = await c.post('/api/v1/session', { username: 'spacey', password: password.trim() });
  assert.equal(trimmed.status, 401);
});

test('resetting a password ends the sessions made with the old one', async () => {
  const u = await created('/api/v1/users', {
    username: 'reset-me', display_name: '待重置', role: 'leader',
    region_code: '370700', password: 'Old-pass-2026' });
  const c = new Client(srv);
  await c.signIn('reset-me', 'Old-pass-2026');
  assert.equal((await c.get('/api/v1/session')).status, 200);
  const r = await admin.post(`/api/v1/users/${u.id}/password`, { password: 'New-pass-2026' });
  assert.equal(r.status, 200);
  assert.equal((await c.get('/api/v1/session')).status, 401);
  await c.signIn('reset-me', 'New-pass-2026');
  assert.equal((await c.get('/api/v1/session')).status, 200);
});

test('a disabled team no longer lets its members see the enterprises it was paired with', async () => {
  const e = await created('/api/v1/enterprises', {
    credit_code: creditCode(77, '370702'), name: '团队结对测试有限公司',
    region_code: '370702', scale: 'above' });
  const member = await created('/api/v1/users', {
    username: 'team-member', display_name: '队员', role: 'commissioner',
    region_code: '370702', level: 'county', password: 'Member-pass-2026' });
  const team = await created('/api/v1/teams', {
    name: '潍城区入企小分队', leader_id: member.id, region_code: '370702',
    member_ids: [member.id] });
  await created('/api/v1/pairings', { kind: 'team', team_id: team.id, enterprise_id: e.id });
  const c = new Client(srv);
  await c.signIn('team-member', 'Member-pass-2026');
  assert.equal((await c.get(`/api/v1/enterprises/${e.id}`)).status, 200);
  const off = await admin.patch(`/api/v1/teams/${team.id}`, { disabled: true });
  assert.equal(off.status, 200);
  assert.equal((await c.get(`/api/v1/enterprises/${e.id}`)).status, 404);
  const list = await c.get('/api/v1/enterprises');
  assert.deepEqual(list.body.items, []);
});
