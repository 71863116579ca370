// pages/leader/dashboard.js — 领导驾驶舱: the region's three rates for a
// period, department and county rankings by score, the monthly trend, the
// status funnel, overdue now and the top categories.  Every figure links
// to the demand list behind it (/leader/demands?…); each chart also has a
// list of those links for keyboard and screen-reader users.  The period is
// in the URL (?from=YYYY-MM&to=YYYY-MM).
import { api } from '../../api.js';
import { t, lang } from '../../i18n/index.js';
import { withQuery } from '../../router.js';
import { h, pageHead, icon } from '../../ui.js';
import { chart, PALETTE } from '../../charts.js';
import { loadCategories, categoryName } from '../shared/demands.js';
import { periodOf, periodForm, periodText, pct, useStyles } from './period.js';

export const LIST = '/leader/demands';
const REFRESH_MS = 5 * 60 * 1000;

const TEXT = '#1d2633';
const MUTED = '#576375';
const GRID = '#d9dfe8';

// The funnel's stages: how many demands reached each, and the statuses
// that count as having reached it.
const FUNNEL = [
  { key: 'submitted', statuses: ['submitted', 'assigned', 'accepted', 'answered', 'resolved', 'closed'] },
  { key: 'assigned', statuses: ['assigned', 'accepted', 'answered', 'resolved', 'closed'] },
  { key: 'answered', statuses: ['answered', 'resolved', 'closed'] },
  { key: 'resolved', statuses: ['resolved', 'closed'] },
  { key: 'closed', statuses: ['closed'] },
];

const round1 = (x) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);
const pctNum = (x) => (x === null || x === undefined ? null : Math.round(x * 1000) / 10);

function axisLabel() {
  return { color: MUTED, fontSize: 12 };
}

// A panel with a chart and, under it, the same figures as links.
function chartPanel(title, el, links, extraClass = '') {
  return h('section', { class: `panel dash-panel ${extraClass}` },
    h('h2', { class: 'panel-title' }, title),
    el,
    links && links.length ? h('details', { class: 'dash-links' },
      h('summary', null, t('lead.dash.asList')),
      h('ul', null, links.map((l) => h('li', null,
        h('a', { href: l.href }, l.label), ' ', h('span', { class: 'muted' }, l.value))))) : null);
}

// A horizontal bar chart of ROWS [{name, value, href, total}] (best at the top).
function barsOption(rows, { unit = '', max } = {}) {
  const data = [...rows].reverse();
  return {
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p) => `${p.name}<br>${p.value}${unit}${p.data.total !== undefined
        ? ` · ${t('lead.dash.count', { n: p.data.total })}` : ''}`,
    },
    xAxis: { type: 'value', max, axisLabel: axisLabel(), splitLine: { lineStyle: { color: GRID } } },
    yAxis: {
      type: 'category', data: data.map((r) => r.name),
      axisLabel: { ...axisLabel(), color: TEXT, width: 150, overflow: 'truncate' },
      axisTick: { show: false }, axisLine: { lineStyle: { color: GRID } },
    },
    series: [{
      type: 'bar', barMaxWidth: 18, cursor: 'pointer',
      data: data.map((r) => ({ value: r.value, name: r.name, key: r.key, total: r.total, href: r.href })),
      label: { show: true, position: 'right', color: TEXT, formatter: (p) => `${p.value}${unit}` },
    }],
  };
}

function onClickHref(inst, navigate) {
  inst.on('click', (p) => {
    const href = p.data?.href;
    if (href) navigate(href);
  });
}

