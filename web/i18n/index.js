// i18n/index.js — the language of the UI and t(key, params).
//
// Every string the UI shows lives in one message table per language
// (zh-CN.js, en.js: flat objects, the same keys in both; a test checks).
// Simplified Chinese is the default; the choice is kept in localStorage.
// "{name}" in a message is replaced by params.name.
import zh from './zh-CN.js';
import en from './en.js';

const TABLES = { 'zh-CN': zh, en };
const KEY = 'qitong.lang';
const listeners = new Set();

function stored() {
  try {
    const v = localStorage.getItem(KEY);
    return v && TABLES[v] ? v : null;
  } catch {
    return null;
  }
}

let current = stored() || 'zh-CN';

export const LANGS = Object.keys(TABLES);

export function lang() {
  return current;
}

// Switch the language, remember it, and tell the listeners (the app
// re-renders the shell and the current page).
export function setLang(l) {
  if (!TABLES[l] || l === current) return;
  current = l;
  try { localStorage.setItem(KEY, l); } catch { /* private mode */ }
  document.documentElement.lang = l;
  for (const fn of listeners) fn(l);
}

export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// The message KEY in the current language, with {param}s filled in.  A
// missing key shows as the key itself (and a test finds it before users do).
export function t(key, params) {
  let s = TABLES[current][key];
  if (s === undefined) s = zh[key];
  if (s === undefined) return key;
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, name) =>
      params[name] === undefined || params[name] === null ? m : String(params[name]));
  }
  return s;
}

// t() for a key that may not exist: FALLBACK when it does not.
export function tOr(key, fallback, params) {
  return TABLES[current][key] !== undefined || zh[key] !== undefined
    ? t(key, params) : fallback;
}

// Dates and times are shown in China Standard Time, as the server keeps
// its deadlines, whatever the browser's own zone.
const TZ = 'Asia/Shanghai';

export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(d);
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function formatDate(iso) {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return formatDateTime(iso).slice(0, 10);
}

export function formatBytes(n) {
  if (n < 1024) return t('unit.bytes', { n });
  if (n < 1024 * 1024) return t('unit.kb', { n: (n / 1024).toFixed(1) });
  return t('unit.mb', { n: (n / 1024 / 1024).toFixed(1) });
}

// A server field message ("is required", "must be at most 100
// characters") in the current language, when it is one we know.
const SERVER_MESSAGES = [
  [/^is required$/, 'server.required'],
  [/^is required for .*$/, 'server.required'],
  [/^must not be empty$/, 'server.empty'],
  [/^must be at most (\d+) characters$/, 'server.maxChars', 'n'],
  [/^must not hold control characters$/, 'server.control'],
  [/^is not a demand category$/, 'server.category'],
  [/^must be one of .*$/, 'server.oneOf'],
  [/^is not a field of this request$/, 'server.unknownField'],
  [/^is not a known (?:user|team|enterprise|project|region code)$/, 'server.unknown'],
  [/^is outside your region$/, 'server.outsideRegion'],
  [/^is a disabled (?:account|team|enterprise|project)$/, 'server.disabledRecord'],
  [/^must be a commissioner$/, 'server.notCommissioner'],
  [/^must be a commissioner or a leader$/, 'server.notCommissionerOrLeader'],
  [/^is not an active commissioner$/, 'server.notActiveCommissioner'],
  [/^user (\d+) is not an active commissioner$/, 'server.memberNotCommissioner', 'n'],
  [/^already serves this (?:enterprise|project) \(pairing (\d+)\)$/, 'server.alreadyPaired', 'n'],
  [/^must not be before starts_on$/, 'server.beforeStart'],
];

export function serverMessage(msg) {
  for (const [re, key, param] of SERVER_MESSAGES) {
    const m = re.exec(msg || '');
    if (m) return t(key, param ? { [param]: m[1] } : undefined);
  }
  return msg;
}

document.documentElement.lang = current;
