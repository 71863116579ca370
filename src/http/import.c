/*
 * import.c — registry imports from CSV; see import.h.
 *
 * One pass over the file inside one transaction.  Each row is read into
 * the domain struct, checked field by field (collecting every problem of
 * the row), and written with the store's create function (enterprises
 * many to a statement).  Lookups that would cost a query per row are
 * answered from memory: region and industry codes are loaded once, keys
 * seen earlier in the file are kept in a hash table, and names resolved
 * to ids are cached.  A duplicate in
 * the database is found by the insert itself (a unique violation), not by
 * a query before it.  In all-or-nothing mode the good rows are written
 * too, so that their conflicts with the database are found, and the
 * transaction is rolled back at the end if any row was rejected.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "import.h"
#include "log.h"
#include "text.h"
#include "uscc.h"

/* ---- a string-keyed hash table --------------------------------------- */

/* Open addressing, keys copied into an arena, grown at half full. */
typedef struct StrMap {
  const char **keys; /* owned array of cap; NULL for an empty slot */
  int64_t *vals;     /* owned array of cap */
  size_t cap;        /* a power of two, or 0 before the first put */
  size_t n;          /* keys held */
  Arena *a;          /* borrowed: where keys are copied */
} StrMap;

static void map_init(StrMap *m, Arena *a)
{
  memset(m, 0, sizeof *m);
  m->a = a;
}

static void map_reset(StrMap *m)
{
  free(m->keys);
  free(m->vals);
  m->keys = NULL;
  m->vals = NULL;
  m->cap = m->n = 0;
}

static size_t hash_str(const char *s)
{
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */

  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ULL;
  }
  return (size_t)h;
}

/* The slot of KEY, or of the empty slot where it would go. */
static size_t map_slot(const StrMap *m, const char *key)
{
  size_t i = hash_str(key) & (m->cap - 1);

  while (m->keys[i] && strcmp(m->keys[i], key) != 0) {
    i = (i + 1) & (m->cap - 1);
  }
  return i;
}

static bool map_get(const StrMap *m, const char *key, int64_t *val)
{
  size_t i;

  if (m->cap == 0) return false;
  i = map_slot(m, key);
  if (!m->keys[i]) return false;
  if (val) *val = m->vals[i];
  return true;
}

static void map_put(StrMap *m, const char *key, int64_t val)
{
  size_t i, old_cap = m->cap;
  const char **old_keys = m->keys;
  int64_t *old_vals = m->vals;

  if ((m->n + 1) * 2 > m->cap) {
    m->cap = old_cap ? old_cap * 2 : 256;
    m->keys = qt_calloc(m->cap, sizeof *m->keys);
    m->vals = qt_calloc(m->cap, sizeof *m->vals);
    for (i = 0; i < old_cap; i++) {
      if (old_keys[i]) {
        size_t j = map_slot(m, old_keys[i]);
        m->keys[j] = old_keys[i];
        m->vals[j] = old_vals[i];
      }
    }
    free(old_keys);
    free(old_vals);
  }
  i = map_slot(m, key);
  if (!m->keys[i]) {
    m->keys[i] = arena_strdup(m->a, key);
    m->n++;
  }
  m->vals[i] = val;
}

/* ---- the report ------------------------------------------------------ */

void import_report_init(ImportReport *r)
{
  memset(r, 0, sizeof *r);
  r->arena = arena_new();
}

void import_report_reset(ImportReport *r)
{
  free(r->rejected);
  arena_free(r->arena);
  memset(r, 0, sizeof *r);
}

/* ---- the columns of each kind ---------------------------------------- */

/* A field the importer reads: matched by the ledger column of the same
 * key (its English name or Chinese title), or by ALIAS. */
typedef struct Field {
  const char *key;   /* the ledger column's key */
  const char *alias; /* another header people use, or NULL */
  bool is_required;  /* the header must have it */
} Field;

enum {
  E_CREDIT_CODE, E_CODE_EXCEPTION, E_NAME, E_REGION, E_INDUSTRY, E_SCALE,
  E_FOUR_ABOVE, E_KEY, E_FOREIGN_INVESTED, E_FOREIGN_TRADE, E_EMPLOYEES,
  E_ADDRESS, E_CONTACT_NAME, E_CONTACT_PHONE, E_DISABLED, E_COUNT
};
static const Field enterprise_fields[E_COUNT] = {
  [E_CREDIT_CODE] = {"credit_code", "信用代码", true},
  [E_CODE_EXCEPTION] = {"code_exception", NULL, false},
  [E_NAME] = {"name", "单位名称", true},
  [E_REGION] = {"region_code", "地区代码", true},
  [E_INDUSTRY] = {"industry_code", "行业", false},
  [E_SCALE] = {"scale", NULL, true},
  [E_FOUR_ABOVE] = {"four_above", NULL, false},
  [E_KEY] = {"key", NULL, false},
  [E_FOREIGN_INVESTED] = {"foreign_invested", "外资企业", false},
  [E_FOREIGN_TRADE] = {"foreign_trade", "外贸企业", false},
  [E_EMPLOYEES] = {"employees", "职工人数", false},
  [E_ADDRESS] = {"address", "企业地址", false},
  [E_CONTACT_NAME] = {"contact_name", NULL, false},
  [E_CONTACT_PHONE] = {"contact_phone", "电话", false},
  [E_DISABLED] = {"disabled", NULL, false},
};

enum { D_NAME, D_KIND, D_REGION, D_PARENT, D_DISABLED, D_COUNT };
static const Field department_fields[D_COUNT] = {
  [D_NAME] = {"name", NULL, true},
  [D_KIND] = {"kind", NULL, true},
  [D_REGION] = {"region_code", "地区代码", true},
  [D_PARENT] = {"parent", NULL, false},
  [D_DISABLED] = {"disabled", NULL, false},
};

enum {
  U_USERNAME, U_DISPLAY_NAME, U_ROLE, U_REGION, U_DEPARTMENT, U_ENTERPRISE,
  U_LEVEL, U_PHONE, U_DISABLED, U_COUNT
};
static const Field user_fields[U_COUNT] = {
  [U_USERNAME] = {"username", "账号", true},
  [U_DISPLAY_NAME] = {"display_name", NULL, false},
  [U_ROLE] = {"role", NULL, true},
  [U_REGION] = {"region_code", "地区代码", false},
  [U_DEPARTMENT] = {"department", NULL, false},
  [U_ENTERPRISE] = {"enterprise", "企业信用代码", false},
  [U_LEVEL] = {"level", NULL, false},
  [U_PHONE] = {"phone", "联系电话", false},
  [U_DISABLED] = {"disabled", NULL, false},
};

enum { P_COMMISSIONER, P_TEAM, P_CREDIT_CODE, P_KIND, P_STARTS, P_ENDS,
       P_COUNT };
static const Field pairing_fields[P_COUNT] = {
  [P_COMMISSIONER] = {"commissioner", "专员", false},
  [P_TEAM] = {"team", "入企小分队", false},
  [P_CREDIT_CODE] = {"credit_code", "信用代码", true},
  [P_KIND] = {"kind", NULL, false},
  [P_STARTS] = {"starts_on", NULL, false},
  [P_ENDS] = {"ends_on", NULL, false},
};

