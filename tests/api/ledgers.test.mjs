// Ledgers: registry imports from CSV (qitong import and
// POST /api/v1/imports/{kind}) and exports as CSV and Excel (qitong export
// and GET /api/v1/exports/{kind}), over real HTTP and the real CLI.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  ADMIN, Client, adminClient, cli, creditCode, csvRows, sql, startServer,
} from './harness.mjs';

const HEADER = '统一社会信用代码,企业名称,所在地区代码,规模,四上,从业人数,地址\n';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

let srv, admin;
let fileNo = 0;
before(async () => {
  srv = await startServer();
  admin = await adminClient(srv);
});
after(async () => { await srv?.stop(); });

// Write CONTENT (string or Buffer) to a new file in the server's dir.
function file(content, ext = 'csv') {
  const path = join(srv.dir, `ledger-${++fileNo}.${ext}`);
  writeFileSync(path, content);
  return path;
}

function importCli(kind, path, ...extra) {
  return cli(['import', '--db', srv.db, '--kind', kind, path, ...extra]);
}

function importApi(client, kind, body, query = '') {
  return client.post(`/api/v1/imports/${kind}${query}`, body,
                     { 'content-type': 'text/csv' });
}

async function enterpriseByCode(code, client = admin) {
  const r = await client.get(`/api/v1/enterprises?q=${code}`);
  assert.equal(r.status, 200);
  return r.body.items.find((e) => e.credit_code === code);
}

async function countByPrefix(prefix) {
  const r = await admin.get(`/api/v1/enterprises?q=${prefix}&limit=500`);
  return r.body.items.filter((e) => e.credit_code.startsWith(prefix)).length;
}


// One entry of an xlsx (zip) file, read with unzip or python's zipfile.
function zipEntry(path, name) {
  const unzip = spawnSync('unzip', ['-p', path, name]);
  if (unzip.status === 0) return unzip.stdout.toString('utf8');
  return execFileSync('python3', ['-c',
    'import sys, zipfile; sys.stdout.buffer.write(' +
    'zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))', path, name])
    .toString('utf8');
}

// Audit entries with ACTION, read straight from the database.
function auditDetails(action) {
  assert.match(action, /^[a-z_.]+$/);
  const r = sql(srv.db, 'SELECT detail FROM audit_log' +
                        ` WHERE action = '${action}' ORDER BY id`);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l).map((d) => JSON.parse(d));
}

async function signInAs(username, role, region, extra = []) {
  const password = 'Ledger-pass-2026';
  const r = cli(['user', 'add', '--db', srv.db, '--username', username,
                 '--role', role, ...(region ? ['--region', region] : []),
                 ...extra, '--password-stdin'], password + '\n');
  assert.equal(r.status, 0, r.stderr);
  const c = new Client(srv);
  await c.signIn(username, password);
  return c;
}

test('the CLI imports enterprises from a UTF-8 CSV with Chinese headers', async () => {
  const a = creditCode(1001), b = creditCode(1002);
  const path = file(HEADER +
    `${a},潍坊第一机械有限公司,370702,规上,是,120,潍城区胜利街1号\n` +
    `${b},寒亭织造有限公司,370703,规下,否,,\n`);
  const r = importCli('enterprises', path);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /imported 2 enterprises/);
  const e = await enterpriseByCode(a);
  assert.equal(e.name, '潍坊第一机械有限公司');
  assert.equal(e.region_code, '370702');
  assert.equal(e.scale, 'above');
  assert.equal(e.four_above, true);
  assert.equal(e.employees, 120);
  assert.equal(e.address, '潍城区胜利街1号');
  const f = await enterpriseByCode(b);
  assert.equal(f.scale, 'below');
  assert.equal(f.employees, null);
});

test('a UTF-8 CSV with a BOM and English headers imports through the API', async () => {
  const code = creditCode(1101);
  const body = Buffer.concat([BOM, Buffer.from(
    'credit_code,name,region_code,scale,key,foreign_trade\r\n' +
    `${code},奎文外贸有限公司,370705,below,true,1\r\n`)]);
  const r = await importApi(admin, 'enterprises', body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.kind, 'enterprises');
  assert.equal(r.body.rows, 1);
  assert.equal(r.body.imported, 1);
  assert.deepEqual(r.body.rejected, []);
  const e = await enterpriseByCode(code);
  assert.equal(e.name, '奎文外贸有限公司');
  assert.equal(e.key, true);
  assert.equal(e.foreign_trade, true);
});

