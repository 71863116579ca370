/*
 * csv.c — an RFC 4180 CSV reader and field writer; see csv.h.
 *
 * The reader works on text already in memory and already UTF-8
 * (text_to_utf8 does the conversion); it splits records and fields and
 * nothing more.  What the columns mean, and whether a header row is
 * present, is for the importer that calls it.
 */
#include "csv.h"

#include <assert.h>
#include <stdbool.h>
#include <string.h>

static const char utf8_bom[] = "\xEF\xBB\xBF";
enum { UTF8_BOM_LEN = 3 };

void csv_reader_init(CsvReader *r, const char *data, size_t len)
{
  r->data = data;
  r->len = len;
  r->pos = 0;
  r->line = 1;
  buf_init(&r->field_buf);
  memset(r->fields, 0, sizeof r->fields);
  /* Excel writes a BOM before "CSV UTF-8"; it is not part of the first
   * field's name. */
  if (len >= UTF8_BOM_LEN && memcmp(data, utf8_bom, UTF8_BOM_LEN) == 0) {
    r->pos = UTF8_BOM_LEN;
  }
}

void csv_reader_reset(CsvReader *r)
{
  buf_reset(&r->field_buf);
  r->data = NULL;
  r->len = 0;
  r->pos = 0;
  memset(r->fields, 0, sizeof r->fields);
}

/* Bytes of line break at offset P of R's input: 2 for CRLF, 1 for LF or
 * for a CR that ends the input (a CRLF file cut short), 0 otherwise.  A
 * CR alone elsewhere is data, as RFC 4180 has it. */
static size_t line_break_at(const CsvReader *r, size_t p)
{
  if (p >= r->len) return 0;
  if (r->data[p] == '\n') return 1;
  if (r->data[p] == '\r') {
    if (p + 1 == r->len) return 1;
    if (r->data[p + 1] == '\n') return 2;
  }
  return 0;
}

/* Append P[0..N) to the field being read, which holds *FIELD_LEN bytes so
 * far.  False, appending nothing, when the field would pass
 * CSV_MAX_FIELD_BYTES: the limit is checked before allocating so that a
 * hostile upload cannot make us grow the buffer without bound. */
static bool field_append(CsvReader *r, size_t *field_len, const char *p,
                         size_t n)
{
  if (n > (size_t)CSV_MAX_FIELD_BYTES - *field_len) return false;
  buf_append(&r->field_buf, p, n);
  *field_len += n;
  return true;
}

/* Read a quoted field whose opening quote is at r->pos, counting the
 * line breaks inside it.  Returns 1, or -1 with ERR set. */
static int read_quoted(CsvReader *r, size_t *field_len, int field_no,
                       QtError *err)
{
  long open_line = r->line;

  r->pos++; /* the opening quote */
  for (;;) {
    size_t run = r->pos;

    while (run < r->len && r->data[run] != '"') {
      if (r->data[run] == '\n') {
        r->line++;
      }
      run++;
    }
    if (!field_append(r, field_len, r->data + r->pos, run - r->pos)) {
      goto too_long;
    }
    if (run >= r->len) {
      (void)qt_fail(err, QT_EINVALID,
                    "the quote opened on line %ld is not closed",
                    open_line);
      return -1;
    }
    if (run + 1 < r->len && r->data[run + 1] == '"') {
      /* A doubled quote stands for one quote inside the field. */
      if (!field_append(r, field_len, "\"", 1)) goto too_long;
      r->pos = run + 2;
      continue;
    }
    r->pos = run + 1; /* the closing quote */
    break;
  }
  if (r->pos < r->len && r->data[r->pos] != ',' &&
      line_break_at(r, r->pos) == 0) {
    (void)qt_fail(err, QT_EINVALID,
                  "line %ld has text after the closing quote of field %d",
                  r->line, field_no);
    return -1;
  }
  return 1;

too_long:
  (void)qt_fail(err, QT_EINVALID,
                "field %d on line %ld is longer than %d bytes", field_no,
                open_line, CSV_MAX_FIELD_BYTES);
  return -1;
}

