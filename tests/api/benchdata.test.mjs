// qitong bench-data: the generator's data is data the server serves as if
// the workflow had written it.  A tiny hidden size ("test", 2,000
// demands) is generated once and checked: the printed report against the
// tables, the rates' aggregates against a recount of the demands, every
// demand's status against its last event, the handler's inbox against
// its department, search against the texts, the scheduler's due work,
// the audit chain and SQLite's integrity check; the same seed and --now
// give the same data, and a database that holds data is refused.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  Client, cli, creditCode, ratesItems, ratesRecount, sql, startServer,
} from './harness.mjs';

const skip = process.env.QITONG_TEST_PG &&
  'qitong bench-data writes SQLite databases only';
const NOW = '2026-11-01T09:00:00+08:00';
const NOW_SECONDS = Date.parse(NOW) / 1000;
const dir = mkdtempSync(join(tmpdir(), 'qitong-bench-'));
const db = join(dir, 'bench.db');
let report;
let srv;
let firstDigest; // of the demands as generated, before any test moves them

// A short fingerprint of every demand's code, status and times.
function digest(path) {
  const r = sql(path, `SELECT count(*), sum(submitted_at),
      sum(coalesce(closed_at, 0)), group_concat(code || status, ',')
      FROM (SELECT * FROM demand ORDER BY id)`);
  assert.equal(r.status, 0, r.stderr);
  return createHash('sha256').update(r.stdout).digest('hex');
}

function generate(path, seed) {
  return cli(['bench-data', '--db', path, '--size', 'test',
              '--seed', String(seed), '--now', NOW]);
}

// One value of a one-row, one-column query.
function one(text) {
  const r = sql(db, text);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

async function signedIn(username) {
  const c = new Client(srv);
  const user = await c.signIn(username, report.password);
  return { c, user };
}

before(async () => {
  if (skip) return;
  const r = generate(db, 7);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'the report is one JSON line');
  report = JSON.parse(lines[0]);
  firstDigest = digest(db);
  // No scheduler in the server: NOW is weeks behind the clock, and the
  // test compares the data as generated (`qitong tick` runs it once).
  srv = await startServer({ db, init: false, backend: 'sqlite',
                            args: ['--tick-seconds', '0'] });
});

