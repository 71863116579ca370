/*
 * import.h — registry imports from CSV: enterprises, departments, users
 * and pairings, for `qitong import` and POST /api/v1/imports/{kind}.
 *
 * A file is UTF-8 (with or without a BOM) or GB18030, as Chinese Excel
 * saves it.  Its first line names the columns, in English ("credit_code")
 * or with the Chinese headers the ledgers export ("统一社会信用代码"), in
 * any order; columns the importer does not know are ignored and reported.
 * Every row is checked as the API checks a record; every rejected row is
 * reported with its line and the reason, not only the first.
 *
 * One file is one transaction.  By default it is all or nothing: when any
 * row is rejected, nothing is written.  In partial mode the good rows are
 * written and the bad ones reported.  Either way the import is recorded in
 * the audit log ("import.<kind>").  Imports are for admins: they are not
 * scoped.  Imported users have no password and cannot sign in until an
 * admin sets one.
 */
#ifndef QT_IMPORT_H
#define QT_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csv.h"
#include "error.h"
#include "ledger.h"
#include "mem.h"
#include "store.h"

enum {
  IMPORT_MAX_BYTES = 256 * 1024 * 1024 /* the largest file read */
};

/* One reason a row was rejected; a row may have several. */
typedef struct ImportReject {
  long line;           /* the line its record starts on; 1 is the header */
  const char *field;   /* the column's English name, or "file" / "csv" */
  const char *message; /* why, one short sentence */
} ImportReject;

/* What an import did.  Held by value: import_report_init and
 * import_report_reset. */
typedef struct ImportReport {
  LedgerKind kind;          /* what was imported */
  long rows;                /* data rows read (blank rows not counted) */
  long imported;            /* rows written; 0 when nothing was kept */
  long rejected_rows;       /* rows with at least one rejection */
  ImportReject *rejected;   /* owned array, n_rejected entries */
  long n_rejected;          /* entries in rejected */
  long cap_rejected;        /* entries allocated */
  const char *ignored[CSV_MAX_FIELDS]; /* header cells not used */
  int n_ignored;            /* entries of ignored */
  bool is_written;          /* the transaction committed */
  Arena *arena;             /* owns every string above */
} ImportReport;

/* Make R an empty report (it owns a new arena): pair with
 * import_report_reset. */
void import_report_init(ImportReport *r);
/* Free everything R owns; R may be initialised again. */
void import_report_reset(ImportReport *r);

/* Called now and then during an import with the rows done so far and the
 * rows in the file. */
typedef void (*ImportProgress)(void *ctx, long done, long total);

typedef struct ImportOptions {
  LedgerKind kind;         /* enterprises, departments, users, pairings */
  bool is_partial;         /* write the good rows even if some are bad */
  const char *source;      /* the file's name, for the audit entry */
  int64_t user_id;         /* who imports: 0 for the command line */
  const char *address;     /* the client's address, or "cli" */
  ImportProgress progress; /* NULL for none */
  void *progress_ctx;      /* passed to progress */
} ImportOptions;

/* KIND when NAME is an importable kind (enterprises, departments, users,
 * pairings); QT_EINVALID naming field "kind" otherwise. */
QtCode import_kind_parse(const char *name, LedgerKind *kind, QtError *err);

/*
 * Import the CSV file DATA[0..LEN) (borrowed) as OPT says, into ST,
 * filling REPORT (initialised by the caller).  Returns:
 *  - QT_OK when the rows were written: all of them, or in partial mode
 *    the good ones (REPORT lists the rejected);
 *  - QT_EINVALID when nothing was written because rows were rejected (all
 *    listed in REPORT), or the header lacks a required column, or the
 *    CSV is malformed (REPORT says where), or the bytes are neither UTF-8
 *    nor GB18030 (ERR says where), or the file is empty;
 *  - QT_ETOOBIG past IMPORT_MAX_BYTES;
 *  - QT_ESTORE or QT_EBUSY when the database fails; nothing is written.
 * One entry goes to the audit log in every case but the last.
 */
QtCode import_csv(Store *st, const ImportOptions *opt, const char *data,
                  size_t len, ImportReport *report, QtError *err);

#endif
