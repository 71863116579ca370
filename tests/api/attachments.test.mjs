// Attachments (附件) of demands over real HTTP: multipart upload, list and
// download; types judged by content; size and count limits; the files
// directory keeping each content once; scope (404 outside it); and the
// timeline entry each upload leaves.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  Client, adminClient, creditCode, problemFields, rawHttp, startServer,
} from './harness.mjs';

const PASSWORD = 'Attach-pass-2026';
const MiB = 1024 * 1024;

// Tiny files with valid signatures: the server judges by these bytes.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0', 'latin1'),
  Buffer.from([0x00, 0xff, 0x10, 0x80]), // binary bytes, NUL included
]);
const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]);
const EXE = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);
const HTML = Buffer.from('<!doctype html><script>alert(1)</script>');

let srv;
let admin;
const w = {};  // the world: records by name
const as = {}; // signed-in clients by name

async function created(path, body) {
  const r = await admin.post(path, body);
  assert.equal(r.status, 201, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function account(username, role, extra) {
  await created('/api/v1/users', {
    username, display_name: username, role, password: PASSWORD, ...extra,
  });
  const c = new Client(srv);
  await c.signIn(username, PASSWORD);
  return c;
}

async function submit(client, title) {
  const r = await client.post('/api/v1/demands', {
    category: 'labour', title, content: `${title}：需要协调解决。`,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

// POST a multipart form the way a browser does (fetch builds the body
// and its boundary).  FILES: [name, bytes] pairs, all as field "file".
async function upload(client, demandId, files, extra = {}) {
  const form = new FormData();
  for (const [name, bytes] of files) {
    form.append('file', new Blob([bytes]), name);
  }
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  return send(client, demandId, form, {});
}

// POST BODY (FormData, Buffer or string) with HEADERS as CLIENT.
async function send(client, demandId, body, headers) {
  const h = { ...headers };
  if (client.cookie) h.cookie = client.cookie;
  if (client.csrf) h['x-csrf-token'] = client.csrf;
  const r = await fetch(
    `${client.base}/api/v1/demands/${demandId}/attachments`,
    { method: 'POST', headers: h, body });
  const text = await r.text();
  return { status: r.status, headers: r.headers,
           body: text ? JSON.parse(text) : null };
}

const uploadOne = (client, demandId, name, bytes) =>
  upload(client, demandId, [[name, bytes]]);

// Every blob in the files directory (temporaries excluded).
function blobs() {
  const out = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (!e.name.startsWith('.tmp-')) out.push(e.name);
    }
  };
  walk(srv.files);
  return out.sort();
}

before(async () => {
  srv = await startServer();
  admin = await adminClient(srv);
  w.dept = await created('/api/v1/departments', {
    name: '潍坊市人力资源和社会保障局', kind: 'bureau', region_code: '370700',
  });
  w.e1 = await created('/api/v1/enterprises', {
    credit_code: creditCode(11, '370702'), name: '潍坊附件一号有限公司',
    region_code: '370702', scale: 'above',
  });
  w.e2 = await created('/api/v1/enterprises', {
    credit_code: creditCode(12, '370702'), name: '潍坊附件二号有限公司',
    region_code: '370702', scale: 'above',
  });
  as.ent = await account('att-ent1', 'enterprise', { enterprise_id: w.e1.id });
  as.other = await account('att-ent2', 'enterprise',
                           { enterprise_id: w.e2.id });
  as.dispatcher = await account('att-dispatch', 'dispatcher',
                                { region_code: '370700' });
  as.handler = await account('att-handler', 'handler',
                             { department_id: w.dept.id });
  as.leader = await account('att-leader', 'leader', { region_code: '370700' });
  w.d1 = await submit(as.ent, '招工困难，需要人社局协调');
  const r = await as.dispatcher.post(`/api/v1/demands/${w.d1.id}/assign`,
                                     { lead_department_id: w.dept.id });
  assert.equal(r.status, 200, JSON.stringify(r.body));
});
after(async () => { await srv?.stop(); });

describe('upload and download', () => {
  test('a PDF and a PNG come back byte-identical, typed', async () => {
    for (const [name, bytes, mime] of [['营业执照.pdf', PDF, 'application/pdf'],
                                       ['现场照片.png', PNG, 'image/png']]) {
      const up = await uploadOne(as.ent, w.d1.id, name, bytes);
      assert.equal(up.status, 201, JSON.stringify(up.body));
      assert.equal(up.body.name, name);
      assert.equal(up.body.mime, mime);
      assert.equal(up.body.size, bytes.length);
      assert.match(up.body.sha256, /^[0-9a-f]{64}$/);
      const r = await as.ent.get(`/api/v1/attachments/${up.body.id}`);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), mime);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.match(r.headers.get('content-disposition'),
                   /^attachment; filename="[^"]*"; filename\*=UTF-8''/);
      assert.ok(r.headers.get('content-disposition')
        .endsWith(`filename*=UTF-8''${encodeURIComponent(name)}`));
      assert.deepEqual(Buffer.from(r.body), bytes);
    }
  });

  test('the list shows each attachment with its fields', async () => {
    const r = await as.ent.get(`/api/v1/demands/${w.d1.id}/attachments`);
    assert.equal(r.status, 200);
    const pdf = r.body.items.find((x) => x.name === '营业执照.pdf');
    assert.ok(pdf);
    for (const k of ['id', 'name', 'mime', 'size', 'sha256', 'uploaded_by',
                     'uploaded_at']) {
      assert.ok(k in pdf, k);
    }
    assert.match(pdf.uploaded_at, /\+08:00$/);
    assert.equal(r.body.next_cursor, null);
  });

  test('the same content uploaded twice is stored once', async () => {
    const bytes = Buffer.from('同一份说明，上传两次。\n');
    const before = blobs().length;
    const a = await uploadOne(as.ent, w.d1.id, '说明.txt', bytes);
    const b = await uploadOne(as.ent, w.d1.id, '说明-副本.txt', bytes);
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.notEqual(a.body.id, b.body.id);
    assert.equal(a.body.sha256, b.body.sha256);
    const after = blobs();
    assert.equal(after.length, before + 1);
    assert.equal(after.filter((x) => x === a.body.sha256).length, 1);
    const r = await as.ent.get(`/api/v1/attachments/${b.body.id}`);
    assert.equal(r.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(r.body, bytes.toString('utf8'));
  });

  test('the blob lives at DIR/ab/cd/<sha256>', async () => {
    const up = await uploadOne(as.ent, w.d1.id, 'layout.txt', 'layout\n');
    const h = up.body.sha256;
    assert.ok(existsSync(join(srv.files, h.slice(0, 2),
                              h.slice(2, 4), h)));
  });

  test('a path-traversal name is stored as its base name', async () => {
    const up = await uploadOne(as.ent, w.d1.id, '../../etc/passwd',
                               'root:x:0:0\n');
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.equal(up.body.name, 'passwd');
    assert.ok(!existsSync(join(srv.dir, 'etc')));
  });

  test('the upload appears in the demand timeline', async () => {
    const up = await uploadOne(as.ent, w.d1.id, '时间线.pdf', PDF);
    const r = await as.ent.get(`/api/v1/demands/${w.d1.id}`);
    assert.equal(r.status, 200);
    const ev = r.body.timeline.find(
      (e) => e.action === 'attach' && e.data?.attachment_id === up.body.id);
    assert.ok(ev, JSON.stringify(r.body.timeline));
    assert.equal(ev.note, '时间线.pdf');
    assert.equal(ev.actor_role, 'enterprise');
    assert.equal(ev.from, r.body.status);
    assert.equal(ev.to, r.body.status);
  });
});

// Names that try to leave the files directory, or to look like something
// else, sent as raw multipart bytes so that nothing on the way cleans them
// first.  Whatever the name, the bytes land as DIR/ab/cd/<sha256> and
// nowhere else, and the stored name is the cleaned last component.
describe('hostile file names', () => {
  const form = (filename, bytes) => Buffer.concat([
    Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; ' +
                'filename="'),
    Buffer.isBuffer(filename) ? filename : Buffer.from(filename),
    Buffer.from('"\r\nContent-Type: application/octet-stream\r\n\r\n'),
    bytes, Buffer.from('\r\n--b--\r\n')]);
  let demand;
  before(async () => { demand = await submit(as.ent, '附件名称的边界情况'); });
  const post = (filename, bytes) => send(as.ent, demand.id,
    form(filename, bytes),
    { 'content-type': 'multipart/form-data; boundary=b' });

  // Every file under DIR, as paths relative to it.
  function tree(dir) {
    const out = [];
    const walk = (sub) => {
      for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
        const rel = sub ? `${sub}/${e.name}` : e.name;
        if (e.isDirectory()) walk(rel);
        else out.push(rel);
      }
    };
    if (existsSync(dir)) walk('');
    return out.sort();
  }

  const rtl = '\u202E';
  for (const [what, filename, stored] of [
    ['a relative path up two levels', '../../etc/passwd.txt', 'passwd.txt'],
    ['a Windows path up two levels', '..\\..\\x.txt', 'x.txt'],
    ['an absolute path', '/etc/cron.d/evil.txt', 'evil.txt'],
    ['an absolute Windows path', 'C:\\Windows\\System32\\evil.txt', 'evil.txt'],
    ['a percent-encoded path (kept as text, never decoded)',
     '%2e%2e%2f%2e%2e%2fetc%2fpasswd.txt', '%2e%2e%2f%2e%2e%2fetc%2fpasswd.txt'],
    ['only dots', '..', '附件'],
    ['a trailing separator', '../../', '附件'],
    ['a right-to-left override', `报告${rtl}txt.exe.txt`, '报告txt.exe.txt'],
    ['other bidirectional marks', 'a\u200Eb\u2066c\u2069.txt', 'abc.txt'],
    ['SQL in the name', "x'); DROP TABLE attachment;--.txt",
     "x'); DROP TABLE attachment;--.txt"],
  ]) {
    test(`${what}: stored as ${JSON.stringify(stored)}`, async () => {
      const bytes = Buffer.from(`内容：${what}\n`);
      const r = await post(filename, bytes);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.name, stored);
      const back = await as.ent.get(`/api/v1/attachments/${r.body.id}`);
      assert.equal(back.status, 200);
      assert.equal(back.body, bytes.toString('utf8'));
      assert.ok(back.headers.get('content-disposition')
        .endsWith(`filename*=UTF-8''${encodeURIComponent(stored)
          .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16)
            .toUpperCase())}`), back.headers.get('content-disposition'));
    });
  }

  test('a name of 1,000 characters is cut to 200, keeping ".pdf"', async () => {
    const r = await post(`${'长'.repeat(996)}.pdf`, PDF);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.name, `${'长'.repeat(196)}.pdf`);
    assert.equal(r.body.mime, 'application/pdf');
  });

  test('a NUL byte in the name is 400 and stores nothing', async () => {
    const before = blobs();
    const r = await post(Buffer.from('a\0../../b.txt'), Buffer.from('nul\n'));
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.deepEqual(blobs(), before);
  });

  test('a name that is not UTF-8 is 400 naming "file"', async () => {
    const r = await post(Buffer.from([0x2e, 0x2e, 0x2f, 0xc3, 0x28, 0x2e,
                                      0x74, 0x78, 0x74]), Buffer.from('x\n'));
    assert.equal(r.status, 400, JSON.stringify(r.body));
  });

  test('every file is DIR/ab/cd/<sha256>, and nothing is outside DIR', async () => {
    const files = tree(srv.files);
    assert.ok(files.length > 0);
    for (const f of files) {
      assert.match(f, /^([0-9a-f]{2})\/([0-9a-f]{2})\/\1\2[0-9a-f]{60}$/, f);
    }
    // Beside DIR: only the database (a SQLite file and its journals) and
    // DIR itself; inside DIR's parent nothing named after the uploads.
    for (const e of readdirSync(srv.dir)) {
      assert.match(e, /^qitong\.(db(-wal|-shm|-journal)?|db\.files|files)$/, e);
    }
  });
});

