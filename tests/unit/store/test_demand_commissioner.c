/*
 * test_demand_commissioner.c — store_demand_commissioner names the
 * commissioner an enterprise's demands count for: its first active
 * commissioner pairing, or the leader of its team, and never a leader
 * who hangs (挂包) it, nor a pairing that has ended.  (The workflow once
 * took the enterprise's first pairing of any kind, found by scanning
 * every pairing of the city.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "litetest.h"
#include "store.h"

typedef struct Fixture {
  char path[LITETEST_PATH];  /* the database file, removed afterwards */
  Store *st;      /* open and migrated */
  QtError err;    /* for the calls */
  int n;          /* names used, to keep them unique */
} Fixture;

static int setup(void **state)
{
  Fixture *fx = calloc(1, sizeof *fx);

  if (litetest_file(fx->path, "com") != 0) return -1;
  if (store_open(fx->path, NULL, &fx->st, &fx->err) != QT_OK ||
      store_migrate(fx->st, NULL, &fx->err) != QT_OK) {
    fprintf(stderr, "setup: %s\n", fx->err.message);
    return -1;
  }
  *state = fx;
  return 0;
}

static int teardown(void **state)
{
  Fixture *fx = *state;
  store_close(fx->st);
  litetest_remove(fx->path);
  free(fx);
  return 0;
}

static int64_t add_user(Fixture *fx, Role role)
{
  char name[32];
  User u;

  memset(&u, 0, sizeof u);
  snprintf(name, sizeof name, "u%d", ++fx->n);
  u.username = name;
  u.display_name = name;
  u.role = role;
  u.region_code = "370783";
  assert_int_equal(store_user_create(fx->st, &u, &fx->err), QT_OK);
  return u.id;
}

static int64_t add_enterprise(Fixture *fx)
{
  char code[24], name[32];
  Enterprise e;

  memset(&e, 0, sizeof e);
  /* The store takes the code as given; the API checks it. */
  snprintf(code, sizeof code, "91370783MA3C%06d", ++fx->n);
  snprintf(name, sizeof name, "寿光测试%d有限公司", fx->n);
  e.credit_code = code;
  e.name = name;
  e.region_code = "370783";
  e.scale = "above";
  e.employees = -1;
  assert_int_equal(store_enterprise_create(fx->st, &e, &fx->err), QT_OK);
  return e.id;
}

static void add_pairing(Fixture *fx, const char *kind, int64_t user,
                        int64_t team, int64_t enterprise, const char *ends)
{
  Pairing p;

  memset(&p, 0, sizeof p);
  p.kind = (char *)kind;
  p.user_id = user;
  p.team_id = team;
  p.enterprise_id = enterprise;
  p.starts_on = "2020-01-01";
  p.ends_on = (char *)ends;
  assert_int_equal(store_pairing_create(fx->st, &p, &fx->err), QT_OK);
}

static int64_t commissioner_of(Fixture *fx, int64_t enterprise)
{
  int64_t id = -1;

  assert_int_equal(store_demand_commissioner(fx->st, enterprise, &id,
                                             &fx->err),
                   QT_OK);
  return id;
}

static void test_a_hanging_leader_or_an_ended_pairing_does_not_count(
  void **state)
{
  Fixture *fx = *state;
  int64_t ent = add_enterprise(fx);
  int64_t leader = add_user(fx, ROLE_LEADER);
  int64_t before = add_user(fx, ROLE_COMMISSIONER);
  int64_t now = add_user(fx, ROLE_COMMISSIONER);

  add_pairing(fx, "leader", leader, 0, ent, NULL);
  add_pairing(fx, "one_to_one", before, 0, ent, "2021-06-30");
  assert_int_equal(commissioner_of(fx, ent), 0);
  add_pairing(fx, "one_to_one", now, 0, ent, NULL);
  assert_int_equal(commissioner_of(fx, ent), now);
}

static void test_a_team_pairing_counts_for_its_leader(void **state)
{
  Fixture *fx = *state;
  int64_t ent = add_enterprise(fx);
  int64_t members[2];
  Team t;

  members[0] = add_user(fx, ROLE_COMMISSIONER);
  members[1] = add_user(fx, ROLE_COMMISSIONER);
  memset(&t, 0, sizeof t);
  t.name = "寿光市入企服务小分队第1队";
  t.leader_id = members[1];
  t.region_code = "370783";
  t.member_ids = members;
  t.n_member_ids = 2;
  assert_int_equal(store_team_create(fx->st, &t, &fx->err), QT_OK);
  add_pairing(fx, "team", 0, t.id, ent, NULL);
  assert_int_equal(commissioner_of(fx, ent), members[1]);
}

static void test_an_enterprise_without_a_commissioner_has_none(void **state)
{
  Fixture *fx = *state;

  assert_int_equal(commissioner_of(fx, add_enterprise(fx)), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(
      test_a_hanging_leader_or_an_ended_pairing_does_not_count, setup,
      teardown),
    cmocka_unit_test_setup_teardown(
      test_a_team_pairing_counts_for_its_leader, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_an_enterprise_without_a_commissioner_has_none, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
