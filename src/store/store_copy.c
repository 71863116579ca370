/*
 * store_copy.c — copying a whole database from one store to another
 * (qitong migrate-store: SQLite to PostgreSQL, or back), and the
 * per-table row counts and checksums that prove the copy whole.
 *
 * The tables are listed here in an order that inserts every row after
 * the rows it refers to.  Their columns are read from the schema of the
 * source (both schemas have the same ones: test_pg_schema), so these
 * texts are built at run time, from names the schema gives and never
 * from input; this is the one place that does so.  Values travel as
 * text, which both databases turn back into integers where the column
 * says so.  The checksum is computed here, in C, over the same text read
 * through each backend in the same order, so equal data gives equal
 * sums whatever the database.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "db.h"

/* A table to copy: its name, the order rows are inserted and summed in
 * (a parent before its children where the table refers to itself), and
 * a column referring to the table's own rows in any order, which is
 * copied in a second pass (NULL: none). */
typedef struct CopyTable {
  const char *name;
  const char *order;
  bool has_id;      /* an id the database hands out */
  const char *late; /* self-reference set after every row is in */
} CopyTable;

static const CopyTable tables[] = {
  {"region", "code", false, NULL},
  {"industry", "level DESC, code", false, NULL}, /* sections first */
  {"department", "id", true, NULL},
  {"enterprise", "id", true, NULL},
  {"project", "id", true, NULL},
  {"app_user", "id", true, NULL},
  {"team", "id", true, NULL},
  {"team_member", "team_id, user_id", false, NULL},
  {"pairing", "id", true, NULL},
  {"session", "token_hash", false, NULL},
  {"api_token", "id", true, NULL},
  {"signin_failure", "key, at", false, NULL},
  {"audit_log", "id", true, NULL},
  {"category", "code", false, NULL},
  {"calendar_day", "day", false, NULL},
  {"meta", "key", false, NULL},
  {"sla_policy", "id", true, NULL},
  {"demand_code_seq", "year", false, NULL},
  {"visit", "id", true, NULL}, /* before the demands raised on visits */
  {"demand", "id", true, "duplicate_of"}, /* a merge may point forward */
  {"demand_co_department", "demand_id, department_id", false, NULL},
  {"demand_event", "id", true, NULL},
  {"supervision", "id", true, NULL},
  {"accountability", "id", true, NULL},
  {"extension", "id", true, NULL},
  {"notification", "id", true, NULL},
  {"demand_stat", "month, region_code, department_id, category", false,
   NULL},
  {"demand_stat_commissioner", "month, commissioner_id, region_code", false,
   NULL},
  {"demand_stat_department", "month, region_code, department_id", false,
   NULL},
  {"attachment", "id", true, NULL},
};

enum { N_TABLES = sizeof tables / sizeof tables[0], MAX_COLUMNS = 100 };

int store_copy_n_tables(void)
{
  return N_TABLES;
}

const char *store_copy_table(int i)
{
  return i >= 0 && i < N_TABLES ? tables[i].name : NULL;
}

/* The columns of TABLE on ST, into COLS (names in A). */
static QtCode columns(Store *st, const char *table, Arena *a, char **cols,
                      int *n_cols, QtError *err)
{
  Q q;
  int rc = 0;
  const char *c;

  *n_cols = 0;
  if (q_open(st, STMT_TABLE_COLUMNS, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, table);
  while (*n_cols < MAX_COLUMNS && (rc = q_step(&q)) == 1) {
    cols[*n_cols] = q_col_text(&q, 0, a);
    /* Names go into SQL text: accept only what our migrations write. */
    for (c = cols[*n_cols]; *c; c++) {
      if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
            *c == '_')) {
        q_close(&q);
        return qt_fail(err, QT_EINTERNAL, "Unexpected column %s.%s.", table,
                       cols[*n_cols]);
      }
    }
    (*n_cols)++;
  }
  q_close(&q);
  if (rc < 0) return err->code;
  if (*n_cols == 0) {
    return qt_fail(err, QT_ESTORE, "The table %s does not exist.", table);
  }
  return QT_OK;
}