enum { MAX_FIELDS = 16 };

QtCode import_kind_parse(const char *name, LedgerKind *kind, QtError *err)
{
  LedgerKind k;

  if (ledger_kind_parse(name, &k, err) == QT_OK &&
      (k == LEDGER_ENTERPRISES || k == LEDGER_DEPARTMENTS ||
       k == LEDGER_USERS || k == LEDGER_PAIRINGS)) {
    *kind = k;
    return QT_OK;
  }
  qt_error_clear(err);
  qt_field(err, "kind", "must be one of enterprises, departments, users, "
                        "pairings");
  return qt_fail(err, QT_EINVALID, "'%.32s' is not a kind that imports.",
                 name ? name : "");
}

/* ---- one import in progress ------------------------------------------ */

typedef struct Importer {
  Store *st;                 /* borrowed */
  const ImportOptions *opt;  /* borrowed */
  ImportReport *rep;         /* borrowed: where results go */
  QtError *err;              /* where a fatal failure goes */
  const Field *fields;       /* the kind's fields */
  int n_fields;              /* entries of fields */
  int col[MAX_FIELDS];       /* CSV column of each field, -1 when absent */
  Arena *a;                  /* the import's own memory: keys, caches */
  Arena *scratch;            /* per-row memory, renewed every few rows */
  StrMap regions;            /* known region codes */
  StrMap industries;         /* known industry codes */
  StrMap seen;               /* keys written from this file -> line */
  int64_t *written_ids;      /* owned: ids of the enterprises written, */
  long *written_lines;       /* ascending, and the lines they came from */
  long n_written;            /* entries of both */
  long cap_written;          /* entries allocated */
  StrMap cache;              /* names resolved to ids */
  char today[QT_TIME_TEXT];  /* "2026-03-02" in China Standard Time */
  long line;                 /* the current record's line */
  int row_errors;            /* rejections of the current row */
  bool is_malformed;         /* the CSV broke: nothing may be kept */
} Importer;

/* Reject the current row for FIELD, with a printf-style reason. */
static void reject(Importer *im, const char *field, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));

static void reject(Importer *im, const char *field, const char *fmt, ...)
{
  ImportReport *r = im->rep;
  char message[256];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  /* Reasons quote cells cut to a length ("'%.40s' is not one of"), which
   * may split a character; the report goes out as JSON, which must be
   * UTF-8 (as qt_fail's messages are). */
  utf8_repair(message);
  if (r->n_rejected == r->cap_rejected) {
    long cap = r->cap_rejected ? r->cap_rejected * 2 : 64;
    ImportReject *grown = qt_realloc(r->rejected, (size_t)cap * sizeof *grown);
    r->rejected = grown;
    r->cap_rejected = cap;
  }
  r->rejected[r->n_rejected].line = im->line;
  r->rejected[r->n_rejected].field = arena_strdup(r->arena, field);
  r->rejected[r->n_rejected].message = arena_strdup(r->arena, message);
  r->n_rejected++;
  if (im->row_errors == 0) r->rejected_rows++; /* the row's first */
  im->row_errors++;
}

/* Header cell S normalised for matching: trimmed, without the '*' that
 * templates put on required columns.  Changes S in place. */
static char *header_name(char *s)
{
  size_t n;

  text_trim(s);
  n = strlen(s);
  while (n > 0 && s[n - 1] == '*') s[--n] = '\0';
  if (n >= 3 && strcmp(s + n - 3, "＊") == 0) s[n - 3] = '\0';
  return text_trim(s);
}

/* The title of the ledger column KEY of the import's kind, or NULL. */
static const char *column_title(LedgerKind kind, const char *key)
{
  int n, i;
  const LedgerColumn *cols = ledger_columns(kind, &n);

  for (i = 0; i < n; i++) {
    if (strcmp(cols[i].key, key) == 0) return cols[i].title;
  }
  return NULL;
}

/* Map the header record's columns to the kind's fields.  Problems are
 * rejections of line 1. */
static void read_header(Importer *im, CsvRecord *rec)
{
  int c, f;

  for (f = 0; f < im->n_fields; f++) im->col[f] = -1;
  for (c = 0; c < rec->n_fields; c++) {
    char *name = header_name(rec->fields[c]);
    bool is_used = false;
    if (!*name) continue;
    for (f = 0; f < im->n_fields; f++) {
      const Field *fd = &im->fields[f];
      const char *title = column_title(im->opt->kind, fd->key);
      if (strcasecmp(name, fd->key) != 0 &&
          !(title && strcmp(name, title) == 0) &&
          !(fd->alias && strcmp(name, fd->alias) == 0)) {
        continue;
      }
      if (im->col[f] >= 0) {
        reject(im, fd->key, "the column appears twice in the header");
      }
      im->col[f] = c;
      is_used = true;
      break;
    }
    if (!is_used && im->rep->n_ignored < CSV_MAX_FIELDS) {
      im->rep->ignored[im->rep->n_ignored++] = arena_strdup(im->rep->arena,
                                                            name);
    }
  }
  for (f = 0; f < im->n_fields; f++) {
    const char *title = column_title(im->opt->kind, im->fields[f].key);
    if (im->fields[f].is_required && im->col[f] < 0) {
      reject(im, im->fields[f].key, "the required column is missing (%s)",
             title ? title : im->fields[f].key);
    }
  }
}

/*
 * The cell of field F in REC, cleaned in place, or NULL when absent or
 * empty.  Cleaning undoes what a spreadsheet or our own export did to a
 * single-line value: the ' that csv_write_field puts before a leading
 * = + - @ (so the text survives a round trip), line breaks inside a cell
 * (wrapped text in Excel) folded into one space, and white space at the
 * ends.
 */
static char *cell(Importer *im, CsvRecord *rec, int f)
{
  int c = im->col[f];
  char *s, *r, *w;
  bool was_space = false;

  if (c < 0 || c >= rec->n_fields) return NULL;
  s = rec->fields[c];
  if (s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1])) s++;
  for (r = w = s; *r; r++) {
    if (*r == '\r' || *r == '\n') {
      if (!was_space) *w++ = ' ';
      was_space = true;
    } else {
      *w++ = *r;
      was_space = false;
    }
  }
  *w = '\0';
  text_trim(s);
  return *s ? s : NULL;
}

/* True when every field of REC is empty: Excel leaves such rows. */
static bool is_blank(const CsvRecord *rec)
{
  int i;

  for (i = 0; i < rec->n_fields; i++) {
    const char *s = rec->fields[i];
    while (*s == ' ' || *s == '\t') s++;
    if (*s) return false;
  }
  return true;
}

/* Reject S for FIELD unless it is one line of at most MAX characters. */
static void check_text(Importer *im, const char *field, const char *s,
                       size_t max)
{
  const unsigned char *p;

  if (!s) return;
  for (p = (const unsigned char *)s; *p; p++) {
    if (*p < 0x20 || *p == 0x7f) {
      reject(im, field, "must not hold control characters");
      return;
    }
  }
  if (utf8_length(s) > max) {
    reject(im, field, "must be at most %zu characters", max);
  }
}

