// pages/common.js — pages every role shares: sign-in, not found, and the
// placeholder work bench of roles whose pages are still to be built.
import { signIn } from '../api.js';
import { t, lang, setLang } from '../i18n/index.js';
import { h, field, showErrors, clearErrors, formAlert, busy, icon, pageHead, panel } from '../ui.js';

// ---------------------------------------------------------------- sign-in
function signInPage(ctx) {
  const username = h('input', { type: 'text', autocomplete: 'username', maxlength: '64',
    autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { type: 'password', autocomplete: 'current-password', maxlength: '128' });
  username.id = 'username';
  password.id = 'password';
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('signin.submit'));
  const form = h('form', { class: 'form signin-form', novalidate: true },
    field({ label: t('signin.username'), name: 'username', control: username, required: true }),
    field({ label: t('signin.password'), name: 'password', control: password, required: true }),
    submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const missing = [];
    if (!username.value.trim()) missing.push({ field: 'username', message: t('form.required') });
    if (!password.value) missing.push({ field: 'password', message: t('form.required') });
    if (missing.length) { showErrors(form, missing); return; }
    try {
      const r = await busy(form, signIn(username.value.trim(), password.value));
      await ctx.signedIn(r.user, ctx.query.get('next'));
    } catch (err) {
      if (err.status === 401) {
        formAlert(form, t('signin.wrong'));
        password.value = '';
        password.focus();
      } else if (err.status === 429) {
        // The server's detail names the wait ("wait 15 minutes"); say it
        // in the UI's language, or show the detail as it is.
        const m = /(\d+)\s*minute/.exec(err.detail || '');
        formAlert(form, m ? t('signin.throttledMinutes', { n: m[1] })
          : t('signin.throttled', { detail: err.detail || err.title }));
      } else if (err.errors?.length) {
        showErrors(form, err.errors);
      } else {
        formAlert(form, err.status ? t('error.server', { status: err.status, detail: err.detail })
          : t('error.network'));
      }
    }
  });
  const other = lang() === 'zh-CN' ? 'en' : 'zh-CN';
  return h('div', { class: 'signin' },
    h('div', { class: 'signin-top' },
      h('button', { type: 'button', class: 'btn-ghost lang-switch', lang: other,
        'aria-label': t('lang.switchTo'), onclick: () => setLang(other) },
      icon('globe'), h('span', null, t('lang.other')))),
    h('div', { class: 'signin-grid' },
      h('section', { class: 'signin-intro' },
        h('div', { class: 'signin-brand' },
          h('span', { class: 'brand-mark brand-mark-lg', 'aria-hidden': 'true' }, '企'),
          h('div', null,
            h('p', { class: 'signin-name' }, t('app.name')),
            h('p', { class: 'signin-tagline' }, t('app.tagline')))),
        h('p', { class: 'signin-lead' }, t('signin.lead')),
        h('ul', { class: 'signin-points' },
          h('li', null, h('strong', null, '1'), h('span', null, t('signin.point1'))),
          h('li', null, h('strong', null, '3'), h('span', null, t('signin.point3'))),
          h('li', null, h('strong', null, '✓'), h('span', null, t('signin.pointOk'))))),
      h('section', { class: 'signin-card', 'aria-labelledby': 'signin-title' },
        h('h1', { id: 'signin-title', class: 'signin-title', tabindex: '-1' }, t('signin.title')),
        h('p', { class: 'muted' }, t('signin.hint')),
        form)),
    h('p', { class: 'signin-foot' }, t('app.footer')));
}

export const signInRoute = {
  path: '/signin',
  public: true,
  title: 'signin.title',
  render: signInPage,
};

// ---------------------------------------------------------------- 404
export function notFoundPage(ctx) {
  const home = ctx.user ? '/' : '/signin';
  return h('div', { class: 'notfound' },
    h('p', { class: 'notfound-code', 'aria-hidden': 'true' }, '404'),
    h('h1', { class: 'page-title', tabindex: '-1' }, t('notFound.title')),
    h('p', { class: 'muted' }, t('notFound.text')),
    h('a', { class: 'btn btn-primary', href: home }, t('notFound.home')));
}

// ---------------------------------------------------------------- placeholder
// The work bench of a role whose pages are not built yet.
export function placeholderPage(ctx) {
  return h('div', null,
    pageHead(t('nav.workbench')),
    panel(null,
      h('p', null, t('placeholder.text', { role: t(`role.${ctx.user.role}`) })),
      h('p', { class: 'muted' }, t('placeholder.api')),
      h('p', null, h('a', { href: '/api/v1/openapi.json' }, '/api/v1/openapi.json'))));
}

// A role module with only the placeholder work bench.
export function placeholderModule() {
  return {
    home: '/workbench',
    routes: [{
      path: '/workbench',
      title: 'nav.workbench',
      nav: { label: 'nav.workbench', icon: 'home', order: 0 },
      render: placeholderPage,
    }],
  };
}
