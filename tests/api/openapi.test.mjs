// The OpenAPI document and the route table describe the same API: every
// route is documented with who may call it, every documented operation is
// routed by the running server, and nothing else is.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { Client, startServer } from './harness.mjs';

const ROOT = new URL('../../', import.meta.url);
const ROLE_SETS = {
  ALL: ['enterprise', 'commissioner', 'dispatcher', 'handler', 'supervisor',
        'leader', 'admin'],
  STAFF: ['commissioner', 'dispatcher', 'handler', 'supervisor', 'leader',
          'admin'],
  ADMIN: ['admin'],
  REGISTRARS: ['admin', 'dispatcher'],
  DISPATCHER: ['dispatcher'],
  HANDLER: ['handler'],
  SUPERVISOR: ['supervisor'],
  PARTIES: ['enterprise', 'commissioner'],
  SUBMITTERS: ['enterprise', 'commissioner', 'dispatcher'],
  COMMENTERS: ['enterprise', 'commissioner', 'dispatcher', 'handler',
               'supervisor', 'admin'],
};

// Every route line of src/http/routes.c: {"GET", "/api/v1/x", h, ACCESS_ROLES, ALL, false}
function routeTable() {
  const src = readFileSync(new URL('src/http/routes.c', ROOT), 'utf8');
  const re = /\{"(GET|POST|PUT|PATCH|DELETE)",\s*"([^"]+)",\s*\w+,\s*(ACCESS_\w+),\s*([^,]+),\s*(true|false)\}/g;
  const out = [];
  for (const m of src.matchAll(re)) {
    const roles = m[3] === 'ACCESS_PUBLIC' ? 'public'
      : m[4].trim().split('|').flatMap((s) => {
        const bit = /ROLE_BIT\(ROLE_(\w+)\)/.exec(s);
        const name = s.trim().replace(/^\(+|\)+$/g, '');
        if (bit) return [bit[1].toLowerCase()];
        assert.ok(ROLE_SETS[name], `unknown role set ${name} in routes.c`);
        return ROLE_SETS[name];
      }).filter((r, i, all) => all.indexOf(r) === i);
    out.push({ method: m[1], path: m[2], roles, testOnly: m[5] === 'true' });
  }
  return out;
}

let srv, doc;
before(async () => {
  srv = await startServer({ testClock: true });
  doc = (await new Client(srv).get('/api/v1/openapi.json')).body;
});
after(async () => { await srv?.stop(); });

function documented() {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      if (item[method]) ops.push({ method: method.toUpperCase(), path, op: item[method] });
    }
  }
  return ops;
}

test('the document is OpenAPI 3.1 served as JSON', () => {
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.info.title);
  assert.ok(Object.keys(doc.paths).length > 10);
});

test('the route table is read from routes.c', () => {
  assert.ok(routeTable().length > 10);
});

test('every route is documented, and every documented operation is a route', () => {
  const key = (r) => `${r.method} ${r.path.replace(/^\/api\/v1/, '')}`;
  const routes = routeTable().map(key).sort();
  const ops = documented().map(key).sort();
  assert.deepEqual(ops, routes);
});

test('the document names who may call each operation, as the route table does', () => {
  const ops = new Map(documented().map((o) => [`${o.method} /api/v1${o.path}`, o.op]));
  for (const r of routeTable()) {
    const op = ops.get(`${r.method} ${r.path}`);
    const roles = op['x-qitong-roles'];
    if (r.roles === 'public') assert.equal(roles, 'public', `${r.method} ${r.path}`);
    else assert.deepEqual([...roles].sort(), [...r.roles].sort(), `${r.method} ${r.path}`);
  }
});

test('every operation documents its success and problem responses', () => {
  for (const { method, path, op } of documented()) {
    const codes = Object.keys(op.responses || {});
    assert.ok(codes.some((c) => c.startsWith('2')), `${method} ${path} has no 2xx`);
    assert.ok(op.summary, `${method} ${path} has no summary`);
  }
});

test('the running server routes every documented operation', async () => {
  const c = new Client(srv);
  for (const { method, path } of documented()) {
    const concrete = '/api/v1' + path.replace(/\{[^}]+\}/g, '1');
    const r = await c.request(method, concrete, method === 'GET' ? undefined : {});
    // Unrouted paths answer 404 "No such API path" or 405; anything else
    // (401, 400, 422, 200...) proves the route exists.
    assert.notEqual(r.status, 405, `${method} ${concrete}`);
    assert.ok(!(r.status === 404 && /No such API path/.test(r.body?.detail)),
              `${method} ${concrete} is not routed`);
  }
});
