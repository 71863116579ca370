// PostgreSQL against SQLite on the same data (issue 5): a demo database
// copied with `qitong migrate-store` answers the API exactly as its
// SQLite original does, search included (pg_trgm against FTS5, short
// Chinese words too), and visits and the due-for-visit list too; the
// copy refuses a non-empty target; two scheduler passes at once on one
// PostgreSQL database fire each step once.
//
// Needs QITONG_TEST_PG (see harness.mjs); registered only when CMake was
// given QT_TEST_PG, and fails rather than skips without it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  Client, PG, cli, cliAsync, pgDatabase, sql, startServer,
} from './harness.mjs';

assert.ok(PG, 'QITONG_TEST_PG must name a PostgreSQL server for this test');

const dir = mkdtempSync(join(tmpdir(), 'qitong-pg-'));
const databases = [];
let lite;   // the demo database, SQLite
let pg;     // its copy on PostgreSQL
let liteSrv, pgSrv, liteAdmin, pgAdmin;
let dispatcher;  // the demo's dispatcher account
let commissioner;  // the demo's commissioner account

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

function newPg() {
  const d = pgDatabase();
  databases.push(d);
  return d.url;
}

before(async () => {
  lite = join(dir, 'demo.db');
  const demo = cli(['demo', '--db', lite, '--scale', 'small', '--seed', '5']);
  assert.equal(demo.status, 0, demo.stderr);
  const accounts = parseAccounts(demo.stdout);
  const admin = accounts.find((a) => a.role === 'admin');
  dispatcher = accounts.find((a) => a.role === 'dispatcher');
  commissioner = accounts.find((a) => a.role === 'commissioner');
  pg = newPg();
  const copy = cli(['migrate-store', '--from', lite, '--to', pg]);
  assert.equal(copy.status, 0, copy.stderr);
  // No scheduler: each would fire the due steps at its own moment, and
  // the two would be compared mid-way.
  const args = ['--tick-seconds', '0'];
  liteSrv = await startServer({ db: lite, init: false, backend: 'sqlite',
                               args });
  pgSrv = await startServer({ db: pg, init: false, args });
  liteAdmin = new Client(liteSrv);
  pgAdmin = new Client(pgSrv);
  await liteAdmin.signIn(admin.username, admin.password);
  await pgAdmin.signIn(admin.username, admin.password);
});

after(async () => {
  await liteSrv?.stop();
  await pgSrv?.stop();
  for (const d of databases) d.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function all(client, path) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r = await client.get(`${path}${sep}limit=500` +
                               (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''));
    assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
    items.push(...r.body.items);
    cursor = r.body.next_cursor;
  } while (cursor);
  return items;
}

test('migrate-store reports every table checked, and the copy verifies', () => {
  const again = cli(['migrate-store', '--from', pg, '--to', join(dir, 'back.db')]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /checked demand_event\s+\d+ rows\s+sha256 \w+\s+ok/);
  assert.doesNotMatch(again.stdout + again.stderr, /differs/);
  assert.equal(cli(['audit', 'verify', '--db', pg]).status, 0);
});

test('migrate-store refuses a target that holds anything', () => {
  const r = cli(['migrate-store', '--from', lite, '--to', pg]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not empty/);
  const inited = newPg();
  assert.equal(cli(['init', '--db', inited]).status, 0);
  const r2 = cli(['migrate-store', '--from', lite, '--to', inited]);
  assert.equal(r2.status, 1);
  assert.match(r2.stderr, /not empty \(table region has rows\)/);
  // Nothing was written: the target still has only what init put there.
  assert.equal(sql(inited, 'SELECT count(*) FROM enterprise').stdout.trim(),
               '0');
});

