// pages/enterprise/commissioner.js — 我的专员: who serves the enterprise.
//
// What the enterprise role may read decides what this card shows (see
// src/http/routes.c): its own enterprise, and its pairings (kind, since
// when, the commissioner's or team's id).  It may not read users or teams
// (GET /users/{id} and /teams/{id} are for staff), so the commissioner's
// phone is not shown; the name is taken from the timeline of the
// enterprise's own demands, where the commissioner acted, when there is
// such an event.  A server field for the paired commissioner's public
// card would replace that look-up.
import { api, getAll } from '../../api.js';
import { t, formatDate } from '../../i18n/index.js';
import { h, pageHead, panel, dl, icon } from '../../ui.js';

// The commissioner's name as the enterprise's own demands record it: the
// submit event of a demand the commissioner entered (after a visit), else
// any event of theirs on the first few.
async function nameFromDemands(userId) {
  const r = await api.get('/demands', { commissioner: userId, limit: 100 });
  const theirs = r.items.filter((d) => d.submitter_id === userId);
  const others = r.items.filter((d) => d.submitter_id !== userId);
  for (const d of [...theirs.slice(0, 2), ...others.slice(0, 3)]) {
    const full = await api.get(`/demands/${d.id}`);
    const e = (full.timeline || []).find((x) => x.actor_id === userId && x.actor_name);
    if (e) return { name: e.actor_name, count: r.items.length, more: Boolean(r.next_cursor) };
  }
  return { name: null, count: r.items.length, more: Boolean(r.next_cursor) };
}

function card(p, info) {
  const name = info?.name || (p.team_id ? t('ent.comm.team', { id: p.team_id }) : t('ent.comm.unnamed'));
  return h('article', { class: 'contact-card' },
    h('div', { class: 'contact-head' },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, p.team_id ? '队' : (info?.name || '专')[0]),
      h('div', null,
        h('h2', { class: 'contact-name' }, name),
        h('p', { class: 'contact-kind' }, t(`pairing.${p.kind}`)))),
    dl([
      [t('ent.comm.since'), formatDate(p.starts_on)],
      p.ends_on ? [t('ent.comm.until'), formatDate(p.ends_on)] : null,
      info && info.count ? [t('ent.comm.demands'),
        info.more ? t('ent.comm.demandsMore', { n: info.count }) : String(info.count)] : null,
    ]),
    h('div', { class: 'contact-actions' },
      h('a', { class: 'btn btn-primary', href: '/demands/new' }, icon('plus'), t('ent.comm.submit'))));
}

export async function commissionerPage(ctx) {
  const eid = ctx.user.enterprise_id;
  const [ent, pairings] = await Promise.all([
    eid ? api.get(`/enterprises/${eid}`) : null,
    eid ? getAll('/pairings', { enterprise_id: eid }) : [],
  ]);
  const infos = await Promise.all(pairings.map((p) =>
    (p.user_id ? nameFromDemands(p.user_id).catch(() => null) : null)));

  return h('div', null,
    pageHead(t('ent.comm.title')),
    h('p', { class: 'page-lead' }, t('ent.comm.lead')),
    pairings.length
      ? h('div', { class: 'cards' }, pairings.map((p, i) => card(p, infos[i])))
      : h('div', { class: 'panel empty' }, icon('user'), h('p', null, t('ent.comm.none'))),
    h('p', { class: 'notice notice-info' }, t('ent.comm.phoneNote')),
    ent ? panel(t('ent.comm.enterprise'), dl([
      [t('ent.comm.entName'), ent.name],
      [t('ent.comm.creditCode'), h('span', { class: 'mono' }, ent.credit_code)],
      [t('ent.comm.region'), ent.region_name || ent.region_code],
      [t('ent.comm.address'), ent.address],
      [t('ent.comm.contact'), [ent.contact_name, ent.contact_phone].filter(Boolean).join(' · ')],
    ])) : null);
}
