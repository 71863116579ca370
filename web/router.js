// router.js — client-side routes on the History API.
//
// A route is {path, render, title, roles?, public?, nav?}:
//   path    '/demands/:id' — ":name" matches one segment (into params);
//           a static segment beats a parameter, so '/demands/new' wins
//           over '/demands/:id' whatever the order.
//   roles   the roles that may open it (the registry in pages/index.js
//           fills this from the folder a route comes from).  The same path
//           may be registered by several roles with different pages.
//   public  true for pages shown without signing in (the sign-in page).
//
// The server answers every path without a dot with index.html, so a
// reload or a shared link opens the same page.  Links are plain <a
// href="/..."> elements: clicks on same-origin links are caught here (not
// with a modifier key, a target or a download attribute, nor /api/...).

let routes = [];
let listener = () => {};

export function setRoutes(list) {
  routes = list.map((r) => ({ ...r, parts: split(r.path) }));
}

function split(path) {
  return path.split('/').filter(Boolean);
}

// The best route for PATH that ROLE may open: {route, params}, or null.
// With no ROLE (signed out) only public routes match.
export function match(path, role) {
  const segs = split(path).map((s) => {
    try { return decodeURIComponent(s); } catch { return s; }
  });
  let best = null;
  let bestScore = -1;
  for (const r of routes) {
    if (r.parts.length !== segs.length) continue;
    if (!r.public && !(role && r.roles && r.roles.includes(role))) continue;
    const params = {};
    let score = 0;
    let ok = true;
    for (let i = 0; i < segs.length; i++) {
      const p = r.parts[i];
      if (p.startsWith(':')) { params[p.slice(1)] = segs[i]; score += 1; }
      else if (p === segs[i]) score += 2;
      else { ok = false; break; }
    }
    if (ok && score > bestScore) { best = { route: r, params }; bestScore = score; }
  }
  return best;
}

// Is PATH a page some role (not ROLE) could open?  Tells "not for you"
// from "no such page" — both show the 404 page, but sign-in redirects keep
// a path that exists.
export function exists(path) {
  return routes.some((r) => r.parts.length === split(path).length &&
    r.parts.every((p, i) => p.startsWith(':') || p === split(path)[i]));
}

export function location() {
  return {
    path: window.location.pathname,
    query: new URLSearchParams(window.location.search),
    href: window.location.pathname + window.location.search,
  };
}

// Go to URL (a path with an optional query).  REPLACE keeps the history
// entry.  Calls the listener (the app renders the page).
export function navigate(url, { replace = false, state = null } = {}) {
  if (replace) history.replaceState(state, '', url);
  else history.pushState(state, '', url);
  listener(location());
}

// Render the current location again (after a language switch).
export function refresh() {
  listener(location());
}

// PATH with the query built from OBJ (empty values left out).
export function withQuery(path, obj) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(obj || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

function onClick(e) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey ||
      e.shiftKey || e.altKey) return;
  const a = e.target.closest && e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, window.location.href);
  if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
  // A path with a dot is a file the server sends as it is.
  if (url.pathname.split('/').pop().includes('.')) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
}

// Start listening; FN(location) renders a location.
export function start(fn) {
  listener = fn;
  window.addEventListener('popstate', () => listener(location()));
  document.addEventListener('click', onClick);
  listener(location());
}
