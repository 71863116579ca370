// harness.mjs — start a real `qitong serve` on a free loopback port with a
// fresh database, and talk to it over HTTP as a browser or integration
// would.  Every API test file starts its own server, so files never share
// state and can run in parallel.
//
// With QITONG_TEST_PG set (a PostgreSQL URL the tests may create databases
// from, e.g. postgresql://postgres@127.0.0.1:55432/postgres), each server
// gets a fresh PostgreSQL database instead of a SQLite file, dropped when
// it stops; startServer({backend: 'sqlite'}) still asks for SQLite.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const BIN = process.env.QITONG_BIN ||
  resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname,
          '../../build/qitong');

// The pair index's tokenizer, for the sqlite3 shell (src/store/ext),
// built beside the binary.
const BIGRAM = join(dirname(BIN), 'libqitong_bigram.so');

export const ADMIN = { username: 'admin', password: 'Admin-pass-2026' };

// The PostgreSQL server for the tests, or undefined (SQLite only).  The
// api-pg.X registrations set QITONG_TEST_BACKEND=postgresql: without a
// server they must fail, not pass quietly on SQLite.
export const PG = process.env.QITONG_TEST_PG || undefined;
if (process.env.QITONG_TEST_BACKEND === 'postgresql' && !PG) {
  throw new Error('this test runs on PostgreSQL: set QITONG_TEST_PG to a '
                  + 'server URL (make test starts one)');
}

// URL with its database name replaced by NAME.
export function pgUrl(url, name) {
  const m = /^([a-z]+:\/\/[^/?]*)(\/[^?]*)?(\?.*)?$/.exec(url);
  if (!m) throw new Error(`not a PostgreSQL URL: ${url}`);
  return `${m[1]}/${name}${m[3] ?? ''}`;
}

// Run SQL on the PostgreSQL database URL with psql; returns its stdout,
// throws on failure.
export function psql(url, sql) {
  const r = spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1',
                               '-d', url, '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr || r.error}`);
  return r.stdout;
}

