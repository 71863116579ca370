// pages/enterprise/submit.js — 提交诉求: category, kind, urgency, title,
// content and files.  The demand is created first (POST /demands), then
// each file is uploaded to it with a progress bar; then its page opens.
// A file that fails leaves the demand submitted and says so, with a link.
import { api, upload } from '../../api.js';
import { t } from '../../i18n/index.js';
import { h, field, radioGroup, showErrors, clearErrors, formAlert, pageHead, panel, toast } from '../../ui.js';
import { loadCategories, categoryName, KINDS, URGENCIES } from '../shared/demands.js';
import { filePicker } from '../shared/files.js';

const TITLE_MAX = 100;
const CONTENT_MAX = 5000;

// A live "n / max" count beside the hint of the field around CONTROL.
function counted(fieldEl, control, max) {
  const out = h('span', { class: 'counter muted small', 'aria-live': 'off' }, `0 / ${max}`);
  const update = () => { out.textContent = `${[...control.value].length} / ${max}`; };
  control.addEventListener('input', update);
  update();
  const hint = fieldEl.querySelector('.field-hint');
  const foot = h('div', { class: 'field-foot' });
  hint.replaceWith(foot);
  foot.append(hint, out);
}

export async function submitPage(ctx) {
  const cats = await loadCategories();
  const category = h('select', null,
    h('option', { value: '' }, t('ent.submit.pickCategory')),
    cats.map((c) => h('option', { value: c.code }, categoryName(cats, c.code))));
  const title = h('input', { type: 'text', maxlength: String(TITLE_MAX), autocomplete: 'off' });
  const content = h('textarea', { rows: '8', maxlength: String(CONTENT_MAX) });
  const picker = filePicker({ name: 'file' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('ent.submit.submit'));

  const titleField = field({ label: t('demand.titleField'), name: 'title', control: title, required: true,
    hint: t('ent.submit.titleHint') });
  counted(titleField, title, TITLE_MAX);
  const contentField = field({ label: t('demand.content'), name: 'content', control: content, required: true,
    hint: t('ent.submit.contentHint') });
  counted(contentField, content, CONTENT_MAX);

  const form = h('form', { class: 'form form-wide', novalidate: true },
    h('div', { class: 'form-row' },
      field({ label: t('demand.category'), name: 'category', control: category, required: true }),
      radioGroup({ legend: t('demand.urgency'), name: 'urgency', value: 'normal',
        options: URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) })) })),
    radioGroup({ legend: t('demand.kind'), name: 'kind', value: 'help',
      options: KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })) }),
    titleField,
    contentField,
    picker.el,
    h('div', { class: 'form-actions' },
      h('a', { class: 'btn', href: '/demands' }, t('common.cancel')), submit));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {
      category: category.value,
      kind: form.elements.kind.value || 'help',
      urgency: form.elements.urgency.value || 'normal',
      title: title.value.trim(),
      content: content.value.trim(),
    };
    const missing = ['category', 'title', 'content']
      .filter((k) => !body[k]).map((k) => ({ field: k, message: t('form.required') }));
    if (missing.length) { showErrors(form, missing); return; }

    submit.disabled = true;
    picker.lock();
    let d;
    try {
      d = await api.post('/demands', body);
    } catch (err) {
      submit.disabled = false;
      picker.lock(false);
      if (err.errors?.length) showErrors(form, err.errors, t('form.fix'));
      else formAlert(form, err.status ? t('error.server', { status: err.status, detail: err.detail }) : t('error.network'));
      return;
    }
    const files = picker.files();
    let failed = 0;
    if (files.length) formAlert(form, t('ent.submit.uploading', { code: d.code }));
    for (const item of files) {
      try {
        await upload(`/demands/${d.id}/attachments`, item.file, (p) => item.progress(p));
        item.done();
      } catch (err) {
        failed += 1;
        item.fail(err.errors?.[0]?.message || err.detail || t('error.network'));
      }
    }
    if (!ctx.isCurrent()) return;
    if (failed) {
      const box = formAlert(form, t('ent.submit.someFailed', { code: d.code, n: failed }));
      box.append(' ', h('a', { href: `/demands/${d.id}` }, t('ent.submit.open')));
      return;
    }
    toast(t('ent.submit.done', { code: d.code }));
    ctx.navigate(`/demands/${d.id}`, { replace: true });
  });

  return h('div', null,
    pageHead(t('ent.submit.title')),
    h('div', { class: 'submit-grid' },
      panel(null, form),
      h('aside', { class: 'panel panel-note' },
        h('h2', { class: 'panel-title' }, t('ent.submit.howTitle')),
        h('ol', { class: 'how' },
          h('li', null, t('ent.submit.how1')),
          h('li', null, t('ent.submit.how2')),
          h('li', null, t('ent.submit.how3')),
          h('li', null, t('ent.submit.how4'))))));
}
