// pages/admin/teams.js — 入企小分队: the team list (name, region and
// "with disabled" in the URL, cursor pages, export), 新建小分队 and 编辑
// in one dialog (name, region, a leader and members picked by searching
// commissioners), and 停用/启用 on each row (PATCH disabled).  The server
// keeps the leader among the members and answers 422 naming the field
// for a member who is not an active commissioner.
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import {
  h, field, openDialog, showErrors, clearErrors, formAlert, busy, toast, confirmDialog, uid,
} from '../../ui.js';
import { registryPage, loadRegions, regionSelect } from './registry.js';
import { combobox, pickOne, comboField } from '../shared/combobox.js';

const MAX_MEMBERS = 200;

// Show ERR from the API in FORM: field errors next to their fields (with
// CONFLICT, when given, as the lead for a 409), the rest in the alert box.
export function failed(form, err, conflict = null) {
  if (err.errors?.length) showErrors(form, err.errors, err.status === 409 && conflict ? conflict : t('form.fix'));
  else formAlert(form, err.status === 409 ? t('error.conflict', { detail: err.detail })
    : err.status ? t('error.server', { status: err.status, detail: err.detail }) : t('error.network'));
}

// code → name over the loaded regions.
export function regionNamer(regs) {
  const m = new Map(regs.map((r) => [r.code, r.name]));
  return (code) => (code ? m.get(code) || code : '');
}

// Search active commissioners (and, with ROLES, other roles) by name or
// username, as combobox items {id, label, sub}.
export function userSearch(regionName, roles = ['commissioner']) {
  return async (text) => {
    const lists = await Promise.all(roles.map((role) =>
      api.get('/users', { role, q: text, limit: 20 })));
    return lists.flatMap((r) => r.items).sort((a, b) => a.id - b.id).slice(0, 20).map((u) => ({
      id: u.id, label: u.display_name,
      sub: [u.username, regionName(u.region_code), roles.length > 1 ? t(`role.${u.role}`) : null].filter(Boolean).join(' · '),
    }));
  };
}

// The create (TEAM null) or edit dialog.
export async function teamDialog(ctx, team) {
  const regs = await loadRegions().catch(() => []);
  const regionName = regionNamer(regs);
  const name = h('input', { type: 'text', maxlength: '100', autocomplete: 'off', value: team?.name || '' });
  const region = regionSelect(regs, team?.region_code || '', t('adm.pick'));
  const members = (team?.members || []).filter((m) => m.id !== team.leader_id)
    .map((m) => ({ id: m.id, label: m.display_name || `#${m.id}` }));
  const leaderItem = team ? { id: team.leader_id, label: team.leader_name || `#${team.leader_id}` } : null;

  const list = h('ul', { class: 'member-list' });
  const none = h('p', { class: 'muted small member-none' }, t('adm.team.noMembers'));
  const leader = pickOne({
    placeholder: t('adm.team.searchUser'),
    search: userSearch(regionName),
    value: leaderItem,
    onChange: (it) => {
      // The old leader stays on the team as a member; the new one leaves
      // the member list, where the leader is implied.
      if (previous && (!it || previous.id !== it.id) && !members.some((m) => m.id === previous.id)) {
        members.push(previous);
      }
      if (it) {
        const i = members.findIndex((m) => m.id === it.id);
        if (i >= 0) members.splice(i, 1);
      }
      previous = it;
      draw();
    },
  });
  let previous = leaderItem;
  const adder = combobox({
    placeholder: t('adm.team.searchUser'),
    search: async (text) => (await userSearch(regionName)(text)).map((it) => ({
      ...it,
      sub: [it.sub, members.some((m) => m.id === it.id) || leader.value()?.id === it.id ? t('adm.team.already') : null]
        .filter(Boolean).join(' · '),
    })),
    onPick: (it) => {
      if (members.some((m) => m.id === it.id) || leader.value()?.id === it.id) {
        adder.status.textContent = t('adm.team.already');
        return;
      }
      if (members.length + 1 >= MAX_MEMBERS) {
        showErrors(form, [{ field: 'member_ids', message: t('adm.team.tooMany', { n: MAX_MEMBERS }) }]);
        return;
      }
      members.push({ id: it.id, label: it.label });
      draw();
      adder.status.textContent = t('adm.team.added', { name: it.label });
    },
  });

  function draw() {
    none.hidden = members.length > 0;
    list.replaceChildren(...members.map((m) => {
      const remove = h('button', { type: 'button', class: 'btn-link', 'aria-label': t('adm.team.removeMember', { name: m.label }) },
        t('common.remove'));
      remove.addEventListener('click', () => {
        members.splice(members.indexOf(m), 1);
        draw();
        adder.status.textContent = t('adm.team.removed', { name: m.label });
        adder.input.focus();
      });
      return h('li', { class: 'member-item', dataset: { id: String(m.id) } }, h('span', null, m.label), remove);
    }));
  }
  draw();

  const disabled = h('input', { type: 'checkbox', id: uid('team-off'), checked: !!team?.disabled });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t(team ? 'adm.team.save' : 'adm.team.create'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'form team-form', novalidate: true },
    field({ label: t('adm.team.name'), name: 'name', control: name, required: true, hint: t('adm.team.nameHint') }),
    field({ label: t('adm.region'), name: 'region_code', control: region, required: true }),
    comboField({ label: t('adm.team.leader'), name: 'leader_id', combo: leader, required: true, hint: t('adm.team.leaderHint') }),
    comboField({ label: t('adm.team.members'), name: 'member_ids', combo: adder, extra: [none, list] }),
    team ? h('div', { class: 'field', dataset: { field: 'disabled' } },
      h('span', { class: 'radio' }, disabled, h('label', { for: disabled.id }, t('adm.team.disabledLabel'))),
      h('p', { class: 'field-hint' }, t('adm.team.disabledHint')),
      h('p', { class: 'field-error', 'aria-live': 'polite' })) : null,
    h('div', { class: 'form-actions' }, cancel, submit));
  const dlg = openDialog({ title: team ? t('adm.team.editTitle', { name: team.name }) : t('adm.team.new'), body: form });
  cancel.addEventListener('click', () => dlg.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {
      name: name.value.trim(),
      region_code: region.value,
      leader_id: leader.value()?.id,
      member_ids: members.map((m) => m.id),
    };
    if (team) body.disabled = disabled.checked;
    const missing = [];
    if (!body.name) missing.push({ field: 'name', message: t('form.required') });
    if (!body.region_code) missing.push({ field: 'region_code', message: t('form.required') });
    if (!body.leader_id) missing.push({ field: 'leader_id', message: t('adm.team.pickLeader') });
    if (missing.length) { showErrors(form, missing); return; }
    let saved;
    try {
      saved = await busy(form, team ? api.patch(`/teams/${team.id}`, body) : api.post('/teams', body));
    } catch (err) { failed(form, err); return; }
    dlg.close();
    toast(t(team ? 'adm.team.saved' : 'adm.team.created', { name: saved.name }));
    if (team) ctx.refresh();
    else ctx.navigate(`/teams?q=${encodeURIComponent(saved.name)}`);
  });
  return dlg;
}