// Run SQL on database DB (a SQLite path or a PostgreSQL URL) with its
// command-line client: {status, stdout, stderr}, one row per line with
// columns separated by '|' on both.
export function sql(db, text) {
  const pg = /^postgres(ql)?:/.test(db);
  const r = pg
    ? spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', db,
                         '-c', text], { encoding: 'utf8' })
    : spawnSync('sqlite3', [db, `.load ${BIGRAM}`, text], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let pgSerial = 0;

// A fresh, empty PostgreSQL database on PG: {url, name, drop()}.
export function pgDatabase() {
  if (!PG) throw new Error('QITONG_TEST_PG is not set');
  const name = `qt_api_${process.pid}_${++pgSerial}_` +
    Math.random().toString(36).slice(2, 8);
  psql(PG, `CREATE DATABASE ${name}`);
  return {
    url: pgUrl(PG, name),
    name,
    drop() { psql(PG, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); },
  };
}
// A report from AddressSanitizer, LeakSanitizer or UndefinedBehaviorSanitizer
// (`make test-asan`).  A qitong built with them aborts on its first report,
// but a test expecting a failure might not tell an abort from an error,
// and a server's report comes after the test's last request: so whatever
// the harness runs has its standard error searched for one, and the test
// fails with the report as its message.
const SANITIZER_REPORT =
  /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error: |SUMMARY: \w+Sanitizer/;

// Throw if TEXT (a qitong's standard error) holds a sanitizer report;
// WHAT names the process in the message.
export function checkSanitizer(what, text) {
  if (text && SANITIZER_REPORT.test(text)) {
    throw new Error(`sanitizer report from ${what}:\n${text}`);
  }
}

// Run the qitong CLI synchronously; returns {status, stdout, stderr}.
// Throws on a sanitizer report, whatever the status.
export function cli(args, input) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8' });
  checkSanitizer(`qitong ${args[0]}`, r.stderr);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Run the qitong CLI without blocking the event loop (so that a server or
// a writer in the same test goes on meanwhile); resolves to {status,
// signal, stdout, stderr}, rejects on a sanitizer report.  The promise's
// `proc` is the process, for a test that kills it midway.
export function cliAsync(args) {
  const p = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise((ok, fail) => {
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.once('error', fail);
    p.once('close', (status, signal) => {
      try {
        checkSanitizer(`qitong ${args[0]}`, stderr);
      } catch (e) {
        fail(e);
        return;
      }
      ok({ status, signal, stdout, stderr });
    });
  });
  done.proc = p;
  return done;
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

// Start a server.  Options: testClock (bool), args (extra serve args),
// init (bool, default true: create the db and the admin first), db (serve
// this existing database instead of a fresh one; pass init: false too),
// backend ('sqlite' or 'postgresql'; default postgresql when PG is set),
// files (the attachments directory; several servers on one database pass
// the same one).  The server's attachments live in its `files` directory.
//
// The server can be crashed and brought back: kill() sends a signal
// (SIGKILL unless told) to its process (proc.pid) and waits for it to go,
// keeping the database; restart() then serves the same database and files
// again, on a new port (base, port and proc change; Clients made before
// it point at the old port).
export async function startServer(opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'qitong-api-'));
  const backend = opts.backend ?? (PG ? 'postgresql' : 'sqlite');
  const pg = !opts.db && backend === 'postgresql' ? pgDatabase() : null;
  const db = opts.db ?? pg?.url ?? join(dir, 'qitong.db');
  const files = opts.files ??
    (/^postgres(ql)?:/.test(db) ? join(dir, 'qitong.files') : `${db}.files`);
  if (opts.init !== false) {
    const init = cli(['init', '--db', db]);
    if (init.status !== 0) throw new Error(`init failed: ${init.stderr}`);
    const add = cli(['user', 'add', '--db', db, '--username', ADMIN.username,
                     '--role', 'admin', '--password-stdin'],
                    ADMIN.password + '\n');
    if (add.status !== 0) throw new Error(`user add failed: ${add.stderr}`);
  }
  // Every run's output, in order: a report from a run that was killed
  // still fails stop().
  let log = '';
  // Settles once the current process has exited and its output is in LOG.
  let closed = Promise.resolve();
  const srv = {
    dir, db, files, backend,
    log: () => log,
    running() {
      return srv.proc.exitCode === null && srv.proc.signalCode === null;
    },
    // Send SIGNAL to the server and wait until it has exited; the
    // database stays.  Resolves to the process's exit signal or code.
    async kill(signal = 'SIGKILL') {
      if (srv.running()) srv.proc.kill(signal);
      await closed;
      return srv.proc.signalCode ?? srv.proc.exitCode;
    },
    // Serve the same database again, once the last process is gone.
    async restart() {
      await closed;
      checkSanitizer('qitong serve', log);
      await launch();
    },
    // Stop the server (SIGTERM; it exits 0 once its threads are done) and
    // remove its database.  Throws if it had a sanitizer report, which a
    // sanitized build prints as it aborts, or for leaks as it exits.
    async stop() {
      if (srv.running()) srv.proc.kill('SIGTERM');
      await closed;
      pg?.drop();
      rmSync(dir, { recursive: true, force: true });
      checkSanitizer('qitong serve', log);
    },
  };
  async function launch() {
    const port = await freePort();
    const args = ['serve', '--db', db, '--listen', `127.0.0.1:${port}`,
                  '--files', files,
                  ...(opts.testClock ? ['--test-clock'] : []),
                  ...(opts.args || [])];
    const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    closed = new Promise((r) => proc.once('close', r));
    proc.stdout.on('data', (d) => { log += d; });
    proc.stderr.on('data', (d) => { log += d; });
    const base = `http://127.0.0.1:${port}`;
    Object.assign(srv, { base, port, proc });
    const deadline = Date.now() + 10000;
    for (;;) {
      try {
        const r = await fetch(`${base}/api/v1/openapi.json`);
        if (r.ok) break;
      } catch { /* not listening yet */ }
      if (proc.exitCode !== null || Date.now() > deadline) {
        throw new Error(`qitong serve did not start:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  await launch();
  return srv;
}

// A client with a session cookie and CSRF token, like a browser tab; or
// with a bearer token, like an integration (client.token = '...').
export class Client {
  constructor(server) {
    this.base = server.base;
    this.cookie = null;
    this.csrf = null;
    this.token = null;
  }

  // Send a request; BODY objects are sent as JSON, strings and Buffers as
  // they are.  Returns {status, headers, body (parsed JSON or text)}.
  async request(method, path, body, headers = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] ??= this.csrf;
    if (this.token) h.authorization = `Bearer ${this.token}`;
    let data = body;
    if (body !== undefined && typeof body === 'object' &&
        !(body instanceof Buffer) && !(body instanceof Uint8Array)) {
      data = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const r = await fetch(this.base + path, { method, headers: h, body: data });
    const setCookie = r.headers.get('set-cookie');
    if (setCookie) {
      const m = /qt_session=([^;]*)/.exec(setCookie);
      if (m) this.cookie = m[1] ? `qt_session=${m[1]}` : null;
    }
    const type = r.headers.get('content-type') || '';
    const buf = Buffer.from(await r.arrayBuffer());
    let parsed = buf;
    if (type.includes('json')) parsed = buf.length ? JSON.parse(buf) : null;
    else if (type.startsWith('text/')) parsed = buf.toString('utf8');
    return { status: r.status, headers: r.headers, body: parsed };
  }

  get(path, headers) { return this.request('GET', path, undefined, headers); }
  post(path, body, headers) { return this.request('POST', path, body, headers); }
  patch(path, body, headers) { return this.request('PATCH', path, body, headers); }
  put(path, body, headers) { return this.request('PUT', path, body, headers); }
  delete(path, headers) { return this.request('DELETE', path, undefined, headers); }

  // Sign in; throws unless it succeeds.  Returns the user.
  async signIn(username, password) {
    const r = await this.post('/api/v1/session', { username, password });
    if (r.status !== 201) {
      throw new Error(`sign-in as ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    this.csrf = r.body.csrf_token;
    return r.body.user;
  }
}

// A signed-in admin client for SERVER.
export async function adminClient(server) {
  const c = new Client(server);
  await c.signIn(ADMIN.username, ADMIN.password);
  return c;
}

// A client for USERNAME that carries an API token rather than a cookie:
// tokens outlive a test clock moved days ahead, which ends sessions.
export async function tokenClient(server, username, password) {
  const c = new Client(server);
  await c.signIn(username, password);
  const r = await c.post('/api/v1/tokens', { name: 'api-test' });
  if (r.status !== 201) {
    throw new Error(`token for ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const t = new Client(server);
  t.token = r.body.token;
  return t;
}

// POST BODY to PATH as CLIENT; the created record, or a throw unless 201.
export async function created(client, path, body) {
  const r = await client.post(path, body);
  if (r.status !== 201) {
    throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return r.body;
}

// The password of every account twoCities makes.
export const WORLD_PASSWORD = 'Scope-pass-2026';

// Two cities' registry, built through ADMIN (a client) as an operator
// would: Weifang (370700) and Qingdao (370200), so that each role has
// records inside its scope and outside it.  Returns the records by name:
//   deptCity (Weifang bureau), deptCounty (Weicheng 370702, below it),
//   deptQd (Qingdao bureau);
//   e1 (Weicheng, paired with commissioner c-wf directly), e2 (Hanting
//   370703, paired through c-wf's team), e3 (Qingdao, paired with c-qd),
//   e4 (Weicheng, paired with c-wf once, long ago: nothing now);
//   p1 (of e1), p2 (of e4, paired with the team), p3 (of e3);
//   commissioner (c-wf, 370700), teamLead (c-wf-lead, 370703),
//   commissionerQd (c-qd), dispatcher, leader, supervisor (all 370700),
//   handler (handler-wc, of deptCounty), entUser (ent-e1, of e1);
//   team (Weifang, led by teamLead, c-wf a member), teamQd (led by c-qd);
//   pa1 (c-wf-e1), pa2 (team-e2), pa3 (team-p2), pa4 (c-qd-e3), paOld.
// Every account's password is WORLD_PASSWORD.
export async function twoCities(admin) {
  const w = {};
  const make = (path, body) => created(admin, path, body);
  const enterprise = (n, region, name) => make('/api/v1/enterprises', {
    credit_code: creditCode(n, region), name, region_code: region,
    scale: 'above',
  });
  const account = (username, role, extra) => make('/api/v1/users', {
    username, display_name: username, role, password: WORLD_PASSWORD,
    ...extra,
  });

  w.deptCity = await make('/api/v1/departments', {
    name: '潍坊市工业和信息化局', kind: 'bureau', region_code: '370700',
  });
  w.deptCounty = await make('/api/v1/departments', {
    name: '潍城区人力资源和社会保障局', kind: 'bureau',
    region_code: '370702', parent_id: w.deptCity.id,
  });
  w.deptQd = await make('/api/v1/departments', {
    name: '青岛市工业和信息化局', kind: 'bureau', region_code: '370200',
  });

  w.e1 = await enterprise(1, '370702', '潍坊一号机械有限公司');
  w.e2 = await enterprise(2, '370703', '潍坊二号纺织有限公司');
  w.e3 = await enterprise(3, '370202', '青岛三号港务有限公司');
  w.e4 = await enterprise(4, '370702', '潍坊四号食品有限公司');
  w.p1 = await make('/api/v1/projects', { name: '一号扩建项目',
                                          enterprise_id: w.e1.id });
  w.p2 = await make('/api/v1/projects', { name: '四号新厂项目',
                                          enterprise_id: w.e4.id });
  w.p3 = await make('/api/v1/projects', { name: '三号码头项目',
                                          enterprise_id: w.e3.id });

  w.commissioner = await account('c-wf', 'commissioner',
                                 { region_code: '370700', level: 'city' });
  w.teamLead = await account('c-wf-lead', 'commissioner',
                             { region_code: '370703', level: 'county' });
  w.commissionerQd = await account('c-qd', 'commissioner',
                                   { region_code: '370200' });
  w.dispatcher = await account('dispatch-wf', 'dispatcher',
                               { region_code: '370700' });
  w.leader = await account('leader-wf', 'leader', { region_code: '370700' });
  w.supervisor = await account('supervise-wf', 'supervisor',
                               { region_code: '370700' });
  w.handler = await account('handler-wc', 'handler',
                            { department_id: w.deptCounty.id });
  w.entUser = await account('ent-e1', 'enterprise',
                            { enterprise_id: w.e1.id });

  w.team = await make('/api/v1/teams', {
    name: '潍坊入企小分队', leader_id: w.teamLead.id, region_code: '370700',
    member_ids: [w.commissioner.id],
  });
  w.teamQd = await make('/api/v1/teams', {
    name: '青岛入企小分队', leader_id: w.commissionerQd.id,
    region_code: '370200',
  });

  w.pa1 = await make('/api/v1/pairings', {
    user_id: w.commissioner.id, enterprise_id: w.e1.id,
  });
  w.pa2 = await make('/api/v1/pairings', {
    team_id: w.team.id, enterprise_id: w.e2.id,
  });
  w.pa3 = await make('/api/v1/pairings', {
    team_id: w.team.id, project_id: w.p2.id,
  });
  w.pa4 = await make('/api/v1/pairings', {
    user_id: w.commissionerQd.id, enterprise_id: w.e3.id,
  });
  // Ended long ago: it grants nothing now.
  w.paOld = await make('/api/v1/pairings', {
    user_id: w.commissioner.id, enterprise_id: w.e4.id,
    starts_on: '2024-01-01', ends_on: '2024-12-31',
  });
  return w;
}

// Assert helpers shared by the API tests.
export function problemFields(res) {
  return (res.body?.errors || []).map((e) => e.field).sort();
}

// Valid credit codes for tests: the check character computed as GB
// 32100-2015 says, so tests can make as many distinct codes as they need.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function creditCode(n, region = '370700') {
  const body = `91${region}${String(n).padStart(9, '0')}`.slice(0, 17);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(body[i]) * WEIGHTS[i];
  const c = (31 - (sum % 31)) % 31;
  return body + ALPHABET[c];
}

// GET /api/v1/stats/rates?group_by=GROUP&from=FROM&to=TO as recounted from
// the rollups by category (demand_stat) and by commissioner, which
// api.crash and api.benchdata check against the demands themselves: the
// items the route should list for an actor whose region code starts with
// PREFIX ('' for an admin), as [key, counts, hours] in its order, groups
// that hold no demand left out.  Counts and hours are shaped as the route
// shapes them (hours without p90).  Reads DB with sql().
const RECOUNT_STATUSES = ['submitted', 'assigned', 'accepted', 'answered',
                          'resolved', 'closed', 'withdrawn', 'merged'];
const RECOUNT_COLUMNS = [
  'total', ...RECOUNT_STATUSES.map((s) => `status_${s}`), 'closed_resolved',
  'closed_partial', 'closed_explained', 'answer_due', 'answer_on_time',
  'resolve_due', 'resolve_on_time', 'rated', 'rated_ok', 'reopened',
  'returned', 'overdue', 'to_assign_n', 'to_assign_seconds', 'to_answer_n',
  'to_answer_seconds', 'to_resolve_n', 'to_resolve_seconds'];
export function ratesRecount(db, { prefix, from, to, group }) {
  // A region one level below the actor's own, padded to six digits.
  const k = prefix.length === 0 ? 2 : prefix.length < 6 ? prefix.length + 2
    : 9;
  const key = {
    department: 'department_id', commissioner: 'commissioner_id',
    category: 'category', month: 'month', none: "'all'",
    region: `substr(region_code, 1, ${k}) || '${'0'.repeat(Math.max(0,
      6 - k))}'`,
  }[group];
  const table = group === 'commissioner' ? 'demand_stat_commissioner'
    : 'demand_stat';
  const r = sql(db, `SELECT ${key}, ${RECOUNT_COLUMNS.map((c) => `sum(${c})`)
    .join(', ')} FROM ${table} WHERE region_code LIKE '${prefix}%'
    AND month BETWEEN '${from}' AND '${to}' GROUP BY 1`);
  if (r.status !== 0) throw new Error(`recount: ${r.stderr}`);
  const items = [];
  const lines = r.stdout.split('\n').filter(Boolean);
  // Without grouping the scope is one item, if only of zeros.
  if (group === 'none' && lines.length === 0) {
    lines.push(['all', ...RECOUNT_COLUMNS.map(() => 0)].join('|'));
  }
  for (const line of lines) {
    const [k0, ...v] = line.split('|');
    const c = Object.fromEntries(RECOUNT_COLUMNS.map((n, i) =>
      [n, Number(v[i])]));
    const byStatus = Object.fromEntries(RECOUNT_STATUSES.map((s) =>
      [s, c[`status_${s}`]]));
    if (group !== 'none' && Object.values(byStatus).every((n) => n === 0)) {
      continue;
    }
    const hours = (stage) => (c[`to_${stage}_n`] > 0
      ? c[`to_${stage}_seconds`] / c[`to_${stage}_n`] / 3600 : null);
    items.push([k0, {
      total: c.total, by_status: byStatus,
      closed: { resolved: c.closed_resolved, partial: c.closed_partial,
                explained: c.closed_explained },
      rated: c.rated, reopened: c.reopened, returned: c.returned,
      overdue_now: c.overdue, rated_ok: c.rated_ok,
      answer_due: c.answer_due, answer_on_time: c.answer_on_time,
      resolve_due: c.resolve_due, resolve_on_time: c.resolve_on_time,
    }, { assign: hours('assign'), answer: hours('answer'),
         resolve: hours('resolve') }]);
  }
  // Ids as numbers; codes and months as their bytes.
  const isId = group === 'department' || group === 'commissioner';
  items.sort(([a], [b]) => (isId ? Number(a) - Number(b)
    : a < b ? -1 : a > b ? 1 : 0));
  return items;
}

// The items of a rates answer as ratesRecount shapes them.
export function ratesItems(body) {
  return body.items.map((x) => [x.key, x.counts, {
    assign: x.hours.assign?.avg ?? null, answer: x.hours.answer?.avg ?? null,
    resolve: x.hours.resolve?.avg ?? null }]);
}

// Rows of a CSV ledger as arrays of cells (no quoted line breaks inside:
// enough for the ledgers these tests make).
export function csvRows(text) {
  const rows = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n/)) {
    if (!line) continue;
    const cells = [];
    let cur = '', quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
        else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') { cells.push(cur); cur = ''; }
      else cur += ch;
    }
    cells.push(cur);
    rows.push(cells);
  }
  return rows;
}

// Speak HTTP over a bare TCP connection to SERVER, for what fetch cannot
// do (send a head without its body, send nothing at all): write HEAD (a
// string or Buffer; nothing when empty) once connected, and resolve to
// {text, ms, closed}: what came back (as Latin-1), the milliseconds until
// an answer's head had arrived (or the connection closed, or TIMEOUT ms
// passed), and whether the server closed the connection before a whole
// head came.  The socket is destroyed either way.
export function rawHttp(server, head, { timeout = 5000 } = {}) {
  return new Promise((ok) => {
    const t0 = Date.now();
    const sock = connect(server.port, '127.0.0.1');
    let text = '';
    let closed = false;
    const done = () => {
      clearTimeout(timer);
      sock.destroy();
      ok({ text, ms: Date.now() - t0, closed });
    };
    const timer = setTimeout(done, timeout);
    sock.on('connect', () => { if (head) sock.write(head); });
    sock.on('data', (d) => {
      text += d.toString('latin1');
      if (text.includes('\r\n\r\n')) done();
    });
    sock.on('close', () => { closed = true; done(); });
    sock.on('error', () => { /* a reset: 'close' follows */ });
  });
}