describe('types are judged by content', () => {
  for (const [what, bytes] of [['an ELF binary', ELF], ['a Windows .exe', EXE],
                               ['an HTML page', HTML]]) {
    test(`${what} called .pdf is 422 on "file"`, async () => {
      const before = blobs();
      const r = await uploadOne(as.ent, w.d1.id, 'invoice.pdf', bytes);
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.deepEqual(problemFields(r), ['file']);
      assert.deepEqual(blobs(), before);
    });
  }

  // Found by tests/fuzz/attachment: the message quotes the extension cut
  // to 16 bytes, which split a Chinese character; the message was then
  // not UTF-8 and the problem went out with no entry for "file".
  test('text under a long Chinese extension is 422 naming it', async () => {
    const r = await uploadOne(as.ent, w.d1.id, '说明.文本文件的扩展名',
                              Buffer.from('企业反映的问题'));
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.deepEqual(problemFields(r), ['file']);
    assert.match(r.body.errors[0].message, /name says \.文本文件的\?;/);
  });
});

describe('limits', () => {
  test('a file over 10 MiB is 413 and nothing is stored', async () => {
    const before = blobs();
    const list = await as.ent.get(`/api/v1/demands/${w.d1.id}/attachments`);
    const big = Buffer.alloc(10 * MiB + 1, 0x41); // valid text, just too big
    const r = await uploadOne(as.ent, w.d1.id, 'big.txt', big);
    assert.equal(r.status, 413, JSON.stringify(r.body));
    assert.deepEqual(blobs(), before);
    const again = await as.ent.get(`/api/v1/demands/${w.d1.id}/attachments`);
    assert.equal(again.body.items.length, list.body.items.length);
  });

  test('a body announced past the cap is 413 before it is read', async () => {
    // Send only the head: the server must answer from Content-Length
    // alone, without waiting for (or buffering) 12 MiB.
    const head = [
      `POST /api/v1/demands/${w.d1.id}/attachments HTTP/1.1`,
      `Host: 127.0.0.1:${srv.port}`, `Cookie: ${as.ent.cookie}`,
      `X-CSRF-Token: ${as.ent.csrf}`,
      'Content-Type: multipart/form-data; boundary=x',
      `Content-Length: ${12 * MiB}`, '', ''].join('\r\n');
    const reply = await new Promise((ok, fail) => {
      const sock = connect(srv.port, '127.0.0.1', () => sock.write(head));
      let got = '';
      sock.on('data', (d) => {
        got += d;
        if (got.includes('\r\n\r\n')) sock.destroy();
      });
      sock.on('close', () => ok(got));
      sock.on('error', fail);
    });
    assert.match(reply, /^HTTP\/1\.1 413 /);
  });

  test('exactly 10 MiB is accepted', async () => {
    const r = await uploadOne(as.ent, w.d1.id, 'ten.txt',
                              Buffer.alloc(10 * MiB, 0x42));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.size, 10 * MiB);
  });

  test('the 21st attachment of a demand is 409', async () => {
    const d = await submit(as.ent, '附件数量上限测试');
    for (let i = 1; i <= 20; i++) {
      const r = await uploadOne(as.ent, d.id, `第${i}份.txt`, `第${i}份\n`);
      assert.equal(r.status, 201, `#${i}: ${JSON.stringify(r.body)}`);
    }
    const before = blobs();
    const r = await uploadOne(as.ent, d.id, '第21份.txt', '第21份\n');
    assert.equal(r.status, 409, JSON.stringify(r.body));
    assert.deepEqual(blobs(), before);
    const list = await as.ent.get(`/api/v1/demands/${d.id}/attachments`);
    assert.equal(list.body.items.length, 20);
  });
});

