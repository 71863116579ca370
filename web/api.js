// api.js — the one way pages talk to the server (/api/v1).
//
// The session lives in an HttpOnly cookie the browser sends by itself;
// this module keeps the CSRF token that came with it (from POST or GET
// /api/v1/session) and sends it as X-CSRF-Token on every request that is
// not a GET.  A 401 on any call but the session's own means the session
// has ended: the handler set with onUnauthorized (the app) goes to the
// sign-in page.  Failures throw ApiError with the problem+json fields.

const BASE = '/api/v1';
let csrf = null;
let unauthorized = () => {};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem?.title || '';
    this.detail = problem?.detail || '';
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
    this.retryAfter = problem?.retryAfter || null;
  }
}

export function setCsrf(token) { csrf = token || null; }
export function onUnauthorized(fn) { unauthorized = fn; }

function headersFor(method, extra) {
  const h = { Accept: 'application/json', ...extra };
  if (method !== 'GET' && method !== 'HEAD' && csrf) h['X-CSRF-Token'] = csrf;
  return h;
}

async function parse(res) {
  const type = res.headers.get('content-type') || '';
  if (res.status === 204) return null;
  if (type.includes('json')) {
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  }
  return res.text();
}

// request('GET', '/demands', {query: {status: 'open'}}) → parsed body.
// Options: query (object; empty values are left out), body (sent as JSON),
// quiet401 (do not treat a 401 as the end of the session).
export async function request(method, path, opts = {}) {
  let url = BASE + path;
  if (opts.query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query)) {
      if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    }
    const s = q.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  const init = { method, headers: headersFor(method), credentials: 'same-origin' };
  if (opts.body !== undefined) {
    init.body = JSON.stringify(opts.body);
    init.headers['Content-Type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch(url, init);
  } catch {
    throw new ApiError(0, { title: 'network' });
  }
  const body = await parse(res).catch(() => null);
  if (res.ok) return body;
  const problem = body && typeof body === 'object' ? body : { detail: String(body || '') };
  problem.retryAfter = res.headers.get('retry-after');
  const err = new ApiError(res.status, problem);
  if (res.status === 401 && !opts.quiet401) {
    csrf = null;
    unauthorized(err);
  }
  throw err;
}

export const api = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body: body ?? {} }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
};

// Upload FILE as the multipart part "file" to PATH, reporting progress
// (0..1) to ONPROGRESS.  XMLHttpRequest, because fetch cannot tell how
// much of a request body has gone.  Resolves with the parsed answer.
// OPTS.raw sends FILE itself as the body (Content-Type OPTS.type or the
// file's own), for routes such as POST /imports/{kind} that take a CSV.
// A rejected answer's parsed body is kept as err.body.
export function upload(path, file, onProgress, opts = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', BASE + path);
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      let body = null;
      try { body = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { /* text */ }
      if (xhr.status >= 200 && xhr.status < 300) {
        if (onProgress) onProgress(1);
        resolve(body);
        return;
      }
      const err = new ApiError(xhr.status, body || { detail: xhr.statusText });
      err.body = body;
      if (xhr.status === 401) { csrf = null; unauthorized(err); }
      reject(err);
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, { title: 'network' })));
    if (opts.raw) {
      xhr.setRequestHeader('Content-Type', opts.type || file.type || 'application/octet-stream');
      xhr.send(file);
      return;
    }
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

// ---------------------------------------------------------------- session
// Sign in; resolves {user, csrf_token} and keeps the token.
export async function signIn(username, password) {
  const r = await request('POST', '/session', { body: { username, password }, quiet401: true });
  setCsrf(r.csrf_token);
  return r;
}

// The signed-in session, or null when there is none.
export async function currentSession() {
  try {
    const r = await request('GET', '/session', { quiet401: true });
    setCsrf(r.csrf_token);
    return r;
  } catch (e) {
    if (e.status === 401) return null;
    throw e;
  }
}

// End the session on the server; forgets the token whatever happens.
export async function signOut() {
  try {
    await request('DELETE', '/session', { quiet401: true });
  } finally {
    setCsrf(null);
  }
}

// Read every page of a cursor list, for short reference lists (regions,
// departments, pairings).  A list that grows with the demands is paged
// (pages/dispatcher/paging.js) and counted by the server (count=true).
export async function getAll(path, query = {}, max = 2000) {
  const items = [];
  let cursor = null;
  do {
    const r = await api.get(path, { ...query, limit: 500, cursor });
    items.push(...r.items);
    cursor = r.next_cursor;
  } while (cursor && items.length < max);
  return items;
}
