// static.test.mjs — the web UI's rules that need no browser: the two
// message tables have the same keys and hold every key the code uses; no
// markup is built from strings; index.html has no inline script or style;
// everything the UI loads (its modules and ECharts) is served by qitong
// with the right type and the CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, startServer } from './harness.mjs';

const WEB = join(ROOT, 'web');

function files(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else out.push(p);
  }
  return out;
}

const sources = files(WEB).filter((f) => f.endsWith('.js'));

test('zh-CN and en have the same keys, none empty', async () => {
  const zh = (await import(join(WEB, 'i18n/zh-CN.js'))).default;
  const en = (await import(join(WEB, 'i18n/en.js'))).default;
  assert.deepEqual(Object.keys(en).sort(), Object.keys(zh).sort());
  for (const [k, v] of [...Object.entries(zh), ...Object.entries(en)]) {
    assert.ok(typeof v === 'string' && v.length, `empty message ${k}`);
  }
  // The same {params} on both sides.
  const params = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const k of Object.keys(zh)) {
    assert.deepEqual(params(en[k]), params(zh[k]), `params of ${k}`);
  }
});

test('every literal message key in web/ exists', async () => {
  const zh = (await import(join(WEB, 'i18n/zh-CN.js'))).default;
  const missing = [];
  for (const f of sources) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/\bt\('([\w.-]+)'/g)) {
      if (!(m[1] in zh)) missing.push(`${relative(ROOT, f)}: ${m[1]}`);
    }
    // Route titles and nav labels are keys too.
    for (const m of src.matchAll(/\b(?:title|label): '([\w-]+\.[\w.-]+)'/g)) {
      if (!(m[1] in zh)) missing.push(`${relative(ROOT, f)}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('no markup from strings, no eval', () => {
  const bad = /\.innerHTML\b|\.outerHTML\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(|setTimeout\(\s*['"`]/;
  for (const f of sources) {
    const lines = readFileSync(f, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim().startsWith('//')) return;
      assert.ok(!bad.test(line), `${relative(ROOT, f)}:${i + 1}: ${line.trim()}`);
    });
  }
});

test('index.html has no inline script, style or handlers', () => {
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    assert.match(m[0], /\bsrc=/, 'a script without src');
    assert.equal(m[1].trim(), '', 'an inline script');
  }
  assert.doesNotMatch(html, /<style\b/);
  assert.doesNotMatch(html, /\sstyle=/);
  assert.doesNotMatch(html, /\son[a-z]+=/);
});

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('the server sends every web file and the CSP', async () => {
  const r = await fetch(`${server.base}/demands/new`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /style-src 'self'/);
  for (const f of files(WEB).filter((x) => !x.endsWith('.md'))) {
    const path = `/${relative(WEB, f)}`;
    const res = await fetch(server.base + path);
    assert.equal(res.status, 200, path);
    const want = f.endsWith('.js') ? /^text\/javascript/ : f.endsWith('.css') ? /^text\/css/ : /./;
    assert.match(res.headers.get('content-type'), want, path);
    assert.equal(Buffer.from(await res.arrayBuffer()).length, statSync(f).size, path);
  }
});

test('ECharts is served by qitong, byte for byte the npm file', async () => {
  const npm = readFileSync(join(ROOT, 'node_modules/echarts/dist/echarts.esm.min.js'));
  const res = await fetch(`${server.base}/vendor/echarts.esm.min.js`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/javascript/);
  const body = Buffer.from(await res.arrayBuffer());
  assert.equal(body.length, npm.length);
  assert.ok(body.equals(npm));
});

test('relative imports in web/ name files that exist', () => {
  for (const f of sources) {
    const src = readFileSync(f, 'utf8').split('\n')
      .filter((l) => !l.trim().startsWith('//')).join('\n');
    for (const m of src.matchAll(/(?:import|from)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = join(f, '..', m[1]);
      assert.ok(statSync(target, { throwIfNoEntry: false }), `${relative(ROOT, f)} imports ${m[1]}`);
    }
  }
});