static void check_phone(Importer *im, const char *field, const char *s)
{
  if (!s) return;
  if (strspn(s, "0123456789+- ") != strlen(s)) {
    reject(im, field, "may hold only digits, +, - and spaces");
  }
  check_text(im, field, s, 30);
}

static char *upcase(char *s)
{
  char *p;

  for (p = s; p && *p; p++) *p = (char)toupper((unsigned char)*p);
  return s;
}

/* Require field KEY to be present in the row. */
static bool required(Importer *im, const char *key, const char *s)
{
  if (s) return true;
  reject(im, key, "is required");
  return false;
}

/* The value of choice field KEY, or NULL (rejected) when S names none. */
static const char *choice(Importer *im, const char *key, LedgerChoices set,
                          const char *s)
{
  const char *v;
  char list[200];

  if (!s) return NULL;
  v = ledger_choice_parse(set, s);
  if (!v) {
    ledger_choice_describe(set, list, sizeof list);
    reject(im, key, "'%.40s' is not one of %s", s, list);
  }
  return v;
}

static bool flag(Importer *im, const char *key, const char *s)
{
  int v = ledger_bool_parse(s);

  if (v < 0) {
    reject(im, key, "must be 是 or 否 (or 1/0, true/false), not '%.20s'", s);
    return false;
  }
  return v == 1;
}

/* True when S is a region code the database knows. */
static bool known_region(Importer *im, const char *key, const char *s)
{
  if (!s) return false;
  if (!map_get(&im->regions, s, NULL)) {
    reject(im, key, "'%.16s' is not a known region code", s);
    return false;
  }
  return true;
}

/* Parse a whole number in [0, MAX]; thousands separators are allowed. */
static int64_t whole(Importer *im, const char *key, const char *s,
                     int64_t max)
{
  int64_t v = 0;
  const char *p;

  if (!s) return -1;
  for (p = s; *p; p++) {
    if (*p == ',') continue;
    if (*p < '0' || *p > '9' || v > max) {
      reject(im, key, "must be a whole number from 0 to %lld",
             (long long)max);
      return -1;
    }
    v = v * 10 + (*p - '0');
  }
  if (v > max) {
    reject(im, key, "must be a whole number from 0 to %lld", (long long)max);
    return -1;
  }
  return v;
}

/* A date "2026-03-02", also written 2026/3/2 or 2026.3.2 as spreadsheets
 * do; a new normalised string in the scratch arena, or NULL (rejected). */
static char *date(Importer *im, const char *key, const char *s)
{
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y, m, d, n = 0, max;
  char sep1, sep2;

  if (!s) return NULL;
  if (sscanf(s, "%4d%c%2d%c%2d%n", &y, &sep1, &m, &sep2, &d, &n) != 5 ||
      s[n] || sep1 != sep2 || !strchr("-/.", sep1) || y < 1900 ||
      y > 2200 || m < 1 || m > 12 || d < 1) {
    reject(im, key, "'%.20s' is not a date like 2026-03-02", s);
    return NULL;
  }
  max = days[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) max = 29;
  if (d > max) {
    reject(im, key, "'%.20s' is not a day of the calendar", s);
    return NULL;
  }
  return arena_printf(im->scratch, "%04d-%02d-%02d", y, m, d);
}

/* The line an earlier row of this file wrote KEY on, or 0. */
static long seen_line(Importer *im, const char *key)
{
  int64_t line;

  return map_get(&im->seen, key, &line) ? (long)line : 0;
}

/* A store failure on one row: a rule the row breaks is the row's reason;
 * anything else (the database itself) stops the import. */
static QtCode row_failure(Importer *im, const char *field, QtError *row_err)
{
  if (row_err->code == QT_EINVALID || row_err->code == QT_ECONFLICT ||
      row_err->code == QT_ENOTFOUND) {
    reject(im, row_err->n_fields ? row_err->fields[0].name : field, "%s",
           row_err->n_fields ? row_err->fields[0].message
                             : row_err->message);
    return QT_OK;
  }
  *im->err = *row_err;
  return row_err->code;
}

/* ---- enterprises ----------------------------------------------------- */

/* Note that the enterprise ID came from the current line.  Ids grow, so
 * the list stays sorted; appending is all a row costs, where a hash of
 * every credit code would cost a random memory access per row. */
static void remember_written(Importer *im, int64_t id)
{
  if (im->n_written == im->cap_written) {
    long cap = im->cap_written ? im->cap_written * 2 : 1024;
    im->written_ids = qt_realloc(im->written_ids,
                                 (size_t)cap * sizeof *im->written_ids);
    im->written_lines = qt_realloc(im->written_lines,
                                   (size_t)cap * sizeof *im->written_lines);
    im->cap_written = cap;
  }
  im->written_ids[im->n_written] = id;
  im->written_lines[im->n_written] = im->line;
  im->n_written++;
}

