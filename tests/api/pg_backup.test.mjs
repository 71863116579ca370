// Backing up a PostgreSQL database as docs/operations.md says: pg_dump -Fc
// while two servers are being written to, pg_restore --no-owner into a new
// database, and the restore check (qitong audit verify, qitong init with
// nothing to migrate).  The copy holds everything acknowledged before the
// dump began, is one moment (the writes it caught are a prefix of those
// made), and serves as a database of its own.
//
// Needs QITONG_TEST_PG (see harness.mjs) and PostgreSQL's client programs;
// registered only when CMake was given QT_TEST_PG.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  ADMIN, Client, PG, cli, creditCode, pgDatabase, sql, startServer,
} from './harness.mjs';

assert.ok(PG, 'QITONG_TEST_PG must name a PostgreSQL server for this test');

const dir = mkdtempSync(join(tmpdir(), 'qitong-pg-backup-'));
const databases = [];
let live;      // the database the servers write to
let A, B;

function newDb() {
  const d = pgDatabase();
  databases.push(d);
  return d.url;
}

// Run COMMAND without blocking the event loop (the writer goes on
// meanwhile); resolves to {status, stdout, stderr}.
function run(command, args) {
  return new Promise((ok, fail) => {
    const p = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.once('error', fail);
    p.once('close', (status) => ok({ status, stdout, stderr }));
  });
}

// Every item of a cursor-paged list.
async function all(client, path) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r = await client.get(`${path}${sep}limit=500` +
                               (cursor ? `&cursor=${cursor}` : ''));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    items.push(...r.body.items);
    cursor = r.body.next_cursor;
  } while (cursor);
  return items;
}

before(async () => {
  live = newDb();
  assert.equal(cli(['init', '--db', live]).status, 0);
  const add = cli(['user', 'add', '--db', live, '--username', ADMIN.username,
                   '--role', 'admin', '--password-stdin'],
                  ADMIN.password + '\n');
  assert.equal(add.status, 0, add.stderr);
  // Enough rows that the dump takes a moment: the writer commits
  // meanwhile.
  let csv = 'credit_code,name,region_code,scale\n';
  for (let i = 0; i < 2000; i++) {
    csv += `${creditCode(500000 + i, '370705')},备份底量企业${i},370705,below\n`;
  }
  writeFileSync(join(dir, 'bulk.csv'), csv);
  const imp = cli(['import', '--db', live, '--kind', 'enterprises',
                   join(dir, 'bulk.csv')]);
  assert.equal(imp.status, 0, imp.stderr);
  const files = join(dir, 'files');
  const opts = { db: live, init: false, files, args: ['--tick-seconds', '0'] };
  [A, B] = await Promise.all([startServer(opts), startServer(opts)]);
});
after(async () => {
  await Promise.all([A?.stop(), B?.stop()]);
  for (const d of databases) d.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('pg_dump during writes through two servers, pg_restore, and the restore check', async () => {
  const admins = [new Client(A), new Client(B)];
  for (const c of admins) await c.signIn(ADMIN.username, ADMIN.password);
  // One writer, one request at a time, alternating servers, so writes
  // commit in the order of N: a consistent copy holds writes 1..k for
  // some k and none after.
  const acked = [];   // {n, id, phase}: phase when the 201 arrived
  let phase = 'before';
  let stop = false;
  let n = 0;
  const writer = (async () => {
    while (!stop) {
      n += 1;
      const r = await admins[n % 2].post('/api/v1/enterprises', {
        credit_code: creditCode(n, '370702'), name: `备份测试${n}有限公司`,
        region_code: '370702', scale: 'below' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      acked.push({ n, id: r.body.id, phase });
    }
  })();
  while (acked.length < 20) await new Promise((r) => setTimeout(r, 5));

  const dump = join(dir, 'qitong.dump');
  phase = 'during';
  const before1 = acked.slice();
  const dumped = await run('pg_dump', ['-Fc', '-f', dump, live]);
  phase = 'after';
  const afterStart = acked.length;
  while (acked.length < afterStart + 3) {
    await new Promise((r) => setTimeout(r, 5));
  }
  stop = true;
  await writer;
  assert.equal(dumped.status, 0, dumped.stderr);
  assert.ok(acked.some((a) => a.phase === 'during'),
            'no write was acknowledged while pg_dump ran');

  // Restore into a new, empty database; the owner need not be kept.
  const copy = newDb();
  const restored = await run('pg_restore', ['--no-owner', '-d', copy, dump]);
  assert.equal(restored.status, 0, restored.stderr);

  // The restore check: the audit chain is intact, and the schema is the
  // version this qitong expects (nothing to migrate).
  const verify = cli(['audit', 'verify', '--db', copy]);
  assert.equal(verify.status, 0, verify.stderr);
  assert.match(verify.stdout, /audit log intact/);
  const init = cli(['init', '--db', copy]);
  assert.equal(init.status, 0, init.stderr);
  assert.match(init.stdout, /is ready \(0 migrations applied\)/);
  const version = 'SELECT max(version) FROM schema_migrations';
  assert.equal(sql(copy, version).stdout, sql(live, version).stdout);

  const srv = await startServer({ db: copy, init: false,
                                  files: join(dir, 'files'),
                                  args: ['--tick-seconds', '0'] });
  try {
    const c = new Client(srv);
    await c.signIn(ADMIN.username, ADMIN.password);
    const ids = new Set((await all(c, '/api/v1/enterprises?region=370702'))
      .map((e) => e.id));
    for (const a of before1) {
      assert.ok(ids.has(a.id), `write ${a.n} (id ${a.id}) acknowledged ` +
                'before the dump is missing from it');
    }
    // One moment: the writes the copy caught are 1..k, none after a gap.
    const caught = acked.filter((a) => ids.has(a.id)).map((a) => a.n);
    assert.deepEqual(caught, acked.slice(0, caught.length).map((a) => a.n));
    assert.equal(ids.size, caught.length);
    assert.equal(sql(copy, "SELECT count(*) FROM enterprise" +
                           " WHERE region_code = '370705'").stdout.trim(),
                 '2000');
    // The copy takes writes of its own: its identity sequences were
    // restored past the copied rows.
    const r = await c.post('/api/v1/enterprises', {
      credit_code: creditCode(999999, '370702'), name: '恢复后新企业',
      region_code: '370702', scale: 'below' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.ok(r.body.id > Math.max(...ids));
  } finally {
    await srv.stop();
  }
  assert.equal(cli(['audit', 'verify', '--db', copy]).status, 0);
});