test('a GB18030 CSV, as Chinese Excel saves it, imports with its names intact', async () => {
  const a = creditCode(1201), b = creditCode(1202);
  const text = HEADER +
    `${a},潍坊市坊子区鑫磊铸造有限公司,370704,规上,是,300,坊子区凤山路8号\n` +
    `${b},山东昌乐宝石研磨厂,370725,规下,否,15,昌乐县宝石城\n`;
  const gb = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'],
                          { input: text });
  assert.notDeepEqual(gb, Buffer.from(text)); // really another encoding
  const r = importCli('enterprises', file(gb));
  assert.equal(r.status, 0, r.stderr);
  assert.equal((await enterpriseByCode(a)).name, '潍坊市坊子区鑫磊铸造有限公司');
  assert.equal((await enterpriseByCode(a)).address, '坊子区凤山路8号');
  assert.equal((await enterpriseByCode(b)).name, '山东昌乐宝石研磨厂');
});

test('a file with bad rows is rejected whole, every bad row reported with its line', async () => {
  const good = creditCode(1301, '370701');
  const bad = creditCode(1302, '370701');
  const wrongCheck = bad.slice(0, 17) + (bad[17] === '0' ? '1' : '0');
  const path = file(HEADER +
    `${good},好企业甲,370702,规下,否,,\n` +              // line 2
    `${wrongCheck},校验码错误,370702,规下,否,,\n` +      // line 3
    `${creditCode(1303, '370701')},好企业乙,370702,规下,否,,\n` +
    `${creditCode(1304, '370701')},地区不存在,379999,规下,否,,\n` + // 5
    `${good},重复代码,370703,规下,否,,\n`);              // line 6
  const r = importCli('enterprises', path);
  assert.equal(r.status, 1);
  const lines = r.stderr.split('\n');
  assert.ok(lines.some((l) => l.includes(':3: credit_code: check character')),
            r.stderr);
  assert.ok(lines.some((l) => l.includes(':5: region_code:') &&
                              l.includes('379999')), r.stderr);
  assert.ok(lines.some((l) => l.includes(':6: credit_code: duplicates line 2')),
            r.stderr);
  assert.match(r.stderr, /3 of 5 rows were rejected; nothing was imported/);
  assert.equal(await countByPrefix('91370701'), 0);

  // The API gives the same report as a 422 problem, and writes nothing.
  const api = await importApi(admin, 'enterprises', readFileSync(path));
  assert.equal(api.status, 422);
  assert.match(api.headers.get('content-type'), /application\/problem\+json/);
  assert.equal(api.body.imported, 0);
  assert.equal(api.body.rows, 5);
  assert.deepEqual(api.body.rejected.map((x) => [x.line, x.field]),
                   [[3, 'credit_code'], [5, 'region_code'],
                    [6, 'credit_code']]);
  assert.ok(api.body.rejected.every((x) => x.message.length > 0));
  assert.equal(await countByPrefix('91370701'), 0);
});

test('--partial writes the good rows and reports the bad ones', async () => {
  const rows = [1401, 1402, 1403].map((n) => creditCode(n, '370708'));
  const path = file(HEADER +
    `${rows[0]},部分导入甲,370702,规下,否,,\n` +
    `${rows[1]},部分导入乙,370702,中型,否,,\n` +   // bad scale
    `${rows[2]},部分导入丙,370703,规上,也许,,\n` +  // bad flag
    `${creditCode(1404, '370708')},部分导入丁,370703,规上,否,-5,\n`);
  const r = importCli('enterprises', path, '--partial');
  assert.equal(r.status, 1); // documented: 1 whenever a row was rejected
  assert.match(r.stdout, /imported 1 of 4 enterprises .*3 rows rejected/);
  assert.match(r.stderr, /:3: scale: '中型' is not one of/);
  assert.match(r.stderr, /:4: four_above: must be 是 or 否/);
  assert.match(r.stderr, /:5: employees: must be a whole number/);
  assert.equal(await countByPrefix('91370708'), 1);
  assert.equal((await enterpriseByCode(rows[0])).name, '部分导入甲');

  const api = await importApi(admin, 'enterprises',
    `credit_code,name,region_code,scale\n${creditCode(1405, '370708')},` +
    `API部分,370702,below\n${creditCode(1406, '370708')},,370702,below\n`,
    '?partial=1');
  assert.equal(api.status, 200);
  assert.equal(api.body.imported, 1);
  assert.deepEqual(api.body.rejected.map((x) => [x.line, x.field]),
                   [[3, 'name']]);
});

