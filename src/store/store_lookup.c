/*
 * store_lookup.c — records found by their natural keys (credit code,
 * name) and short labels by id, over the statement API of db.h.
 *
 * Importers use the finders to turn what a spreadsheet names ("潍坊市工信局",
 * a credit code, a username) into ids; ledgers use the labels to show
 * names where a row holds ids.  None of these apply a scope: the callers
 * are admin-only imports, or exports that have already read the row that
 * holds the id under the actor's scope.  The importers' cache setting
 * (store_bulk_mode) lives here too.
 */
#include "db.h"

QtCode store_enterprise_find_code(Store *st, const char *credit_code,
                                  int64_t *id, QtError *err)
{
  Q q;
  int rc;

  *id = 0;
  if (q_open(st, STMT_ENTERPRISE_BY_CODE, &q, err) != QT_OK) {
    return err->code;
  }
  q_text(&q, 1, credit_code);
  rc = q_step(&q);
  if (rc == 1) *id = q_col_int(&q, 0);
  q_close(&q);
  if (rc < 0) return err->code;
  if (rc == 0) return qt_fail(err, QT_ENOTFOUND, "No such enterprise.");
  return QT_OK;
}

/* Step Q (LIMIT 2) to count its ids: 0, 1 or 2 for "two or more". */
static QtCode count_ids(Q *q, int64_t *id, int *n_found)
{
  int rc;

  *id = 0;
  *n_found = 0;
  while (*n_found < 2) {
    rc = q_step(q);
    if (rc < 0) {
      q_close(q);
      return q->err->code;
    }
    if (rc == 0) break;
    if (*n_found == 0) *id = q_col_int(q, 0);
    (*n_found)++;
  }
  q_close(q);
  return QT_OK;
}

QtCode store_department_find(Store *st, const char *name, const char *region,
                             bool with_disabled, int64_t *id, int *n_found,
                             QtError *err)
{
  Q q;

  *id = 0;
  *n_found = 0;
  if (q_open(st, STMT_DEPARTMENT_FIND, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, name);
  q_text(&q, 2, region);
  q_int(&q, 3, with_disabled);
  return count_ids(&q, id, n_found);
}

QtCode store_team_find(Store *st, const char *name, int64_t *id,
                       int *n_found, QtError *err)
{
  Q q;

  *id = 0;
  *n_found = 0;
  if (q_open(st, STMT_TEAM_FIND, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, name);
  return count_ids(&q, id, n_found);
}

QtCode store_pairing_active(Store *st, int64_t user_id, int64_t team_id,
                            int64_t enterprise_id, const char *today,
                            bool *is_paired, QtError *err)
{
  Q q;
  int rc;

  *is_paired = false;
  if (q_open(st, STMT_PAIRING_ACTIVE, &q, err) != QT_OK) return err->code;
  q_id(&q, 1, user_id);
  q_id(&q, 2, team_id);
  q_int(&q, 3, enterprise_id);
  q_text(&q, 4, today);
  rc = q_step(&q);
  q_close(&q);
  if (rc < 0) return err->code;
  *is_paired = rc == 1;
  return QT_OK;
}

/* Run label statement ID for ID and copy its first N_COLS (1 or 2)
 * columns into *FIRST and *SECOND. */
static QtCode label(Store *st, StmtId stmt, int64_t id, Arena *a,
                    int n_cols, char **first, char **second,
                    const char *what, QtError *err)
{
  Q q;
  int rc;

  *first = NULL;
  if (second) *second = NULL;
  if (q_open(st, stmt, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, id);
  rc = q_step(&q);
  if (rc == 1) {
    *first = q_col_text(&q, 0, a);
    if (n_cols > 1) *second = q_col_text(&q, 1, a);
  }
  q_close(&q);
  if (rc < 0) return err->code;
  if (rc == 0) return qt_fail(err, QT_ENOTFOUND, "No such %s.", what);
  return QT_OK;
}

QtCode store_enterprise_label(Store *st, int64_t id, Arena *a,
                              char **credit_code, char **name, QtError *err)
{
  return label(st, STMT_ENTERPRISE_LABEL, id, a, 2, credit_code, name,
               "enterprise", err);
}

QtCode store_user_label(Store *st, int64_t id, Arena *a, char **username,
                        char **display_name, QtError *err)
{
  return label(st, STMT_USER_LABEL, id, a, 2, username, display_name, "user",
               err);
}

QtCode store_team_label(Store *st, int64_t id, Arena *a, char **name,
                        QtError *err)
{
  return label(st, STMT_TEAM_LABEL, id, a, 1, name, NULL, "team", err);
}

QtCode store_project_label(Store *st, int64_t id, Arena *a, char **name,
                           QtError *err)
{
  return label(st, STMT_PROJECT_LABEL, id, a, 1, name, NULL, "project", err);
}

QtCode store_bulk_mode(Store *st, bool is_bulk, bool references_checked,
                       QtError *err)
{
  Q q;
  QtCode rc;

  rc = q_open(st, is_bulk ? STMT_CACHE_BULK : STMT_CACHE_DEFAULT, &q, err);
  if (rc == QT_OK) rc = q_exec(&q);
  if (is_bulk && !references_checked) return rc;
  /* Foreign keys go back on even when the cache could not be reset: a
   * connection must never be left trusting its callers by mistake. */
  if (q_open(st, is_bulk ? STMT_FOREIGN_KEYS_OFF : STMT_FOREIGN_KEYS_ON, &q,
             err) != QT_OK) {
    return err->code;
  }
  if (q_exec(&q) != QT_OK) return err->code;
  return rc;
}