/* "SELECT c1, c2 ... FROM t ORDER BY ...", in A. */
static char *select_text(const CopyTable *t, char **cols, int n, Arena *a)
{
  Buf b;
  char *out;
  int i;

  buf_init(&b);
  buf_puts(&b, "SELECT ");
  for (i = 0; i < n; i++) buf_printf(&b, "%s\"%s\"", i ? ", " : "", cols[i]);
  buf_printf(&b, " FROM %s ORDER BY %s", t->name, t->order);
  out = arena_strdup(a, buf_str(&b));
  buf_reset(&b);
  return out;
}

static char *insert_text(const CopyTable *t, char **cols, int n, Arena *a)
{
  Buf b;
  char *out;
  int i;

  buf_init(&b);
  buf_printf(&b, "INSERT INTO %s (", t->name);
  for (i = 0; i < n; i++) buf_printf(&b, "%s\"%s\"", i ? ", " : "", cols[i]);
  buf_puts(&b, ") VALUES (");
  for (i = 0; i < n; i++) buf_printf(&b, "%s?%d", i ? ", " : "", i + 1);
  buf_puts(&b, ")");
  out = arena_strdup(a, buf_str(&b));
  buf_reset(&b);
  return out;
}

QtCode store_is_empty(Store *st, bool *is_empty, const char **table,
                      QtError *err)
{
  Arena *a = arena_new();
  char sql[160];
  int i, rc;
  Q q;
  QtCode result = QT_OK;

  *is_empty = true;
  *table = NULL;
  for (i = 0; i < N_TABLES && *is_empty; i++) {
    snprintf(sql, sizeof sql, "SELECT 1 FROM %s LIMIT 1", tables[i].name);
    if (q_open_sql(st, sql, &q, err) != QT_OK) {
      result = err->code;
      break;
    }
    rc = q_step(&q);
    q_close(&q);
    if (rc < 0) {
      result = err->code;
      break;
    }
    if (rc == 1) {
      *is_empty = false;
      *table = tables[i].name;
    }
  }
  arena_free(a);
  return result;
}

/* Copy table T from FROM into TO (inside TO's transaction). */
static QtCode copy_table(Store *from, Store *to, const CopyTable *t,
                         int64_t *n_rows, QtError *err)
{
  Arena *a = arena_new();
  char *cols[MAX_COLUMNS];
  int n, i, late = -1, rc = 0;
  Q in, out, fix;
  QtCode result;

  *n_rows = 0;
  result = columns(from, t->name, a, cols, &n, err);
  for (i = 0; result == QT_OK && t->late && i < n; i++) {
    if (strcmp(cols[i], t->late) == 0) late = i;
  }
  if (result == QT_OK) {
    result = q_open_sql(from, select_text(t, cols, n, a), &in, err);
  }
  if (result != QT_OK) {
    arena_free(a);
    return result;
  }
  result = q_open_sql(to, insert_text(t, cols, n, a), &out, err);
  while (result == QT_OK && (rc = q_step(&in)) == 1) {
    for (i = 0; i < n; i++) {
      size_t len;
      const char *v = from->ops->col_text(&in, i, &len);
      q_text(&out, i + 1, i == late ? NULL : v);
    }
    result = q_exec_again(&out);
    (*n_rows)++;
  }
  if (result == QT_OK && rc < 0) result = err->code;
  q_close(&in);
  q_close(&out);
  if (result == QT_OK && late >= 0) {
    /* The second pass: the self-references, now that every row is in. */
    char *sql = arena_printf(a,
                             "SELECT id, \"%s\" FROM %s WHERE \"%s\" IS NOT"
                             " NULL ORDER BY id",
                             t->late, t->name, t->late);
    result = q_open_sql(from, sql, &in, err);
    if (result == QT_OK) {
      sql = arena_printf(a, "UPDATE %s SET \"%s\" = ?2 WHERE id = ?1",
                         t->name, t->late);
      result = q_open_sql(to, sql, &fix, err);
      while (result == QT_OK && (rc = q_step(&in)) == 1) {
        q_int(&fix, 1, q_col_int(&in, 0));
        q_int(&fix, 2, q_col_int(&in, 1));
        result = q_exec_again(&fix);
      }
      if (result == QT_OK && rc < 0) result = err->code;
      q_close(&fix);
      q_close(&in);
    }
  }
  if (result == QT_OK && t->has_id) {
    result = to->ops->reset_ids(to, t->name, err);
  }
  arena_free(a);
  return result;
}