export async function dashboardPage(ctx) {
  useStyles();
  const p = await periodOf(ctx.query);
  const q = { from: p.from, to: p.to };
  const [all, months, cats, depts, regions, catDict] = await Promise.all([
    api.get('/stats/rates', { ...q, group_by: 'none' }),
    api.get('/stats/rates', { ...q, group_by: 'month' }),
    api.get('/stats/rates', { ...q, group_by: 'category' }),
    api.get('/stats/rankings', { ...q, by: 'department' }),
    api.get('/stats/rankings', { ...q, by: 'region' }),
    loadCategories().catch(() => []),
  ]);
  const total = all.total || all.items?.[0] || { counts: { by_status: {} }, rates: {} };
  const c = total.counts || {};
  const bs = c.by_status || {};
  const list = (extra) => withQuery(LIST, { ...q, ...extra });
  const self = (extra) => withQuery(ctx.path, { ...q, ...extra });

  // ------------------------------------------------------------ big figures
  const kpi = (key, value, href, cls = '') => h('a', { class: `kpi ${cls}`, href, dataset: { kpi: key } },
    h('span', { class: 'kpi-label' }, t(`lead.kpi.${key}`)),
    h('span', { class: 'kpi-value' }, value),
    h('span', { class: 'kpi-more' }, t('lead.dash.open'), ' ›'));
  const rates = total.rates || {};
  const figures = h('div', { class: 'kpis' },
    kpi('response', pct(rates.response), list({ status: 'assigned,accepted,answered,resolved,closed' }), 'kpi-main'),
    kpi('resolution', pct(rates.resolution), list({ status: 'resolved,closed' }), 'kpi-main'),
    kpi('satisfaction', pct(rates.satisfaction), list({ status: 'closed' }), 'kpi-main'),
    kpi('total', String(c.total ?? 0), list({})),
    kpi('overdue', String(c.overdue_now ?? 0), list({ overdue: 'any' }), c.overdue_now ? 'kpi-alert' : ''));

  // ------------------------------------------------------------ charts
  const go = (href) => ctx.navigate(href);
  const deptRows = (depts.items || []).map((r) => ({
    key: r.key, name: r.label, value: round1(r.score), total: r.counts?.total ?? 0,
    href: list({ department: r.key }),
  }));
  // The row of the leader's own region counts its own demands only (市本级),
  // not those of the counties below it: its list says exact=1.
  const own = ctx.user?.region_code;
  const regionRows = (regions.items || []).map((r) => ({
    key: r.key,
    name: r.key === own ? t('lead.dash.ownLevel', { name: r.label }) : r.label,
    value: round1(r.score),
    total: r.counts?.total ?? 0,
    href: list(r.key === own ? { region: r.key, exact: '1' } : { region: r.key }),
  }));
  const catRows = (cats.items || []).filter((r) => r.counts?.total > 0)
    .sort((a, b) => b.counts.total - a.counts.total).slice(0, 8)
    .map((r) => ({
      key: r.key, name: categoryName(catDict, r.key) || r.label, value: r.counts.total, total: r.counts.total,
      href: list({ category: r.key }),
    }));
  const monthRows = (months.items || []).filter((r) => r.counts?.total > 0);
  const monthName = (m) => (lang() === 'zh-CN' ? `${Number(m.slice(5))}月` : m);

  const elDept = h('div', { class: 'chart chart-dept', role: 'img', 'aria-label': t('lead.dash.departments'), dataset: { chart: 'departments' } });
  const elRegion = h('div', { class: 'chart chart-region', role: 'img', 'aria-label': t('lead.dash.regions'), dataset: { chart: 'regions' } });
  const elTrend = h('div', { class: 'chart', role: 'img', 'aria-label': t('lead.dash.trend'), dataset: { chart: 'trend' } });
  const elFunnel = h('div', { class: 'chart', role: 'img', 'aria-label': t('lead.dash.funnel'), dataset: { chart: 'funnel' } });
  const elCats = h('div', { class: 'chart', role: 'img', 'aria-label': t('lead.dash.categories'), dataset: { chart: 'categories' } });
  // Departments: one bar each, so the chart grows with their number.
  elDept.style.height = `${Math.max(320, deptRows.length * 26 + 24)}px`;
  elRegion.style.height = `${Math.max(240, regionRows.length * 34 + 24)}px`;

  // Shades of the primary blue as demands go on, closed in green (white
  // text on each 4.5:1 or more).
  const FUNNEL_COLORS = ['#083b7a', '#0b4ea2', '#245da8', '#3a6aa8', '#17703a'];
  const funnelData = FUNNEL.map((s, i) => ({
    key: s.key,
    itemStyle: { color: FUNNEL_COLORS[i] },
    name: t(`lead.funnel.${s.key}`),
    value: s.statuses.reduce((n, st) => n + (bs[st] || 0), 0),
    href: list(s.key === 'submitted' ? {} : { status: s.statuses.join(',') }),
  }));

  const trendSeries = ['response', 'resolution', 'satisfaction'].map((k, i) => ({
    name: t(`lead.kpi.${k}`), type: 'line', smooth: false, symbolSize: 8, cursor: 'pointer',
    itemStyle: { color: PALETTE[i] }, lineStyle: { width: 3 },
    data: monthRows.map((r) => ({ value: pctNum(r.rates?.[k]), month: r.key, href: list({ from: r.key, to: r.key }) })),
  }));

  const page = h('div', { class: 'dash' },
    pageHead(t('lead.dash.title')),
    h('div', { class: 'dash-head' },
      h('p', { class: 'dash-scope' },
        icon('chart'), h('strong', null, total.label || ''), ' · ', periodText(p),
        p.explicit ? null : h('span', { class: 'muted' }, ` (${t('lead.dash.defaultPeriod')})`)),
      periodForm(p, (np) => ctx.navigate(self(np)))),
    figures,
    h('div', { class: 'dash-grid' },
      chartPanel(t('lead.dash.trend'), elTrend, monthRows.map((r) => ({
        label: monthName(r.key), value: ['response', 'resolution', 'satisfaction']
          .map((k) => `${t(`lead.kpi.${k}`)} ${pct(r.rates?.[k])}`).join(' · '),
        href: list({ from: r.key, to: r.key }),
      })), 'dash-wide'),
      chartPanel(t('lead.dash.funnel'), elFunnel, funnelData.map((d) => ({ label: d.name, value: String(d.value), href: d.href }))),
      chartPanel(t('lead.dash.categories'), elCats, catRows.map((r) => ({ label: r.name, value: String(r.value), href: r.href }))),
      chartPanel(t('lead.dash.regions'), elRegion, regionRows.map((r) => ({
        label: r.name, value: `${r.value ?? '—'} · ${t('lead.dash.count', { n: r.total })}`, href: r.href,
      }))),
      chartPanel(t('lead.dash.departments'), h('div', { class: 'chart-scroll' }, elDept), deptRows.map((r) => ({
        label: r.name, value: `${r.value ?? '—'} · ${t('lead.dash.count', { n: r.total })}`, href: r.href,
      }))),
    ));

  // Draw once the page is in the document (ECharts needs sizes).
  queueMicrotask(async () => {
    await new Promise((r) => requestAnimationFrame(r));
    if (!ctx.isCurrent() || !page.isConnected) return;
    const draw = async (el, option) => {
      const inst = await chart(el, option);
      onClickHref(inst, go);
      return inst;
    };
    await Promise.all([
      draw(elDept, barsOption(deptRows, { max: 100 })),
      draw(elRegion, barsOption(regionRows, { max: 100 })),
      draw(elCats, { ...barsOption(catRows), color: [PALETTE[5]] }),
      draw(elTrend, {
        legend: { top: 0, textStyle: { color: TEXT } },
        grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null ? '—' : `${v}%`) },
        xAxis: { type: 'category', data: monthRows.map((r) => monthName(r.key)), axisLabel: axisLabel(),
          axisLine: { lineStyle: { color: GRID } } },
        yAxis: { type: 'value', min: (v) => Math.max(0, Math.floor(v.min / 10) * 10), max: 100,
          axisLabel: { ...axisLabel(), formatter: '{value}%' }, splitLine: { lineStyle: { color: GRID } } },
        series: trendSeries,
      }),
      draw(elFunnel, {
        tooltip: { trigger: 'item', formatter: (x) => `${x.name}: ${x.value}` },
        series: [{
          type: 'funnel', left: '8%', right: '8%', top: 8, bottom: 8, sort: 'none', gap: 2, minSize: '18%',
          cursor: 'pointer',
          label: { show: true, position: 'inside', color: '#fff', fontSize: 14, formatter: (x) => `${x.name} ${x.value}` },
          data: funnelData,
        }],
      }),
    ]).then((insts) => { page.dataset.charts = String(insts.length); });
  });
  // On a wall screen the figures stay fresh: read them again every 5
  // minutes while this page is shown and visible.
  const timer = setInterval(() => {
    if (!ctx.isCurrent() || !page.isConnected) clearInterval(timer);
    else if (document.visibilityState === 'visible') {
      clearInterval(timer);
      ctx.refresh();
    }
  }, REFRESH_MS);
  return page;
}