after(async () => {
  await srv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the report gives the counts the tables hold, and a rate', { skip },
     () => {
  assert.equal(report.size, 'test');
  assert.equal(report.seed, 7);
  assert.equal(report.demands, 2000);
  assert.equal(Number(one('SELECT count(*) FROM demand')), report.demands);
  assert.equal(Number(one('SELECT count(*) FROM enterprise')),
               report.enterprises);
  assert.equal(Number(one('SELECT count(*) FROM app_user')), report.users);
  assert.equal(Number(one('SELECT count(*) FROM demand_event')),
               report.events);
  assert.equal(Number(one('SELECT count(*) FROM pairing')), report.pairings);
  for (const [status, n] of Object.entries(report.by_status)) {
    assert.equal(Number(one(`SELECT count(*) FROM demand
                             WHERE status = '${status}'`)), n, status);
  }
  assert.ok(report.seconds > 0 && report.demands_per_second > 0);
  // Most demands are done; some are open in several states.
  assert.ok(report.by_status.closed > report.demands * 0.8);
  assert.ok(report.open > 0 && report.open < report.demands * 0.2);
  // One department per bureau, office and 督办室 of each place, and a
  // handler in every bureau.
  assert.equal(report.departments, report.places * 19);
  assert.equal(Number(one(`SELECT count(DISTINCT department_id) FROM app_user
                           WHERE role = 'handler'`)), report.places * 17);
});

test('every credit code passes GB 32100 and names its region', { skip },
     () => {
  const rows = sql(db, 'SELECT credit_code, region_code FROM enterprise')
    .stdout.trim().split('\n').map((l) => l.split('|'));
  assert.equal(rows.length, report.enterprises);
  for (const [code, region] of rows) {
    assert.equal(code.slice(2, 8), region, code);
    // creditCode builds "91" + region + 9 characters + the check
    // character: given the same 9, it must give the same code.
    assert.equal(creditCode(code.slice(8, 17), region), code);
  }
});

test('every demand\'s status is the one its last event left', { skip },
     () => {
  assert.equal(Number(one(`SELECT count(*) FROM demand d WHERE d.status <>
      (SELECT e.to_status FROM demand_event e WHERE e.demand_id = d.id
       ORDER BY e.id DESC LIMIT 1)`)), 0);
  assert.equal(Number(one(`SELECT count(*) FROM demand d WHERE
      (SELECT e.action FROM demand_event e WHERE e.demand_id = d.id
       ORDER BY e.id LIMIT 1) IS NOT 'submit'`)), 0);
  // Events follow each other: each starts where the one before ended.
  assert.equal(Number(one(`SELECT count(*) FROM demand_event e
      JOIN demand_event p ON p.id = (SELECT max(id) FROM demand_event
        WHERE demand_id = e.demand_id AND id < e.id)
      WHERE e.from_status <> p.to_status`)), 0);
  // Assigned demands carry a lead department and its path.
  assert.equal(Number(one(`SELECT count(*) FROM demand d
      LEFT JOIN department dp ON dp.id = d.lead_department_id
      WHERE d.first_assigned_at IS NOT NULL AND d.status <> 'merged'
      AND (dp.id IS NULL OR d.lead_path IS NOT dp.path)`)), 0);
});

test('the rates equal a recount of the demands', { skip }, async () => {
  const { c } = await signedIn('admin');
  const from = one('SELECT min(stat_month) FROM demand');
  const to = one('SELECT max(stat_month) FROM demand');
  const r = await c.get(`/api/v1/stats/rates?from=${from}&to=${to}` +
                        '&group_by=department');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const rows = sql(db, `SELECT coalesce(lead_department_id, 0),
      count(*) FILTER (WHERE status NOT IN ('withdrawn', 'merged')),
      count(*) FILTER (WHERE status = 'closed'),
      count(*) FILTER (WHERE status = 'closed' AND outcome = 'resolved'),
      count(*) FILTER (WHERE status = 'withdrawn')
      FROM demand GROUP BY 1`).stdout.trim().split('\n')
    .map((l) => l.split('|').map(Number));
  const want = new Map(rows.map(([k, ...v]) => [String(k), v]));
  let compared = 0;
  for (const item of r.body.items) {
    const w = want.get(item.key) ?? [0, 0, 0, 0];
    assert.deepEqual([item.counts.total, item.counts.by_status.closed,
                      item.counts.closed.resolved,
                      item.counts.by_status.withdrawn], w,
                     `department ${item.key} (${item.label})`);
    compared++;
  }
  assert.ok(compared > 10, `only ${compared} departments`);
  assert.equal(r.body.total.counts.total,
               Number(one(`SELECT count(*) FROM demand
                           WHERE status NOT IN ('withdrawn', 'merged')`)));
  // The rates say something: resolution and satisfaction are high, as
  // the generator's odds make them.
  assert.ok(r.body.total.rates.resolution > 0.7,
            JSON.stringify(r.body.total.rates));
  assert.ok(r.body.total.rates.satisfaction > 0.8,
            JSON.stringify(r.body.total.rates));
  // The commissioners' rollup holds the demands counted for them.
  assert.equal(Number(one('SELECT sum(total) FROM demand_stat_commissioner')),
               Number(one(`SELECT count(*) FROM demand
                           WHERE commissioner_id IS NOT NULL
                           AND status NOT IN ('withdrawn', 'merged')`)));
});

// The rollup without category (migration 007), which bench-data fills as
// it fills demand_stat, holds demand_stat's sums; and the rates, which
// read it and sum in the store, are demand_stat's sums for every
// grouping, over the data's many regions, departments and categories.
test('the rollup by department is demand_stat summed, and so are the rates',
     { skip }, async () => {
  const cols = sql(db, `SELECT group_concat(name, ', ') FROM
      pragma_table_info('demand_stat_department') WHERE cid >= 3`)
    .stdout.trim();
  const sums = cols.split(', ').map((c) => `sum(${c})`).join(', ');
  const regrouped = `SELECT month, region_code, department_id, ${sums}
      FROM demand_stat GROUP BY 1, 2, 3`;
  const kept = `SELECT month, region_code, department_id, ${cols}
      FROM demand_stat_department`;
  assert.ok(cols.split(', ').length > 70, cols);
  assert.equal(one(`SELECT count(*) FROM (${regrouped} EXCEPT ${kept})`),
               '0');
  assert.equal(one(`SELECT count(*) FROM (${kept} EXCEPT ${regrouped})`),
               '0');
  assert.ok(Number(one('SELECT count(*) FROM demand_stat_department')) > 50);

  const last = one('SELECT max(month) FROM demand_stat');
  const first = one('SELECT min(month) FROM demand_stat');
  const county = sql(db, `SELECT username, region_code FROM app_user
      WHERE role = 'leader' AND region_code NOT LIKE '%00' LIMIT 1`)
    .stdout.trim().split('|');
  const who = [['admin', ''], ['leader', report.city.slice(0, 4)],
               [county[0], county[1]]];
  let groups = 0;
  for (const [username, prefix] of who) {
    const { c } = await signedIn(username);
    for (const [from, to] of [[first, last], [last, last],
                              ['2026-03', '2026-10']]) {
      for (const group of ['department', 'region', 'category', 'month',
                           'none', 'commissioner']) {
        const r = await c.get(`/api/v1/stats/rates?from=${from}&to=${to}` +
                              `&group_by=${group}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const want = ratesRecount(db, { prefix, from, to, group });
        assert.deepEqual(ratesItems(r.body), want,
                         `${username} ${from}..${to} by ${group}`);
        groups += want.length;
      }
    }
  }
  assert.ok(groups > 200, `only ${groups} groups compared`);
});

test('the handler\'s inbox holds its department\'s open demands only',
     { skip }, async () => {
  const { c, user } = await signedIn('handler');
  assert.equal(user.department_id, report.handler_department_id);
  const path = one(`SELECT path FROM department
                    WHERE id = ${report.handler_department_id}`);
  // The bureaus below it (its counties') are the handler's too.
  const r = await c.get(`/api/v1/demands?status=open&count=true&limit=200`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const want = Number(one(`SELECT count(*) FROM demand
      WHERE status IN ('submitted','assigned','accepted','answered',
                       'resolved')
      AND (lead_path LIKE '${path}%' OR id IN (SELECT demand_id
           FROM demand_co_department
           WHERE department_id = ${report.handler_department_id}))`));
  assert.equal(r.body.total, want);
  for (const d of r.body.items) {
    assert.ok(['submitted', 'assigned', 'accepted', 'answered', 'resolved']
      .includes(d.status), d.status);
  }
  const own = await c.get('/api/v1/demands?status=open&count=true' +
                          `&department=${report.handler_department_id}`);
  assert.equal(own.status, 200, JSON.stringify(own.body));
  assert.equal(own.body.total, Number(one(`SELECT count(*) FROM demand
      WHERE status IN ('submitted','assigned','accepted','answered',
                       'resolved')
      AND lead_department_id = ${report.handler_department_id}`)));
  for (const d of own.body.items) {
    assert.equal(d.lead_department_id, report.handler_department_id);
  }
  // Another place's bureau is not the handler's to see.
  const other = one(`SELECT id FROM demand WHERE lead_path NOT LIKE
                     '${path}%' AND lead_path IS NOT NULL LIMIT 1`);
  assert.equal((await c.get(`/api/v1/demands/${other}`)).status, 404);
});

test('search finds the generated words, by two characters or more',
     { skip }, async () => {
  const { c } = await signedIn('admin');
  for (const q of ['招聘', '流动资金贷款']) {
    const r = await c.get(`/api/v1/demands?q=${encodeURIComponent(q)}` +
                          '&count=true&limit=100');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const want = Number(one(`SELECT count(*) FROM demand
        WHERE instr(title, '${q}') > 0 OR instr(content, '${q}') > 0`));
    assert.ok(want > 0, `no demand says ${q}`);
    assert.equal(r.body.total, want, q);
    for (const d of r.body.items) {
      assert.ok(d.title.includes(q) || d.content.includes(q), d.title);
    }
  }
});

test('the scheduler finds the due demands the report counted', { skip },
     () => {
  assert.equal(Number(one(`SELECT count(*) FROM demand
                           WHERE next_due_at <= ${NOW_SECONDS}`)),
               report.due);
  // Done demands have nothing due; open ones (unless every rung fired)
  // have a next step.
  assert.equal(Number(one(`SELECT count(*) FROM demand WHERE status IN
      ('closed', 'withdrawn', 'merged') AND next_due_at IS NOT NULL`)), 0);
  // `qitong tick` fires what is due; afterwards nothing is.
  const t = cli(['tick', '--db', db]);
  assert.equal(t.status, 0, t.stderr);
  assert.equal(Number(one(`SELECT count(*) FROM demand
                           WHERE next_due_at <= ${NOW_SECONDS}`)), 0);
});

test('the audit chain verifies and the database is intact', { skip }, () => {
  const v = cli(['audit', 'verify', '--db', db]);
  assert.equal(v.status, 0, v.stderr + v.stdout);
  assert.equal(one('PRAGMA integrity_check'), 'ok');
  assert.equal(one('PRAGMA foreign_key_check'), '');
  // The indexes dropped for the load are all back.
  assert.equal(Number(one(`SELECT count(*) FROM sqlite_master
      WHERE name IN ('demand_due', 'demand_lead', 'demand_event_demand',
                     'demand_fts_queue_insert', 'demand_lead_department')`)), 5);
});

test('the same seed and time give the same data; a full database is refused',
     { skip }, () => {
  const again = join(dir, 'again.db');
  const r = generate(again, 7);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(digest(again), firstDigest);
  const refused = generate(again, 8);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /already holds data/);
  const bad = cli(['bench-data', '--db', join(dir, 'x.db'), '--size', 'huge']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--size must be small, medium or province/);
  const pg = cli(['bench-data', '--db', 'postgresql://nobody@127.0.0.1/x',
                  '--size', 'test']);
  assert.equal(pg.status, 2);
  assert.match(pg.stderr, /SQLite databases only/);
});
