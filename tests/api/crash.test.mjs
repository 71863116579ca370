// Crash durability: a server killed with SIGKILL in the middle of
// concurrent writes, and `qitong import` killed in the middle of its file,
// leave a database that holds every write the server acknowledged, no
// half of any write, an intact audit chain and (on SQLite) a file that
// passes SQLite's own checks; and the server starts again on it.
//
// The kill moments and the writes' lifecycles come from a seeded PRNG;
// the seed is printed (and QT_CRASH_SEED sets it), though thread timing
// makes no two runs the same.  Runs on SQLite as api.crash and on
// PostgreSQL as api-pg.crash; docs/reliability.md gives its figures.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ADMIN, Client, PG, cli, cliAsync, creditCode, pgDatabase, sql,
  startServer,
} from './harness.mjs';

const SEED = process.env.QT_CRASH_SEED
  ? Number(process.env.QT_CRASH_SEED) >>> 0
  : (Date.now() ^ (process.pid << 16)) >>> 0;
const ON_PG = Boolean(PG);
// Bounded work: the file takes 20 to 60 s on two shared cores.  On a
// busy machine the time budgets cut the rounds short (not below three
// kills of the server and two of an import), and the figures say so.
const CYCLES = ON_PG ? 6 : 10;
const CYCLES_MS = 25000;
const IMPORT_ROWS = ON_PG ? 20000 : 50000;
const IMPORT_KILLS = ON_PG ? 4 : 5;
const IMPORT_MS = 30000;

