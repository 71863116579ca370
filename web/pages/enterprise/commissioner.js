// pages/enterprise/commissioner.js — 我的专员: who serves the enterprise.
//
// GET /api/v1/enterprises/{id}/commissioners gives the contact cards
// (联系卡) of the people paired with the enterprise: a dedicated
// commissioner, a service team's members, a sponsoring leader.
import { api } from '../../api.js';
import { t, formatDate } from '../../i18n/index.js';
import { h, pageHead, panel, dl, icon, phoneLink } from '../../ui.js';

function card(c) {
  const teamLine = c.team
    ? (c.team.is_leader ? t('ent.comm.teamLeader', { team: c.team.name })
                        : c.team.name)
    : null;
  return h('article', { class: 'contact-card' },
    h('div', { class: 'contact-head' },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, c.display_name[0]),
      h('div', null,
        h('h2', { class: 'contact-name' }, c.display_name),
        h('p', { class: 'contact-kind' }, t(`pairing.${c.kind}`)))),
    dl([
      [t('ent.comm.phone'), c.phone ? phoneLink(c.phone, 'mono') : t('ent.comm.noPhone')],
      teamLine ? [t('ent.comm.teamName'), teamLine] : null,
      [t('ent.comm.since'), formatDate(c.starts_on)],
    ]),
    h('div', { class: 'contact-actions' },
      h('a', { class: 'btn btn-primary', href: '/demands/new' }, icon('plus'), t('ent.comm.submit'))));
}

export async function commissionerPage(ctx) {
  const eid = ctx.user.enterprise_id;
  const [ent, people] = await Promise.all([
    eid ? api.get(`/enterprises/${eid}`) : null,
    eid ? api.get(`/enterprises/${eid}/commissioners`).then((r) => r.items) : [],
  ]);

  return h('div', null,
    pageHead(t('ent.comm.title')),
    h('p', { class: 'page-lead' }, t('ent.comm.lead')),
    people.length
      ? h('div', { class: 'cards' }, people.map(card))
      : h('div', { class: 'panel empty' }, icon('user'), h('p', null, t('ent.comm.none'))),
    ent ? panel(t('ent.comm.enterprise'), dl([
      [t('ent.comm.entName'), ent.name],
      [t('ent.comm.creditCode'), h('span', { class: 'mono' }, ent.credit_code)],
      [t('ent.comm.region'), ent.region_name || ent.region_code],
      [t('ent.comm.address'), ent.address],
      [t('ent.comm.contact'), [ent.contact_name, ent.contact_phone].filter(Boolean).join(' · ')],
    ])) : null);
}
