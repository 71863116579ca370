// `qitong tick` runs a batch of due demands in one transaction, each
// demand in a savepoint of it: a demand whose steps fail must lose all of
// what its steps wrote (notices, notifications, accountability, events,
// the row's progress) while the others' steps are kept, and the failed
// one must fire, once, on the next pass.  The failure is made with a
// trigger on the database (SQLite or PostgreSQL, whichever the server
// runs on) that refuses the failing demand's event.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  ADMIN, Client, cli, creditCode, sql, startServer, tokenClient,
} from './harness.mjs';

const T0 = '2030-06-03T09:00:00+08:00';  // a Monday
const LATER = '2030-06-10T09:00:00+08:00'; // past every assign rung
const LADDER = ['assign.remind', 'assign.overdue', 'assign.escalate',
                'assign.account'];

let srv;
let ids;

function q(text) {
  const r = sql(srv.db, text);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

// What the scheduler has written for demand ID, in a form to compare.
function written(id) {
  return {
    steps: q('SELECT stage || \'.\' || rung FROM demand_event WHERE ' +
             `demand_id = ${id} AND action = 'step' ORDER BY id`)
      .split('\n').filter(Boolean),
    notices: Number(q(`SELECT count(*) FROM supervision WHERE demand_id = ${id}`)),
    notifications: Number(q('SELECT count(*) FROM notification WHERE ' +
                            `demand_id = ${id}`)),
    accountability: Number(q('SELECT count(*) FROM accountability WHERE ' +
                             `demand_id = ${id}`)),
    steps_done: Number(q(`SELECT steps_done FROM demand WHERE id = ${id}`)),
  };
}

before(async () => {
  srv = await startServer({ testClock: true });
  const anon = new Client(srv);
  const r = await anon.put('/api/v1/test/clock', { now: T0 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const admin = await tokenClient(srv, ADMIN.username, ADMIN.password);
  const ent = await admin.post('/api/v1/enterprises', {
    credit_code: creditCode(1, '370702'), name: '潍坊批次测试机械有限公司',
    region_code: '370702', scale: 'above',
  });
  assert.equal(ent.status, 201, JSON.stringify(ent.body));
  const made = await admin.post('/api/v1/users', {
    username: 'dispatcher', display_name: 'dispatcher', role: 'dispatcher',
    password: 'Tick-pass-2030', region_code: '370700',
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const dispatcher = await tokenClient(srv, 'dispatcher', 'Tick-pass-2030');
  ids = [];
  for (let i = 1; i <= 3; i++) {
    const d = await dispatcher.post('/api/v1/demands', {
      enterprise_id: ent.body.id, channel: 'hotline', category: 'labour',
      title: `批次诉求第${i}件`, content: '企业反映的问题，请协调解决。',
    });
    assert.equal(d.status, 201, JSON.stringify(d.body));
    ids.push(d.body.id);
  }
  // The database stays for the CLI; stop() removes it at the end.
  assert.equal(await srv.kill('SIGTERM'), 0);
});

after(async () => {
  await srv?.stop();
});

test('one demand failing in a batch undoes only its own steps, and it fires once later', () => {
  const [a, b, c] = ids;
  const pg = /^postgres(ql)?:/.test(srv.db);
  q(pg
    ? 'CREATE FUNCTION qt_test_refuse() RETURNS trigger AS $$ BEGIN ' +
      "RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql; " +
      'CREATE TRIGGER qt_test_refuse BEFORE INSERT ON demand_event FOR EACH ' +
      `ROW WHEN (NEW.demand_id = ${b}) EXECUTE FUNCTION qt_test_refuse()`
    : 'CREATE TRIGGER qt_test_refuse BEFORE INSERT ON demand_event WHEN ' +
      `NEW.demand_id = ${b} BEGIN SELECT RAISE(ABORT, 'refused by the ` +
      'test\'); END');
  const due = q(`SELECT next_due_at FROM demand WHERE id = ${b}`);

  let r = cli(['tick', '--db', srv.db, '--now', LATER]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `qitong: ${2 * LADDER.length} steps fired\n`);
  assert.match(r.stderr, new RegExp(`tick\\.demand id=${b} `));
  for (const id of [a, c]) {
    const w = written(id);
    assert.deepEqual(w.steps, LADDER, `demand ${id}`);
    assert.equal(w.notices, 1);
    assert.equal(w.accountability, 1);
    assert.ok(w.notifications >= LADDER.length, JSON.stringify(w));
    assert.notEqual(w.steps_done, 0);
  }
  // Its notice, notifications and accountability were written before the
  // refused event: the savepoint took them back with the row's progress.
  assert.deepEqual(written(b), { steps: [], notices: 0, notifications: 0,
                                 accountability: 0, steps_done: 0 });
  assert.equal(q(`SELECT next_due_at FROM demand WHERE id = ${b}`), due);

  q(pg ? 'DROP TRIGGER qt_test_refuse ON demand_event; ' +
         'DROP FUNCTION qt_test_refuse()'
       : 'DROP TRIGGER qt_test_refuse');
  const kept = [written(a), written(c)];
  r = cli(['tick', '--db', srv.db, '--now', LATER]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `qitong: ${LADDER.length} steps fired\n`);
  assert.deepEqual(written(b), kept[0]);
  assert.deepEqual([written(a), written(c)], kept);
  r = cli(['tick', '--db', srv.db, '--now', LATER]);
  assert.equal(r.stdout, 'qitong: 0 steps fired\n');
});
