/*
 * ledger.h — ledgers (台账): registry lists and the demand list as tables
 * with Chinese column headers, written as CSV or Excel (.xlsx).
 *
 * `qitong export` and GET /api/v1/exports/{kind} share this code, and the
 * importer (import.h) matches the same column names and value labels, so
 * an exported ledger imports back unchanged.  A ledger is read through the
 * store's scoped list functions, page by page, so an export shows exactly
 * the rows its actor may see.  Recording the export in the audit log is
 * the caller's step (ledger_audit), taken before the file is handed out.
 */
#ifndef QT_LEDGER_H
#define QT_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "mem.h"
#include "qtime.h"
#include "scope.h"
#include "store.h"

typedef enum LedgerKind {
  LEDGER_ENTERPRISES,
  LEDGER_DEPARTMENTS,
  LEDGER_PROJECTS,
  LEDGER_USERS,
  LEDGER_TEAMS,
  LEDGER_PAIRINGS,
  LEDGER_REGIONS,
  LEDGER_INDUSTRIES,
  LEDGER_DEMANDS,     /* 诉求台账: exported only, never imported */
  LEDGER_VISITS,      /* 走访台账: exported only, never imported */
  LEDGER_KIND_COUNT
} LedgerKind;

typedef enum LedgerFormat {
  LEDGER_CSV, /* UTF-8 with a BOM, CRLF line ends: what Chinese Excel opens */
  LEDGER_XLSX /* Office Open XML workbook, one sheet */
} LedgerFormat;

enum {
  /* Rows in one export.  Excel holds 1,048,576 rows per sheet; past this
   * an export is refused (QT_ETOOBIG) rather than silently cut short. */
  LEDGER_MAX_ROWS = 1000000,
  LEDGER_MAX_COLUMNS = 24 /* columns of the widest ledger, with room */
};

/* One column of a ledger. */
typedef struct LedgerColumn {
  const char *key;   /* English name ("credit_code"); imports accept it */
  const char *title; /* Chinese header ("统一社会信用代码") */
  int width;         /* Excel column width, in Latin characters */
  bool is_number;    /* written to Excel as a number when it is one */
} LedgerColumn;

/* "enterprises" ... "demands": QT_EINVALID (field "kind") otherwise. */
QtCode ledger_kind_parse(const char *name, LedgerKind *out, QtError *err);
/* The English name of KIND ("enterprises"), static. */
const char *ledger_kind_name(LedgerKind kind);
/* The Chinese title of KIND ("企业台账"), static: sheet and file name. */
const char *ledger_kind_title(LedgerKind kind);
/* The columns of KIND, static, *N_COLUMNS of them. */
const LedgerColumn *ledger_columns(LedgerKind kind, int *n_columns);

/* "csv" or "xlsx": QT_EINVALID (field "format") otherwise. */
QtCode ledger_format_parse(const char *name, LedgerFormat *out,
                           QtError *err);
/* "csv" or "xlsx", static. */
const char *ledger_format_name(LedgerFormat format);
/* The MIME type of FORMAT, static. */
const char *ledger_content_type(LedgerFormat format);
/*
 * The Content-Disposition value for a download of KIND in FORMAT made on
 * the China Standard Time date of NOW: an attachment named, for example,
 * 企业台账-20260302.xlsx (RFC 6266 filename*, percent-encoded UTF-8) with
 * an ASCII fallback (enterprises-20260302.xlsx).  A new string in A.
 */
char *ledger_disposition(LedgerKind kind, LedgerFormat format, QtTime now,
                         Arena *a);

/* ---- value labels ---------------------------------------------------- */