test('a quoted field with a comma and a line break survives, and later lines keep their numbers', async () => {
  const a = creditCode(1501), b = creditCode(1502);
  const path = file(HEADER +
    `${a},"潍坊,""金宇""有限公司",370705,规上,否,8,"奎文区\n东风街1号"\n` +
    `${b},下一行,370705,规上,否,8,\n` +                    // line 4
    `${creditCode(1503)},坏行,370705,规模,否,8,\n`);       // line 5
  const r = importCli('enterprises', path, '--partial');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /:5: scale:/);
  const e = await enterpriseByCode(a);
  assert.equal(e.name, '潍坊,"金宇"有限公司');
  // A line break inside a cell is Excel's wrapped text: single-line
  // fields keep the text with the break folded into a space.
  assert.equal(e.address, '奎文区 东风街1号');
  assert.equal((await enterpriseByCode(b)).name, '下一行');
});

test('departments, users and pairings import, resolving names to ids', async () => {
  const deps = importCli('departments', file(
    '部门名称,类型,所在地区代码,上级部门\n' +
    '潍坊市导入测试专员办,专员办,370700,\n' +
    '潍城区导入测试工信局,委办局,370702,潍坊市导入测试专员办\n'));
  assert.equal(deps.status, 0, deps.stderr);
  const list = await admin.get('/api/v1/departments?q=导入测试');
  const office = list.body.items.find((d) => d.name === '潍坊市导入测试专员办');
  const bureau = list.body.items.find((d) => d.name === '潍城区导入测试工信局');
  assert.equal(bureau.parent_id, office.id);

  // The same file again: each department exists in its region already.
  const again = importCli('departments', file(
    'name,kind,region_code\n潍坊市导入测试专员办,service_office,370700\n'));
  assert.equal(again.status, 1);
  assert.match(again.stderr, /:2: name: a department of this name exists/);

  const ent = creditCode(1601);
  assert.equal(importCli('enterprises', file(HEADER +
    `${ent},用户导入企业,370702,规下,否,,\n`)).status, 0);
  const users = importCli('users', file(
    '用户名,姓名,角色,所在地区代码,部门,所属企业信用代码,层级,电话\n' +
    'imp.zhang,张专员,服务专员,370702,,,镇级,13800000001\n' +
    'imp.li,李承办,handler,,潍城区导入测试工信局,,,\n' +
    `imp.qiye,企业联络员,enterprise,,,${ent},,\n` +
    'imp.wang,王专员,commissioner,370702,,,county,\n'));
  assert.equal(users.status, 0, users.stderr);
  const u = (await admin.get('/api/v1/users?q=imp.')).body.items;
  const byName = Object.fromEntries(u.map((x) => [x.username, x]));
  assert.equal(byName['imp.zhang'].role, 'commissioner');
  assert.equal(byName['imp.zhang'].level, 'town');
  assert.equal(byName['imp.li'].department_id, bureau.id);
  assert.equal(byName['imp.li'].region_code, '370702'); // its department's
  assert.equal(byName['imp.qiye'].enterprise_id,
               (await enterpriseByCode(ent)).id);
  for (const x of u) assert.equal(x.can_sign_in, false);
  // No password yet: an imported user cannot sign in.
  const c = new Client(srv);
  const signIn = await c.post('/api/v1/session',
                              { username: 'imp.zhang', password: '' });
  assert.equal(signIn.status >= 400, true);

  const badUsers = importCli('users', file(
    'username,role,region_code\nimp zhao,commissioner,370702\n' +
    'imp.zhou,leader,\nimp.zhang,commissioner,370702\n'));
  assert.equal(badUsers.status, 1);
  assert.match(badUsers.stderr, /:2: username: may hold only/);
  assert.match(badUsers.stderr, /:3: region_code: is required/);
  assert.match(badUsers.stderr, /:4: username: is taken/);

  const team = await admin.post('/api/v1/teams', {
    name: '导入测试小分队', leader_id: byName['imp.zhang'].id,
    region_code: '370702',
    member_ids: [byName['imp.zhang'].id, byName['imp.wang'].id] });
  assert.equal(team.status, 201, JSON.stringify(team.body));
  const pairings = importCli('pairings', file(
    '服务专员,小分队,统一社会信用代码,结对方式,开始日期,结束日期\n' +
    `imp.zhang,,${ent},一对一,2026/3/2,\n` +
    `,导入测试小分队,${ent},,2026-03-02,2026-12-31\n`));
  assert.equal(pairings.status, 0, pairings.stderr);
  const p = await admin.get(`/api/v1/pairings?enterprise_id=${
    (await enterpriseByCode(ent)).id}&ended=1`);
  const kinds = p.body.items.map((x) => [x.kind, x.user_id, x.team_id,
                                         x.starts_on, x.ends_on]);
  assert.deepEqual(kinds.sort(), [
    ['one_to_one', byName['imp.zhang'].id, null, '2026-03-02', null],
    ['team', null, team.body.id, '2026-03-02', '2026-12-31'],
  ].sort());

  const badPairs = importCli('pairings', file(
    'commissioner,credit_code\n' +
    `imp.zhang,${ent}\n` +                 // already paired
    `imp.li,${ent}\n` +                    // a handler
    `nobody,${ent}\n`));
  assert.equal(badPairs.status, 1);
  assert.match(badPairs.stderr, /:2: credit_code: is already paired/);
  assert.match(badPairs.stderr, /:3: commissioner: 'imp.li' is a handler/);
  assert.match(badPairs.stderr, /:4: commissioner: there is no user/);
});