test('ids continue after the copied ones', async () => {
  const before = await all(pgAdmin, '/api/v1/departments');
  const r = await pgAdmin.post('/api/v1/departments', {
    name: '迁移后新建局', kind: 'bureau', region_code: '370700' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.ok(r.body.id > Math.max(...before.map((d) => d.id)));
});

test('both backends list the same demands, newest first and by deadline', async () => {
  for (const path of ['/api/v1/demands', '/api/v1/demands?sort=due',
                      '/api/v1/demands?status=closed',
                      '/api/v1/demands?overdue=any']) {
    const a = await all(liteAdmin, path);
    const b = await all(pgAdmin, path);
    assert.ok(path !== '/api/v1/demands' || a.length > 100);
    assert.deepEqual(b, a, path);
  }
});

test('both backends give the same rates and rankings', async () => {
  for (const path of ['/api/v1/stats/rates?from=2026-01&to=2026-12',
                      '/api/v1/stats/rates?by=department&from=2026-01&to=2026-12',
                      '/api/v1/stats/rates?by=month&from=2026-01&to=2026-12',
                      '/api/v1/stats/rankings?from=2026-01&to=2026-12']) {
    const a = await liteAdmin.get(path);
    const b = await pgAdmin.get(path);
    assert.equal(a.status, b.status, path);
    assert.deepEqual(b.body, a.body, path);
  }
});

test('both backends give the same visit log, visits and due list', async () => {
  const visits = await all(liteAdmin, '/api/v1/visits');
  assert.ok(visits.length > 100);
  const raising = visits.find((x) => x.demand_count > 0);
  assert.ok(raising, 'some visit raised a demand');
  for (const path of ['/api/v1/visits',
                      '/api/v1/visits?from=2026-06-01&to=2026-07-01',
                      `/api/v1/visits?enterprise=${raising.enterprise_id}`,
                      `/api/v1/visits?user=${raising.user_id}`]) {
    assert.deepEqual(await all(pgAdmin, path), await all(liteAdmin, path), path);
  }
  const one = `/api/v1/visits/${raising.id}`;
  const a = await liteAdmin.get(one);
  assert.equal(a.status, 200);
  assert.ok(a.body.demands.length > 0);
  assert.deepEqual((await pgAdmin.get(one)).body, a.body);
  // The due list counts days up to now, which moves between the two
  // calls: compare the rest.
  const due = async (server, path) => {
    const c = new Client(server);
    await c.signIn(commissioner.username, commissioner.password);
    const r = await c.get(path);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items.map(({ days_since, ...rest }) => rest);
  };
  for (const path of ['/api/v1/visits/due?all=true&limit=500',
                      '/api/v1/visits/due?days=120']) {
    const x = await due(liteSrv, path);
    assert.ok(path.includes('days') || x.length > 0, path);
    assert.deepEqual(await due(pgSrv, path), x, path);
  }
});

test('search finds the same demands on both: long and short words, CJK and Latin', async () => {
  const demands = await all(liteAdmin, '/api/v1/demands');
  const title = demands[0].title;
  const chars = [...title];
  const queries = [
    chars.slice(0, 2).join(''),          // two Chinese characters
    chars.slice(1, 4).join(''),          // three: the trigram index
    chars.slice(0, 6).join(''),
    [...demands[5].title].slice(2, 4).join(''),
    '企业', '用工', '融资难', '无此内容的查询',
    'a', 'QT', 'qt-2026', '100%', '_', "it's",
  ];
  for (const q of queries) {
    const path = `/api/v1/demands?q=${encodeURIComponent(q)}`;
    const a = (await all(liteAdmin, path)).map((d) => d.id);
    const b = (await all(pgAdmin, path)).map((d) => d.id);
    assert.deepEqual(b, a, `q=${q}`);
  }
  // Not vacuous: the short and the long query find something.
  const some = await all(pgAdmin, `/api/v1/demands?q=${encodeURIComponent(chars.slice(0, 2).join(''))}`);
  assert.ok(some.length > 0);
});

test('search ignores case from three characters on, on both', async () => {
  for (const server of [liteSrv, pgSrv]) {
    const c = new Client(server);
    await c.signIn(dispatcher.username, dispatcher.password);
    const e = await c.get('/api/v1/enterprises?limit=1');
    const r = await c.post('/api/v1/demands', {
      enterprise_id: e.body.items[0].id, category: 'labour', kind: 'help',
      urgency: 'normal',
      title: 'Hiring CNC Operators 招工', content: 'need CNC machinists',
      channel: 'web' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  for (const q of ['cnc', 'CNC', 'hiring', 'MACHINISTS']) {
    const a = (await all(liteAdmin, `/api/v1/demands?q=${q}`)).map((d) => d.id);
    const b = (await all(pgAdmin, `/api/v1/demands?q=${q}`)).map((d) => d.id);
    assert.equal(a.length, 1, q);
    assert.deepEqual(b, a, q);
  }
});

// Run `qitong tick` on DB at NOW; resolves to its {status, stdout, stderr}.
function tick(db, now) {
  return cliAsync(['tick', '--db', db, '--now', now]);
}

test('two scheduler passes at once fire each step once', async () => {
  // A fresh copy, and a time by which every open demand's ladder has
  // steps due.
  const db = newPg();
  assert.equal(cli(['migrate-store', '--from', lite, '--to', db]).status, 0);
  const now = '2027-06-01T09:00:00+08:00';
  const steps = () => Number(sql(db, "SELECT count(*) FROM demand_event WHERE action = 'step'").stdout);
  const before = steps();
  const runs = await Promise.all([tick(db, now), tick(db, now), tick(db, now)]);
  for (const r of runs) assert.equal(r.status, 0, r.stderr);
  const fired = steps() - before;
  assert.ok(fired > 0, 'some steps were due');
  const dup = sql(db, "SELECT demand_id, stage, rung, count(*) FROM demand_event" +
                      " WHERE action = 'step' GROUP BY demand_id, stage, rung," +
                      " at HAVING count(*) > 1").stdout.trim();
  assert.equal(dup, '', 'no step fired twice');
  // The same as one pass alone on the SQLite original.
  const single = join(dir, 'single.db');
  assert.equal(cli(['migrate-store', '--from', lite, '--to', single]).status, 0);
  const liteBefore = Number(sql(single, "SELECT count(*) FROM demand_event WHERE action = 'step'").stdout);
  assert.equal((await tick(single, now)).status, 0);
  const liteFired = Number(sql(single, "SELECT count(*) FROM demand_event WHERE action = 'step'").stdout) - liteBefore;
  assert.equal(fired, liteFired);
});
