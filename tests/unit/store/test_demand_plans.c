/*
 * test_demand_plans.c — SQLite's plans for the lists that must stay
 * cheap as the demands grow (docs/performance.md, "Inbox page").
 *
 * The plans come from the schema alone (no ANALYZE statistics are kept),
 * so an empty migrated database gives the plans a full one gets.  A
 * handler's inbox, in every scope, must read the open demands of the
 * department through demand_open_department in id order, and must not
 * sort: SQLite once chose to copy the page's whole rows into a temporary
 * B-tree and sort them, though the index gave their order.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "bigram.h"
#include "db.h"
#include "litetest.h"
#include "store.h"

typedef struct Fixture {
  char path[LITETEST_PATH]; /* the database file, removed afterwards */
  sqlite3 *db;   /* a plain connection to it, for EXPLAIN */
} Fixture;

static int setup(void **state)
{
  Fixture *fx = calloc(1, sizeof *fx);
  Store *st;
  QtError err;

  if (litetest_file(fx->path, "plans") != 0) return -1;
  qt_error_clear(&err);
  if (store_open(fx->path, NULL, &st, &err) != QT_OK ||
      store_migrate(st, NULL, &err) != QT_OK) {
    fprintf(stderr, "setup: %s\n", err.message);
    return -1;
  }
  store_close(st);
  if (sqlite3_open(fx->path, &fx->db) != SQLITE_OK ||
      qt_bigram_register(fx->db) != SQLITE_OK) {
    return -1;
  }
  *state = fx;
  return 0;
}

static int teardown(void **state)
{
  Fixture *fx = *state;
  sqlite3_close(fx->db);
  litetest_remove(fx->path);
  free(fx);
  return 0;
}

/* The plan of statement ID, its steps' details joined by newlines. */
static void plan_of(sqlite3 *db, StmtId id, char *out, size_t size)
{
  char *sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql_sqlite[id]);
  sqlite3_stmt *stmt;
  size_t used = 0;

  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
  out[0] = '\0';
  while (sqlite3_step(stmt) == SQLITE_ROW && used < size) {
    used += (size_t)snprintf(out + used, size - used, "%s\n",
                             (const char *)sqlite3_column_text(stmt, 3));
  }
  sqlite3_finalize(stmt);
  sqlite3_free(sql);
}

static void test_the_inbox_reads_its_index_in_order_in_every_scope(
  void **state)
{
  Fixture *fx = *state;
  char plan[4096];
  int v;

  for (v = 0; v < SV_N_DEPT; v++) {
    plan_of(fx->db, (StmtId)(STMT_DEMAND_LIST_BY_INBOX + v), plan,
            sizeof plan);
    if (!strstr(plan, "SEARCH d USING INDEX demand_open_department") ||
        strstr(plan, "FOR ORDER BY")) {
      fail_msg("scope variant %d:\n%s", v, plan);
    }
  }
}

/* A handler's own inbox (open statuses, no department filter) looks up
 * its department's open demands by rowid: those it leads from
 * demand_open_lead, those it is co-department of from their index.  Read
 * through the scope's OR, it went through every open demand there is. */
static void test_a_handlers_open_list_looks_up_its_departments_open_demands(
  void **state)
{
  static const StmtId ids[] = {
    STMT_DEMAND_LIST_BY_OPEN + SV_DEPARTMENT,
    STMT_DEMAND_LIST_DUE_BY_OPEN + SV_DEPARTMENT,
    STMT_DEMAND_COUNT_BY_OPEN + SV_DEPARTMENT,
  };
  Fixture *fx = *state;
  char plan[4096];
  size_t i;

  for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
    plan_of(fx->db, ids[i], plan, sizeof plan);
    if (!strstr(plan, "SEARCH d USING INTEGER PRIMARY KEY (rowid=?)") ||
        !strstr(plan, "SEARCH demand USING INDEX demand_open_lead") ||
        !strstr(plan, "USING COVERING INDEX demand_co_department_dept") ||
        strstr(plan, "demand_status")) {
      fail_msg("statement %zu:\n%s", i, plan);
    }
  }
}

/* A two-character search streams its candidates in id order and stops
 * at the page (docs/performance.md, "Search"): the pair index
 * (demand_bigram, migration 011) read by rowid, newest first, below the
 * cursor, with no sort, which would hold every candidate before the
 * first row.  An enterprise's own search reads its demands
 * (demand_enterprise, in id order) and may sort the few that match.  The
 * page's ids are then read by key in the stream's order. */
