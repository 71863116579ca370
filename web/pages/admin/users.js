// pages/admin/users.js — 用户: the user list (search, region, role in the
// URL), 新建用户 (a dialog whose fields follow the role: an enterprise
// account picks its enterprise by name or credit code, staff name a
// department, a leader a level), and 设置密码 on each row (POST
// /users/{id}/password).
import { api, getAll } from '../../api.js';
import { t } from '../../i18n/index.js';
import { h, field, openDialog, showErrors, clearErrors, formAlert, busy, toast } from '../../ui.js';
import { registryPage, loadRegions, regionSelect } from './registry.js';
import { pickOne, comboField } from '../shared/combobox.js';

export const ROLES = ['enterprise', 'commissioner', 'dispatcher', 'handler', 'supervisor', 'leader', 'admin'];
const LEVELS = ['city', 'county', 'town'];
// Which fields each role's account takes.
const NEEDS = {
  enterprise: ['enterprise_id'],
  commissioner: ['region_code', 'department_id'],
  dispatcher: ['region_code', 'department_id'],
  handler: ['region_code', 'department_id'],
  supervisor: ['region_code', 'department_id'],
  leader: ['region_code', 'level'],
  admin: ['region_code'],
};

function failed(form, err) {
  if (err.errors?.length) showErrors(form, err.errors, t('form.fix'));
  else formAlert(form, err.status ? t('error.server', { status: err.status, detail: err.detail }) : t('error.network'));
}

async function createUserDialog(ctx) {
  const [regs, depts] = await Promise.all([
    loadRegions().catch(() => []), getAll('/departments', {}, 1000).catch(() => []),
  ]);
  const username = h('input', { type: 'text', autocomplete: 'off', maxlength: '64', pattern: '[A-Za-z0-9._-]{3,64}' });
  const display = h('input', { type: 'text', autocomplete: 'off', maxlength: '50' });
  const role = h('select', null, ROLES.map((r) => h('option', { value: r }, t(`role.${r}`))));
  role.value = 'commissioner';
  const region = regionSelect(regs, '', t('adm.pick'));
  const dept = h('select', null, h('option', { value: '' }, t('adm.pick')),
    depts.map((d) => h('option', { value: String(d.id) }, d.name)));
  const ent = pickOne({
    placeholder: t('adm.user.enterpriseSearch'),
    search: async (text) => (await api.get('/enterprises', { q: text, limit: 20 })).items
      .map((e) => ({ id: e.id, label: e.name, sub: e.credit_code })),
  });
  const level = h('select', null, LEVELS.map((l) => h('option', { value: l }, t(`adm.level.${l}`))));
  const phone = h('input', { type: 'tel', maxlength: '30' });
  const password = h('input', { type: 'password', autocomplete: 'new-password', minlength: '10', maxlength: '128' });
  const boxes = {
    region_code: field({ label: t('adm.region'), name: 'region_code', control: region, required: true }),
    department_id: field({ label: t('adm.user.department'), name: 'department_id', control: dept }),
    enterprise_id: comboField({ label: t('adm.user.enterprise'), name: 'enterprise_id', combo: ent, required: true, hint: t('adm.user.enterpriseHint') }),
    level: field({ label: t('adm.user.level'), name: 'level', control: level }),
  };
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('adm.user.create'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'form', novalidate: true },
    field({ label: t('adm.user.username'), name: 'username', control: username, required: true, hint: t('adm.user.usernameHint') }),
    field({ label: t('adm.user.displayName'), name: 'display_name', control: display, required: true }),
    field({ label: t('adm.user.role'), name: 'role', control: role, required: true }),
    Object.values(boxes),
    field({ label: t('adm.user.phone'), name: 'phone', control: phone }),
    field({ label: t('adm.user.password'), name: 'password', control: password, hint: t('adm.user.passwordHint') }),
    h('div', { class: 'form-actions' }, cancel, submit));
  const sync = () => {
    for (const [k, el] of Object.entries(boxes)) {
      const on = NEEDS[role.value].includes(k);
      el.hidden = !on;
      el.style.display = on ? '' : 'none';   // .field sets display, which beats [hidden]
    }
  };
  role.addEventListener('change', sync);
  sync();
  const dlg = openDialog({ title: t('adm.user.new'), body: form });
  cancel.addEventListener('click', () => dlg.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = { username: username.value.trim(), display_name: display.value.trim(), role: role.value };
    const need = NEEDS[role.value];
    if (need.includes('region_code') && region.value) body.region_code = region.value;
    if (need.includes('department_id') && dept.value) body.department_id = Number(dept.value);
    if (need.includes('enterprise_id') && ent.value()) body.enterprise_id = ent.value().id;
    if (need.includes('level')) body.level = level.value;
    if (phone.value.trim()) body.phone = phone.value.trim();
    if (password.value) body.password = password.value;
    const missing = ['username', 'display_name'].filter((k) => !body[k]).map((k) => ({ field: k, message: t('form.required') }));
    if (need.includes('region_code') && !body.region_code) missing.push({ field: 'region_code', message: t('form.required') });
    if (role.value === 'enterprise' && !body.enterprise_id) missing.push({ field: 'enterprise_id', message: t('adm.user.enterprisePick') });
    if (body.password && body.password.length < 10) missing.push({ field: 'password', message: t('adm.user.passwordShort') });
    if (missing.length) { showErrors(form, missing); return; }
    let u;
    try {
      u = await busy(form, api.post('/users', body));
    } catch (err) { failed(form, err); return; }
    dlg.close();
    toast(t('adm.user.created', { name: u.username }));
    ctx.navigate(`/users?q=${encodeURIComponent(u.username)}`);
  });
}

