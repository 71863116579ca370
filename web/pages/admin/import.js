// pages/admin/import.js — 批量导入: pick the kind and a CSV file, choose
// all-or-nothing or partial, upload it with a progress bar (POST
// /imports/{kind}, the file itself as text/csv), then the report: rows
// read, rows imported, and every rejected row with line, field and reason.
import { upload } from '../../api.js';
import { t, serverMessage } from '../../i18n/index.js';
import { withQuery } from '../../router.js';
import { h, field, pageHead, panel, table, clear, showErrors, clearErrors, formAlert } from '../../ui.js';

const KINDS = ['enterprises', 'departments', 'users', 'pairings'];
const MAX = 1024 * 1024;

function report(r, partial) {
  const whole = !r.written && r.rejected?.length;
  return h('div', { class: 'import-report' },
    h('p', { class: `notice ${whole ? 'notice-error' : r.rejected?.length ? 'notice-warn' : 'notice-info'}`, role: 'status' },
      whole ? t('adm.imp.refused', { n: r.rejected_rows ?? r.rejected.length })
        : t('adm.imp.done', { n: r.imported })),
    h('dl', { class: 'dl' },
      h('div', { class: 'dl-row' }, h('dt', null, t('adm.imp.rows')), h('dd', { class: 'imp-rows' }, String(r.rows ?? 0))),
      h('div', { class: 'dl-row' }, h('dt', null, t('adm.imp.imported')), h('dd', { class: 'imp-imported' }, String(r.imported ?? 0))),
      h('div', { class: 'dl-row' }, h('dt', null, t('adm.imp.rejected')), h('dd', { class: 'imp-rejected' }, String(r.rejected_rows ?? r.rejected?.length ?? 0))),
      h('div', { class: 'dl-row' }, h('dt', null, t('adm.imp.mode')), h('dd', null, t(partial ? 'adm.imp.partial' : 'adm.imp.whole'))),
      r.ignored_columns?.length ? h('div', { class: 'dl-row' }, h('dt', null, t('adm.imp.ignored')),
        h('dd', null, r.ignored_columns.join(', '))) : null),
    r.rejected?.length ? h('div', { class: 'imp-rejected-list' },
      h('h3', { class: 'panel-title' }, t('adm.imp.rejectedTitle')),
      table({
        className: 'imp-table',
        caption: t('adm.imp.rejectedTitle'),
        rows: r.rejected,
        columns: [
          { label: t('adm.imp.line'), className: 'nowrap', cell: (x) => String(x.line) },
          { label: t('adm.imp.field'), className: 'mono', cell: (x) => x.field || '—' },
          { label: t('adm.imp.reason'), cell: (x) => serverMessage(x.message) },
        ],
      })) : null);
}

export function importPage(ctx) {
  const kindQ = ctx.query.get('kind');
  const kind = h('select', null, KINDS.map((k) => h('option', { value: k, selected: k === kindQ }, t(`adm.imp.kind.${k}`))));
  const file = h('input', { type: 'file', accept: '.csv,text/csv' });
  const partial = h('input', { type: 'checkbox', id: 'imp-partial' });
  const bar = h('progress', { max: '1', value: '0', class: 'file-progress', hidden: true, 'aria-label': t('adm.imp.progress') });
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('adm.imp.upload'));
  const form = h('form', { class: 'form', novalidate: true },
    field({ label: t('adm.imp.kind'), name: 'kind', control: kind, required: true }),
    field({ label: t('adm.imp.file'), name: 'file', control: file, required: true, hint: t('adm.imp.fileHint') }),
    h('div', { class: 'field', dataset: { field: 'partial' } },
      h('span', { class: 'radio' }, partial, h('label', { for: 'imp-partial' }, t('adm.imp.partialLabel'))),
      h('p', { class: 'field-hint' }, t('adm.imp.partialHint'))),
    bar,
    h('div', { class: 'form-actions' }, submit));
  // The kind goes into the URL without a new render, which would drop the picked file.
  kind.addEventListener('change', () => window.history.replaceState(window.history.state, '', withQuery('/import', { kind: kind.value })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    clear(out);
    const f = file.files[0];
    if (!f) { showErrors(form, [{ field: 'file', message: t('adm.imp.pick') }]); return; }
    if (f.size > MAX) { showErrors(form, [{ field: 'file', message: t('adm.imp.tooBig') }]); return; }
    const isPartial = partial.checked;
    submit.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    let r;
    try {
      r = await upload(withQuery(`/imports/${kind.value}`, { partial: isPartial ? '1' : '0', filename: f.name }), f,
        (p) => { bar.value = p; }, { raw: true, type: 'text/csv' });
    } catch (err) {
      if (err.status === 422 && err.body && Array.isArray(err.body.rejected)) r = err.body;
      else {
        formAlert(form, err.status ? t('error.server', { status: err.status, detail: err.detail }) : t('error.network'));
        submit.disabled = false;
        return;
      }
    } finally {
      submit.disabled = false;
    }
    if (!ctx.isCurrent()) return;
    const rep = report(r, isPartial);
    const list = rep.querySelector('.imp-rejected-list');
    if (list) list.style.marginTop = '16px';
    out.append(rep);
  });
  return h('div', null,
    pageHead(t('adm.imp.title')),
    h('p', { class: 'page-lead' }, t('adm.imp.lead')),
    panel(null, form),
    panel(t('adm.imp.report'), out));
}
