/*
 * csv.h — an RFC 4180 CSV reader over UTF-8 text in memory.
 *
 * Quoted fields may hold commas, doubled quotes and line breaks; records
 * end in LF or CRLF; a final record without a line break is read too.
 * Fields are returned NUL-terminated in storage the reader owns, valid
 * until the next call.  Convert input with text_to_utf8 first.
 */
#ifndef QT_CSV_H
#define QT_CSV_H

#include <stddef.h>

#include "error.h"
#include "mem.h"

enum {
  CSV_MAX_FIELDS = 64,            /* fields in one record */
  CSV_MAX_FIELD_BYTES = 64 * 1024 /* bytes in one field */
};

typedef struct CsvReader {
  const char *data;  /* borrowed input, valid UTF-8 */
  size_t len;        /* bytes in data */
  size_t pos;        /* next byte to read */
  long line;         /* 1-based line where the next record starts */
  Buf field_buf;     /* owned: the current record's fields, NUL-separated */
  char *fields[CSV_MAX_FIELDS]; /* point into field_buf */
} CsvReader;

typedef struct CsvRecord {
  char **fields; /* borrowed from the reader, n_fields of them */
  int n_fields;  /* at least 1 for every record read */
  long line;     /* the line the record starts on, for error reports */
} CsvRecord;

/* Start reading DATA (borrowed until csv_reader_reset) from line 1.
 * Skips a UTF-8 BOM.  Pair with csv_reader_reset. */
void csv_reader_init(CsvReader *r, const char *data, size_t len);
/* Free what R owns; the fields of the last record go with it. */
void csv_reader_reset(CsvReader *r);

/*
 * Read the next record into *REC.  Returns 1 for a record, 0 at the end of
 * the input, -1 on malformed input with ERR set to QT_EINVALID naming the
 * line and the fault (quote not closed, text after a closing quote, too
 * many fields, field too long).  Blank lines are skipped but counted, as
 * are line breaks inside quoted fields, so rec->line is the line a text
 * editor shows the record starting on.  After -1 the reader's position is
 * unspecified: stop reading and report ERR.
 */
int csv_next(CsvReader *r, CsvRecord *rec, QtError *err);

/*
 * Append S to OUT as one CSV field (no separator).  S is quoted, with its
 * quotes doubled, when it holds a comma, quote, CR or LF or starts or ends
 * with a space or tab.  When S starts with = + - @, tab or CR it is quoted
 * and a ' is put before it inside the quotes, so that a spreadsheet shows
 * it as text instead of running it as a formula (CSV injection).
 */
void csv_write_field(Buf *out, const char *s);

#endif
