// The command line: exit codes scripts rely on, schema versions, and the
// audit chain's tamper detection.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { adminClient, cli, creditCode, sql, startServer } from './harness.mjs';

const dir = mkdtempSync(join(tmpdir(), 'qitong-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('init creates a database and is idempotent', () => {
  const db = join(dir, 'init.db');
  const first = cli(['init', '--db', db]);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /\d+ migrations? applied/);
  assert.doesNotMatch(first.stdout, /\b0 migrations applied/);
  const second = cli(['init', '--db', db]);
  assert.equal(second.status, 0);
  assert.match(second.stdout, /0 migrations applied/);
  assert.equal(sql(db, 'SELECT count(*) FROM region').stdout.trim(), '153');
  assert.equal(sql(db, 'SELECT count(*) FROM industry').stdout.trim(), '117');
  // The holiday calendar is loaded once, with its 254 days (2020-2026).
  assert.equal(sql(db, 'SELECT count(*) FROM calendar_day').stdout.trim(), '254');
  assert.equal(sql(db, "SELECT kind FROM calendar_day WHERE day = '2024-02-04'").stdout.trim(), 'workday');
});

test('a database newer than the binary is refused with both versions', () => {
  const db = join(dir, 'newer.db');
  assert.equal(cli(['init', '--db', db]).status, 0);
  sql(db, "INSERT INTO schema_migrations VALUES (999, '999_future.sql', 0)");
  const r = cli(['serve', '--db', db, '--listen', '127.0.0.1:1']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /schema version 999, newer than this qitong/);
});

test('usage mistakes exit 2 and --help exits 0', () => {
  assert.equal(cli([]).status, 2);
  assert.equal(cli(['frobnicate']).status, 2);
  assert.equal(cli(['--help']).status, 0);
  for (const cmd of ['init', 'serve', 'user', 'audit']) {
    const r = cli([cmd, '--help']);
    assert.equal(r.status, 0, cmd);
    assert.match(r.stdout, /usage: qitong/, cmd);
  }
  assert.equal(cli(['serve', '--listen', 'nowhere']).status, 2);
  assert.equal(cli(['serve', '--threads', '0']).status, 2);
  for (const bad of [['--max-connections', '0'], ['--max-connections', 'x'],
                     ['--conn-timeout', '0'], ['--conn-timeout', '3601']]) {
    assert.equal(cli(['serve', ...bad]).status, 2, bad.join(' '));
  }
  assert.match(cli(['serve', '--help']).stdout, /--max-connections N/);
});

test('serve needs a connection for each thread', () => {
  const db = join(dir, 'limit.db');
  assert.equal(cli(['init', '--db', db]).status, 0);
  const r = cli(['serve', '--db', db, '--listen', '127.0.0.1:1',
                 '--threads', '4', '--max-connections', '3']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--max-connections must be at least --threads \(4\)/);
});

test('user add checks the role and the password policy', () => {
  const db = join(dir, 'users.db');
  assert.equal(cli(['init', '--db', db]).status, 0);
  const add = (args, pw) => cli(['user', 'add', '--db', db, ...args, '--password-stdin'], pw + '\n');
  assert.equal(add(['--username', 'x', '--role', 'root'], 'Good-pass-2026').status, 2);
  const weak = add(['--username', 'x', '--role', 'admin'], 'short');
  assert.equal(weak.status, 2);
  assert.match(weak.stderr, /password: must be at least 10 characters/);
  assert.equal(add(['--username', 'ok', '--role', 'admin'], 'Good-pass-2026').status, 0);
  const dup = add(['--username', 'ok', '--role', 'admin'], 'Good-pass-2026');
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /taken/);
  // The stored password is an argon2id hash, never the text.
  const stored = sql(db, "SELECT password_hash FROM app_user WHERE username = 'ok'").stdout;
  assert.match(stored, /^\$argon2id\$/);
});

test('audit verify passes an intact chain and names the first tampered entry', async () => {
  const srv = await startServer();
  try {
    const admin = await adminClient(srv);
    for (let i = 1; i <= 3; i++) {
      const r = await admin.post('/api/v1/enterprises', {
        credit_code: creditCode(i, '370702'), name: `审计测试${i}有限公司`,
        region_code: '370702', scale: 'below' });
      assert.equal(r.status, 201);
    }
    const ok = cli(['audit', 'verify', '--db', srv.db]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /intact \(\d+ entries\)/);
    // The database refuses edits to the log itself ...
    const blocked = sql(srv.db, "UPDATE audit_log SET detail = '{}' WHERE id = 3");
    assert.match(blocked.stderr, /append-only/);
    // ... and one who removes that guard is still caught.
    const on = srv.backend === 'postgresql' ? ' ON audit_log' : '';
    sql(srv.db, `DROP TRIGGER audit_log_no_update${on}; ` +
                "UPDATE audit_log SET detail = '{\"name\":\"x\"}' WHERE id = 3");
    const bad = cli(['audit', 'verify', '--db', srv.db]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /broken at entry 3/);
  } finally {
    await srv.stop();
  }
});
