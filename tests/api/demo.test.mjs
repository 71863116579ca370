// qitong demo: the small data set, served for real, signs in with each of
// the seven printed accounts, each sees what its role should, every 四上
// enterprise is paired, the same seed gives the same data, and a database
// that already holds enterprises is refused.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client, cli, creditCode, startServer } from './harness.mjs';

const ROLES = ['admin', 'leader', 'supervisor', 'dispatcher', 'handler',
               'commissioner', 'enterprise'];

const dir = mkdtempSync(join(tmpdir(), 'qitong-demo-'));
let srv;
let run;       // the first demo run: {status, stdout, stderr}
let accounts;  // rows of its printed table: {role, username, password}

// Run `qitong demo --scale small --seed SEED` on a new database NAME.
function demo(name, seed) {
  const db = join(dir, name);
  return { db, ...cli(['demo', '--db', db, '--scale', 'small',
                       '--seed', String(seed)]) };
}

// The accounts table: the lines after the "role username password" header
// up to the blank line.
function parseAccounts(stdout) {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => /^role\s+username\s+password/.test(l));
  const rows = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.trim()) break;
    const [role, username, password] = line.split(/\s+/);
    rows.push({ role, username, password });
  }
  return rows;
}

async function signedIn(server, account) {
  const c = new Client(server);
  const user = await c.signIn(account.username, account.password);
  return { c, user };
}

// Every item of a cursor-paged list.
async function all(client, path) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r = await client.get(`${path}${sep}limit=500` +
                               (cursor ? `&cursor=${cursor}` : ''));
    assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
    items.push(...r.body.items);
    cursor = r.body.next_cursor;
  } while (cursor);
  return items;
}

const account = (role) => accounts.find((a) => a.role === role);

before(async () => {
  run = demo('a.db', 7);
  assert.equal(run.status, 0, run.stderr);
  accounts = parseAccounts(run.stdout);
  srv = await startServer({ db: run.db, init: false });
});
after(async () => {
  await srv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('demo prints one account per role, all with the same password', () => {
  assert.deepEqual(accounts.map((a) => a.role).sort(), [...ROLES].sort());
  const passwords = new Set(accounts.map((a) => a.password));
  assert.equal(passwords.size, 1);
  assert.match(run.stdout, /qitong: demo small \(seed 7\) in [\d.]+ s: /);
  // --accounts lists the same accounts again, for whoever lost them.
  const listed = cli(['demo', '--accounts']);
  assert.equal(listed.status, 0);
  assert.deepEqual(parseAccounts(listed.stdout), accounts);
});

test('each printed account signs in with the printed password', async () => {
  for (const a of accounts) {
    const { user } = await signedIn(srv, a);
    assert.equal(user.username, a.username);
    assert.equal(user.role, a.role);
  }
});

test('admin sees every enterprise the summary counts', async () => {
  const { c } = await signedIn(srv, account('admin'));
  const items = await all(c, '/api/v1/enterprises');
  const counted = Number(/ (\d+) enterprises/.exec(run.stdout)[1]);
  assert.ok(counted >= 200, `only ${counted} enterprises`);
  assert.equal(items.length, counted);
});

test('the commissioner sees exactly its paired enterprises', async () => {
  const { c: admin } = await signedIn(srv, account('admin'));
  const everything = await all(admin, '/api/v1/enterprises');
  const { c } = await signedIn(srv, account('commissioner'));
  const mine = (await all(c, '/api/v1/enterprises')).map((e) => e.id);
  assert.ok(mine.length > 0, 'the demo commissioner has no enterprise');
  assert.ok(mine.length < everything.length);
  // Its own pairings, direct and through its team, name the same ones.
  const paired = new Set((await all(c, '/api/v1/pairings'))
    .filter((p) => p.enterprise_id !== null)
    .map((p) => p.enterprise_id));
  assert.deepEqual([...mine].sort((a, b) => a - b),
                   [...paired].sort((a, b) => a - b));
});

test('the enterprise user sees its one enterprise, the commissioner\'s',
     async () => {
  const { c } = await signedIn(srv, account('enterprise'));
  const items = await all(c, '/api/v1/enterprises');
  assert.equal(items.length, 1);
  const { c: com } = await signedIn(srv, account('commissioner'));
  const r = await com.get(`/api/v1/enterprises/${items[0].id}`);
  assert.equal(r.status, 200);
});

test('every 四上 enterprise has an active commissioner or team', async () => {
  const { c } = await signedIn(srv, account('admin'));
  const fourAbove = await all(c, '/api/v1/enterprises?four_above=1');
  assert.ok(fourAbove.length > 0);
  const covered = new Set((await all(c, '/api/v1/pairings'))
    .filter((p) => p.ends_on === null && p.kind !== 'leader')
    .map((p) => p.enterprise_id));
  const bare = fourAbove.filter((e) => !covered.has(e.id));
  assert.deepEqual(bare.map((e) => e.name), []);
  // And one read the way a caseworker would: by enterprise.
  const one = await c.get(`/api/v1/pairings?enterprise_id=${fourAbove[0].id}`);
  assert.equal(one.status, 200);
  assert.ok(one.body.items.some((p) => p.kind !== 'leader'));
});

test('credit codes are unique and carry the right check character',
     async () => {
  const { c } = await signedIn(srv, account('admin'));
  const items = await all(c, '/api/v1/enterprises');
  const codes = new Set(items.map((e) => e.credit_code));
  assert.equal(codes.size, items.length);
  for (const code of codes) {
    assert.match(code, /^91370[0-9]{3}[0-9A-Z]{10}$/);
    // The harness computes GB 32100 check characters independently.
    assert.equal(creditCode(code.slice(8, 17), code.slice(2, 8)), code);
  }
});

test('the same seed gives the same enterprises; another seed does not',
     async () => {
  const again = demo('b.db', 7);
  assert.equal(again.status, 0, again.stderr);
  const other = demo('c.db', 8);
  assert.equal(other.status, 0, other.stderr);
  const srv2 = await startServer({ db: again.db, init: false });
  try {
    const strip = (items) => items.map(
      ({ created_at, updated_at, ...rest }) => rest);
    const { c: one } = await signedIn(srv, account('admin'));
    const { c: two } = await signedIn(srv2, account('admin'));
    const a = strip(await all(one, '/api/v1/enterprises'));
    const b = strip(await all(two, '/api/v1/enterprises'));
    assert.deepEqual(b, a);
  } finally {
    await srv2.stop();
  }
  const table = (out) => out.split('\n\n')[1];
  assert.equal(table(again.stdout), table(run.stdout));
  assert.notEqual(table(other.stdout), table(run.stdout));
});

test('demo refuses a database that already has enterprises', async () => {
  const r = cli(['demo', '--db', run.db, '--scale', 'small']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /already has enterprises/);
  const { c } = await signedIn(srv, account('admin'));
  const counted = Number(/ (\d+) enterprises/.exec(run.stdout)[1]);
  assert.equal((await all(c, '/api/v1/enterprises')).length, counted);
});

test('demo records itself in an intact audit chain', () => {
  const r = cli(['audit', 'verify', '--db', run.db]);
  assert.equal(r.status, 0, r.stderr);
});

test('demo usage mistakes exit 2', () => {
  const db = join(dir, 'usage.db');
  assert.equal(cli(['demo', '--db', db]).status, 2);
  assert.equal(cli(['demo', '--db', db, '--scale', 'town']).status, 2);
  assert.equal(cli(['demo', '--db', db, '--scale', 'small',
                    '--seed', 'x']).status, 2);
  assert.equal(cli(['demo', '--help']).status, 0);
});
