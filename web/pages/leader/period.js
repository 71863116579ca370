// pages/leader/period.js — the month range (?from=YYYY-MM&to=YYYY-MM) that
// the leader's and the supervisor's pages show, and the stylesheet of
// those pages (loaded once with a <link>: the CSP allows 'self' styles).
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import { h, field } from '../../ui.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

// The month of DATE in China Standard Time, as YYYY-MM.
export function monthOf(date = new Date()) {
  const d = new Date(date.getTime() + 8 * 3600 * 1000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

// MONTH moved by N months.
export function addMonths(month, n) {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

// The last month with demands (in the two years up to this month), so
// the default period shows data even when the current month has none
// (the demo's data ends in 2026-10).  Asked once per page load.
let latest = null;
function latestMonth() {
  if (!latest) {
    const now = monthOf();
    latest = api.get('/stats/rates', { from: addMonths(now, -23), to: now, group_by: 'month' })
      .then((r) => {
        const withData = (r.items || []).filter((i) => i.counts?.total > 0).map((i) => i.key).sort();
        return withData.length ? withData[withData.length - 1] : now;
      })
      .catch(() => { latest = null; return now; });
  }
  return latest;
}

// The period of QUERY: its from/to when valid, else the 8 months ending
// with the last month that has data.  {from, to, explicit}
export async function periodOf(query) {
  const from = query.get('from');
  const to = query.get('to');
  if (MONTH.test(from || '') && MONTH.test(to || '') && from <= to) return { from, to, explicit: true };
  const end = await latestMonth();
  return { from: addMonths(end, -7), to: end, explicit: false };
}

// The period as the demand list's submitted-at bounds: the first day of
// FROM and the first day after TO (the list's "to" is exclusive).
export function demandBounds({ from, to }) {
  return { from: `${from}-01`, to: `${addMonths(to, 1)}-01` };
}

export function monthLabel(m) {
  return t('lead.monthText', { y: m.slice(0, 4), m: String(Number(m.slice(5))) });
}

export function periodText({ from, to }) {
  return from === to ? monthLabel(from) : t('lead.periodText', { from: monthLabel(from), to: monthLabel(to) });
}

// A small form choosing the period (two selects of months: every
// browser has <select>, not every one <input type="month">); ONCHANGE({from,
// to}) when applied.
export function periodForm(p, onchange) {
  const now = monthOf();
  const last = p.to > now ? p.to : now;
  const months = [];
  for (let i = 0; i < 36; i += 1) months.push(addMonths(last, -i));
  for (const m of [p.from, p.to]) if (!months.includes(m)) months.push(m);
  months.sort().reverse();
  const select = (value) => h('select', null, months.map((m) =>
    h('option', { value: m, selected: m === value }, monthLabel(m))));
  const from = select(p.from);
  const to = select(p.to);
  const err = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const form = h('form', { class: 'filters period-form', 'aria-label': t('lead.period') },
    field({ label: t('lead.from'), name: 'from', control: from }),
    field({ label: t('lead.to'), name: 'to', control: to }),
    h('div', { class: 'filters-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('lead.apply'))),
    err);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (from.value > to.value) {
      err.textContent = t('lead.badPeriod');
      return;
    }
    err.textContent = '';
    onchange({ from: from.value, to: to.value });
  });
  return form;
}

// The stylesheet of the leader's and supervisor's pages.
export function useStyles() {
  if (document.getElementById('qt-lead-css')) return;
  document.head.append(h('link', { id: 'qt-lead-css', rel: 'stylesheet', href: '/pages/leader/dashboard.css' }));
}

export function pct(x) {
  return x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`;
}