function passwordDialog(u) {
  const pw = h('input', { type: 'password', autocomplete: 'new-password', minlength: '10', maxlength: '128' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('adm.user.setPassword'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'form', novalidate: true },
    h('p', null, t('adm.user.passwordLead', { name: `${u.display_name} (${u.username})` })),
    field({ label: t('adm.user.newPassword'), name: 'password', control: pw, required: true, hint: t('adm.user.passwordHint') }),
    h('div', { class: 'form-actions' }, cancel, submit));
  const dlg = openDialog({ title: t('adm.user.setPassword'), body: form });
  cancel.addEventListener('click', () => dlg.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    if (pw.value.length < 10) { showErrors(form, [{ field: 'password', message: t('adm.user.passwordShort') }]); return; }
    try {
      await busy(form, api.post(`/users/${u.id}/password`, { password: pw.value }));
    } catch (err) { failed(form, err); return; }
    dlg.close();
    toast(t('adm.user.passwordSet'));
  });
}

export function usersPage(ctx) {
  return registryPage(ctx, {
    kind: 'users', path: '/users', title: t('adm.user.title'),
    extra: [{ name: 'role', label: t('adm.user.role'), options: [['', t('adm.any')], ...ROLES.map((r) => [r, t(`role.${r}`)])] }],
    actions: () => [h('button', { type: 'button', class: 'btn btn-primary', onclick: () => createUserDialog(ctx) },
      t('adm.user.new'))],
    columns: (region) => [
      { label: t('adm.user.displayName'), className: 'col-title', cell: (u) => h('div', null, u.display_name,
        h('div', { class: 'muted small mono' }, u.username)) },
      { label: t('adm.user.role'), cell: (u) => t(`role.${u.role}`) },
      { label: t('adm.region'), cell: (u) => region(u.region_code) },
      { label: t('adm.user.signIn'), cell: (u) => (u.can_sign_in ? t('adm.yes') : h('span', { class: 'muted' }, t('adm.user.noPassword'))) },
      { label: t('adm.state'), cell: (u) => (u.disabled ? h('span', { class: 'tag tag-danger' }, t('adm.disabled')) : h('span', { class: 'tag tag-ok' }, t('adm.enabled'))) },
      { label: t('adm.actions'), cell: (u) => h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => passwordDialog(u) },
        t('adm.user.setPassword')) },
    ],
  });
}