QtCode store_copy(Store *from, Store *to, StoreCopyProgress progress,
                  void *arg, QtError *err)
{
  int64_t n;
  int i;
  QtCode rc;

  rc = store_begin(to, err);
  /* What the target's migrations inserted (categories, the default SLA
   * policy, the calendar's version) makes way for the source's rows;
   * children go before their parents. */
  for (i = N_TABLES - 1; rc == QT_OK && i >= 0; i--) {
    char sql[96];
    Q q;
    snprintf(sql, sizeof sql, "DELETE FROM %s", tables[i].name);
    rc = q_open_sql(to, sql, &q, err);
    if (rc == QT_OK) rc = q_exec(&q);
  }
  for (i = 0; rc == QT_OK && i < N_TABLES; i++) {
    rc = copy_table(from, to, &tables[i], &n, err);
    if (rc == QT_OK && progress) progress(arg, tables[i].name, n);
  }
  return store_end(to, rc, err);
}

QtCode store_table_sum(Store *st, const char *table, const Store *like,
                       int64_t *n_rows, char sha256[65], QtError *err)
{
  const CopyTable *t = NULL;
  crypto_hash_sha256_state h;
  unsigned char digest[crypto_hash_sha256_BYTES];
  Arena *a = arena_new();
  char *cols[MAX_COLUMNS];
  int n, i, rc = 0;
  Q q;
  QtCode result;

  *n_rows = 0;
  sha256[0] = '\0';
  for (i = 0; i < N_TABLES; i++) {
    if (strcmp(tables[i].name, table) == 0) t = &tables[i];
  }
  if (!t) {
    arena_free(a);
    return qt_fail(err, QT_EINTERNAL, "No table %s to sum.", table);
  }
  /* The columns, in the order LIKE has them, so both sums read each row
   * in the same order of columns. */
  result = columns((Store *)(like ? like : st), table, a, cols, &n, err);
  if (result == QT_OK) {
    result = q_open_sql(st, select_text(t, cols, n, a), &q, err);
  }
  if (result != QT_OK) {
    arena_free(a);
    return result;
  }
  crypto_hash_sha256_init(&h);
  while ((rc = q_step(&q)) == 1) {
    for (i = 0; i < n; i++) {
      size_t len;
      const char *v = st->ops->col_text(&q, i, &len);
      /* NULL is not any text: \x01 cannot appear in one of ours. */
      if (v) {
        crypto_hash_sha256_update(&h, (const unsigned char *)v, len);
      } else {
        crypto_hash_sha256_update(&h, (const unsigned char *)"\x01", 1);
      }
      crypto_hash_sha256_update(&h, (const unsigned char *)"\x1f", 1);
    }
    crypto_hash_sha256_update(&h, (const unsigned char *)"\x1e", 1);
    (*n_rows)++;
  }
  q_close(&q);
  arena_free(a);
  if (rc < 0) return err->code;
  crypto_hash_sha256_final(&h, digest);
  sodium_bin2hex(sha256, 65, digest, sizeof digest);
  return QT_OK;
}
