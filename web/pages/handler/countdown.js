// pages/handler/countdown.js — how long is left of a running stage, as a
// tag coloured by urgency (the text says it too): on time (green), the
// reminder reached (amber: 75 % of the stage gone), overdue (red).  The
// dispatcher's queue uses it for the assign deadline.
import { t } from '../../i18n/index.js';
import { h } from '../../ui.js';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

// "3 天 4 小时" / "5 小时 12 分" / "8 分" for MS (≥ 0).
export function spanText(ms) {
  const m = Math.max(0, Math.floor(ms / 60000));
  const d = Math.floor(m / 1440);
  const hr = Math.floor((m % 1440) / 60);
  const min = m % 60;
  if (d > 0) return t('cd.daysHours', { d, h: hr });
  if (hr > 0) return t('cd.hoursMinutes', { h: hr, m: min });
  return t('cd.minutes', { m: min });
}

// The state of a stage running from START to DUE at NOW: 'ok' | 'remind'
// | 'overdue' | 'none' (no deadline).  OVERDUE (the server's word) wins.
export function urgencyOf({ start, due, overdue = false, now = Date.now() }) {
  if (!due) return 'none';
  const end = new Date(due).getTime();
  if (overdue || end <= now) return 'overdue';
  const begin = start ? new Date(start).getTime() : NaN;
  if (Number.isFinite(begin) && end > begin && (now - begin) / (end - begin) >= 0.75) return 'remind';
  if (!Number.isFinite(begin) && end - now < DAY) return 'remind';
  return 'ok';
}

const CLASS = { ok: 'tag tag-ok cd', remind: 'tag tag-warn cd', overdue: 'tag tag-danger cd' };

// The countdown tag for a stage (null when there is no deadline).
export function countdown({ start, due, overdue = false, paused = false, now = Date.now() }) {
  const state = urgencyOf({ start, due, overdue, now });
  if (state === 'none') return h('span', { class: 'muted' }, '—');
  const end = new Date(due).getTime();
  let text;
  if (paused) text = t('cd.paused');
  else if (end <= now) text = t('cd.overdueBy', { span: spanText(now - end) });
  else if (state === 'overdue') text = t('cd.overdue');
  else text = t(state === 'remind' ? 'cd.leftSoon' : 'cd.left', { span: spanText(end - now) });
  const el = h('span', { class: CLASS[state], dataset: { urgency: state } }, text);
  el.style.marginLeft = '0';
  el.style.whiteSpace = 'nowrap';
  return el;
}

// The stage a handler works to now: the answer, then the resolution.
export function handlerStage(d) {
  if (['assigned', 'accepted'].includes(d.status) || (d.status === 'submitted' && d.return_pending && !d.answered_at)) {
    return { stage: 'answer', due: d.due?.answer || d.current_due };
  }
  if (d.status === 'answered' || (d.status === 'submitted' && d.return_pending)) {
    return { stage: 'resolve', due: d.due?.resolve || d.current_due };
  }
  return { stage: null, due: null };
}

// The countdown of D's running handler stage.
export function handlerCountdown(d, now = Date.now()) {
  const { due } = handlerStage(d);
  return countdown({ start: d.assigned_at || d.submitted_at, due, overdue: d.overdue, paused: d.paused, now });
}