/* The line that wrote enterprise ID in this import, or 0. */
static long written_line(const Importer *im, int64_t id)
{
  long lo = 0, hi = im->n_written;

  while (lo < hi) {
    long mid = lo + (hi - lo) / 2;
    if (im->written_ids[mid] < id) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < im->n_written && im->written_ids[lo] == id
           ? im->written_lines[lo]
           : 0;
}

/* E's credit code is taken: by an earlier row of this file, or by an
 * enterprise registered before.  Only now, on the rare conflict, is the
 * holder looked up, to say which. */
static QtCode duplicate_code(Importer *im, const Enterprise *e)
{
  QtError find_err;
  int64_t id;
  long line;

  qt_error_clear(&find_err);
  if (store_enterprise_find_code(im->st, e->credit_code, &id, &find_err) !=
      QT_OK) {
    return row_failure(im, "credit_code", &find_err);
  }
  line = written_line(im, id);
  if (line) {
    reject(im, "credit_code", "duplicates line %ld of this file", line);
  } else {
    reject(im, "credit_code", "is already registered");
  }
  return QT_OK;
}

/* Copy of S (a cell of the reader, about to be overwritten) in A. */
static char *keep(Arena *a, const char *s)
{
  return s ? arena_strdup(a, s) : NULL;
}

/*
 * Read and check the enterprise of REC into *E, its strings copied into
 * A.  True when the row is good; false when it was rejected (every
 * problem of the row reported).  Touches no database, so that it can run
 * beside the inserts (see the pipeline below).
 */
static bool parse_enterprise(Importer *im, CsvRecord *rec, Arena *a,
                             Enterprise *e)
{
  QtError code_err;
  int64_t kind;
  char *code, *exception, *industry;
  const char *s;

  memset(e, 0, sizeof *e);
  code = upcase(cell(im, rec, E_CREDIT_CODE));
  exception = cell(im, rec, E_CODE_EXCEPTION);
  if (required(im, "credit_code", code)) {
    qt_error_clear(&code_err);
    if (uscc_check(code, &code_err) != QT_OK) {
      /* As in the API: a code failing its check needs a recorded reason,
       * and imports are admin-only, so the reason is enough. */
      if (!exception) reject(im, "credit_code", "%s", code_err.message);
    } else {
      exception = NULL;
    }
  }
  check_text(im, "code_exception", exception, 200);
  e->credit_code = code;
  e->code_exception = exception;
  e->name = cell(im, rec, E_NAME);
  if (required(im, "name", e->name)) check_text(im, "name", e->name, 200);
  e->region_code = cell(im, rec, E_REGION);
  if (required(im, "region_code", e->region_code)) {
    known_region(im, "region_code", e->region_code);
  }
  industry = upcase(cell(im, rec, E_INDUSTRY));
  if (industry) {
    if (!map_get(&im->industries, industry, &kind)) {
      reject(im, "industry_code", "'%.8s' is not a GB/T 4754-2017 code",
             industry);
    } else if (kind == 2) {
      industry++; /* "C34" is division "34" */
    }
  }
  e->industry_code = industry;
  s = cell(im, rec, E_SCALE);
  if (required(im, "scale", s)) {
    e->scale = (char *)choice(im, "scale", CHOICES_SCALE, s);
  }
  e->is_four_above = flag(im, "four_above", cell(im, rec, E_FOUR_ABOVE));
  e->is_key = flag(im, "key", cell(im, rec, E_KEY));
  e->is_foreign_invested = flag(im, "foreign_invested",
                                cell(im, rec, E_FOREIGN_INVESTED));
  e->is_foreign_trade = flag(im, "foreign_trade",
                             cell(im, rec, E_FOREIGN_TRADE));
  e->employees = whole(im, "employees", cell(im, rec, E_EMPLOYEES),
                       10000000);
  e->address = cell(im, rec, E_ADDRESS);
  check_text(im, "address", e->address, 200);
  e->contact_name = cell(im, rec, E_CONTACT_NAME);
  check_text(im, "contact_name", e->contact_name, 50);
  e->contact_phone = cell(im, rec, E_CONTACT_PHONE);
  check_phone(im, "contact_phone", e->contact_phone);
  e->is_disabled = flag(im, "disabled", cell(im, rec, E_DISABLED));
  if (im->row_errors) return false;
  e->credit_code = keep(a, e->credit_code);
  e->code_exception = keep(a, e->code_exception);
  e->name = keep(a, e->name);
  e->region_code = keep(a, e->region_code);
  e->industry_code = keep(a, e->industry_code);
  e->address = keep(a, e->address);
  e->contact_name = keep(a, e->contact_name);
  e->contact_phone = keep(a, e->contact_phone);
  return true;
}

/* Write the checked enterprise E of the current line.  A taken credit
 * code is the row's rejection; a database failure stops the import. */
static QtCode insert_enterprise(Importer *im, Enterprise *e)
{
  QtError row_err;

  qt_error_clear(&row_err);
  if (store_enterprise_create(im->st, e, &row_err) != QT_OK) {
    if (row_err.code == QT_ECONFLICT) return duplicate_code(im, e);
    return row_failure(im, "region_code", &row_err);
  }
  remember_written(im, e->id);
  return QT_OK;
}

/*
 * Write the checked rows ROWS[0..N) of lines LINES.  A full chunk goes in
 * one statement, which spares SQLite most of a statement's fixed work
 * per row.  When a row of it breaks a rule (a taken credit code), the
 * rows the statement did not keep are written one by one, so that the
 * rejection names its row; so are the last rows of a batch.
 */
static QtCode insert_rows(Importer *im, Enterprise *rows, const long *lines,
                          int n)
{
  QtError many_err;
  QtCode rc;
  int i, done = 0;

  if (n == STORE_ENTERPRISE_MANY) {
    qt_error_clear(&many_err);
    rc = store_enterprise_create_many(im->st, rows, &done, &many_err);
    for (i = 0; i < done; i++) {
      im->line = lines[i];
      remember_written(im, rows[i].id);
    }
    im->rep->imported += done;
    if (rc != QT_OK && many_err.code != QT_ECONFLICT &&
        many_err.code != QT_EINVALID) {
      *im->err = many_err;
      return rc;
    }
  }
  for (i = done; i < n; i++) {
    im->line = lines[i];
    im->row_errors = 0;
    rc = insert_enterprise(im, &rows[i]);
    if (rc != QT_OK) return rc;
    if (im->row_errors == 0) im->rep->imported++;
  }
  return QT_OK;
}

/*
 * Enterprises run through a pipeline of two threads.  Reading the CSV
 * and checking each row takes a fifth of a large import and needs no
 * database; the inserts take the rest and need the connection.  So a
 * parser thread fills batches of checked rows while this thread inserts
 * the batches before them, in file order.  The parser has its own copy of
 * the Importer with its own report (its rejections) and memory; the
 * region and industry tables are shared, read only.  The two reports are
 * merged, in line order, at the end.
 */
enum { BATCH_ROWS = 2048, PIPELINE_BATCHES = 4 };

typedef struct Batch {
  Enterprise rows[BATCH_ROWS]; /* checked rows, strings in a */
  long lines[BATCH_ROWS];      /* the line each row starts on */
  int n;                       /* rows used */
  long rows_read;              /* the parser's row count after this batch */
  Arena *a;                    /* owned: the rows' strings */
} Batch;

typedef struct Pipeline {
  pthread_mutex_t lock;          /* guards everything below */
  pthread_cond_t changed;        /* a batch was filled or emptied */
  Batch *batches;                /* owned ring of PIPELINE_BATCHES */
  long n_filled;                 /* batches the parser has published */
  long n_taken;                  /* batches the inserter has emptied */
  bool is_done;                  /* the parser published its last batch */
  bool is_cancelled;             /* the inserter stopped: parser, stop */
  Importer parser;               /* the parser thread's importer */
  ImportReport side;             /* the parser's rejections and counts */
  CsvReader *reader;             /* borrowed: the file after its header */
  bool is_malformed;             /* the parser met broken CSV */
} Pipeline;

static void *parse_batches(void *arg)
{
  Pipeline *p = arg;
  Importer *im = &p->parser;
  CsvRecord rec;
  QtError csv_err;
  Batch *b;
  long line;
  int got;
  bool is_last = false;

  while (!is_last) {
    pthread_mutex_lock(&p->lock);
    while (p->n_filled - p->n_taken >= PIPELINE_BATCHES &&
           !p->is_cancelled) {
      pthread_cond_wait(&p->changed, &p->lock);
    }
    is_last = p->is_cancelled;
    pthread_mutex_unlock(&p->lock);
    if (is_last) break;
    b = &p->batches[p->n_filled % PIPELINE_BATCHES];
    arena_free(b->a);
    b->a = arena_new();
    b->n = 0;
    while (b->n < BATCH_ROWS) {
      line = p->reader->line;
      qt_error_clear(&csv_err);
      got = csv_next(p->reader, &rec, &csv_err);
      if (got == 0) {
        is_last = true;
        break;
      }
      if (got < 0) {
        im->line = line;
        im->row_errors = 0;
        im->rep->rows++;
        reject(im, "csv", "%s", csv_err.message);
        /* Past a broken quote nothing can be trusted: stop here. */
        p->is_malformed = true;
        is_last = true;
        break;
      }
      if (is_blank(&rec)) continue;
      im->line = rec.line;
      im->row_errors = 0;
      im->rep->rows++;
      if (parse_enterprise(im, &rec, b->a, &b->rows[b->n])) {
        b->lines[b->n++] = rec.line;
      }
    }
    b->rows_read = im->rep->rows;
    pthread_mutex_lock(&p->lock);
    p->n_filled++;
    p->is_done = is_last;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
  }
  return NULL;
}

/* Append the rejections of SIDE to R's and put them in line order (each
 * list is in line order already: merge them). */
static void merge_rejects(ImportReport *r, const ImportReport *side)
{
  long n = r->n_rejected + side->n_rejected, i = 0, j = 0, k = 0;
  ImportReject *all;

  if (side->n_rejected == 0) return;
  all = qt_malloc((size_t)n * sizeof *all);
  while (k < n) {
    bool from_side = j < side->n_rejected &&
                     (i >= r->n_rejected ||
                      side->rejected[j].line < r->rejected[i].line);
    if (from_side) {
      all[k] = side->rejected[j++];
      all[k].field = arena_strdup(r->arena, all[k].field);
      all[k].message = arena_strdup(r->arena, all[k].message);
    } else {
      all[k] = r->rejected[i++];
    }
    k++;
  }
  free(r->rejected);
  r->rejected = all;
  r->n_rejected = r->cap_rejected = n;
}

static QtCode import_enterprises(Importer *im, CsvReader *r, long total)
{
  Pipeline p;
  pthread_t parser;
  Batch *b;
  QtCode rc = QT_OK;
  QtError parser_err;
  int i;

  memset(&p, 0, sizeof p);
  pthread_mutex_init(&p.lock, NULL);
  pthread_cond_init(&p.changed, NULL);
  p.batches = qt_calloc(PIPELINE_BATCHES, sizeof *p.batches);
  p.reader = r;
  import_report_init(&p.side);
  p.parser = *im;
  p.parser.rep = &p.side;
  p.parser.err = &parser_err;
  p.parser.scratch = NULL; /* enterprises need no per-row memory */
  if (pthread_create(&parser, NULL, parse_batches, &p) != 0) {
    rc = qt_fail(im->err, QT_EINTERNAL, "Cannot start the import's parser "
                                        "thread.");
    goto out;
  }
  for (;;) {
    pthread_mutex_lock(&p.lock);
    while (p.n_taken == p.n_filled && !p.is_done) {
      pthread_cond_wait(&p.changed, &p.lock);
    }
    b = p.n_taken < p.n_filled ? &p.batches[p.n_taken % PIPELINE_BATCHES]
                               : NULL;
    pthread_mutex_unlock(&p.lock);
    if (!b) break;
    for (i = 0; i < b->n && rc == QT_OK; i += STORE_ENTERPRISE_MANY) {
      rc = insert_rows(im, &b->rows[i], &b->lines[i],
                       b->n - i < STORE_ENTERPRISE_MANY
                         ? b->n - i
                         : STORE_ENTERPRISE_MANY);
    }
    if (rc == QT_OK && im->opt->progress) {
      im->opt->progress(im->opt->progress_ctx, b->rows_read, total);
    }
    pthread_mutex_lock(&p.lock);
    p.n_taken++;
    p.is_cancelled = rc != QT_OK;
    pthread_cond_broadcast(&p.changed);
    pthread_mutex_unlock(&p.lock);
    if (rc != QT_OK) break;
  }
  pthread_join(parser, NULL);
out:
  im->rep->rows += p.side.rows;
  im->rep->rejected_rows += p.side.rejected_rows;
  merge_rejects(im->rep, &p.side);
  im->is_malformed = p.is_malformed;
  for (i = 0; i < PIPELINE_BATCHES; i++) arena_free(p.batches[i].a);
  free(p.batches);
  import_report_reset(&p.side);
  pthread_cond_destroy(&p.changed);
  pthread_mutex_destroy(&p.lock);
  return rc;
}

/* ---- departments ----------------------------------------------------- */

/*
 * Resolve the department a row names in field KEY into *OUT: a number is
 * taken as its id; a name finds the enabled department of that name in
 * REGION (when given), else the only one of that name anywhere.  Returns
 * 1 when found and enabled, 0 when rejected (none, ambiguous, disabled),
 * -1 when the store failed (im->err says why).
 */
static int find_department(Importer *im, const char *key, const char *name,
                           const char *region, Department *out)
{
  QtError e;
  char *cache_key;
  int64_t id = 0;
  int n = 0;

  if (strspn(name, "0123456789") == strlen(name) && strlen(name) < 19) {
    id = atoll(name);
  } else {
    cache_key = arena_printf(im->scratch, "d\x1f%s\x1f%s",
                             region ? region : "", name);
    if (!map_get(&im->cache, cache_key, &id)) {
      qt_error_clear(&e);
      if (region && store_department_find(im->st, name, region, false, &id,
                                          &n, &e) != QT_OK) {
        *im->err = e;
        return -1;
      }
      if (n == 0 && store_department_find(im->st, name, NULL, false, &id,
                                          &n, &e) != QT_OK) {
        *im->err = e;
        return -1;
      }
      if (n == 0) {
        reject(im, key, "there is no department named '%.60s'", name);
        return 0;
      }
      if (n > 1) {
        reject(im, key, "several departments are named '%.60s': give the "
                        "id", name);
        return 0;
      }
      map_put(&im->cache, cache_key, id);
    }
  }
  qt_error_clear(&e);
  if (id <= 0 ||
      store_department_get(im->st, id, im->scratch, out, &e) != QT_OK) {
    if (id > 0 && e.code != QT_ENOTFOUND) {
      *im->err = e;
      return -1;
    }
    reject(im, key, "there is no department with id %.19s", name);
    return 0;
  }
  if (out->is_disabled) {
    reject(im, key, "'%.60s' is a disabled department", out->name);
    return 0;
  }
  return 1;
}

static QtCode row_department(Importer *im, CsvRecord *rec)
{
  Department d, up;
  QtError row_err;
  char *parent, *key;
  char lo[16], hi[16];
  const char *s;
  int64_t found;
  long earlier;
  int n, got;

  memset(&d, 0, sizeof d);
  d.name = cell(im, rec, D_NAME);
  if (required(im, "name", d.name)) check_text(im, "name", d.name, 100);
  s = cell(im, rec, D_KIND);
  if (required(im, "kind", s)) {
    d.kind = (char *)choice(im, "kind", CHOICES_DEPARTMENT_KIND, s);
  }
  d.region_code = cell(im, rec, D_REGION);
  if (required(im, "region_code", d.region_code)) {
    known_region(im, "region_code", d.region_code);
  }
  d.is_disabled = flag(im, "disabled", cell(im, rec, D_DISABLED));
  parent = cell(im, rec, D_PARENT);
  if (parent && !im->row_errors) {
    got = find_department(im, "parent", parent, d.region_code, &up);
    if (got < 0) return im->err->code;
    if (got > 0) {
      /* As the API has it: a department hangs under a parent in its own
       * region or above. */
      qt_error_clear(&row_err);
      if (scope_region_range(up.region_code, lo, hi, &row_err) == QT_OK &&
          (strcmp(d.region_code, lo) < 0 || strcmp(d.region_code, hi) >= 0)) {
        reject(im, "region_code", "must be the parent department's region "
                                  "or one below it");
      }
      d.parent_id = up.id;
    }
  }
  if (im->row_errors) return QT_OK;
  key = arena_printf(im->scratch, "%s\x1f%s", d.region_code, d.name);
  earlier = seen_line(im, key);
  if (earlier) {
    reject(im, "name", "duplicates line %ld of this file", earlier);
    return QT_OK;
  }
  qt_error_clear(&row_err);
  /* A department is known by its name in its region: importing the same
   * file twice must not make every department twice. */
  if (store_department_find(im->st, d.name, d.region_code, true, &found, &n,
                            &row_err) != QT_OK) {
    return row_failure(im, "name", &row_err);
  }
  if (n > 0) {
    reject(im, "name", "a department of this name exists in region %s "
                       "(id %lld)",
           d.region_code, (long long)found);
    return QT_OK;
  }
  if (store_department_create(im->st, &d, im->scratch, &row_err) != QT_OK) {
    return row_failure(im, "parent", &row_err);
  }
  map_put(&im->seen, key, im->line);
  map_put(&im->cache,
          arena_printf(im->scratch, "d\x1f%s\x1f%s", d.region_code, d.name),
          d.id);
  return QT_OK;
}

/* ---- users ------------------------------------------------------------ */

/* Usernames are typed at sign-in and appear in logs: the API keeps them
 * plain, and so does an import. */
static void check_username(Importer *im, const char *name)
{
  static const char allowed[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";

  if (strlen(name) < 3) {
    reject(im, "username", "must be at least 3 characters");
  } else if (strspn(name, allowed) != strlen(name)) {
    reject(im, "username", "may hold only letters, digits, '.', '_' and "
                           "'-'");
  } else if (strlen(name) > 64) {
    reject(im, "username", "must be at most 64 characters");
  }
}

/* The enterprise a row names by credit code CODE in field KEY, read into
 * *OUT unscoped.  1 found, 0 rejected, -1 the store failed. */
static int find_enterprise(Importer *im, const char *key, const char *code,
                           Enterprise *out)
{
  static const Scope all = {.kind = SCOPE_ALL};
  QtError e;
  int64_t id;

  qt_error_clear(&e);
  if (store_enterprise_find_code(im->st, code, &id, &e) != QT_OK ||
      store_enterprise_get(im->st, &all, id, im->scratch, out, &e) !=
        QT_OK) {
    if (e.code != QT_ENOTFOUND) {
      *im->err = e;
      return -1;
    }
    reject(im, key, "no enterprise has the credit code %.20s", code);
    return 0;
  }
  return 1;
}

/* What each role needs, as the API checks it (h_users.c): a region for
 * the roles that work in one; a department for handlers, whose region
 * it lends when the row gives none; an enterprise for enterprise users,
 * likewise; a level only for commissioners. */
static QtCode user_rules(Importer *im, User *u, char *dept, char *code)
{
  Department d;
  Enterprise e;
  int got;

  if (u->level && u->role != ROLE_COMMISSIONER) {
    reject(im, "level", "is only for commissioners");
  }
  if (dept) {
    got = find_department(im, "department", dept, u->region_code, &d);
    if (got < 0) return im->err->code;
    if (got > 0) {
      u->department_id = d.id;
      if (!u->region_code && u->role == ROLE_HANDLER) {
        u->region_code = d.region_code;
      }
    }
  } else if (u->role == ROLE_HANDLER) {
    reject(im, "department", "is required for handlers");
  }
  if (u->role == ROLE_ENTERPRISE) {
    if (!code) {
      reject(im, "enterprise", "is required for enterprise users");
    } else {
      got = find_enterprise(im, "enterprise", code, &e);
      if (got < 0) return im->err->code;
      if (got > 0) {
        u->enterprise_id = e.id;
        if (!u->region_code) u->region_code = e.region_code;
      }
    }
  } else if (code) {
    reject(im, "enterprise", "is only for enterprise users");
  }
  if (!u->region_code &&
      (u->role == ROLE_COMMISSIONER || u->role == ROLE_DISPATCHER ||
       u->role == ROLE_SUPERVISOR || u->role == ROLE_LEADER)) {
    reject(im, "region_code", "is required for the role %s",
           role_name(u->role));
  }
  return QT_OK;
}

static QtCode row_user(Importer *im, CsvRecord *rec)
{
  User u;
  QtError row_err;
  const char *s, *v;
  char *dept, *code;
  long earlier;
  bool has_role = false;

  memset(&u, 0, sizeof u);
  u.username = cell(im, rec, U_USERNAME);
  if (required(im, "username", u.username)) check_username(im, u.username);
  u.display_name = cell(im, rec, U_DISPLAY_NAME);
  if (!u.display_name) u.display_name = u.username;
  check_text(im, "display_name", u.display_name, 100);
  s = cell(im, rec, U_ROLE);
  if (required(im, "role", s)) {
    v = choice(im, "role", CHOICES_ROLE, s);
    qt_error_clear(&row_err);
    has_role = v && role_parse(v, &u.role, &row_err) == QT_OK;
  }
  u.region_code = cell(im, rec, U_REGION);
  if (u.region_code) known_region(im, "region_code", u.region_code);
  u.level = (char *)choice(im, "level", CHOICES_LEVEL,
                           cell(im, rec, U_LEVEL));
  u.phone = cell(im, rec, U_PHONE);
  check_phone(im, "phone", u.phone);
  u.is_disabled = flag(im, "disabled", cell(im, rec, U_DISABLED));
  dept = cell(im, rec, U_DEPARTMENT);
  code = upcase(cell(im, rec, U_ENTERPRISE));
  if (has_role && !im->row_errors &&
      user_rules(im, &u, dept, code) != QT_OK) {
    return im->err->code;
  }
  if (im->row_errors) return QT_OK;
  earlier = seen_line(im, u.username);
  if (earlier) {
    reject(im, "username", "duplicates line %ld of this file", earlier);
    return QT_OK;
  }
  u.password_hash = NULL; /* no sign-in until an admin sets a password */
  qt_error_clear(&row_err);
  if (store_user_create(im->st, &u, &row_err) != QT_OK) {
    if (row_err.code == QT_ECONFLICT) {
      reject(im, "username", "is taken");
      return QT_OK;
    }
    return row_failure(im, "username", &row_err);
  }
  map_put(&im->seen, u.username, im->line);
  return QT_OK;
}

/* ---- pairings --------------------------------------------------------- */

/* The id of user USERNAME if it may be paired with KIND, else 0
 * (rejected) or -1 (the store failed). */
static int64_t pairing_user(Importer *im, const char *username,
                            const char *kind)
{
  User u;
  QtError e;

  qt_error_clear(&e);
  if (store_user_by_name(im->st, username, im->scratch, &u, &e) != QT_OK) {
    if (e.code != QT_ENOTFOUND) {
      *im->err = e;
      return -1;
    }
    reject(im, "commissioner", "there is no user '%.64s'", username);
    return 0;
  }
  if (u.is_disabled) {
    reject(im, "commissioner", "the user '%.64s' is disabled", username);
    return 0;
  }
  /* 挂包 pairs a leader (or a commissioner acting for one); the other
   * kinds pair commissioners. */
  if (!(u.role == ROLE_COMMISSIONER ||
        (u.role == ROLE_LEADER && kind && strcmp(kind, "leader") == 0))) {
    reject(im, "commissioner", "'%.64s' is a %s, not a commissioner",
           username, role_name(u.role));
    return 0;
  }
  return u.id;
}

static QtCode row_pairing(Importer *im, CsvRecord *rec)
{
  Pairing p;
  Enterprise e;
  QtError row_err;
  const char *user, *team, *code, *s;
  char *key;
  int64_t found;
  long earlier;
  int n, got;
  bool is_paired;

  memset(&p, 0, sizeof p);
  memset(&e, 0, sizeof e);
  user = cell(im, rec, P_COMMISSIONER);
  team = cell(im, rec, P_TEAM);
  code = upcase(cell(im, rec, P_CREDIT_CODE));
  s = cell(im, rec, P_KIND);
  p.kind = s ? (char *)choice(im, "kind", CHOICES_PAIRING_KIND, s)
             : (char *)(team ? "team" : "one_to_one");
  if (!user == !team) {
    reject(im, user ? "team" : "commissioner",
           "give either a commissioner's username or a team's name");
  } else if (p.kind && (strcmp(p.kind, "team") == 0) != (team != NULL)) {
    reject(im, "kind", team ? "a team's pairing has the kind team"
                            : "the kind team needs a team, not a person");
  }
  s = cell(im, rec, P_STARTS);
  /* A pairing without a start date starts on the day it is imported. */
  p.starts_on = s ? date(im, "starts_on", s)
                  : arena_strdup(im->scratch, im->today);
  p.ends_on = date(im, "ends_on", cell(im, rec, P_ENDS));
  if (p.starts_on && p.ends_on && strcmp(p.ends_on, p.starts_on) < 0) {
    reject(im, "ends_on", "is before starts_on");
  }
  required(im, "credit_code", code);
  if (im->row_errors) return QT_OK;
  if (user) {
    found = pairing_user(im, user, p.kind);
    if (found < 0) return im->err->code;
    p.user_id = found;
  } else {
    qt_error_clear(&row_err);
    if (store_team_find(im->st, team, &found, &n, &row_err) != QT_OK) {
      return row_failure(im, "team", &row_err);
    }
    if (n != 1) {
      reject(im, "team", n ? "several teams are named '%.60s'"
                           : "there is no team named '%.60s'", team);
    }
    p.team_id = found;
  }
  got = find_enterprise(im, "credit_code", code, &e);
  if (got < 0) return im->err->code;
  if (got > 0 && e.is_disabled) {
    reject(im, "credit_code", "is a disabled enterprise");
  }
  p.enterprise_id = e.id;
  if (im->row_errors) return QT_OK;
  key = arena_printf(im->scratch, "%lld/%lld/%lld", (long long)p.user_id,
                     (long long)p.team_id, (long long)p.enterprise_id);
  earlier = seen_line(im, key);
  if (earlier && (!p.ends_on || strcmp(p.ends_on, im->today) >= 0)) {
    reject(im, "credit_code", "duplicates line %ld of this file", earlier);
    return QT_OK;
  }
  qt_error_clear(&row_err);
  if (!p.ends_on || strcmp(p.ends_on, im->today) >= 0) {
    /* A lasting pairing twice would count the commissioner twice in the
     * coverage reports; ended ones are history and may repeat. */
    if (store_pairing_active(im->st, p.user_id, p.team_id, p.enterprise_id,
                             im->today, &is_paired, &row_err) != QT_OK) {
      return row_failure(im, "credit_code", &row_err);
    }
    if (is_paired) {
      reject(im, "credit_code", "is already paired with this %s",
             p.user_id ? "commissioner" : "team");
      return QT_OK;
    }
  }
  if (store_pairing_create(im->st, &p, &row_err) != QT_OK) {
    return row_failure(im, "kind", &row_err);
  }
  map_put(&im->seen, key, im->line);
  return QT_OK;
}

/* ---- the file --------------------------------------------------------- */

/* Load the region and industry codes once: every row checks them. */
static QtCode load_codes(Importer *im)
{
  Region *regions;
  Industry *industries;
  Arena *a = arena_new();
  int n, i;

  if (store_region_list(im->st, NULL, a, &regions, &n, im->err) != QT_OK) {
    arena_free(a);
    return im->err->code;
  }
  for (i = 0; i < n; i++) map_put(&im->regions, regions[i].code, 1);
  if (store_industry_list(im->st, a, &industries, &n, im->err) != QT_OK) {
    arena_free(a);
    return im->err->code;
  }
  for (i = 0; i < n; i++) {
    map_put(&im->industries, industries[i].code, 1);
    /* People often write a division with its section letter ("C34"):
     * accept that spelling too, as the division. */
    if (industries[i].parent_code) {
      map_put(&im->industries,
              arena_printf(a, "%s%s", industries[i].parent_code,
                           industries[i].code),
              2);
    }
  }
  arena_free(a);
  return QT_OK;
}

/* Data records in TEXT[0..LEN), for the progress display. */
static long count_rows(const char *text, size_t len)
{
  CsvReader r;
  CsvRecord rec;
  QtError ignored;
  long n = 0;

  qt_error_clear(&ignored);
  csv_reader_init(&r, text, len);
  while (csv_next(&r, &rec, &ignored) == 1) n++;
  csv_reader_reset(&r);
  return n > 0 ? n - 1 : 0;
}

static QtCode audit(Importer *im)
{
  ImportReport *r = im->rep;
  AuditEntry e;
  char action[48];
  char *detail;
  json_t *j;
  QtCode rc;

  j = json_pack("{s:s, s:I, s:I, s:I, s:b}", "file",
                im->opt->source ? im->opt->source : "", "rows",
                (json_int_t)r->rows, "imported", (json_int_t)r->imported,
                "rejected", (json_int_t)r->rejected_rows, "partial",
                im->opt->is_partial);
  detail = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(j);
  snprintf(action, sizeof action, "import.%s",
           ledger_kind_name(im->opt->kind));
  e.user_id = im->opt->user_id;
  e.address = im->opt->address ? im->opt->address : "cli";
  e.action = action;
  e.entity = "ledger";
  e.entity_id = 0;
  e.detail = detail;
  rc = store_audit_append(im->st, &e, qt_now(), im->err);
  free(detail);
  return rc;
}

/* Read every data row of R with the kind's row function, inside the
 * transaction the caller opened.  QT_OK unless the store failed or the
 * CSV is malformed (then a rejection says where). */
static QtCode read_rows(Importer *im, CsvReader *r, long total)
{
  QtCode (*row)(Importer *, CsvRecord *);
  CsvRecord rec;
  QtError csv_err;
  long line;
  int got;
  QtCode rc;

  switch (im->opt->kind) {
  case LEDGER_ENTERPRISES: return import_enterprises(im, r, total);
  case LEDGER_DEPARTMENTS: row = row_department; break;
  case LEDGER_USERS: row = row_user; break;
  default: row = row_pairing; break;
  }
  for (;;) {
    line = r->line;
    qt_error_clear(&csv_err);
    got = csv_next(r, &rec, &csv_err);
    if (got == 0) break;
    if (got < 0) {
      im->line = line;
      im->row_errors = 0;
      reject(im, "csv", "%s", csv_err.message);
      /* Past a broken quote nothing can be trusted: keep nothing. */
      im->rep->rows++;
      im->is_malformed = true;
      return QT_OK;
    }
    if (is_blank(&rec)) continue;
    im->line = rec.line;
    im->row_errors = 0;
    im->rep->rows++;
    rc = row(im, &rec);
    if (rc != QT_OK) return rc;
    if (im->row_errors == 0) im->rep->imported++;
    if ((im->rep->rows & 4095) == 0) {
      /* Renew the per-row memory, and tell whoever is watching. */
      arena_free(im->scratch);
      im->scratch = arena_new();
      if (im->opt->progress) {
        im->opt->progress(im->opt->progress_ctx, im->rep->rows, total);
      }
    }
  }
  if (im->opt->progress) {
    im->opt->progress(im->opt->progress_ctx, im->rep->rows, total);
  }
  return QT_OK;
}

QtCode import_csv(Store *st, const ImportOptions *opt, const char *data,
                  size_t len, ImportReport *report, QtError *err)
{
  Importer im;
  Buf text;
  const char *utf8;
  size_t utf8_len;
  QtError bulk_err;
  CsvReader r;
  CsvRecord rec;
  long total = 0;
  int got;
  QtCode rc;

  report->kind = opt->kind;
  if (len > IMPORT_MAX_BYTES) {
    return qt_fail(err, QT_ETOOBIG,
                   "The file is larger than %d MiB: split it.",
                   IMPORT_MAX_BYTES / (1024 * 1024));
  }
  memset(&im, 0, sizeof im);
  im.st = st;
  im.opt = opt;
  im.rep = report;
  im.err = err;
  switch (opt->kind) {
  case LEDGER_ENTERPRISES:
    im.fields = enterprise_fields;
    im.n_fields = E_COUNT;
    break;
  case LEDGER_DEPARTMENTS:
    im.fields = department_fields;
    im.n_fields = D_COUNT;
    break;
  case LEDGER_USERS:
    im.fields = user_fields;
    im.n_fields = U_COUNT;
    break;
  case LEDGER_PAIRINGS:
    im.fields = pairing_fields;
    im.n_fields = P_COUNT;
    break;
  default:
    qt_field(err, "kind", "must be one of enterprises, departments, users, "
                          "pairings");
    return qt_fail(err, QT_EINVALID, "The %s ledger does not import.",
                   ledger_kind_name(opt->kind));
  }
  buf_init(&text);
  if (utf8_valid(data, len)) {
    /* Already UTF-8 (with or without a BOM, which the reader skips):
     * read it where it lies rather than copy a file of up to 256 MiB. */
    utf8 = data;
    utf8_len = len;
  } else {
    rc = text_to_utf8(data, len, &text, err);
    if (rc != QT_OK) return rc;
    utf8 = text.data ? text.data : "";
    utf8_len = text.len;
  }
  im.a = arena_new();
  im.scratch = arena_new();
  map_init(&im.regions, im.a);
  map_init(&im.industries, im.a);
  map_init(&im.seen, im.a);
  map_init(&im.cache, im.a);
  qt_date_format(qt_now(), im.today);
  if (opt->progress) total = count_rows(utf8, utf8_len);
  csv_reader_init(&r, utf8, utf8_len);
  got = csv_next(&r, &rec, err);
  if (got <= 0) {
    rc = got < 0 ? err->code
                 : qt_fail(err, QT_EINVALID,
                           "The file is empty: its first line must name "
                           "the columns.");
    goto out;
  }
  im.line = rec.line;
  read_header(&im, &rec);
  if (report->n_rejected > 0) {
    rc = qt_fail(err, QT_EINVALID, "The header of the file is not usable; "
                                   "nothing was imported.");
    goto out;
  }
  /* Enterprises are the import that runs to a million rows; their only
   * references, region and industry, are checked against codes loaded
   * under the transaction's write lock, so the database need not check
   * them a second time.  The other kinds keep every check. */
  rc = store_bulk_mode(st, true, opt->kind == LEDGER_ENTERPRISES, err);
  if (rc != QT_OK) goto out_bulk;
  rc = store_begin(st, err);
  if (rc != QT_OK) goto out_bulk;
  rc = load_codes(&im);
  if (rc == QT_OK) rc = read_rows(&im, &r, total);
  if (rc == QT_OK && report->rejected_rows > 0 &&
      (!opt->is_partial || im.is_malformed)) {
    /* All or nothing: the good rows were written only to find their
     * conflicts; now none of them is kept. */
    rc = qt_fail(err, QT_EINVALID,
                 "%ld of %ld rows were rejected; nothing was imported.",
                 report->rejected_rows, report->rows);
    report->imported = 0;
  }
  if (rc == QT_OK) rc = audit(&im);
  rc = store_end(st, rc, err);
  report->is_written = rc == QT_OK;
  if (rc != QT_OK) report->imported = 0;
  if (rc == QT_EINVALID) {
    /* The attempt is recorded even though its rows are not. */
    QtError audit_err;
    qt_error_clear(&audit_err);
    im.err = &audit_err;
    if (store_begin(st, &audit_err) == QT_OK) {
      (void)store_end(st, audit(&im), &audit_err);
      /* a failure here leaves the import's own answer standing */
    }
  }
out_bulk:
  /* Back to normal: a server thread's connection lives on. */
  qt_error_clear(&bulk_err);
  if (store_bulk_mode(st, false, true, &bulk_err) != QT_OK) {
    /* The import's own answer stands (its rows may be committed); the
     * connection's state is for the operator to know. */
    qt_log(QT_LOG_ERROR, "import.bulk_mode_off failed=\"%s\"",
           bulk_err.message);
  }
out:
  csv_reader_reset(&r);
  free(im.written_ids);
  free(im.written_lines);
  map_reset(&im.regions);
  map_reset(&im.industries);
  map_reset(&im.seen);
  map_reset(&im.cache);
  arena_free(im.scratch);
  arena_free(im.a);
  buf_reset(&text);
  return rc;
}
