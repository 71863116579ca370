// Group commit: writes sent at once are run by the server's one writer in
// shared transactions, each request's own transaction a savepoint in it.
// Many concurrent writes, valid ones mixed with ones refused on their
// input (422) and ones that fail inside their handler's transaction (409:
// a state conflict, a duplicate key), must each end as if alone: every
// acknowledged write is there, every failed one left nothing (no record,
// no event, no audit row), and the audit chain written by the batches
// still verifies.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  adminClient, cli, created, creditCode, problemFields, sql, startServer,
  tokenClient, twoCities, WORLD_PASSWORD,
} from './harness.mjs';

let srv;
let admin;
let w;
let ent;
let disp;

before(async () => {
  srv = await startServer();
  admin = await adminClient(srv);
  w = await twoCities(admin);
  ent = await tokenClient(srv, w.entUser.username, WORLD_PASSWORD);
  disp = await tokenClient(srv, w.dispatcher.username, WORLD_PASSWORD);
});

after(async () => {
  await srv?.stop();
});

const count = (text) => Number(sql(srv.db, text).stdout.trim());

test('concurrent writes, some failing, each end as if alone', async () => {
  const victim = await created(ent, '/api/v1/demands', {
    category: 'other', title: 'gc-victim', content: '将被撤回的诉求。' });
  const code = creditCode(77, '370702');
  const auditBefore = count('SELECT count(*) FROM audit_log');

  const N_OK = 60;
  const N_BAD = 20;
  const N_WITHDRAW = 12;
  const N_DUP = 8;
  const sends = [];
  for (let i = 0; i < N_OK; i++) {
    sends.push(['ok', i, (i % 2 ? ent : disp).post('/api/v1/demands', {
      enterprise_id: w.e1.id, category: 'other', title: `gc-ok-${i}`,
      content: '并发提交的诉求。' })]);
  }
  for (let i = 0; i < N_BAD; i++) {
    // Half without a title, half with no such category: refused on input.
    sends.push(['bad', i, ent.post('/api/v1/demands', i % 2
      ? { category: 'other', content: '缺标题。' }
      : { category: 'no-such', title: `gc-bad-${i}`, content: '错类别。' })]);
  }
  for (let i = 0; i < N_WITHDRAW; i++) {
    // One wins; the rest find it withdrawn inside their transaction.
    sends.push(['withdraw', i,
                ent.post(`/api/v1/demands/${victim.id}/withdraw`, {})]);
  }
  for (let i = 0; i < N_DUP; i++) {
    // One inserts; the others' inserts break the unique key.
    sends.push(['dup', i, admin.post('/api/v1/enterprises', {
      credit_code: code, name: `并发重复企业${i}`, region_code: '370702',
      scale: 'below' })]);
  }
  // Shuffled, so that failures fall between successes in the batches.
  for (let i = sends.length - 1; i > 0; i--) {
    const j = (i * 7919 + 13) % (i + 1);
    [sends[i], sends[j]] = [sends[j], sends[i]];
  }
  const results = await Promise.all(sends.map(async ([kind, i, p]) =>
    ({ kind, i, r: await p })));
  const of = (kind) => results.filter((x) => x.kind === kind);

  const okIds = [];
  for (const { i, r } of of('ok')) {
    assert.equal(r.status, 201, `ok ${i}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.title, `gc-ok-${i}`);
    okIds.push(r.body.id);
  }
  for (const { i, r } of of('bad')) {
    assert.equal(r.status, 422, `bad ${i}: ${JSON.stringify(r.body)}`);
    assert.deepEqual(problemFields(r), [i % 2 ? 'title' : 'category']);
  }
  const withdrawn = of('withdraw').filter((x) => x.r.status === 200);
  assert.equal(withdrawn.length, 1, JSON.stringify(of('withdraw').map(
    (x) => [x.r.status, x.r.body?.title ?? x.r.body?.detail])));
  for (const { r } of of('withdraw')) {
    if (r.status !== 200) assert.equal(r.status, 409, JSON.stringify(r.body));
  }
  const dupWon = of('dup').filter((x) => x.r.status === 201);
  assert.equal(dupWon.length, 1);
  for (const { r } of of('dup')) {
    if (r.status !== 201) assert.equal(r.status, 409, JSON.stringify(r.body));
  }

  // Every acknowledged demand is there, readable, and nothing else is.
  const stored = sql(srv.db, "SELECT id FROM demand WHERE title LIKE 'gc-ok-%'"
    + ' ORDER BY id').stdout.trim().split('\n').map(Number);
  assert.deepEqual(stored, [...okIds].sort((a, b) => a - b));
  for (const id of okIds.slice(0, 5)) {
    assert.equal((await ent.get(`/api/v1/demands/${id}`)).status, 200);
  }
  assert.equal(count("SELECT count(*) FROM demand WHERE title LIKE 'gc-bad-%'"),
               0);
  // Search finds them once the answer is out: on SQLite a batch indexes
  // its demands in one statement before it commits (008), and a write
  // rolled back takes its queue entry with it.
  const found = await disp.get('/api/v1/demands?q=gc-ok-&limit=500');
  assert.equal(found.status, 200);
  assert.deepEqual(found.body.items.map((d) => d.id).sort((a, b) => a - b),
                   [...okIds].sort((a, b) => a - b));
  assert.equal((await disp.get('/api/v1/demands?q=gc-bad-')).body.items
    .length, 0);
  if (srv.backend === 'sqlite') {
    assert.equal(count('SELECT count(*) FROM demand_fts_queue'), 0);
    const check = sql(srv.db, "INSERT INTO demand_fts (demand_fts, rank) " +
                              "VALUES ('integrity-check', 1)");
    assert.equal(check.status, 0, check.stderr);
  }
  // One submit event each, and one withdrawal of the victim.
  assert.equal(count('SELECT count(*) FROM demand_event WHERE demand_id IN '
    + `(${okIds.join(',')})`), N_OK);
  assert.equal(count('SELECT count(*) FROM demand_event WHERE demand_id = '
    + `${victim.id} AND action = 'withdraw'`), 1);
  assert.equal(count('SELECT count(*) FROM demand WHERE id = '
    + `${victim.id} AND status = 'withdrawn'`), 1);
  // One enterprise for the code, with one audit row: the losers wrote
  // none, and nothing else of this round was audited.
  assert.equal(count(`SELECT count(*) FROM enterprise WHERE credit_code = '${code}'`),
               1);
  assert.equal(count("SELECT count(*) FROM audit_log WHERE action = "
    + `'enterprise.create' AND entity_id = ${dupWon[0].r.body.id}`), 1);
  assert.equal(count('SELECT count(*) FROM audit_log') - auditBefore, 1);

  // They were committed together: the access log says how many writes
  // each commit carried, and a burst like this one shares commits.
  const batches = [...srv.log().matchAll(
    /method=POST path="\/api\/v1\/demands" status=201 .* batch=(\d+)/g)]
    .map((m) => Number(m[1]));
  assert.ok(batches.length >= N_OK, `${batches.length} grouped writes logged`);
  assert.ok(Math.max(...batches) > 1, `batches: ${batches}`);

  const verify = cli(['audit', 'verify', '--db', srv.db]);
  assert.equal(verify.status, 0, verify.stderr);
});

test('after a burst, a lone write is answered and the server still serves',
     async () => {
  const d = await created(ent, '/api/v1/demands', {
    category: 'other', title: 'gc-lone', content: '独自一件。' });
  const r = await ent.get(`/api/v1/demands/${d.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.title, 'gc-lone');
});

test('stopped in a burst, the server answers or drops each write, and '
     + 'keeps every one it acknowledged', async () => {
  const N = 80;
  let first;
  const firstAnswer = new Promise((r) => { first = r; });
  const sends = [];
  for (let i = 0; i < N; i++) {
    sends.push(ent.post('/api/v1/demands', {
      category: 'other', title: `gc-term-${i}`, content: '停机时的诉求。' })
      .then((r) => { first(); return r; }, () => null));
  }
  await firstAnswer;
  const code = await srv.kill('SIGTERM');
  const results = await Promise.all(sends);
  // A clean exit: the writer drained its queue, nothing stayed suspended.
  assert.equal(code, 0, srv.log().slice(-2000));
  const acked = results.filter((r) => r?.status === 201).map((r) => r.body.id);
  for (const r of results) {
    if (r) assert.ok([201, 503].includes(r.status), JSON.stringify(r.body));
  }
  assert.ok(acked.length >= 1);
  const stored = new Set(sql(srv.db, "SELECT id FROM demand WHERE title LIKE "
    + "'gc-term-%'").stdout.trim().split('\n').map(Number));
  for (const id of acked) assert.ok(stored.has(id), `demand ${id} was lost`);
});
