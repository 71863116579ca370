// app.js — the application: who is signed in, the shell (header,
// navigation by role, main area), and rendering each route into it.
//
// Pages do not live here: they are route objects in web/pages/<role>/
// registered in web/pages/index.js (see web/README.md).
import { currentSession, onUnauthorized, signOut } from './api.js';
import { t, lang, setLang, onLangChange } from './i18n/index.js';
import { allRoutes, homeFor, navFor, roleModule } from './pages/index.js';
import { notFoundPage } from './pages/common.js';
import { exists, location, match, navigate, refresh, setRoutes, start, withQuery } from './router.js';
import { h, clear, icon, spinner, errorBox, toast } from './ui.js';

// What the app knows: the signed-in user ({id, username, display_name,
// role, enterprise_id, ...} from /api/v1/session) and a subtitle (the
// user's enterprise or department), or null when signed out.
const state = { user: null, org: null };
let shellKey = null;   // user id + language the shell was drawn for
let renderSeq = 0;     // drops a slow page that has been navigated away from
let rendered = false;  // after the first page, focus follows navigation

const root = document.getElementById('app');

export function currentUser() {
  return state.user;
}

// Called by the sign-in page.
export async function signedIn(user, next) {
  state.user = user;
  state.org = null;
  loadOrg();
  // Only a page of this app for this role: never another origin.
  const target = next && next.startsWith('/') && !next.startsWith('//') &&
    !next.includes('\\') && match(next.split('?')[0], user.role) ? next : homeFor(user.role);
  navigate(target, { replace: true });
}

async function loadOrg() {
  const mod = roleModule(state.user?.role);
  if (!mod?.describe) return;
  try {
    state.org = await mod.describe(state.user);
  } catch {
    state.org = null;
  }
  const who = document.getElementById('who-role');
  if (who && state.user) who.textContent = whoRole();
}

function whoRole() {
  return t(`role.${state.user.role}`) + (state.org ? ` · ${state.org}` : '');
}

async function doSignOut() {
  try {
    await signOut();
  } catch { /* the session is gone either way */ }
  state.user = null;
  state.org = null;
  shellKey = null;
  toast(t('session.signedOut'), 'info');
  navigate('/signin', { replace: true });
}

function langSwitch() {
  const other = lang() === 'zh-CN' ? 'en' : 'zh-CN';
  return h('button', {
    type: 'button', class: 'btn-ghost lang-switch', lang: other,
    'aria-label': t('lang.switchTo'),
    onclick: () => setLang(other),
  }, icon('globe'), h('span', null, t('lang.other')));
}

function brand() {
  return h('a', { href: '/', class: 'brand' },
    h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '企'),
    h('span', { class: 'brand-text' },
      h('span', { class: 'brand-name' }, t('app.name')),
      h('span', { class: 'brand-sub' }, t('app.tagline'))));
}

// The header, navigation and an empty main; redrawn when the user or the
// language changes, otherwise only main and the current nav item change.
function drawShell(loc) {
  const u = state.user;
  const key = `${u.id}|${lang()}`;
  if (key !== shellKey || !document.getElementById('main')) {
    shellKey = key;
    clear(root);
    const nav = navFor(u.role);
    root.append(
      h('a', { class: 'skip-link', href: '#main' }, t('a11y.skip')),
      h('header', { class: 'topbar' },
        h('div', { class: 'topbar-inner' },
          brand(),
          h('div', { class: 'topbar-user' },
            h('div', { class: 'who' },
              h('span', { class: 'who-name' }, u.display_name || u.username),
              h('span', { class: 'who-role', id: 'who-role' }, whoRole())),
            langSwitch(),
            h('button', { type: 'button', class: 'btn-ghost', onclick: doSignOut },
              icon('out'), h('span', null, t('session.signOut')))))),
      h('div', { class: 'layout' },
        nav.length ? h('nav', { class: 'sidenav', 'aria-label': t('nav.label') },
          h('ul', null, nav.map((n) => h('li', null,
            h('a', { href: n.path, dataset: { nav: n.path } },
              icon(n.icon || 'doc'), h('span', null, t(n.label))))))) : null,
        h('main', { id: 'main', class: 'main', tabindex: '-1' })),
      h('footer', { class: 'footer' }, t('app.footer')));
  }
  // The current item: the longest nav path the location starts with.
  let best = null;
  for (const a of root.querySelectorAll('[data-nav]')) {
    const p = a.dataset.nav;
    if ((loc.path === p || loc.path.startsWith(p === '/' ? '/' : `${p}/`)) &&
        (!best || p.length > best.dataset.nav.length)) best = a;
  }
  for (const a of root.querySelectorAll('[data-nav]')) {
    if (a === best) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  return document.getElementById('main');
}

// The page for a public route (sign-in), without the shell.
function drawBare() {
  shellKey = null;
  clear(root);
  const main = h('main', { id: 'main', class: 'bare', tabindex: '-1' });
  root.append(main);
  return main;
}

async function render(loc) {
  const seq = ++renderSeq;
  const u = state.user;
  if (loc.path === '/signin' && u) {
    navigate(homeFor(u.role), { replace: true });
    return;
  }
  if (loc.path === '/' || loc.path === '') {
    navigate(u ? homeFor(u.role) : '/signin', { replace: true });
    return;
  }
  const m = match(loc.path, u?.role);
  if (!m && !u && exists(loc.path)) {
    navigate(withQuery('/signin', { next: loc.href }), { replace: true });
    return;
  }
  const isPublic = m?.route.public;
  const main = u && !isPublic ? drawShell(loc) : drawBare();
  const ctx = {
    params: m?.params || {},
    query: loc.query,
    path: loc.path,
    href: loc.href,
    user: u,
    module: roleModule(u?.role),
    navigate,
    refresh,
    setTitle: (s) => { document.title = `${s} - ${t('app.name')}`; },
    signedIn,
    isCurrent: () => seq === renderSeq,
  };
  ctx.setTitle(m?.route.title ? t(m.route.title) : t('notFound.title'));
  clear(main).append(spinner());
  let node;
  try {
    node = m ? await m.route.render(ctx) : notFoundPage(ctx);
  } catch (e) {
    if (seq !== renderSeq) return;
    if (e.status === 401) return;
    node = e.status === 404 || e.status === 403 ? notFoundPage(ctx, e)
      : errorBox(e.status ? t('error.server', { status: e.status, detail: e.detail })
        : t('error.network'), () => refresh());
  }
  if (seq !== renderSeq) return;
  clear(main).append(node);
  // After navigating, move focus to the new page's heading so keyboard
  // and screen reader users start there; on the first load leave it alone.
  if (rendered && !main.contains(document.activeElement)) {
    const h1 = main.querySelector('h1');
    if (h1) h1.focus({ preventScroll: true });
  }
  rendered = true;
  window.scrollTo(0, 0);
}

async function boot() {
  onUnauthorized(() => {
    if (!state.user) return;
    for (const d of document.querySelectorAll('dialog')) d.remove();
    state.user = null;
    state.org = null;
    toast(t('session.expired'), 'info');
    const loc = location();
    navigate(withQuery('/signin', { next: loc.href }), { replace: true });
  });
  onLangChange(() => {
    shellKey = null;
    refresh();
  });
  setRoutes(allRoutes());
  try {
    const s = await currentSession();
    state.user = s?.user || null;
  } catch {
    clear(root).append(errorBox(t('error.network'), () => window.location.reload()));
    return;
  }
  if (state.user) loadOrg();
  start(render);
}

boot();
