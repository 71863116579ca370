/*
 * fuzz_csv.c — the CSV reader and field writer (src/core/csv.c) behind
 * registry imports, fed as the import feeds it: bytes decoded by
 * text_to_utf8 (UTF-8, with or without a BOM, or GB18030).
 *
 * Input: any bytes, the file.  Checked:
 *  - every record has 1 to CSV_MAX_FIELDS fields of at most
 *    CSV_MAX_FIELD_BYTES, and starts on a later line than the one
 *    before, within the lines the input has;
 *  - a failure is -1 with QT_EINVALID and a UTF-8 message;
 *  - writing every record back with csv_write_field and reading the
 *    result gives the same fields, except that a field a spreadsheet
 *    would run as a formula comes back with the ' the writer puts before
 *    it (and a record of one empty field, written as an empty line, is
 *    skipped as blank lines are);
 *  - one field written alone reads back as one record of that field.
 * What is written starts with a BOM, as the exports do: the reader skips
 * one, so a field that itself starts with U+FEFF survives.
 */
#include <string.h>

#include "csv.h"
#include "fuzz.h"
#include "text.h"

enum { MAX_RECORDS = 4096 };

/* What reading the file gave: every field, in order, NUL-separated. */
typedef struct Records {
  Buf fields;              /* the fields, each ending in a NUL */
  int n_fields[MAX_RECORDS]; /* fields of each record */
  int n;                   /* records */
  bool is_ok;              /* read to the end without error */
} Records;

static bool starts_formula(const char *s)
{
  return s[0] && strchr("=+-@\t\r", s[0]);
}

static long line_breaks(const char *s, size_t n)
{
  long count = 0;
  size_t i;

  for (i = 0; i < n; i++) {
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'))) {
      count++;
    }
  }
  return count;
}

/* Read TEXT[0..LEN) into R, checking each record; with SKIP_EMPTY, leave
 * out records of one empty field (see above). */
static void read_all(const char *text, size_t len, Records *r,
                     bool skip_empty)
{
  CsvReader reader;
  CsvRecord rec;
  QtError err;
  long last_line = 0, max_line = line_breaks(text, len) + 1;
  int got, i;

  buf_init(&r->fields);
  r->n = 0;
  r->is_ok = false;
  qt_error_clear(&err);
  csv_reader_init(&reader, text, len);
  while ((got = csv_next(&reader, &rec, &err)) == 1) {
    FUZZ_CHECK(rec.n_fields >= 1 && rec.n_fields <= CSV_MAX_FIELDS, "%d",
               rec.n_fields);
    FUZZ_CHECK(rec.line > last_line && rec.line <= max_line,
               "record on line %ld after %ld (of %ld)", rec.line, last_line,
               max_line);
    last_line = rec.line;
    for (i = 0; i < rec.n_fields; i++) {
      FUZZ_CHECK(strlen(rec.fields[i]) <= CSV_MAX_FIELD_BYTES, "field");
    }
    if (skip_empty && rec.n_fields == 1 && !rec.fields[0][0]) continue;
    if (r->n == MAX_RECORDS) break;
    for (i = 0; i < rec.n_fields; i++) {
      buf_append(&r->fields, rec.fields[i], strlen(rec.fields[i]) + 1);
    }
    r->n_fields[r->n++] = rec.n_fields;
  }
  if (got < 0) {
    FUZZ_CHECK(err.code == QT_EINVALID && err.message[0], "error");
    FUZZ_CHECK(utf8_valid(err.message, strlen(err.message)), "%s",
               err.message);
  }
  r->is_ok = got == 0;
  csv_reader_reset(&reader);
}

/* Write R as CSV into OUT, as an export does (src/http/ledger.c): a
 * BOM, then the records. */
static void write_all(const Records *r, Buf *out)
{
  const char *f = r->fields.data;
  int i, k;

  buf_append(out, "\xEF\xBB\xBF", 3);
  for (i = 0; i < r->n; i++) {
    for (k = 0; k < r->n_fields[i]; k++) {
      if (k) buf_append(out, ",", 1);
      csv_write_field(out, f);
      f += strlen(f) + 1;
    }
    buf_append(out, "\r\n", 2);
  }
}

/* AGAIN must be R with formula fields prefixed by '. */
static void check_same(const Records *r, const Records *again)
{
  const char *f = r->fields.data, *g = again->fields.data;
  int i, k;

  FUZZ_CHECK(again->is_ok, "what the writer wrote does not read");
  FUZZ_CHECK(again->n == r->n, "%d records came back as %d", r->n,
             again->n);
  for (i = 0; i < r->n; i++) {
    FUZZ_CHECK(again->n_fields[i] == r->n_fields[i], "record %d", i);
    for (k = 0; k < r->n_fields[i]; k++) {
      if (starts_formula(f)) {
        FUZZ_CHECK(g[0] == '\'' && strcmp(g + 1, f) == 0, "'%s' vs '%s'",
                   f, g);
      } else {
        FUZZ_CHECK(strcmp(g, f) == 0, "'%s' came back as '%s'", f, g);
      }
      f += strlen(f) + 1;
      g += strlen(g) + 1;
    }
  }
}

/* The whole input as one field: it must read back as itself. */
static void check_one_field(const char *text, size_t len)
{
  Buf out;
  Records r;
  char *s = strndup(text, len);

  buf_init(&out);
  buf_append(&out, "\xEF\xBB\xBF", 3);
  csv_write_field(&out, s);
  read_all(out.data ? out.data : "", out.len, &r, false);
  if (s[0] && strlen(s) < CSV_MAX_FIELD_BYTES) {
    FUZZ_CHECK(r.is_ok && r.n == 1 && r.n_fields[0] == 1, "'%s'", s);
    FUZZ_CHECK(strcmp(r.fields.data + (starts_formula(s) ? 1 : 0), s) == 0,
               "'%s' came back as '%s'", s, r.fields.data);
  }
  buf_reset(&r.fields);
  buf_reset(&out);
  free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  Buf text, out;
  Records r, again;
  QtError err;

  buf_init(&text);
  qt_error_clear(&err);
  if (text_to_utf8((const char *)data, size, &text, &err) != QT_OK) {
    return 0;
  }
  read_all(text.data ? text.data : "", text.len, &r, true);
  /* A field holding NUL ends early as a C string: the writer cannot
   * know it was longer, so the round trip needs text without NUL. */
  if (r.is_ok && !memchr(text.data ? text.data : "", '\0', text.len)) {
    const char *f = r.fields.data ? r.fields.data : "";
    size_t k;
    bool is_short = true;
    for (k = 0; k < r.fields.len; k += strlen(f + k) + 1) {
      if (strlen(f + k) + 1 >= CSV_MAX_FIELD_BYTES) is_short = false;
    }
    if (is_short) {
      buf_init(&out);
      write_all(&r, &out);
      read_all(out.data ? out.data : "", out.len, &again, true);
      check_same(&r, &again);
      buf_reset(&again.fields);
      buf_reset(&out);
    }
    check_one_field(text.data ? text.data : "", text.len);
  }
  buf_reset(&r.fields);
  buf_reset(&text);
  return 0;
}
