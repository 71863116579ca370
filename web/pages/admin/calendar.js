// pages/admin/calendar.js — 工作日历: a year's holidays and make-up
// working days (GET /calendar?year=, the year in the URL); add a day
// (PUT /calendar/{date} {kind, name}) or make it a normal day again
// (kind null).  Working-day deadlines count by this calendar.
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import { withQuery } from '../../router.js';
import { h, field, pageHead, panel, table, showErrors, clearErrors, formAlert, busy, toast, confirmDialog } from '../../ui.js';

export async function calendarPage(ctx) {
  const now = new Date().getUTCFullYear();
  const y = parseInt(ctx.query.get('year') || '', 10);
  const year = y >= 2000 && y <= 2100 ? y : now;
  const r = await api.get('/calendar', { year });
  const date = h('input', { type: 'date', min: `${year}-01-01`, max: `${year}-12-31` });
  const kind = h('select', null, ['holiday', 'workday'].map((k) => h('option', { value: k }, t(`adm.cal.kind.${k}`))));
  const name = h('input', { type: 'text', maxlength: '50', placeholder: t('adm.cal.nameHint') });
  const form = h('form', { class: 'filters', novalidate: true },
    field({ label: t('adm.cal.date'), name: 'date', control: date, required: true }),
    field({ label: t('adm.cal.kind'), name: 'kind', control: kind }),
    field({ label: t('adm.cal.name'), name: 'name', control: name }),
    h('div', { class: 'filters-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('adm.cal.add'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    if (!date.value) { showErrors(form, [{ field: 'date', message: t('form.required') }]); return; }
    const body = { kind: kind.value };
    if (name.value.trim()) body.name = name.value.trim();
    try {
      await busy(form, api.put(`/calendar/${date.value}`, body));
    } catch (err) {
      if (err.errors?.length) showErrors(form, err.errors, t('form.fix'));
      else formAlert(form, err.status ? t('error.server', { status: err.status, detail: err.detail }) : t('error.network'));
      return;
    }
    toast(t('adm.cal.saved', { day: date.value }));
    const dy = parseInt(date.value.slice(0, 4), 10);
    if (dy !== year) ctx.navigate(withQuery('/calendar', { year: dy }));
    else ctx.refresh();
  });
  const remove = async (d) => {
    const ok = await confirmDialog({ title: t('adm.cal.remove'), message: t('adm.cal.removeAsk', { day: d.day }), confirmLabel: t('adm.cal.remove'), danger: true });
    if (!ok) return;
    try {
      await api.put(`/calendar/${d.day}`, { kind: null });
    } catch (err) { toast(err.detail || t('error.network'), 'error'); return; }
    toast(t('adm.cal.removed', { day: d.day }));
    ctx.refresh();
  };
  const week = (day) => t(`adm.cal.wd.${new Date(`${day}T00:00:00Z`).getUTCDay()}`);
  const columns = [
    { label: t('adm.cal.date'), className: 'nowrap mono', cell: (d) => `${d.day} ${week(d.day)}` },
    { label: t('adm.cal.kind'), cell: (d) => h('span', { class: `tag ${d.kind === 'holiday' ? 'tag-warn' : 'tag-ok'}` }, t(`adm.cal.kind.${d.kind}`)) },
    { label: t('adm.cal.name'), cell: (d) => d.name || '—' },
    { label: t('adm.actions'), cell: (d) => h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => remove(d) }, t('adm.cal.remove')) },
  ];
  // The server names the field "date" (openapi.json says "day"): take either.
  const items = r.items.map((d) => ({ ...d, day: d.date ?? d.day })).sort((a, b) => a.day.localeCompare(b.day));
  return h('div', null,
    pageHead(t('adm.cal.title', { year }),
      h('a', { class: 'btn', href: withQuery('/calendar', { year: year - 1 }) }, '‹ ', String(year - 1)),
      h('a', { class: 'btn', href: withQuery('/calendar', { year: year + 1 }) }, String(year + 1), ' ›')),
    h('p', { class: 'page-lead' }, t('adm.cal.lead')),
    panel(t('adm.cal.addTitle'), form),
    h('div', { class: 'panel panel-flush' }, table({ columns, rows: items, caption: t('adm.cal.title', { year }), empty: t('adm.cal.empty'), className: 'cal-table' })),
  );
}
