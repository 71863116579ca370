// pages/shared/demand-detail.js — one demand (/demands/:id), for every
// role: status, deadlines, the content, answer and result, the timeline
// and the attachments.  What a role may *do* comes from its module:
//   demandActions(demand, ctx) → Nodes (buttons, a notice) shown at the top
//   canAttach(demand, ctx)     → true to offer adding files
//   demandListPath             → where "back to the list" goes
//   demandListLabel            → its message key (default demand.backToList)
// ctx.reload() renders the page again after an action.
import { api, upload } from '../../api.js';
import { t, formatDateTime, formatBytes } from '../../i18n/index.js';
import { h, dl, panel, icon, toast } from '../../ui.js';
import { statusChip, overdueTag, urgencyTag, categoryName, loadCategories } from './demands.js';
import { filePicker } from './files.js';

// The three stages of the 133 rule and the times that end them.
const STAGES = [
  { key: 'assign', due: (d) => d.due?.assign, done: (d) => d.assigned_at },
  { key: 'answer', due: (d) => d.due?.answer, done: (d) => d.answered_at },
  { key: 'resolve', due: (d) => d.due?.resolve, done: (d) => d.resolved_at },
];

const FINISHED = ['closed', 'withdrawn', 'merged'];

function deadlines(d) {
  const now = Date.now();
  return h('ol', { class: 'stages' }, STAGES.map((s) => {
    const due = s.due(d);
    const done = s.done(d);
    let state;
    let note;
    if (done) {
      const late = due && new Date(done) > new Date(due);
      state = late ? 'late' : 'done';
      note = t(late ? 'deadline.doneLate' : 'deadline.done', { at: formatDateTime(done) });
    } else if (!due || FINISHED.includes(d.status)) {
      state = 'pending';
      note = FINISHED.includes(d.status) ? t('deadline.notReached') : t('deadline.notStarted');
    } else if (new Date(due).getTime() < now) {
      state = 'overdue';
      note = t('deadline.overdue');
    } else {
      state = 'running';
      note = t('deadline.running');
    }
    return h('li', { class: `stage stage-${state}` },
      h('span', { class: 'stage-dot', 'aria-hidden': 'true' }),
      h('div', { class: 'stage-body' },
        h('p', { class: 'stage-name' }, t(`stage.${s.key}`)),
        due ? h('p', { class: 'stage-due' }, t('deadline.due', { at: formatDateTime(due) })) : null,
        h('p', { class: 'stage-note' }, note)));
  }));
}

function actorText(e) {
  if (e.actor_role === 'system' || (!e.actor_name && !e.actor_id)) return t('role.system');
  const role = e.actor_role ? t(`role.${e.actor_role}`) : '';
  return e.actor_name ? t('timeline.actor', { name: e.actor_name, role }) : role;
}

function eventText(e) {
  if (e.action === 'step') {
    return t(`rung.${e.rung}`, { stage: t(`stage.${e.stage}`) });
  }
  if (e.action === 'confirm' && e.data?.satisfaction) {
    return `${t('action.confirm')} · ${t(`satisfaction.${e.data.satisfaction}`)}`;
  }
  if (e.action === 'resolve' && e.data?.outcome) {
    return `${t('action.resolve')} · ${t(`outcome.${e.data.outcome}`)}`;
  }
  if (e.action === 'extend' && e.data?.days) {
    return t('action.extendDays', { days: e.data.days });
  }
  if (e.action === 'decide-extension' && e.data) {
    return t(e.data.approved ? 'action.extensionApproved' : 'action.extensionRefused');
  }
  return t(`action.${e.action}`);
}

function timeline(d) {
  const events = [...(d.timeline || [])].reverse();
  if (!events.length) return h('p', { class: 'muted' }, t('common.empty'));
  return h('ol', { class: 'timeline' }, events.map((e) => h('li', {
    class: `tl-item${e.action === 'step' ? ' tl-system' : ''}${['overdue', 'escalate', 'account'].includes(e.rung) ? ' tl-alert' : ''}`,
  },
  h('span', { class: 'tl-dot', 'aria-hidden': 'true' }),
  h('div', { class: 'tl-body' },
    h('p', { class: 'tl-head' },
      h('strong', { class: 'tl-action' }, eventText(e)),
      e.from !== e.to ? h('span', { class: 'tl-move' },
        `${t(`status.${e.from}`)} → ${t(`status.${e.to}`)}`) : null),
    h('p', { class: 'tl-meta' },
      h('time', { datetime: e.at }, formatDateTime(e.at)), ' · ', actorText(e)),
    e.note ? h('p', { class: 'tl-note' }, e.note) : null))));
}

function attachmentList(items) {
  if (!items.length) return h('p', { class: 'muted' }, t('attach.none'));
  return h('ul', { class: 'files' }, items.map((a) => h('li', { class: 'file' },
    icon('clip'),
    h('div', { class: 'file-body' },
      h('a', { href: `/api/v1/attachments/${a.id}`, download: a.name }, a.name),
      h('p', { class: 'muted small' },
        [formatBytes(a.size), a.uploaded_by_name, formatDateTime(a.uploaded_at)]
          .filter(Boolean).join(' · '))))));
}

