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
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = process.env.QITONG_BIN ||
  resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname,
          '../../build/qitong');

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
    : spawnSync('sqlite3', [db, text], { encoding: 'utf8' });
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
