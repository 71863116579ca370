// qitong demo: the small data set, served for real, signs in with each of
// the seven printed accounts, each sees what its role should, every 四上
// enterprise is paired, the demands ran through the real lifecycle (done
// ones, full timelines, rates that came out of it), the same seed gives
// the same data and demands, and a database that already holds
// enterprises is refused.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

// Serve a demo database as the demo left it: the months end on
// 2026-10-31, and a scheduler running on the real clock would carry them
// on (auto-closes, overdue marks) while the tests compare.
const serveDemo = (db) => startServer({ db, init: false,
                                        args: ['--tick-seconds', '0'] });

// What identifies a demand's outcome, for comparing two runs.
const outcomeOf = (d) => ({ code: d.code, status: d.status,
                            enterprise_id: d.enterprise_id,
                            category: d.category, outcome: d.outcome,
                            satisfaction: d.satisfaction,
                            reopen_count: d.reopen_count,
                            return_count: d.return_count });

before(async () => {
  run = demo('a.db', 7);
  assert.equal(run.status, 0, run.stderr);
  accounts = parseAccounts(run.stdout);
  srv = await serveDemo(run.db);
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
  const srv2 = await serveDemo(again.db);
  try {
    const strip = (items) => items.map(
      ({ created_at, updated_at, ...rest }) => rest);
    const { c: one } = await signedIn(srv, account('admin'));
    const { c: two } = await signedIn(srv2, account('admin'));
    const a = strip(await all(one, '/api/v1/enterprises'));
    const b = strip(await all(two, '/api/v1/enterprises'));
    assert.deepEqual(b, a);
    // The simulated months play out the same: codes, statuses, outcomes.
    const da = (await all(one, '/api/v1/demands')).map(outcomeOf);
    const db = (await all(two, '/api/v1/demands')).map(outcomeOf);
    assert.ok(da.length >= 300, `only ${da.length} demands`);
    assert.deepEqual(db, da);
  } finally {
    await srv2.stop();
  }
  const table = (out) => out.split('\n\n')[1];
  assert.equal(table(again.stdout), table(run.stdout));
  assert.notEqual(table(other.stdout), table(run.stdout));
});

test('the summary counts the demands the lifecycle left', async () => {
  const m = /qitong: (\d+) demands from 2026-03-01 to 2026-10-31 through the (?:.|\n)*?(\d+) closed/.exec(run.stdout);
  assert.ok(m, run.stdout);
  const { c } = await signedIn(srv, account('admin'));
  const items = await all(c, '/api/v1/demands');
  assert.equal(items.length, Number(m[1]));
  assert.equal(items.filter((d) => d.status === 'closed').length,
               Number(m[2]));
  // Raised over the eight months, in China Standard Time.
  for (const d of items) {
    assert.ok(d.submitted_at >= '2026-03-01T00:00:00+08:00' &&
              d.submitted_at < '2026-11-01T00:00:00+08:00', d.submitted_at);
  }
});

test('commissioners visit over the months, and demands raised on a visit ' +
     'name it', async () => {
  const m = /qitong: (\d+) visits \(走访\) recorded by commissioners, (\d+) of/
    .exec(run.stdout);
  assert.ok(m, run.stdout);
  const { c: admin } = await signedIn(srv, account('admin'));
  const visits = await all(admin, '/api/v1/visits');
  assert.equal(visits.length, Number(m[1]));
  assert.ok(visits.length > Number(m[2]), 'routine visits besides demands');
  for (const x of visits) {
    assert.ok(x.visited_at >= '2026-03-01T00:00:00+08:00' &&
              x.visited_at < '2026-11-01T00:00:00+08:00', x.visited_at);
    assert.ok(['on_site', 'phone', 'video'].includes(x.mode), x.mode);
    assert.ok(x.notes.includes(x.enterprise_name), x.notes);
  }
  const demands = await all(admin, '/api/v1/demands');
  const byVisit = demands.filter((d) => d.channel === 'visit');
  assert.equal(byVisit.length, Number(m[2]));
  const visitsById = new Map(visits.map((x) => [x.id, x]));
  for (const d of demands) {
    if (d.channel !== 'visit') {
      assert.equal(d.visit_id, null, d.code);
      continue;
    }
    const x = visitsById.get(d.visit_id);
    assert.ok(x, `${d.code} names no visit`);
    assert.equal(x.enterprise_id, d.enterprise_id, d.code);
    assert.equal(x.user_id, d.submitter_id, d.code);
    assert.ok(x.visited_at <= d.submitted_at, d.code);
  }
  // The demo commissioner has a log, and enterprises paired with it are
  // listed with their latest visits.
  const { c, user } = await signedIn(srv, account('commissioner'));
  const mine = await all(c, '/api/v1/visits');
  assert.ok(mine.length > 0);
  assert.ok(mine.every((x) => x.user_id === user.id));
  const due = await c.get('/api/v1/visits/due?all=true&limit=500');
  assert.equal(due.status, 200);
  assert.ok(due.body.items.some((x) => x.last_visited_at !== null));
});

test('the dispatcher finds done demands, closed and withdrawn or merged',
     async () => {
  const { c } = await signedIn(srv, account('dispatcher'));
  const done = await all(c, '/api/v1/demands?status=done');
  assert.ok(done.length > 0, 'no done demands');
  const statuses = new Set(done.map((d) => d.status));
  assert.ok(statuses.has('closed'), [...statuses].join());
  assert.ok(statuses.has('withdrawn') || statuses.has('merged'),
            [...statuses].join());
  for (const d of done.filter((x) => x.status === 'merged')) {
    assert.ok(d.duplicate_of, `${d.code} merged into nothing`);
  }
  // And some are still being worked on when the months end.
  const open = await all(c, '/api/v1/demands?status=open');
  assert.ok(open.length > 0, 'nothing open at the end');
});