test('an exported CSV imports into a fresh server as the same enterprises', async () => {
  // Text a spreadsheet would run as a formula is guarded on export ('=…)
  // and the guard is taken off again on import.
  const risky = creditCode(1801);
  assert.equal(importCli('enterprises', file(
    'credit_code,name,region_code,scale,contact_phone,contact_name\n' +
    `${risky},"=HYPERLINK(""http://x"")",370702,below,+86 536 8888,@张\n`))
    .status, 0);
  const r = await admin.get('/api/v1/exports/enterprises?format=csv');
  assert.ok(r.body.includes(`${risky},"'=HYPERLINK(""http://x"")"`));
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'),
               /^attachment; filename="enterprises-\d{8}\.csv"; filename\*=UTF-8''%E4%BC%81%E4%B8%9A%E5%8F%B0%E8%B4%A6-\d{8}\.csv$/);
  const raw = Buffer.from(r.body, 'utf8');
  assert.deepEqual(raw.subarray(0, 3), BOM);
  const rows = csvRows(r.body);
  assert.equal(rows[0][1], '统一社会信用代码');
  assert.equal(rows.length - 1, Number(r.headers.get('x-ledger-rows')));

  const fields = (e) => [e.credit_code, e.name, e.region_code,
    e.industry_code, e.scale, e.four_above, e.key, e.foreign_invested,
    e.foreign_trade, e.employees, e.address, e.contact_name,
    e.contact_phone, e.code_exception, e.disabled];
  const all = async (client) => {
    const out = [];
    let cursor = '';
    for (;;) {
      const page = await client.get(
        `/api/v1/enterprises?limit=500&disabled=1${cursor}`);
      out.push(...page.body.items.map(fields));
      if (!page.body.next_cursor) break;
      cursor = `&cursor=${page.body.next_cursor}`;
    }
    return out.sort((x, y) => x[0].localeCompare(y[0]));
  };

  const fresh = await startServer();
  try {
    const c = await adminClient(fresh);
    const imp = await importApi(c, 'enterprises', raw);
    assert.equal(imp.status, 200, JSON.stringify(imp.body));
    assert.equal(imp.body.imported, rows.length - 1);
    assert.ok(imp.body.ignored_columns.includes('编号'));
    assert.deepEqual(await all(c), await all(admin));
    // Lists mask phones; the admin's ledgers hold them whole, so compare
    // those (less the id and registration time a fresh server assigns).
    const ledger = async (client) => csvRows((await client.get(
      '/api/v1/exports/enterprises?format=csv&disabled=1')).body)
      .map((row) => row.slice(1, -1))
      .sort((x, y) => x[0].localeCompare(y[0]));
    assert.deepEqual(await ledger(c), await ledger(admin));
    const listed = await enterpriseByCode(risky, c);
    const e = (await c.get(`/api/v1/enterprises/${listed.id}`)).body;
    assert.deepEqual([e.name, e.contact_phone, e.contact_name],
                     ['=HYPERLINK("http://x")', '+86 536 8888', '@张']);
    assert.equal(listed.contact_phone, '+86 536 ****');
  } finally {
    await fresh.stop();
  }
});

