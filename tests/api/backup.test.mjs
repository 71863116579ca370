// qitong backup: a copy taken while the server is being written to holds
// everything acknowledged before it began, is one consistent moment (the
// audit chain verifies, the writes it caught are a prefix of the writes
// made), serves as a database of its own, and is written carefully: never
// over an existing file without --force, never over the database itself,
// no temporary file left behind.  SQLite only: PostgreSQL is pg_dump's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync }
  from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  ADMIN, Client, adminClient, cli, cliAsync, creditCode, startServer,
} from './harness.mjs';

const skip = process.env.QITONG_TEST_PG &&
  'qitong backup copies SQLite databases; PostgreSQL is backed up with pg_dump';
const dir = mkdtempSync(join(tmpdir(), 'qitong-backup-'));
const sql = (db, text) =>
  spawnSync('sqlite3', [db, text], { encoding: 'utf8' }).stdout.trim();

let srv;
before(async () => {
  if (skip) return;
  srv = await startServer();
  // Enough rows that the copy takes a while: the writer below then has
  // time to commit while the backup runs.
  let csv = 'credit_code,name,region_code,scale\n';
  for (let i = 0; i < 30000; i++) {
    csv += `${creditCode(500000 + i, '370705')},备份底量企业${i},370705,below\n`;
  }
  writeFileSync(join(dir, 'bulk.csv'), csv);
  const imp = cli(['import', '--db', srv.db, '--kind', 'enterprises',
                   join(dir, 'bulk.csv')]);
  assert.equal(imp.status, 0, imp.stderr);
});
after(async () => {
  await srv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

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

test('a backup taken during writes holds every acknowledged write and serves', { skip }, async () => {
  const admin = await adminClient(srv);
  // One writer, one request at a time, so writes commit in the order of
  // N: a consistent copy holds writes 1..k for some k and none after.
  const acked = [];   // {n, id, phase}: phase when the 201 arrived
  let phase = 'before';
  let stop = false;
  let n = 0;
  const writer = (async () => {
    while (!stop) {
      n += 1;
      const r = await admin.post('/api/v1/enterprises', {
        credit_code: creditCode(n, '370702'), name: `备份测试${n}有限公司`,
        region_code: '370702', scale: 'below' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      acked.push({ n, id: r.body.id, phase });
    }
  })();
  while (acked.length < 20) await new Promise((r) => setTimeout(r, 5));

  const copy = join(dir, 'copy.db');
  phase = 'during';
  const before = acked.slice();
  const backup = await cliAsync(['backup', '--db', srv.db, '--to', copy]);
  phase = 'after';
  const afterStart = acked.length;
  while (acked.length < afterStart + 3) {
    await new Promise((r) => setTimeout(r, 5));
  }
  stop = true;
  await writer;

  assert.equal(backup.status, 0, backup.stderr);
  assert.match(backup.stdout, /backed up .* integrity ok/);
  // The server really was written to while the backup ran.
  assert.ok(acked.some((a) => a.phase === 'during'),
            'no write was acknowledged while the backup ran');
  // One file, private, no temporary left beside it, rollback journal.
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('copy')),
                   ['copy.db']);
  assert.equal(statSync(copy).mode & 0o777, 0o600);
  assert.equal(sql(copy, 'PRAGMA journal_mode'), 'delete');
  // The same schema version as the live database, and the one it says.
  const version = sql(srv.db, 'SELECT max(version) FROM schema_migrations');
  assert.match(version, /^\d+$/);
  assert.equal(sql(copy, 'SELECT max(version) FROM schema_migrations'),
               version);
  assert.match(backup.stdout, new RegExp(`schema version ${version},`));
  const verify = cli(['audit', 'verify', '--db', copy]);
  assert.equal(verify.status, 0, verify.stderr);

  // Restore: a second server on the copy.
  const restored = await startServer({ init: false, db: copy });
  try {
    const c = new Client(restored);
    await c.signIn(ADMIN.username, ADMIN.password);
    const ids = new Set((await all(c, '/api/v1/enterprises?region=370702'))
      .map((e) => e.id));
    for (const a of before) {
      assert.ok(ids.has(a.id), `write ${a.n} (id ${a.id}) acknowledged ` +
                'before the backup is missing from it');
    }
    // One moment: the writes the copy caught are 1..k, none after a gap.
    const caught = acked.filter((a) => ids.has(a.id)).map((a) => a.n);
    assert.deepEqual(caught, acked.slice(0, caught.length).map((a) => a.n));
    assert.equal(ids.size, caught.length);
    assert.equal(
      sql(copy, "SELECT count(*) FROM enterprise WHERE region_code = '370705'"),
      '30000');
    // The copy is a working database: it takes writes of its own.
    const r = await c.post('/api/v1/enterprises', {
      credit_code: creditCode(999999, '370702'), name: '恢复后新企业',
      region_code: '370702', scale: 'below' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  } finally {
    await restored.stop();
  }
  assert.equal(cli(['audit', 'verify', '--db', copy]).status, 0);
});

test('an existing file is replaced only with --force', { skip }, () => {
  const to = join(dir, 'exists.db');
  writeFileSync(to, 'not a database, and precious');
  const refused = cli(['backup', '--db', srv.db, '--to', to]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /exists already; it is replaced only with --force/);
  assert.equal(statSync(to).size, 'not a database, and precious'.length);
  const forced = cli(['backup', '--db', srv.db, '--to', to, '--force']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.equal(sql(to, 'PRAGMA integrity_check'), 'ok');
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('exists')),
                   ['exists.db']);
});

test('the database itself, its WAL or a directory is never the target', { skip }, () => {
  for (const to of [srv.db, `${srv.db}-wal`, dir]) {
    const r = cli(['backup', '--db', srv.db, '--to', to, '--force']);
    assert.equal(r.status, 2, `${to}: ${r.stderr}`);
  }
  // The server's database is untouched and still in use.
  assert.equal(sql(srv.db, 'PRAGMA integrity_check'), 'ok');
});

test('usage: a missing database, no --to, a PostgreSQL URL', () => {
  const missing = cli(['backup', '--db', join(dir, 'absent.db'),
                       '--to', join(dir, 'never.db')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot back up .*absent\.db/);
  assert.deepEqual(readdirSync(dir).filter((f) => /absent|never/.test(f)), []);
  assert.equal(cli(['backup', '--db', join(dir, 'absent.db')]).status, 2);
  const pg = cli(['backup', '--db', 'postgresql://postgres@127.0.0.1/x',
                  '--to', join(dir, 'pg.db')]);
  assert.equal(pg.status, 2);
  assert.match(pg.stderr, /pg_dump -Fc/);
  const help = cli(['backup', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /usage: qitong backup/);
});