static void test_a_two_character_search_streams_in_every_scope(void **state)
{
  Fixture *fx = *state;
  char plan[8192];
  int v;

  for (v = 0; v < SV_N_DEPT; v++) {
    plan_of(fx->db, (StmtId)(STMT_DEMAND_LIST_BY_SHORT_TEXT + v), plan,
            sizeof plan);
    if (!strstr(plan, "SEARCH d USING INTEGER PRIMARY KEY (rowid=?)\n"
                      "LIST SUBQUERY") ||
        strstr(plan, "demand_fts_vocab")) {
      fail_msg("scope variant %d:\n%s", v, plan);
    }
    if (v == SV_ENTERPRISE) {
      if (!strstr(plan, "USING INDEX demand_enterprise (enterprise_id=? AND"
                        " id<?)")) {
        fail_msg("scope variant %d:\n%s", v, plan);
      }
    } else if (!strstr(plan, "SCAN demand_bigram VIRTUAL TABLE INDEX"
                             " 192:M2<\nSEARCH d USING INTEGER PRIMARY KEY") ||
               strstr(plan, "FOR ORDER BY")) {
      fail_msg("scope variant %d:\n%s", v, plan);
    }
  }
}

/* A region scope (or filter) of a city or below reads its city's
 * demands through demand_city, or its open ones through
 * demand_open_city, as an equality: in id order, so the id-ordered list
 * stops at the page with no sort.  Read through the range of codes, a
 * city's page sorted its 600,000 demands at the province size.  (A count
 * of all statuses keeps the range: store_demand.c, driver_of.) */
static void test_a_citys_lists_read_the_city_in_id_order(void **state)
{
  static const struct {
    StmtId id;
    const char *index; /* the plan's read of d */
    bool sorts;        /* a due order is sorted, of the city's open ones */
  } cases[] = {
    { STMT_DEMAND_LIST_BY_CITY, "demand_city (<expr>=? AND id<?)", false },
    { STMT_DEMAND_LIST_DUE_BY_CITY, "demand_city (<expr>=?)", true },
    { STMT_DEMAND_LIST_BY_OPEN_CITY, "demand_open_city (<expr>=? AND id<?)",
      false },
    { STMT_DEMAND_LIST_DUE_BY_OPEN_CITY, "demand_open_city (<expr>=?)",
      true },
    { STMT_DEMAND_COUNT_BY_OPEN_CITY, "demand_open_city (<expr>=?)", false },
  };
  Fixture *fx = *state;
  char plan[4096], want[128];
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    plan_of(fx->db, (StmtId)(cases[i].id + SV_REGION), plan, sizeof plan);
    snprintf(want, sizeof want, "SEARCH d USING INDEX %s", cases[i].index);
    if (!strstr(plan, want) ||
        (strstr(plan, "FOR ORDER BY") != NULL) != cases[i].sorts) {
      fail_msg("case %zu, want %s:\n%s", i, want, plan);
    }
  }
}

/* A region's open supervision notices, and their count, come from the
 * partial index supervision_open (migration 012): a few hundred of a
 * city's 120,000 notices at the province size, which the page read all
 * of through supervision_region to find the open ones. */
static void test_a_regions_open_notices_read_their_own_index(void **state)
{
  static const StmtId ids[] = {STMT_SUPERVISION_LIST_OPEN_REGION,
                               STMT_SUPERVISION_COUNT_OPEN_REGION};
  Fixture *fx = *state;
  char plan[4096];
  size_t i;

  for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
    plan_of(fx->db, ids[i], plan, sizeof plan);
    if (!strstr(plan, "SEARCH s USING INDEX supervision_open (region_code>?"
                      " AND region_code<?)")) {
      fail_msg("statement %zu:\n%s", i, plan);
    }
  }
}

/* A list newest first in a scope wider than a city (a province) or an
 * admin's reads demands by id and stops at the page, whatever its status
 * filter: through demand_region or demand_status it read the province's
 * demands, or every open one, and sorted them (7 s at the province size
 * for an admin's open list). */
static void test_a_wide_scopes_list_reads_by_id(void **state)
{
  Fixture *fx = *state;
  char plan[4096];
  int v;

  for (v = SV_ALL; v <= SV_REGION; v++) {
    plan_of(fx->db, (StmtId)(STMT_DEMAND_LIST_BY_ID + v), plan, sizeof plan);
    if (!strstr(plan, "SEARCH d USING INTEGER PRIMARY KEY (rowid<?)") ||
        strstr(plan, "FOR ORDER BY")) {
      fail_msg("scope variant %d:\n%s", v, plan);
    }
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_a_wide_scopes_list_reads_by_id,
                                    setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_a_regions_open_notices_read_their_own_index, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_a_citys_lists_read_the_city_in_id_order, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_a_handlers_open_list_looks_up_its_departments_open_demands, setup,
      teardown),
    cmocka_unit_test_setup_teardown(
      test_a_two_character_search_streams_in_every_scope, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_the_inbox_reads_its_index_in_order_in_every_scope, setup,
      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