describe('malformed uploads are 400', () => {
  test('a form without a file part', async () => {
    const form = new FormData();
    form.append('note', 'no file here');
    const r = await send(as.ent, w.d1.id, form, {});
    assert.equal(r.status, 400, JSON.stringify(r.body));
  });

  test('an empty form field list', async () => {
    const r = await send(as.ent, w.d1.id, '--b--\r\n',
                         { 'content-type': 'multipart/form-data; boundary=b' });
    assert.equal(r.status, 400, JSON.stringify(r.body));
  });

  test('two files in one request', async () => {
    const r = await upload(as.ent, w.d1.id, [['a.pdf', PDF], ['b.png', PNG]]);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.deepEqual(problemFields(r), ['file']);
  });

  test('a body whose boundary does not match the Content-Type', async () => {
    const body = '--right\r\nContent-Disposition: form-data; name="file";' +
      ' filename="a.txt"\r\n\r\nhello\r\n--right--\r\n';
    const r = await send(as.ent, w.d1.id, body, {
      'content-type': 'multipart/form-data; boundary=wrong',
    });
    assert.equal(r.status, 400, JSON.stringify(r.body));
  });

  test('a body cut off before its closing boundary', async () => {
    const body = '--b\r\nContent-Disposition: form-data; name="file";' +
      ' filename="a.txt"\r\n\r\nhello, and then nothing';
    const r = await send(as.ent, w.d1.id, body,
                         { 'content-type': 'multipart/form-data; boundary=b' });
    assert.equal(r.status, 400, JSON.stringify(r.body));
  });

  test('a Content-Type without a boundary, or not multipart', async () => {
    for (const type of ['multipart/form-data', 'multipart/form-data; boundary=',
                        `multipart/form-data; boundary=${'b'.repeat(71)}`,
                        'multipart/form-data; boundary="a<b>"',
                        'application/json']) {
      const r = await send(as.ent, w.d1.id, '{}', { 'content-type': type });
      assert.equal(r.status, 400, `${type}: ${JSON.stringify(r.body)}`);
    }
  });
});