/* The enumerations ledgers show in Chinese and imports read either way. */
typedef enum LedgerChoices {
  CHOICES_SCALE,           /* above 规上, below 规下 */
  CHOICES_DEPARTMENT_KIND, /* service_office 专员办 ... */
  CHOICES_ROLE,            /* enterprise 企业用户 ... admin 管理员 */
  CHOICES_LEVEL,           /* city 市级, county 县级, town 镇级 */
  CHOICES_PAIRING_KIND,    /* one_to_one 一对一, team 小分队, leader 领导挂包 */
  CHOICES_STAGE,           /* negotiating 在谈 ... producing 投产 */
  CHOICES_REGION_LEVEL,    /* province 省 ... town 乡镇 */
  CHOICES_INDUSTRY_LEVEL,  /* section 门类, division 大类 */
  CHOICES_DEMAND_STATUS,   /* submitted 待分派 ... merged 已合并 */
  CHOICES_OUTCOME,         /* resolved 已解决, partial 部分解决, ... */
  CHOICES_SATISFACTION,    /* satisfied 满意, basic 基本满意, ... */
  CHOICES_VISIT_MODE       /* on_site 实地, phone 电话, video 视频 */
} LedgerChoices;

/* The Chinese label of VALUE in SET; VALUE itself when it has none
 * (NULL for NULL).  Static or borrowed. */
const char *ledger_choice_label(LedgerChoices set, const char *value);
/*
 * The value TEXT names in SET: TEXT may be the value ("above"), its label
 * ("规上") or an accepted alias ("规模以上"); English is matched without
 * regard to case.  Returns the static value, or NULL when TEXT names none.
 */
const char *ledger_choice_parse(LedgerChoices set, const char *text);
/* Write "above (规上), below (规下)" for SET into OUT, for messages. */
void ledger_choice_describe(LedgerChoices set, char *out, size_t size);

/* "是" or "否". */
const char *ledger_bool_label(bool v);
/* 1 for 是/true/1/yes/y/√, 0 for 否/false/0/no/n or "", -1 otherwise. */
int ledger_bool_parse(const char *text);

/* ---- writing a table ------------------------------------------------- */

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

/*
 * LedgerWriter — one table being written as CSV or XLSX.  Held by value:
 * ledger_writer_init, then ledger_writer_row for each row, then
 * ledger_writer_finish; always ledger_writer_reset at the end.
 *
 * An Excel file is built by libxlsxwriter in a temporary file (this
 * version has no in-memory output), read back and removed.  A small
 * table uses Excel's shared string table; past XLSX_SHARED_ROWS rows the
 * writer switches to libxlsxwriter's constant-memory mode (inline
 * strings, one row in memory at a time), so a million-row ledger does not
 * need gigabytes.
 */
typedef struct LedgerWriter {
  LedgerFormat format;          /* what is being written */
  const LedgerColumn *columns;  /* borrowed, static */
  int n_columns;                /* entries of columns */
  char sheet[96];               /* the sheet name (the ledger's title) */
  long n_rows;                  /* data rows written so far */
  Buf csv;                      /* CSV: the file so far */
  Buf pending;                  /* XLSX: rows not yet in a workbook */
  long n_pending;               /* rows in pending */
  struct lxw_workbook *book;    /* XLSX: open workbook, or NULL */
  struct lxw_worksheet *ws;     /* its one sheet */
  struct lxw_format *bold;      /* the header row's format */
  char tmp_path[256];           /* XLSX: the temporary file, or "" */
} LedgerWriter;

/* Start a table of N_COLUMNS COLUMNS (borrowed, kept) titled SHEET. */
void ledger_writer_init(LedgerWriter *w, LedgerFormat format,
                        const char *sheet, const LedgerColumn *columns,
                        int n_columns);
/* Append one row: CELLS holds n_columns strings (borrowed for the call;
 * NULL is an empty cell).  QT_EINTERNAL when the XLSX library or the
 * temporary file fails. */
QtCode ledger_writer_row(LedgerWriter *w, const char *const *cells,
                         QtError *err);
/* Finish the file and append its bytes to OUT.  QT_EINTERNAL as above. */
QtCode ledger_writer_finish(LedgerWriter *w, Buf *out, QtError *err);
/* Free what W holds and remove its temporary file; W may be re-inited. */
void ledger_writer_reset(LedgerWriter *w);