test('an Excel export is a real xlsx with the Chinese headers', async () => {
  const r = await admin.get('/api/v1/exports/enterprises?format=xlsx');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'),
               'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(r.headers.get('content-disposition'), /filename\*=UTF-8''.*\.xlsx$/);
  assert.equal(r.body.subarray(0, 2).toString('latin1'), 'PK');
  const path = file(r.body, 'xlsx');
  assert.match(zipEntry(path, 'xl/sharedStrings.xml'), /统一社会信用代码/);
  assert.match(zipEntry(path, 'xl/workbook.xml'), /企业台账/);
  // The header row is frozen so it stays in view.
  assert.match(zipEntry(path, 'xl/worksheets/sheet1.xml'), /state="frozen"/);

  // The CLI writes the same kind of file, readable only by its owner.
  const out = join(srv.dir, 'cli-export.xlsx');
  const c = cli(['export', '--db', srv.db, '--kind', 'regions', '--format',
                 'xlsx', '--output', out]);
  assert.equal(c.status, 0, c.stderr);
  assert.match(zipEntry(out, 'xl/sharedStrings.xml'), /潍坊市/);
});

// Found by tests/fuzz/import: a reason quotes the cell cut to 40 bytes,
// which split a character here; the reason was then not UTF-8, and the
// report left the row out of its list.
test('a row rejected for a long Chinese cell is listed with its reason', async () => {
  const role = '服务专员'.repeat(4); // 48 bytes
  const r = await importApi(admin, 'users', `username,role\nimp.long,${role}\n`);
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.equal(r.body.rejected_rows, 1);
  assert.deepEqual(r.body.rejected.map((x) => [x.line, x.field]), [[2, 'role']]);
  assert.ok(r.body.rejected[0].message.startsWith(`'${role.slice(0, 13)}?'`),
            r.body.rejected[0].message);
});

// Found by tests/fuzz/request under UBSan: with no rows, the rows held
// back for the workbook were read from NULL + 0, which is undefined.
test('an Excel export with no rows is a workbook of the header row', async () => {
  const r = await admin.get('/api/v1/exports/pairings?format=xlsx'
                            + '&enterprise_id=999999999');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('x-ledger-rows'), '0');
  const sheet = zipEntry(file(r.body, 'xlsx'), 'xl/worksheets/sheet1.xml');
  assert.equal(sheet.match(/<row /g).length, 1);
});

test('exports are scoped: a dispatcher of 370700 exports only 370700 enterprises', async () => {
  const jinan = creditCode(1701, '370100');
  assert.equal(importCli('enterprises', file(HEADER +
    `${jinan},济南历下企业,370102,规上,否,,\n`)).status, 0);
  const d = await signInAs('disp.ledger', 'dispatcher', '370700');
  const r = await d.get('/api/v1/exports/enterprises?format=csv');
  assert.equal(r.status, 200);
  const rows = csvRows(r.body).slice(1);
  assert.ok(rows.length > 5);
  for (const row of rows) assert.match(row[3], /^3707/);
  assert.ok(!r.body.includes(jinan));
  // The admin sees Jinan's too; filters narrow either.
  const a = await admin.get('/api/v1/exports/enterprises?format=csv&region=370100');
  assert.deepEqual(csvRows(a.body).slice(1).map((x) => x[1]), [jinan]);
  const q = await d.get('/api/v1/exports/enterprises?format=csv&region=370100');
  assert.equal(csvRows(q.body).length, 1); // header only: out of scope

  // Every export is in the audit log, with who, format and row count.
  const details = auditDetails('export.enterprises');
  assert.ok(details.some((x) => x.format === 'csv' && x.rows === rows.length &&
                                x.filter.region === undefined));
  assert.ok(details.some((x) => x.filter.region === '370100' && x.rows === 1));
});

test('user ledgers never carry password hashes, and roles are checked', async () => {
  const r = await admin.get('/api/v1/exports/users?format=csv');
  assert.equal(r.status, 200);
  assert.ok(r.body.includes('admin'));
  assert.ok(!/argon2/.test(r.body));
  assert.equal(csvRows(r.body)[0].includes('可登录'), true);
  const x = await admin.get('/api/v1/exports/users?format=xlsx');
  const path = file(x.body, 'xlsx');
  assert.ok(!/argon2/.test(zipEntry(path, 'xl/sharedStrings.xml')));

  const ent = await signInAs('ent.ledger', 'enterprise', null,
    ['--enterprise', String((await enterpriseByCode(creditCode(1001))).id)]);
  assert.equal((await ent.get('/api/v1/exports/enterprises')).status, 403);
  const d = await signInAs('disp.ledger2', 'dispatcher', '370700');
  const imp = await importApi(d, 'enterprises', HEADER);
  assert.equal(imp.status, 403);
  assert.equal((await admin.get('/api/v1/exports/nonsense')).status, 404);
  assert.equal((await admin.get('/api/v1/exports/enterprises?format=pdf'))
    .status, 400);
  assert.equal((await importApi(admin, 'projects', HEADER)).status, 404);
  const json = await admin.post('/api/v1/imports/enterprises', { a: 1 });
  assert.equal(json.status, 400);
  assert.equal(auditDetails('export.users').length >= 2, true);
});