/* Read an unquoted field starting at r->pos.  A quote inside it is kept
 * as data: RFC 4180 forbids it, but refusing would reject files that
 * other readers accept.  Returns 1, or -1 with ERR set. */
static int read_plain(CsvReader *r, size_t *field_len, int field_no,
                      QtError *err)
{
  size_t run = r->pos;

  while (run < r->len && r->data[run] != ',' &&
         line_break_at(r, run) == 0) {
    run++;
  }
  if (!field_append(r, field_len, r->data + r->pos, run - r->pos)) {
    (void)qt_fail(err, QT_EINVALID,
                  "field %d on line %ld is longer than %d bytes", field_no,
                  r->line, CSV_MAX_FIELD_BYTES);
    return -1;
  }
  r->pos = run;
  return 1;
}

int csv_next(CsvReader *r, CsvRecord *rec, QtError *err)
{
  size_t offsets[CSV_MAX_FIELDS]; /* where each field starts in field_buf */
  int n_fields = 0;
  long start_line;
  size_t br;
  int i;

  assert(r->data != NULL || r->len == 0);
  for (br = line_break_at(r, r->pos); br > 0;
       br = line_break_at(r, r->pos)) {
    r->pos += br;
    r->line++;
  }
  if (r->pos >= r->len) return 0;

  start_line = r->line;
  /* Keep the storage of the previous record for this one. */
  r->field_buf.len = 0;
  for (;;) {
    size_t field_len = 0;
    int rc;

    if (n_fields == CSV_MAX_FIELDS) {
      (void)qt_fail(err, QT_EINVALID, "line %ld has more than %d fields",
                    start_line, CSV_MAX_FIELDS);
      return -1;
    }
    offsets[n_fields] = r->field_buf.len;
    if (r->pos < r->len && r->data[r->pos] == '"') {
      rc = read_quoted(r, &field_len, n_fields + 1, err);
    } else {
      rc = read_plain(r, &field_len, n_fields + 1, err);
    }
    if (rc < 0) return -1;
    /* The NUL that ends this field in field_buf. */
    buf_append(&r->field_buf, "", 1);
    n_fields++;
    if (r->pos < r->len && r->data[r->pos] == ',') {
      r->pos++;
      continue;
    }
    br = line_break_at(r, r->pos);
    if (br > 0) {
      r->pos += br;
      r->line++;
    }
    break;
  }

  /* Only now that field_buf has stopped growing may we point into it. */
  for (i = 0; i < n_fields; i++) {
    r->fields[i] = r->field_buf.data + offsets[i];
  }
  rec->fields = r->fields;
  rec->n_fields = n_fields;
  rec->line = start_line;
  return 1;
}

/* True when a spreadsheet would take a cell starting with C for a formula.
 * Tab and CR are on OWASP's list too, because some spreadsheets skip them
 * before looking for the '='. */
static bool starts_formula(char c)
{
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
         c == '\r';
}

static bool is_blank(char c)
{
  return c == ' ' || c == '\t';
}

void csv_write_field(Buf *out, const char *s)
{
  size_t len = strlen(s);
  bool is_formula = len > 0 && starts_formula(s[0]);
  bool needs_quotes = is_formula || strpbrk(s, ",\"\r\n") != NULL ||
                      (len > 0 && (is_blank(s[0]) || is_blank(s[len - 1])));
  const char *p = s;
  const char *q;

  if (!needs_quotes) {
    buf_append(out, s, len);
    return;
  }
  buf_append(out, "\"", 1);
  if (is_formula) {
    /* Exports hold text that users typed.  A cell such as
     * =HYPERLINK(...) or =cmd|... would run as a formula when an official
     * opens the export in Excel or WPS; a leading ' makes it plain text.
     * The quote goes inside the field so that the field stays one cell. */
    buf_append(out, "'", 1);
  }
  for (q = strchr(p, '"'); q != NULL; q = strchr(p, '"')) {
    buf_append(out, p, (size_t)(q - p) + 1);
    buf_append(out, "\"", 1); /* doubled, as RFC 4180 escapes it */
    p = q + 1;
  }
  buf_puts(out, p);
  buf_append(out, "\"", 1);
}