async function toggle(ctx, team) {
  const off = !team.disabled;
  if (off) {
    const ok = await confirmDialog({
      title: t('adm.team.disable'), message: t('adm.team.disableAsk', { name: team.name }),
      confirmLabel: t('adm.team.disable'), danger: true,
    });
    if (!ok) return;
  }
  try {
    await api.patch(`/teams/${team.id}`, { disabled: off });
  } catch (err) {
    toast(err.status ? t('error.server', { status: err.status, detail: err.detail }) : t('error.network'), 'error');
    return;
  }
  toast(t(off ? 'adm.team.disabledDone' : 'adm.team.enabledDone', { name: team.name }));
  ctx.refresh();
}

function memberNames(team) {
  const names = (team.members || []).map((m) => m.display_name || `#${m.id}`);
  const shown = names.slice(0, 4).join('、');
  return h('div', null, h('span', { class: 'nowrap' }, t('adm.team.count', { n: names.length })),
    names.length ? h('div', { class: 'muted small' }, names.length > 4 ? t('adm.team.andMore', { names: shown }) : shown) : null);
}

export function teamsPage(ctx) {
  return registryPage(ctx, {
    kind: 'teams', path: '/teams', title: t('adm.team.title'), lead: t('adm.team.lead'),
    extra: [{ name: 'disabled', label: t('adm.state'), options: [['', t('adm.team.onlyEnabled')], ['true', t('adm.team.withDisabled')]] }],
    actions: () => [h('button', { type: 'button', class: 'btn btn-primary', onclick: () => teamDialog(ctx, null) },
      t('adm.team.new'))],
    columns: (region) => [
      { label: t('adm.team.name'), className: 'col-title', cell: (x) => h('div', null, h('span', { class: 'team-name' }, x.name),
        h('div', { class: 'muted small' }, region(x.region_code))) },
      { label: t('adm.team.leader'), cell: (x) => x.leader_name || `#${x.leader_id}` },
      { label: t('adm.team.members'), cell: memberNames },
      { label: t('adm.state'), cell: (x) => (x.disabled ? h('span', { class: 'tag tag-danger' }, t('adm.disabled')) : h('span', { class: 'tag tag-ok' }, t('adm.enabled'))) },
      { label: t('adm.actions'), cell: (x) => h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => teamDialog(ctx, x),
          'aria-label': t('adm.team.editOf', { name: x.name }) }, t('adm.team.edit')),
        h('a', { class: 'btn btn-ghost', href: `/pairings?team_id=${x.id}`,
          'aria-label': t('adm.team.pairingsOf', { name: x.name }) }, t('adm.team.pairings')),
        h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => toggle(ctx, x),
          'aria-label': t(x.disabled ? 'adm.team.enableOf' : 'adm.team.disableOf', { name: x.name }) },
        t(x.disabled ? 'adm.team.enable' : 'adm.team.disable'))) },
    ],
  });
}