/* ---- exporting a registry list --------------------------------------- */

/* Filters of an export: the list routes' query arguments.  Each kind uses
 * those that apply to it and ignores the rest. */
typedef struct LedgerFilter {
  const char *region;    /* region and below; NULL for any */
  const char *q;         /* name (or credit code) contains; NULL any */
  const char *industry;  /* enterprises: exact industry code */
  const char *scale;     /* enterprises: above | below */
  int four_above;        /* enterprises: 1, 0, or -1 for any */
  int is_key;            /* enterprises: likewise */
  const char *stage;     /* projects */
  bool has_role;         /* users: filter by role below */
  Role role;             /* users: the role, when has_role */
  int64_t enterprise_id; /* projects, pairings; 0 any */
  int64_t department_id; /* users */
  int64_t parent_id;     /* departments: direct children of */
  int64_t member_id;     /* teams with this member */
  int64_t user_id;       /* pairings of this commissioner */
  int64_t team_id;       /* pairings of this team */
  int64_t project_id;    /* pairings of this project */
  bool with_disabled;    /* include disabled records */
  bool with_ended;       /* pairings: include ended ones */
  ServedFilter served;   /* enterprises: whether a commissioner serves it */
  const PairingFilter *pairing; /* pairings: the list's filters (borrowed);
                                   NULL: the ids and with_ended above */
  const DemandFilter *demand; /* demands: the list's filters (borrowed);
                                 NULL: region and q above, at qt_now() */
  const VisitFilter *visit; /* visits: the list's filters (borrowed);
                               NULL: enterprise_id and user_id above */
} LedgerFilter;

/* Every filter off (tristates -1). */
void ledger_filter_init(LedgerFilter *f);

/* What an export wrote. */
typedef struct LedgerCount {
  long rows;         /* data rows */
  long whole_phones; /* phone cells written unmasked */
} LedgerCount;

/*
 * Write ledger KIND as SCOPE sees it, filtered by F, in FORMAT, appending
 * the file to OUT; *COUNT says how many data rows, and how many phones
 * went out whole.  READER is who asked: each row's phone is whole exactly
 * when that row's single record would show it whole to READER
 * (pii_sees_*_phone), masked otherwise; NULL, the system (the command
 * line), sees every phone whole.  Pages through the store's list
 * (STORE_LIST_MAX rows a page, each page in its own arena).
 * Demands are read in SCOPE as given: pass store_demand_scope's, which
 * narrows a handler to its department; visits likewise in
 * store_visit_scope's.
 * Users' password hashes are never read into a ledger.  QT_ETOOBIG past
 * LEDGER_MAX_ROWS (narrow the filters); QT_EINVALID for a malformed
 * region filter; store and writer failures as they come.  On failure OUT
 * may hold part of a file: discard it.
 */
QtCode ledger_export(Store *st, const Actor *reader, const Scope *scope,
                     LedgerKind kind, const LedgerFilter *f,
                     LedgerFormat format, Buf *out, LedgerCount *count,
                     QtError *err);

/* Who made an export, for its audit entry. */
typedef struct LedgerWho {
  int64_t user_id;     /* the signed-in user; 0 for the command line */
  const char *address; /* the client's address, or "cli" */
  const char *os_user; /* the command line's login name, or NULL */
} LedgerWho;

/*
 * Record an export in the audit log, in its own transaction: action
 * "export.<kind>", entity "ledger", user and address from WHO, detail
 * {"format", "rows", "filter", "personal"} with the filters in force and
 * the names of the ledger's columns that hold personal information (an
 * empty array when none do), plus "whole_phones" (COUNT's) for the ledgers
 * with phones and "os_user" when WHO has one.  Exports of personal data
 * must be recorded (PIPL), so callers hand out the file only when this
 * succeeds.
 */
QtCode ledger_audit(Store *st, LedgerKind kind, LedgerFormat format,
                    const LedgerFilter *f, const LedgerCount *count,
                    const LedgerWho *who, QtTime at, QtError *err);

#endif