describe('who may see and add attachments', () => {
  let att;
  before(async () => {
    att = (await uploadOne(as.ent, w.d1.id, 'scope.pdf', PDF)).body;
  });

  test("another enterprise's user: 404 on list, upload, download", async () => {
    const list = await as.other.get(`/api/v1/demands/${w.d1.id}/attachments`);
    assert.equal(list.status, 404);
    const up = await uploadOne(as.other, w.d1.id, 'x.pdf', PDF);
    assert.equal(up.status, 404);
    const get = await as.other.get(`/api/v1/attachments/${att.id}`);
    assert.equal(get.status, 404);
    const none = await as.other.get('/api/v1/attachments/999999');
    assert.equal(none.status, 404);
  });

  test('a handler of the lead department can download and add', async () => {
    const r = await as.handler.get(`/api/v1/attachments/${att.id}`);
    assert.equal(r.status, 200);
    assert.deepEqual(Buffer.from(r.body), PDF);
    const up = await uploadOne(as.handler, w.d1.id, '答复材料.pdf', PDF);
    assert.equal(up.status, 201, JSON.stringify(up.body));
  });

  test('a leader can read but not add', async () => {
    const r = await as.leader.get(`/api/v1/attachments/${att.id}`);
    assert.equal(r.status, 200);
    const up = await uploadOne(as.leader, w.d1.id, 'x.pdf', PDF);
    assert.equal(up.status, 403);
  });

  test('a withdrawn demand takes no more files (409)', async () => {
    const d = await submit(as.ent, '撤回后不能再上传附件');
    const wd = await as.ent.post(`/api/v1/demands/${d.id}/withdraw`);
    assert.equal(wd.status, 200, JSON.stringify(wd.body));
    const up = await uploadOne(as.ent, d.id, 'late.pdf', PDF);
    assert.equal(up.status, 409, JSON.stringify(up.body));
  });

  test('uploads need the CSRF token of a cookie session', async () => {
    const c = new Client(srv);
    c.cookie = as.ent.cookie;
    const up = await uploadOne(c, w.d1.id, 'x.pdf', PDF);
    assert.equal(up.status, 403);
  });
});

