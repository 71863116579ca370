// Behind a reverse proxy (issue 6): X-Forwarded-For names the client and
// X-Forwarded-Proto the scheme only when the request comes from an
// address given to --trusted-proxy.  From anyone else both are ignored:
// a client must not choose the address its sign-in failures are counted
// under or the audit log records.  Every request here comes from
// 127.0.0.1, which one server trusts and the other does not.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, Client, cli, sql, startServer } from './harness.mjs';

// Sign in as the admin (or with BODY) on SERVER, sending HEADERS.
const signIn = (server, headers, body = ADMIN) =>
  new Client(server).post('/api/v1/session', body, headers);

// The address the audit log gave the last sign-in on SERVER.
function lastSignInAddress(server) {
  const r = sql(server.db, "SELECT address FROM audit_log WHERE action =" +
                " 'session.create' ORDER BY id DESC LIMIT 1");
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

// N wrong sign-ins at once on SERVER, each for an account of its own
// (so that only the per-address limit can stop them), with the headers
// HEADERS(i) gives the i-th; their statuses, sorted.
async function failuresAtOnce(server, n, tag, headers) {
  const rs = await Promise.all(Array.from({ length: n }, (_, i) =>
    signIn(server, headers(i),
           { username: `${tag}-${i}`, password: 'Wrong-pass-2026' })));
  return rs.map((r) => r.status).sort();
}

const times = (n, status) => Array(n).fill(status);

// Wait (up to 3 s) for SERVER's log to match RE: the access line is
// written when the response has been sent, a moment after the client
// has it.
async function logMatches(server, re) {
  for (let i = 0; i < 60 && !re.test(server.log()); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return re.test(server.log());
}

describe('without --trusted-proxy', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  test('forwarded headers change nothing: the peer is audited, no Secure, no HSTS', async () => {
    const r = await signIn(srv, { 'x-forwarded-for': '203.0.113.7',
                                  'x-forwarded-proto': 'https' });
    assert.equal(r.status, 201);
    assert.equal(lastSignInAddress(srv), '127.0.0.1');
    assert.doesNotMatch(r.headers.get('set-cookie'), /Secure/i);
    assert.equal(r.headers.get('strict-transport-security'), null);
    assert.ok(await logMatches(srv, new RegExp(
      `access req=${r.headers.get('x-request-id')} addr=127\\.0\\.0\\.1 `)));
  });

  test('a spoofed X-Forwarded-For does not dodge the per-address throttle', async () => {
    // 35 attempts at once, each claiming an address of its own: all are
    // 127.0.0.1's, so 30 are checked and 5 refused ...
    assert.deepEqual(
      await failuresAtOnce(srv, 35, 'spoof',
                           (i) => ({ 'x-forwarded-for': `203.0.113.${i + 10}` })),
      [...times(30, 401), ...times(5, 429)]);
    // ... and yet another claimed address does not help the next one.
    const r = await signIn(srv, { 'x-forwarded-for': '198.51.100.200' });
    assert.equal(r.status, 429);
    assert.match(r.body.detail, /Too many failed sign-ins/);
  });
});

describe('with --trusted-proxy 127.0.0.1,10.0.0.0/8', () => {
  let srv;
  before(async () => {
    srv = await startServer({
      testClock: true, args: ['--trusted-proxy', '127.0.0.1,10.0.0.0/8'] });
  });
  after(async () => { await srv?.stop(); });

  test('the forwarded client is the address the audit log and the access log record', async () => {
    const r = await signIn(srv, { 'x-forwarded-for': '198.51.100.23' });
    assert.equal(r.status, 201);
    assert.equal(lastSignInAddress(srv), '198.51.100.23');
    assert.ok(await logMatches(srv, new RegExp(
      `access req=${r.headers.get('x-request-id')} addr=198\\.51\\.100\\.23 `)));
  });

  test('the client is the right-most address that is not a trusted proxy', async () => {
    const cases = [
      // What the client itself put in front is its own claim, ignored.
      ['203.0.113.99, 198.51.100.24', '198.51.100.24'],
      // Trusted proxies on the way are skipped, from the right.
      ['198.51.100.25, 10.1.2.3, 127.0.0.1', '198.51.100.25'],
      ['203.0.113.98,198.51.100.26,10.9.9.9', '198.51.100.26'],
      // Every hop trusted: the left-most is as far as anyone can tell.
      ['10.0.0.5, 127.0.0.1', '10.0.0.5'],
      // IPv6 clients (nginx on [::]:443), written canonically; an
      // IPv4-mapped address is its IPv4 address.
      ['2001:DB8:0:0::1', '2001:db8::1'],
      ['::ffff:198.51.100.27', '198.51.100.27'],
    ];
    const got = [];
    for (const [xff] of cases) {
      assert.equal((await signIn(srv, { 'x-forwarded-for': xff })).status,
                   201, xff);
      got.push([xff, lastSignInAddress(srv)]);
    }
    assert.deepEqual(got, cases);
  });

  test('a malformed X-Forwarded-For is ignored, the peer used, and a line logged', async () => {
    const bad = ['not-an-ip', '198.51.100.28:4711', 'unknown',
                 '198.51.100.29,,', '198.51.100.30, 10.0.0.1/8',
                 '1.2.3.4.5', `198.51.100.31, ${'9'.repeat(300)}`,
                 '"198.51.100.32"'];
    for (const xff of bad) {
      const r = await signIn(srv, { 'x-forwarded-for': xff });
      assert.equal(r.status, 201, xff);
      assert.equal(lastSignInAddress(srv), '127.0.0.1', xff);
      assert.ok(await logMatches(srv, new RegExp(
        `proxy\\.bad_forwarded_for req=${r.headers.get('x-request-id')}` +
        ' peer=127\\.0\\.0\\.1 ')), xff);
    }
    assert.doesNotMatch(srv.log(), /not-an-ip|4711|level=error/);
  });

  test('X-Forwarded-Proto https makes the cookie Secure and adds HSTS; http or none, neither', async () => {
    for (const proto of ['https', 'HTTPS']) {
      const c = new Client(srv);
      const r = await c.post('/api/v1/session', ADMIN,
                             { 'x-forwarded-proto': proto });
      assert.equal(r.status, 201);
      assert.match(r.headers.get('set-cookie'),
                   /^qt_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure; Max-Age=43200$/);
      assert.equal(r.headers.get('strict-transport-security'), 'max-age=31536000');
      // Every answer over HTTPS carries it, failures too.
      const miss = await c.get('/api/v1/enterprises/424242',
                               { 'x-forwarded-proto': proto });
      assert.equal(miss.status, 404);
      assert.equal(miss.headers.get('strict-transport-security'), 'max-age=31536000');
      c.csrf = r.body.csrf_token;
      const out = await c.delete('/api/v1/session', { 'x-forwarded-proto': proto });
      assert.equal(out.status, 204);
      assert.match(out.headers.get('set-cookie'), /^qt_session=; .*; Secure; Max-Age=0$/);
    }
    for (const headers of [{ 'x-forwarded-proto': 'http' },
                           { 'x-forwarded-proto': 'https, http' }, {}]) {
      const r = await signIn(srv, headers);
      assert.equal(r.status, 201);
      assert.doesNotMatch(r.headers.get('set-cookie'), /Secure/i,
                          JSON.stringify(headers));
      assert.equal(r.headers.get('strict-transport-security'), null);
    }
  });

  test('the per-address throttle counts each forwarded client on its own', async () => {
    const t0 = Date.parse('2026-03-02T09:00:00+08:00');
    const clock = (ms) => new Client(srv).put('/api/v1/test/clock',
      { now: new Date(ms).toISOString() });
    assert.equal((await clock(t0)).status, 200);
    const from = (addr) => ({ 'x-forwarded-for': addr });
    // Thirty failures at once from one client lock that client out ...
    assert.deepEqual(
      await failuresAtOnce(srv, 32, 'spray', () => from('198.51.100.50')),
      [...times(30, 401), ...times(2, 429)]);
    assert.equal((await signIn(srv, from('198.51.100.50'))).status, 429);
    // ... and it cannot get out by putting another address in front,
    assert.equal((await signIn(srv, from('198.51.100.51, 198.51.100.50'))).status,
                 429);
    // ... but another client (and the proxy itself) still signs in.
    assert.equal((await signIn(srv, from('198.51.100.51'))).status, 201);
    assert.equal((await signIn(srv, {})).status, 201);
    assert.equal((await clock(t0 + 15 * 60e3 + 1000)).status, 200);
    assert.equal((await signIn(srv, from('198.51.100.50'))).status, 201);
  });
});

test('serve refuses a --trusted-proxy it cannot read, naming it', () => {
  for (const arg of ['10.0.0.1/8', 'proxy.example', '127.0.0.1,', '10.0.0.0/0',
                     '10.0.0.0/33', '::1']) {
    const r = cli(['serve', '--db', '/nonexistent/x.db', '--trusted-proxy', arg]);
    assert.equal(r.status, 2, arg);
    assert.match(r.stderr, /--trusted-proxy: '.*' is not an IPv4 address or network/, arg);
  }
});