test('the API imports 2,000 rows and reports the counts', async () => {
  let body = 'credit_code,name,region_code,industry_code,scale,employees\n';
  for (let i = 0; i < 2000; i++) {
    body += `${creditCode(200000 + i, '370709')},批量企业${i},370705,C34,` +
            `${i % 2 ? 'above' : 'below'},${i}\n`;
  }
  const r = await importApi(admin, 'enterprises', body);
  assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 500));
  assert.equal(r.body.rows, 2000);
  assert.equal(r.body.imported, 2000);
  assert.equal(r.body.rejected_rows, 0);
  const e = await enterpriseByCode(creditCode(201234, '370709'));
  assert.equal(e.name, '批量企业1234');
  assert.equal(e.industry_code, '34'); // "C34" is division 34
  const audit = auditDetails('import.enterprises').at(-1);
  assert.deepEqual([audit.rows, audit.imported, audit.rejected], [2000, 2000, 0]);

  // The same file again: every row's code is registered now.
  const again = await importApi(admin, 'enterprises', body);
  assert.equal(again.status, 422);
  assert.equal(again.body.rejected.length, 2000);
  assert.equal(again.body.rejected[0].message, 'is already registered');
});

// The importer writes rows many to a statement; a taken code inside such
// a chunk must still be the rejection of its own row, and the rows around
// it written, with the lines that later duplicates name.
test('duplicates in a long file are reported on their own lines, wherever they fall among the rows written together', async () => {
  const code = (i) => creditCode(300000 + i, '370710');
  const registered = await importApi(admin, 'enterprises',
    `credit_code,name,region_code,scale\n${code(10)},先登记,370702,below\n`);
  assert.equal(registered.status, 200);
  const twins = { 20: 3, 45: 15, 70: 40, 135: 100 }; // row -> earlier row
  let body = 'credit_code,name,region_code,scale\n';
  for (let i = 0; i < 140; i++) {
    body += `${code(twins[i] ?? i)},多行${i},370702,below\n`;
  }
  const line = (i) => i + 2; // the header is line 1
  const expected = [
    [line(10), 'is already registered'],
    [line(20), `duplicates line ${line(3)} of this file`],
    [line(45), `duplicates line ${line(15)} of this file`],
    [line(70), `duplicates line ${line(40)} of this file`],
    [line(135), `duplicates line ${line(100)} of this file`],
  ];

  const whole = await importApi(admin, 'enterprises', body);
  assert.equal(whole.status, 422);
  assert.deepEqual(whole.body.rejected.map((x) => [x.line, x.message]),
                   expected);
  assert.equal(await countByPrefix('91370710'), 1);

  const part = await importApi(admin, 'enterprises', body, '?partial=1');
  assert.equal(part.status, 200);
  assert.equal(part.body.imported, 135);
  assert.deepEqual(part.body.rejected.map((x) => [x.line, x.message]),
                   expected);
  assert.equal(await countByPrefix('91370710'), 136);
  for (const i of [0, 9, 11, 31, 32, 44, 46, 69, 71, 100, 139]) {
    assert.equal((await enterpriseByCode(code(i))).name, `多行${i}`, `row ${i}`);
  }
  assert.equal((await enterpriseByCode(code(10))).name, '先登记');
});

test('the CLI export writes CSV to standard output and refuses bad usage', () => {
  const r = cli(['export', '--db', srv.db, '--kind', 'departments',
                 '--format', 'csv']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\uFEFF编号,部门名称,类型/);
  assert.match(r.stdout, /潍城区导入测试工信局/);
  assert.match(r.stderr, /exported \d+ rows of 部门台账/);
  assert.equal(cli(['export', '--db', srv.db, '--kind', 'nope']).status, 2);
  assert.equal(cli(['import', '--db', srv.db, '--kind', 'enterprises'])
    .status, 2);
  const missing = cli(['import', '--db', srv.db, '--kind', 'enterprises',
                       join(srv.dir, 'no-such.csv')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /Cannot open/);
  assert.ok(ADMIN.username);
});