// Issue 6: the body of an upload (up to 10 MiB) was read in full before
// anyone asked who was sending it.  Now the head alone decides: the
// caller, the role, the CSRF token and the demand (in scope, open, with
// room) are checked before a byte of the body is read, so each of these
// answers comes back while the client has sent the head only.
describe('an upload is refused on its head, before its body is read', () => {
  const head = (client, demandId, extra = []) => [
    `POST /api/v1/demands/${demandId}/attachments HTTP/1.1`,
    `Host: 127.0.0.1:${srv.port}`,
    ...(client?.cookie ? [`Cookie: ${client.cookie}`] : []),
    ...(client?.csrf ? [`X-CSRF-Token: ${client.csrf}`] : []),
    'Content-Type: multipart/form-data; boundary=b',
    `Content-Length: ${10 * MiB}`, ...extra, '', ''].join('\r\n');
  let withdrawn;
  before(async () => {
    withdrawn = await submit(as.ent, '撤回后上传的请求头就被拒绝');
    const r = await as.ent.post(`/api/v1/demands/${withdrawn.id}/withdraw`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });

  for (const [what, who, demand, status] of [
    ['nobody signed in', () => null, () => w.d1.id, 401],
    ['a stale session', () => ({ cookie: 'qt_session=' + 'x'.repeat(43) }),
     () => w.d1.id, 401],
    ['a cookie without its CSRF token',
     () => ({ cookie: as.ent.cookie }), () => w.d1.id, 403],
    ['a leader (read-only)', () => as.leader, () => w.d1.id, 403],
    ["another enterprise's user", () => as.other, () => w.d1.id, 404],
    ['a demand that does not exist', () => as.ent, () => 999999, 404],
    ['a withdrawn demand', () => as.ent, () => withdrawn.id, 409],
  ]) {
    test(`${what}: ${status} with 10 MiB announced and none sent`, async (t) => {
      const r = await rawHttp(srv, head(who(), demand()));
      t.diagnostic(`answered in ${r.ms} ms`);
      assert.match(r.text, new RegExp(`^HTTP/1\\.1 ${status} `), r.text);
      assert.match(r.text, /\r\ncontent-type: application\/problem\+json/i);
      assert.match(r.text, /\r\nconnection: close/i);
      assert.ok(r.ms < 4000, `${r.ms} ms`);
    });
  }

  test('an allowed upload is read: 100 Continue, then 201', async () => {
    // The same head from someone who may upload gets "go on" instead of
    // an answer, and the body then goes through the usual handler.
    const body = Buffer.concat([
      Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; ' +
                  'filename="continue.pdf"\r\n\r\n'),
      PDF, Buffer.from('\r\n--b--\r\n')]);
    const r = await new Promise((ok, fail) => {
      const req = httpRequest(`${srv.base}/api/v1/demands/${w.d1.id}/attachments`, {
        method: 'POST',
        headers: { cookie: as.ent.cookie, 'x-csrf-token': as.ent.csrf,
                   'content-type': 'multipart/form-data; boundary=b',
                   'content-length': body.length,
                   expect: '100-continue' },
      }, (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => ok({ status: res.statusCode, continued,
                                 body: JSON.parse(text) }));
      });
      let continued = false;
      req.on('continue', () => { continued = true; req.end(body); });
      req.on('error', fail);
      req.setTimeout(10000, () => req.destroy(new Error('timed out')));
    });
    assert.ok(r.continued);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.name, 'continue.pdf');
  });

  test('the server still serves after refusing them', async () => {
    const r = await as.ent.get(`/api/v1/demands/${w.d1.id}/attachments`);
    assert.equal(r.status, 200);
  });
});