// Add files to a demand from its page: pick, upload with progress, reload.
function attachForm(d, ctx) {
  const picker = filePicker({ name: 'file' });
  const submit = h('button', { type: 'submit', class: 'btn' }, icon('plus'), t('attach.upload'));
  const form = h('form', { class: 'form attach-form', novalidate: true }, picker.el, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const files = picker.files();
    if (!files.length) { picker.error(t('attach.pick')); return; }
    submit.disabled = true;
    let failed = 0;
    for (const item of files) {
      try {
        await upload(`/demands/${d.id}/attachments`, item.file, (p) => item.progress(p));
        item.done();
      } catch (err) {
        failed += 1;
        item.fail(err.errors?.[0]?.message || err.detail || t('error.network'));
      }
    }
    submit.disabled = false;
    if (!failed) {
      toast(t('attach.uploaded', { n: files.length }));
      ctx.reload();
    }
  });
  return form;
}

async function render(ctx) {
  const id = ctx.params.id;
  if (!/^\d+$/.test(id)) {
    const e = new Error('not found');
    e.status = 404;
    throw e;
  }
  const [d, atts, cats] = await Promise.all([
    api.get(`/demands/${id}`),
    api.get(`/demands/${id}/attachments`),
    loadCategories().catch(() => []),
  ]);
  ctx.setTitle(d.title);
  const actx = { ...ctx, reload: () => ctx.refresh() };
  const mod = ctx.module || {};
  const actions = mod.demandActions ? mod.demandActions(d, actx) : [];
  const canAttach = mod.canAttach ? mod.canAttach(d, actx) : false;
  const outcome = d.outcome ? t(`outcome.${d.outcome}`) : null;

  const answerPanel = (d.answer || d.result) ? panel(t('demand.replyTitle'),
    d.answer ? h('div', { class: 'reply' },
      h('p', { class: 'reply-label' }, t('demand.answer'),
        d.answered_at ? h('span', { class: 'muted small' }, ` · ${formatDateTime(d.answered_at)}`) : null),
      h('p', { class: 'prose' }, d.answer)) : null,
    d.result ? h('div', { class: 'reply reply-result' },
      h('p', { class: 'reply-label' }, t('demand.result'),
        outcome ? h('span', { class: 'tag tag-ok' }, outcome) : null,
        d.resolved_at ? h('span', { class: 'muted small' }, ` · ${formatDateTime(d.resolved_at)}`) : null),
      h('p', { class: 'prose' }, d.result)) : null,
    d.satisfaction ? h('p', { class: 'reply-rating' },
      t('demand.ratingLine', { rating: t(`satisfaction.${d.satisfaction}`) })) : null) : null;

  return h('div', { class: 'detail' },
    mod.demandListPath ? h('p', { class: 'back' },
      h('a', { href: mod.demandListPath }, '‹ ', t(mod.demandListLabel || 'demand.backToList'))) : null,
    h('div', { class: 'detail-head' },
      h('div', { class: 'detail-titles' },
        h('h1', { class: 'page-title', tabindex: '-1' }, d.title),
        h('p', { class: 'detail-meta' },
          h('span', { class: 'mono' }, d.code),
          statusChip(d.status), overdueTag(d), urgencyTag(d.urgency))),
      actions.length ? h('div', { class: 'detail-actions' }, actions) : null),
    h('div', { class: 'detail-grid' },
      h('div', { class: 'detail-main' },
        panel(t('demand.content'), h('p', { class: 'prose' }, d.content)),
        answerPanel,
        panel(t('demand.timeline'), timeline(d))),
      h('aside', { class: 'detail-side' },
        panel(t('demand.info'), dl([
          [t('demand.enterprise'), d.enterprise_name],
          [t('demand.category'), [categoryName(cats, d.category), d.subcategory ? ` · ${d.subcategory}` : ''].join('')],
          [t('demand.kind'), t(`kind.${d.kind}`)],
          [t('demand.urgency'), t(`urgency.${d.urgency}`)],
          [t('demand.channel'), t(`channel.${d.channel}`)],
          [t('demand.lead'), d.lead_department_name ||
            (FINISHED.includes(d.status) ? '—' : t('demand.notAssigned'))],
          [t('demand.submittedAt'), formatDateTime(d.submitted_at)],
          d.closed_at ? [t(d.status === 'closed' ? 'demand.closedAt' : 'demand.endedAt'),
            formatDateTime(d.closed_at)] : null,
          d.reopen_count ? [t('demand.reopens'), String(d.reopen_count)] : null,
          d.extension_days ? [t('demand.extension'), t('demand.days', { n: d.extension_days })] : null,
          d.paused ? [t('demand.paused'), t('demand.pausedYes')] : null,
        ])),
        panel(t('demand.deadlines'), deadlines(d)),
        panel(t('attach.title'), attachmentList(atts.items || []),
          canAttach ? attachForm(d, actx) : null))));
}

export const demandDetailRoute = {
  path: '/demands/:id',
  title: 'demand.title',
  render,
};