test('a closed demand\'s timeline runs submit, assign, answer, resolve, ' +
     'then confirm or the system\'s auto-close', async () => {
  const { c } = await signedIn(srv, account('dispatcher'));
  const closed = (await all(c, '/api/v1/demands?status=closed'))
    .slice(0, 25);
  assert.ok(closed.length > 0);
  let confirmed = 0;
  let autoClosed = 0;
  for (const item of closed) {
    const r = await c.get(`/api/v1/demands/${item.id}`);
    assert.equal(r.status, 200);
    const actions = r.body.timeline.map((e) => e.action);
    assert.equal(actions[0], 'submit', `${item.code}: ${actions}`);
    for (const a of ['assign', 'answer', 'resolve']) {
      assert.ok(actions.includes(a), `${item.code} lacks ${a}: ${actions}`);
    }
    const last = r.body.timeline.at(-1);
    const ends = actions.lastIndexOf('confirm') > actions.lastIndexOf('resolve')
      ? 'confirm' : 'auto-close';
    if (ends === 'confirm') {
      confirmed++;
    } else {
      assert.equal(last.action, 'auto-close', `${item.code}: ${actions}`);
      assert.equal(last.actor_id, null);
      autoClosed++;
    }
    assert.equal(last.to, 'closed');
    // Times run forward, on the simulated clock.
    const times = r.body.timeline.map((e) => e.at);
    assert.deepEqual([...times].sort(), times, item.code);
  }
  assert.ok(confirmed > 0, 'no demand was confirmed');
  // One in ten goes unrated; 25 of them may happen to include none.
  assert.ok(confirmed + autoClosed === closed.length);
});

test('the scheduler left reminders and supervision notices', async () => {
  const { c } = await signedIn(srv, account('supervisor'));
  const late = (await all(c, '/api/v1/demands?status=closed'))
    .filter((d) => d.reopen_count > 0 || d.return_count > 0);
  assert.ok(late.length > 0, 'no demand was returned or reopened');
  const m = /(\d+) scheduler steps, (\d+) supervision notices/
    .exec(run.stdout);
  assert.ok(m && Number(m[1]) > 0 && Number(m[2]) > 0, run.stdout);
});

test('the rates come out of the lifecycle', async (t) => {
  const routes = readFileSync(resolve(import.meta.dirname,
                                      '../../src/http/routes.c'), 'utf8');
  if (!routes.includes('"/api/v1/stats/rates"')) {
    t.skip('GET /api/v1/stats/rates is not routed yet');
    return;
  }
  const { c } = await signedIn(srv, account('supervisor'));
  const inRange = (x, what) => assert.ok(
    x === null || (typeof x === 'number' && x >= 0 && x <= 1),
    `${what}: ${x}`);
  const city = await c.get('/api/v1/stats/rates?from=2026-03&to=2026-10');
  assert.equal(city.status, 200, JSON.stringify(city.body));
  const rates = city.body.total.rates;
  for (const k of ['response', 'resolution', 'satisfaction']) {
    inRange(rates[k], `city ${k}`);
    assert.equal(typeof rates[k], 'number', `city ${k}`);
  }
  assert.ok(rates.resolution > 0.8, `resolution ${rates.resolution}`);
  // The same figure the demo printed, from the same aggregates.
  const printed = /resolution ([\d.]+) %/.exec(run.stdout);
  assert.ok(printed, run.stdout);
  assert.ok(Math.abs(rates.resolution * 100 - Number(printed[1])) < 0.06,
            `${rates.resolution} vs ${printed[1]} %`);
  const counties = await c.get(
    '/api/v1/stats/rates?from=2026-03&to=2026-10&group_by=region');
  assert.equal(counties.status, 200, JSON.stringify(counties.body));
  assert.ok(counties.body.items.length >= 3, 'too few counties');
  for (const row of counties.body.items) {
    for (const k of ['response', 'resolution', 'satisfaction']) {
      inRange(row.rates[k], `${row.label} ${k}`);
    }
    if (row.counts.total >= 30) {
      assert.ok(row.rates.resolution > 0.8,
                `${row.label} resolution ${row.rates.resolution}`);
    }
  }
});

test('the handler sees only its own department\'s demands', async () => {
  const { c: admin } = await signedIn(srv, account('admin'));
  const departments = await all(admin, '/api/v1/departments');
  const { c, user } = await signedIn(srv, account('handler'));
  const own = departments.find((d) => d.id === user.department_id);
  assert.ok(own, 'the handler has no department');
  // Its department and the departments below it (the counties' bureaus
  // of the same kind answer to the city's).
  const below = new Set(departments.filter((d) => d.path.startsWith(own.path))
    .map((d) => d.id));
  const mine = await all(c, '/api/v1/demands');
  assert.ok(mine.length > 0, 'the handler sees no demand');
  for (const d of mine) {
    assert.ok(below.has(d.lead_department_id) ||
              d.co_department_ids.includes(own.id),
              `${d.code} is led by ${d.lead_department_id}`);
  }
  const { c: dispatcher } = await signedIn(srv, account('dispatcher'));
  const everything = await all(dispatcher, '/api/v1/demands');
  assert.ok(mine.length < everything.length);
  // Some are its own to act on: led by its department itself.
  assert.ok(mine.some((d) => d.lead_department_id === own.id),
            'no demand led by the handler\'s own department');
});

test('the enterprise account follows its own demands', async () => {
  const { c, user } = await signedIn(srv, account('enterprise'));
  const mine = await all(c, '/api/v1/demands');
  assert.ok(mine.length > 0, 'the demo enterprise raised no demand');
  for (const d of mine) assert.equal(d.enterprise_id, user.enterprise_id);
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