// mulberry32: small, seedable, good enough to pick moments and paths.
function prng(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(SEED);
const between = (lo, hi) => lo + rand() * (hi - lo);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(join(tmpdir(), 'qitong-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Rows of TEXT run on DB by its command-line client, split on '|';
// fails the test when the client does.
function rows(db, text) {
  const r = sql(db, text);
  assert.equal(r.status, 0, `${text}\n${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('|'));
}
const one = (db, text) => rows(db, text)[0]?.[0];

// What every database this file leaves must pass, whatever was killed:
// the backend's own consistency checks and the audit chain.  Returns the
// audit log's length.
function checkStore(db) {
  if (/^postgres(ql)?:/.test(db)) {
    // PostgreSQL enforces the foreign keys itself; amcheck (in Debian's
    // postgresql package) checks that every table and index is readable
    // and every row is in its indexes, as PRAGMA integrity_check does for
    // SQLite.
    rows(db, 'CREATE EXTENSION IF NOT EXISTS amcheck');
    const ours = 'FROM pg_class c JOIN pg_namespace n ' +
      "ON n.oid = c.relnamespace WHERE n.nspname = 'public'";
    const btree = ` AND c.relkind = 'i' AND c.relam = ` +
      "(SELECT oid FROM pg_am WHERE amname = 'btree')";
    const indexes = Number(one(db, `SELECT count(*) ${ours}${btree}`));
    assert.ok(indexes > 10, `${indexes} indexes`);
    // bt_index_check raises an error on a bad index, which fails rows().
    assert.equal(rows(db, 'SELECT c.relname, bt_index_check(c.oid, true) ' +
                          ours + btree).length, indexes);
    assert.deepEqual(rows(db, 'SELECT c.relname, v.msg FROM pg_class c ' +
                              'CROSS JOIN LATERAL verify_heapam(c.oid) v ' +
                              ours.replace(/^FROM pg_class c/, '') +
                              " AND c.relkind = 'r'"), [],
                     'verify_heapam found corruption');
    assert.equal(one(db, 'SELECT count(*) FROM pg_index WHERE NOT indisvalid'),
                 '0');
  } else {
    assert.equal(one(db, 'PRAGMA integrity_check'), 'ok');
    assert.deepEqual(rows(db, 'PRAGMA foreign_key_check'), []);
    // The search index agrees with the demands it indexes.
    rows(db, "INSERT INTO demand_fts (demand_fts, rank) " +
             "VALUES ('integrity-check', 1)");
  }
  const v = cli(['audit', 'verify', '--db', db]);
  assert.equal(v.status, 0, `audit verify: ${v.stdout}${v.stderr}`);
  return Number(/\((\d+) entries\)/.exec(v.stdout)[1]);
}

// ==== HTTP writes under SIGKILL ==========================================

// Each demand follows one plan, step by step, each step waiting for the
// last to be acknowledged.
const STEP_STATUS = {
  submit: 'submitted', assign: 'assigned', accept: 'accepted',
  answer: 'answered', resolve: 'resolved', confirm: 'closed',
  withdraw: 'withdrawn',
};
const PLANS = [
  ['submit', 'assign', 'accept', 'answer', 'resolve', 'confirm'],
  ['submit', 'assign', 'answer', 'resolve', 'confirm'],
  ['submit', 'withdraw'],
  ['submit', 'assign', 'withdraw'],
];
const pickPlan = () => {
  const r = rand();
  return PLANS[r < 0.7 ? 0 : r < 0.85 ? 1 : r < 0.93 ? 2 : 3];
};

describe('SIGKILL during HTTP writes', () => {
  let srv;
  const tokens = {}; // name -> API token; they outlive the process
  const w = {};      // records by name
  let as = {};       // name -> Client for the current process

  const PASSWORD = 'Crash-pass-2026';
  const connect = () => {
    as = {};
    for (const [name, token] of Object.entries(tokens)) {
      as[name] = new Client(srv);
      as[name].token = token;
    }
  };
  const created = async (path, body) => {
    const r = await as.admin.post(path, body);
    assert.equal(r.status, 201, `${path}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const account = async (name, role, extra) => {
    w[name] = await created('/api/v1/users', {
      username: name, display_name: name, role, password: PASSWORD, ...extra,
    });
    const c = new Client(srv);
    await c.signIn(name, PASSWORD);
    const t = await c.post('/api/v1/tokens', { name: 'crash-test' });
    assert.equal(t.status, 201, JSON.stringify(t.body));
    tokens[name] = t.body.token;
  };

  before(async () => {
    srv = await startServer();
    const admin = new Client(srv);
    await admin.signIn(ADMIN.username, ADMIN.password);
    const t = await admin.post('/api/v1/tokens', { name: 'crash-test' });
    assert.equal(t.status, 201);
    tokens.admin = t.body.token;
    connect();
    for (const [key, name] of [['deptA', '潍坊市工业和信息化局'],
                               ['deptB', '潍坊市人力资源和社会保障局'],
                               ['deptC', '潍坊市商务局'],
                               ['deptCo', '潍坊市地方金融监督管理局']]) {
      w[key] = await created('/api/v1/departments', {
        name, kind: 'bureau', region_code: '370700',
      });
    }
    for (let i = 1; i <= 4; i++) {
      w[`e${i}`] = await created('/api/v1/enterprises', {
        credit_code: creditCode(i, '370702'), name: `潍城崩溃基准企业${i}号`,
        region_code: '370702', scale: 'above',
      });
    }
    await account('dispatcher', 'dispatcher', { region_code: '370700' });
    for (const d of ['A', 'B', 'C']) {
      await account(`handler${d}`, 'handler',
                    { department_id: w[`dept${d}`].id });
    }
    for (let i = 1; i <= 4; i++) {
      await account(`ent${i}`, 'enterprise', { enterprise_id: w[`e${i}`].id });
    }
    await account('commissioner', 'commissioner',
                  { region_code: '370700', level: 'city' });
    await created('/api/v1/pairings', {
      user_id: w.commissioner.id, enterprise_id: w.e1.id,
    });
    connect();
  });
  after(async () => { await srv?.stop(); });

  test('every acknowledged write survives, and no write is half there', async (t) => {
    t.diagnostic(`seed ${SEED} (QT_CRASH_SEED)`);
    const started = Date.now();
    const demands = new Map();     // title -> record, every submission tried
    const enterprises = new Map(); // credit code -> record, every one tried
    const refused = [];            // answers that were neither 2xx nor lost
    const fig = { cycles: 0, kills: 0, acked: 0, ackedDemands: 0,
                  ackedEnterprises: 0, landedUnacked: 0, inFlight: 0,
                  auditEntries: 0 };
    let serial = 0;

    // One lane: demands of one submitter, one after another, each through
    // its plan.  A lost answer (the process died) leaves the step pending:
    // it may or may not have landed.
    async function demandLane(cycle, lane, isStopping) {
      const submitter = lane === 7 ? 'commissioner' : `ent${(lane % 4) + 1}`;
      const dept = [w.deptA, w.deptB, w.deptC][lane % 3];
      const handler = `handler${'ABC'[lane % 3]}`;
      const co = lane % 2 ? [w.deptCo.id] : [];
      while (!isStopping()) {
        const rec = {
          title: `崩溃测试 c${cycle} l${lane} n${++serial}`, plan: pickPlan(),
          acked: -1, pending: -1, refused: -1, id: null, co, cycle,
        };
        demands.set(rec.title, rec);
        for (let i = 0; i < rec.plan.length && !isStopping(); i++) {
          const step = rec.plan[i];
          const call = {
            submit: () => as[submitter].post('/api/v1/demands', {
              ...(submitter === 'commissioner'
                ? { enterprise_id: w.e1.id } : {}),
              category: 'labour', title: rec.title,
              content: '企业反映招工困难，请协调。',
            }),
            assign: () => as.dispatcher.post(
              `/api/v1/demands/${rec.id}/assign`,
              { lead_department_id: dept.id, co_department_ids: co }),
            accept: () => as[handler].post(`/api/v1/demands/${rec.id}/accept`),
            answer: () => as[handler].post(`/api/v1/demands/${rec.id}/answer`,
                                           { note: '已联系企业。' }),
            resolve: () => as[handler].post(
              `/api/v1/demands/${rec.id}/resolve`,
              { outcome: 'resolved', note: '已解决。' }),
            confirm: () => as[submitter].post(
              `/api/v1/demands/${rec.id}/confirm`,
              { satisfaction: 'satisfied' }),
            withdraw: () => as[submitter].post(
              `/api/v1/demands/${rec.id}/withdraw`, { note: '已自行解决。' }),
          }[step];
          let r;
          try {
            r = await call();
          } catch {
            rec.pending = i;
            break;
          }
          if (r.status >= 200 && r.status < 300) {
            assert.equal(r.body.status, STEP_STATUS[step],
                         `${step} ${rec.title}: ${JSON.stringify(r.body)}`);
            if (step === 'submit') rec.id = r.body.id;
            assert.equal(r.body.id, rec.id);
            rec.acked = i;
          } else {
            rec.refused = i;
            refused.push(`${step} ${rec.title}: ${r.status} ` +
                         JSON.stringify(r.body));
            break;
          }
        }
      }
    }

    // Enterprises by the admin: each is a row and an audit entry, written
    // in one transaction.
    async function enterpriseLane(isStopping) {
      while (!isStopping()) {
        const n = ++serial;
        const rec = { code: creditCode(100000 + n, '370702'),
                      name: `崩溃测试企业${n}`, state: 'sent', id: null };
        enterprises.set(rec.code, rec);
        let r;
        try {
          r = await as.admin.post('/api/v1/enterprises', {
            credit_code: rec.code, name: rec.name, region_code: '370702',
            scale: 'below',
          });
        } catch {
          rec.state = 'lost';
          break;
        }
        if (r.status === 201) {
          rec.state = 'acked';
          rec.id = r.body.id;
        } else {
          rec.state = 'refused';
          refused.push(`enterprise ${rec.code}: ${r.status} ` +
                       JSON.stringify(r.body));
        }
      }
    }

    for (let cycle = 1; cycle <= CYCLES &&
         (cycle <= 3 || Date.now() - started < CYCLES_MS); cycle++) {
      let stopping = false;
      const isStopping = () => stopping;
      const lanes = [];
      for (let lane = 0; lane < 8; lane++) {
        lanes.push(demandLane(cycle, lane, isStopping));
      }
      lanes.push(enterpriseLane(isStopping), enterpriseLane(isStopping));
      await sleep(between(ON_PG ? 400 : 200, ON_PG ? 2000 : 1200));
      stopping = true;
      const how = await srv.kill('SIGKILL');
      assert.equal(how, 'SIGKILL', 'the server was killed, not stopped');
      fig.kills++;
      // Lanes end on their lost answers; an assertion inside one fails
      // the test here.
      await Promise.all(lanes);
      fig.cycles++;

      // ---- what the killed server left ---------------------------------
      const db = srv.db;
      fig.auditEntries = checkStore(db);

      // Each demand, with its history in order.
      const found = new Map(); // title -> {id, status, events}
      for (const [id, status, title, action, from, to] of rows(db,
          'SELECT d.id, d.status, d.title, e.action, e.from_status, ' +
          'e.to_status FROM demand d LEFT JOIN demand_event e ' +
          'ON e.demand_id = d.id ORDER BY d.id, e.id')) {
        if (!found.has(title)) {
          found.set(title, { id: Number(id), status, events: [] });
        }
        if (action) found.get(title).events.push({ action, from, to });
      }
      const coRows = new Set(rows(db, 'SELECT demand_id, department_id ' +
                                      'FROM demand_co_department')
                               .map(([d, c]) => `${d}/${c}`));
      let landedUnacked = 0;
      let inFlight = 0;
      for (const [title, d] of found) {
        const rec = demands.get(title);
        assert.ok(rec, `a demand nobody submitted: ${title}`);
        const ev = d.events;
        assert.ok(ev.length > 0, `${title}: no events`);
        assert.equal(ev[0].action, 'submit', `${title}: first event`);
        for (let i = 1; i < ev.length; i++) {
          assert.equal(ev[i].from, ev[i - 1].to,
                       `${title}: event ${i} does not follow the last`);
        }
        assert.equal(ev[ev.length - 1].to, d.status,
                     `${title}: status is not its last event's`);
        const actions = ev.map((e) => e.action).filter((a) => a !== 'step');
        const k = actions.length - 1;
        assert.deepEqual(actions, rec.plan.slice(0, k + 1),
                         `${title}: history is not the plan's`);
        assert.equal(d.status, STEP_STATUS[rec.plan[k]], title);
        // At least what was acknowledged; at most one step more, and only
        // the step whose answer was lost.  A refused step never lands.
        assert.ok(k >= rec.acked, `${title}: acknowledged step ` +
                  `${rec.plan[rec.acked]} lost (has ${actions})`);
        assert.ok(k === rec.acked || k === rec.pending,
                  `${title}: step ${rec.plan[k]} landed, never sent or ` +
                  'refused');
        if (rec.id !== null) assert.equal(d.id, rec.id, title);
        if (k > rec.acked) landedUnacked++;
        const assigned = rec.plan.indexOf('assign');
        for (const c of rec.co) {
          assert.equal(coRows.has(`${d.id}/${c}`),
                       assigned >= 0 && k >= assigned,
                       `${title}: co-department row and history disagree`);
        }
      }
      for (const rec of demands.values()) {
        if (rec.pending >= 0) inFlight++;
        if (rec.acked < 0) continue;
        assert.ok(found.has(rec.title),
                  `acknowledged demand lost: ${rec.title} #${rec.id}`);
      }
      // Every demand's steps sum to one row of the figures: a demand and
      // its figures are written together.
      const STATUSES = ['submitted', 'assigned', 'accepted', 'answered',
                        'resolved', 'closed', 'withdrawn', 'merged'];
      const figures = (query, keys) => {
        const m = new Map();
        for (const r of rows(db, query)) {
          const key = r.slice(0, keys).join('/');
          m.set(key, r.slice(keys).map(Number));
        }
        return m;
      };
      const counted = (query, keys) => {
        const m = new Map();
        for (const r of rows(db, query)) {
          const key = r.slice(0, keys).join('/');
          const v = m.get(key) ?? new Array(STATUSES.length + 1).fill(0);
          const n = Number(r[keys + 1]);
          // Withdrawn and merged demands are out of the totals.
          if (!['withdrawn', 'merged'].includes(r[keys])) v[0] += n;
          v[1 + STATUSES.indexOf(r[keys])] += n;
          m.set(key, v);
        }
        return m;
      };
      const cols = ['total', ...STATUSES.map((s) => `status_${s}`)].join(', ');
      for (const [stat, keyCols, demandKeys, where] of [
        ['demand_stat', 'month, region_code, department_id, category',
         'stat_month, region_code, COALESCE(lead_department_id, 0), category',
         ''],
        ['demand_stat_department', 'month, region_code, department_id',
         'stat_month, region_code, COALESCE(lead_department_id, 0)', ''],
        ['demand_stat_commissioner', 'month, region_code, commissioner_id',
         'stat_month, region_code, commissioner_id',
         'WHERE commissioner_id IS NOT NULL'],
      ]) {
        const nk = keyCols.split(',').length;
        const kept = figures(`SELECT ${keyCols}, ${cols} FROM ${stat}`, nk);
        const real = counted(`SELECT ${demandKeys}, status, count(*) ` +
                             `FROM demand ${where} GROUP BY ${demandKeys}, ` +
                             'status', nk);
        for (const key of new Set([...kept.keys(), ...real.keys()])) {
          const zero = new Array(STATUSES.length + 1).fill(0);
          assert.deepEqual(kept.get(key) ?? zero, real.get(key) ?? zero,
                           `${stat} ${key}: [${cols}]`);
        }
      }
      // Codes are numbered in the submission's transaction, without gaps.
      for (const [year, last] of rows(db, 'SELECT year, last ' +
                                          'FROM demand_code_seq')) {
        const seqs = rows(db, `SELECT code FROM demand WHERE code LIKE ` +
                              `'QT-${year}-%'`)
          .map(([c]) => Number(c.slice(8))).sort((a, b) => a - b);
        assert.deepEqual(seqs, seqs.map((_, i) => i + 1), `codes of ${year}`);
        assert.equal(seqs.length, Number(last), `demand_code_seq ${year}`);
      }
      // An assignment notifies its department in the same transaction.
      assert.equal(one(db, "SELECT count(*) FROM notification " +
                           "WHERE kind = 'assigned'"),
                   one(db, "SELECT count(*) FROM demand_event " +
                           "WHERE action = 'assign'"));
      // Enterprises: an acknowledged one is there; each one made over
      // HTTP has its audit entry and each entry its enterprise.
      const ents = new Map(rows(db, 'SELECT credit_code, id FROM enterprise ' +
                                    "WHERE name LIKE '崩溃测试企业%'")
                           .map(([c, id]) => [c, Number(id)]));
      const audited = new Map(rows(db, 'SELECT entity_id, count(*) ' +
                                       'FROM audit_log WHERE action = ' +
                                       "'enterprise.create' GROUP BY " +
                                       'entity_id')
                              .map(([id, n]) => [Number(id), Number(n)]));
      const allIds = new Set(rows(db, 'SELECT id FROM enterprise')
                             .map(([id]) => Number(id)));
      for (const id of audited.keys()) {
        assert.ok(allIds.has(id), `audit entry for missing enterprise ${id}`);
      }
      for (const [code, id] of ents) {
        assert.equal(audited.get(id), 1, `enterprise ${code}: audit entries`);
      }
      let entLanded = 0;
      for (const rec of enterprises.values()) {
        if (rec.state === 'acked') {
          assert.equal(ents.get(rec.code), rec.id,
                       `acknowledged enterprise lost: ${rec.code}`);
        } else if (rec.state === 'refused') {
          assert.ok(!ents.has(rec.code), `refused enterprise ${rec.code}`);
        } else if (ents.has(rec.code)) {
          entLanded++;
        }
      }
      fig.landedUnacked = landedUnacked + entLanded;
      fig.inFlight = inFlight +
        [...enterprises.values()].filter((e) => e.state === 'lost').length;

      // ---- and it serves again -----------------------------------------
      await srv.restart();
      connect();
      const last = [...demands.values()].filter((r) => r.acked >= 0).at(-1);
      if (last) {
        const r = await as.dispatcher.get(`/api/v1/demands/${last.id}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.status, found.get(last.title).status);
      }
    }

    assert.deepEqual(refused, [], 'writes refused while the server ran');
    for (const rec of demands.values()) {
      fig.acked += rec.acked + 1;
      if (rec.acked >= 0) fig.ackedDemands++;
    }
    fig.ackedEnterprises = [...enterprises.values()]
      .filter((e) => e.state === 'acked').length;
    fig.acked += fig.ackedEnterprises;
    assert.ok(fig.ackedDemands >= CYCLES, 'too few writes to prove much');
    const line = `${ON_PG ? 'postgresql' : 'sqlite'} seed ${SEED}: ` +
      `${fig.cycles} cycles, ${fig.kills} kills, ${fig.acked} acknowledged ` +
      `writes (${fig.ackedDemands} demands through their steps, ` +
      `${fig.ackedEnterprises} enterprises) verified after every kill; ` +
      `${fig.inFlight} writes in flight at the kills, ${fig.landedUnacked} ` +
      `of them landed; audit log ${fig.auditEntries} entries; ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s`;
    t.diagnostic(line);
    console.log(`crash: ${line}`);
  });
});

// ==== qitong import under SIGKILL ========================================

describe('SIGKILL during qitong import', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  test('a killed import leaves none of its rows, an uninterrupted one all', async (t) => {
    t.diagnostic(`seed ${SEED} (QT_CRASH_SEED)`);
    const started = Date.now();
    // File K: N enterprises of its own, named for K.
    const file = (k, n = IMPORT_ROWS) => {
      const path = join(dir, `enterprises-${k}.csv`);
      let text = 'credit_code,name,region_code,scale\n';
      for (let i = 0; i < n; i++) {
        text += `${creditCode(k * 1000000 + i, '370705')},崩溃导入${k}号企业` +
          `${i},370705,below\n`;
      }
      writeFileSync(path, text);
      return path;
    };
    const importInto = (db, path) =>
      cliAsync(['import', '--db', db, '--kind', 'enterprises', path]);

    // How long one file takes here, into a scratch database, so that the
    // kills can be spread over it; on PostgreSQL, which is slower, a
    // quarter of one, times four.
    const part = ON_PG ? 4 : 1;
    const scratch = ON_PG ? pgDatabase() : { url: join(dir, 'scratch.db') };
    let full;
    let calibrated;
    try {
      assert.equal(cli(['init', '--db', scratch.url]).status, 0);
      const t0 = Date.now();
      const r = await importInto(scratch.url, file(0, IMPORT_ROWS / part));
      full = (Date.now() - t0) * part;
      calibrated = full;
      assert.equal(r.status, 0, r.stderr);
    } finally {
      scratch.drop?.();
    }

    const db = srv.db;
    const landed = (k) => Number(one(db, 'SELECT count(*) FROM enterprise ' +
                                         `WHERE name LIKE '崩溃导入${k}号%'`));
    const importAudits = () => Number(one(db, 'SELECT count(*) FROM ' +
                                              "audit_log WHERE action = " +
                                              "'import.enterprises'"));
    // Each attempt imports a file of its own, so that one which finished
    // before its kill came leaves the next one something to interrupt.
    const kills = [];  // ms after the start, of the kills that interrupted
    const whole = [];  // files that were in when their kill came
    let lastCut = 0;   // the last file a kill cut short
    for (let k = 1; k <= IMPORT_KILLS &&
         (kills.length < 2 || Date.now() - started < IMPORT_MS); k++) {
      const at = Math.round(between(0.05, 0.8) * full);
      const run = importInto(db, file(k));
      const t0 = Date.now();
      let took = null;
      run.proc.once('exit', () => { took = Date.now() - t0; });
      await sleep(at);
      run.proc.kill('SIGKILL');
      const r = await run;
      // One that finished first says how long imports take now, which
      // other work on the machine makes vary: aim the next kills by it.
      if (r.status === 0) full = Math.min(full, took);
      const n = landed(k);
      assert.ok(n === 0 || n === IMPORT_ROWS,
                `after a kill at ${at} ms: ${n} of ${IMPORT_ROWS} rows`);
      if (n) whole.push(k);
      else lastCut = k;
      for (let j = 1; j < k; j++) {
        assert.equal(landed(j), whole.includes(j) ? IMPORT_ROWS : 0,
                     `file ${j} after the kill of ${k}`);
      }
      assert.equal(importAudits(), whole.length,
                   'an import and its audit entry are one transaction');
      checkStore(db);
      if (n === 0) kills.push(at);
      else t.diagnostic(`import ${k} finished before its kill at ${at} ms ` +
                        `(${r.signal ?? `exit ${r.status}`})`);
    }
    assert.ok(kills.length >= 2, `only ${kills.length} kills cut an import ` +
              'short: the imports are faster than the calibration said');

    // The file of the last interrupted attempt, once more, uninterrupted.
    const t0 = Date.now();
    const r = await importInto(db, file(lastCut));
    const last = Date.now() - t0;
    assert.equal(r.status, 0, r.stderr);
    assert.equal(landed(lastCut), IMPORT_ROWS);
    assert.equal(importAudits(), whole.length + 1);
    const detail = JSON.parse(rows(db, "SELECT detail FROM audit_log " +
                                       "WHERE action = 'import.enterprises' " +
                                       'ORDER BY id DESC').at(0).join('|'));
    assert.equal(detail.imported, IMPORT_ROWS);
    checkStore(db);
    // The server that ran beside the imports serves the rows.
    const c = new Client(srv);
    await c.signIn(ADMIN.username, ADMIN.password);
    const code = creditCode(lastCut * 1000000 + IMPORT_ROWS - 1, '370705');
    const got = await c.get(`/api/v1/enterprises?q=${code}`);
    assert.equal(got.status, 200, JSON.stringify(got.body));
    assert.deepEqual(got.body.items.map((e) => e.credit_code), [code]);

    const line = `${ON_PG ? 'postgresql' : 'sqlite'} seed ${SEED}: ` +
      `${IMPORT_ROWS} rows a file, about ${calibrated} ms a file; ` +
      `${kills.length} ` +
      `kills cut an import short (at ${kills.join(', ')} ms), leaving none ` +
      `of its rows; ${whole.length} came after the import had finished; ` +
      `the last cut file then imported whole in ${last} ms; ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s`;
    t.diagnostic(line);
    console.log(`crash: ${line}`);
  });
});
