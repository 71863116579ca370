/*
 * cmd_demo.c — qitong demo: fill a new database with a Weifang-like data
 * set and sign-in accounts for every role, for trying the system out,
 * demonstrating it, and testing it at a city's scale.
 *
 * The data is made by demo_gen.c (the registry) and demo_flow.c (eight
 * simulated months of demands through the real lifecycle); this file
 * parses the options, refuses a database that already holds enterprises
 * (demo data must never mix with real data), runs the generator in one
 * transaction and prints the accounts and what came of the months.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "demo.h"

static const char usage[] =
  "usage: qitong demo [--db PATH] --scale small|city [--seed N]\n"
  "       qitong demo --accounts\n"
  "Create a database (or use an empty one) and fill it with demo data:\n"
  "  small  a few hundred enterprises in three counties of Weifang, about\n"
  "         100 commissioners and 400 demands (quick, for tests)\n"
  "  city   Weifang: 21,000 enterprises in twelve counties, 800 key\n"
  "         projects, 15,000 commissioners in 1,500 teams, 35,000 demands\n"
  "The demands run through the real lifecycle on a simulated clock from\n"
  "2026-03-01 to 2026-10-31 (China Standard Time), so the rates come out\n"
  "of it; those raised in the last days are still open at the end.\n"
  "Commissioners visit (走访) their enterprises over the same months, and\n"
  "the demands they raise are linked to the visit they were raised on.\n"
  "The same --seed (default 1) gives the same data.  Seven sign-in\n"
  "accounts, one per role, share the password " DEMO_PASSWORD ";\n"
  "--accounts lists them again without touching any database.\n";

/* The accounts as --accounts lists them, before any data exists to
 * count; demo_generate fills in the particulars. */
static const DemoAccount generic[DEMO_N_ACCOUNTS] = {
  {"admin", "admin", "everything: registry, users, settings"},
  {"leader", "leader",
   "read-only dashboards of 潍坊市 and below; hangs (挂包) key "
   "enterprises"},
  {"supervisor", "supervisor",
   "demands and rates of 潍坊市 and below; 督办单 and 问责"},
  {"dispatcher", "dispatcher",
   "every demand of 潍坊市 and below, to triage and assign"},
  {"handler", "handler",
   "demands assigned to 潍坊市工业和信息化局, and to the county bureaus "
   "under it"},
  {"commissioner", "commissioner",
   "its paired enterprises, directly and through its team"},
  {"enterprise", "enterprise", "its own enterprise only"},
};

/* Parse a seed: decimal digits only, up to 2^64 - 1. */
/* QT_ECONFLICT when the database already has an enterprise, or a user
 * with one of the demo accounts' names. */
static QtCode check_empty(Store *st, const char *db, QtError *err)
{
  static const char *const names[] = {
    "admin", "leader", "supervisor", "dispatcher", "handler",
    "commissioner", "enterprise",
  };
  Scope all;
  EnterpriseFilter f;
  Page page = {0, 1};
  Enterprise *items;
  User u;
  Arena *a = arena_new();
  int n = 0;
  size_t i;
  QtCode rc;

  memset(&all, 0, sizeof all);
  all.kind = SCOPE_ALL;
  memset(&f, 0, sizeof f);
  f.four_above = -1;
  f.is_key = -1;
  f.with_disabled = true;
  rc = store_enterprise_list(st, &all, &f, &page, a, &items, &n, err);
  if (rc == QT_OK && n > 0) {
    rc = qt_fail(err, QT_ECONFLICT,
                 "%s already has enterprises; demo data goes only into a "
                 "new or empty database",
                 db);
  }
  for (i = 0; rc == QT_OK && i < sizeof names / sizeof names[0]; i++) {
    rc = store_user_by_name(st, names[i], a, &u, err);
    if (rc == QT_OK) {
      rc = qt_fail(err, QT_ECONFLICT,
                   "%s already has a user named '%s'; demo data goes only "
                   "into a new or empty database",
                   db, names[i]);
    } else if (rc == QT_ENOTFOUND) {
      qt_error_clear(err);
      rc = QT_OK;
    }
  }
  arena_free(a);
  return rc;
}

/* Open (creating or migrating) the database for the demo: one writer
 * that a crash costs nothing but a rerun, so commits need not reach the
 * disk before returning, and a cache that holds the city. */
static QtCode open_demo(const char *url, Store **out, QtError *err)
{
  StoreOptions opts = {.is_durable = false, .busy_timeout_ms = 10000,
                       .stops_at_failure = true,
                       .cache_mib = 256};
  QtCode rc = store_open(url, &opts, out, err);

  if (rc == QT_OK) rc = store_migrate(*out, NULL, err);
  if (rc != QT_OK) {
    store_close(*out);
    *out = NULL;
  }
  return rc;
}

static int64_t n_open(const DemoDemands *d)
{
  return d->by_status[DEMAND_SUBMITTED] + d->by_status[DEMAND_ASSIGNED] +
         d->by_status[DEMAND_ACCEPTED] + d->by_status[DEMAND_ANSWERED] +
         d->by_status[DEMAND_RESOLVED];
}

static QtCode record(Store *st, const DemoSpec *spec, uint64_t seed,
                     const DemoResult *r, QtError *err)
{
  const DemoDemands *d = &r->demands;
  char detail[768];
  AuditEntry e;

  snprintf(detail, sizeof detail,
           "{\"scale\":\"%s\",\"seed\":%llu,\"counties\":%d,"
           "\"departments\":%d,\"enterprises\":%d,\"four_above\":%d,"
           "\"key\":%d,\"projects\":%d,\"commissioners\":%d,"
           "\"leaders\":%d,\"teams\":%d,\"pairings\":%d,"
           "\"pairings_ended\":%d,\"accounts\":%d,\"demands\":%lld,"
           "\"closed\":%lld,\"open\":%lld,\"withdrawn\":%lld,"
           "\"merged\":%lld,\"notices\":%lld,\"accountability\":%lld,"
           "\"visits\":%lld}",
           spec->name, (unsigned long long)seed, r->n_counties,
           r->n_departments, r->n_enterprises, r->n_four_above, r->n_key,
           r->n_projects, r->n_commissioners, r->n_leaders, r->n_teams,
           r->n_pairings, r->n_pairings_ended, DEMO_N_ACCOUNTS,
           (long long)d->n_demands,
           (long long)d->by_status[DEMAND_CLOSED], (long long)n_open(d),
           (long long)d->by_status[DEMAND_WITHDRAWN],
           (long long)d->by_status[DEMAND_MERGED], (long long)d->n_notices,
           (long long)d->n_accountability, (long long)d->n_visits);
  memset(&e, 0, sizeof e);
  e.address = "cli";
  e.action = "demo.generate";
  e.entity = "demo";
  e.detail = detail;
  return store_audit_append(st, &e, qt_now(), err);
}

static void print_accounts(const DemoAccount *accounts)
{
  int i;

  printf("Demo accounts (sign in with qitong serve; the same password for "
         "all):\n\n");
  printf("%-13s %-13s %-12s %s\n", "role", "username", "password", "sees");
  for (i = 0; i < DEMO_N_ACCOUNTS; i++) {
    printf("%-13s %-13s %-12s %s\n", accounts[i].role, accounts[i].username,
           DEMO_PASSWORD, accounts[i].sees);
  }
}

/* A rate as "97.5 %", or "-" when nothing was there to count. */
static void percent(double rate, char out[16])
{
  if (rate < 0) {
    snprintf(out, 16, "-");
  } else {
    snprintf(out, 16, "%.1f %%", rate * 100);
  }
}

static void print_result(const DemoSpec *spec, uint64_t seed,
                         const DemoResult *r, double seconds)
{
  const DemoDemands *d = &r->demands;
  char resolution[16], response[16], satisfaction[16];

  print_accounts(r->accounts);
  printf("\nqitong: demo %s (seed %llu) in %.1f s: %d counties, "
         "%d departments, %d enterprises (%d 规上, %d 四上, %d key, "
         "%d foreign-invested, %d foreign-trade), %d projects, "
         "%d commissioners, %d leaders, %d teams, %d pairings "
         "(and %d ended), %d sign-in accounts\n",
         spec->name, (unsigned long long)seed, seconds, r->n_counties,
         r->n_departments, r->n_enterprises, r->n_above, r->n_four_above,
         r->n_key, r->n_foreign_invested, r->n_foreign_trade,
         r->n_projects, r->n_commissioners, r->n_leaders, r->n_teams,
         r->n_pairings, r->n_pairings_ended, DEMO_N_ACCOUNTS);
  percent(d->rates.resolution, resolution);
  percent(d->rates.response, response);
  percent(d->rates.satisfaction, satisfaction);
  printf("qitong: %lld demands from 2026-03-01 to 2026-10-31 through the "
         "lifecycle: %lld closed (%lld resolved, %lld partly, %lld "
         "explained), %lld still open, %lld withdrawn, %lld merged; %lld "
         "returned, %lld reopened, %d paused, %d extensions asked (%d "
         "approved); %lld scheduler steps, %lld supervision notices (%lld "
         "escalated), %lld accountability items; resolution %s, response "
         "%s, satisfaction %s\n",
         (long long)d->n_demands, (long long)d->by_status[DEMAND_CLOSED],
         (long long)d->n_resolved, (long long)d->n_partial,
         (long long)d->n_explained, (long long)n_open(d),
         (long long)d->by_status[DEMAND_WITHDRAWN],
         (long long)d->by_status[DEMAND_MERGED], (long long)d->n_returned,
         (long long)d->n_reopened, d->n_paused, d->n_extensions,
         d->n_extensions_approved, (long long)d->n_steps,
         (long long)d->n_notices, (long long)d->n_escalated,
         (long long)d->n_accountability, resolution, response,
         satisfaction);
  printf("qitong: %lld visits (走访) recorded by commissioners, %lld of "
         "them raising the demands submitted on them\n",
         (long long)d->n_visits, (long long)d->n_visits_raising);
}

int cmd_demo(int argc, char **argv)
{
  static const struct option opts[] = {
    {"db", required_argument, NULL, 'd'},
    {"scale", required_argument, NULL, 's'},
    {"seed", required_argument, NULL, 'r'},
    {"accounts", no_argument, NULL, 'a'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  const char *db = "qitong.db", *scale = NULL;
  const DemoSpec *spec;
  uint64_t seed = 1;
  bool is_listing = false;
  int64_t started;
  DemoResult result;
  Store *st;
  QtError err;
  int c;
  QtCode rc;

  optind = 0;
  while ((c = getopt_long(argc + 1, argv - 1, "", opts, NULL)) != -1) {
    switch (c) {
    case 'd': db = optarg; break;
    case 's': scale = optarg; break;
    case 'r':
      if (!cli_parse_seed(optarg, &seed)) {
        fprintf(stderr, "qitong: --seed must be a non-negative integer\n");
        return EXIT_USAGE;
      }
      break;
    case 'a': is_listing = true; break;
    case 'h': fputs(usage, stdout); return EXIT_OK;
    default: return cli_usage(usage);
    }
  }
  if (optind != argc + 1) return cli_usage(usage);
  if (is_listing) {
    print_accounts(generic);
    return EXIT_OK;
  }
  if (!scale) return cli_usage(usage);
  spec = demo_spec(scale);
  if (!spec) {
    fprintf(stderr, "qitong: --scale must be small or city, not '%s'\n",
            scale);
    return EXIT_USAGE;
  }
  started = qt_monotonic_us();
  qt_error_clear(&err);
  if (open_demo(db, &st, &err) != QT_OK) return cli_fail(&err);
  /* One transaction for everything, the simulated months included (the
   * workflow's own transactions nest inside it): a failure halfway leaves
   * the database as it was, the check for emptiness holds the write lock
   * until the data is in, so nothing else slips in between, and the disk
   * sees one commit. */
  rc = store_begin(st, &err);
  if (rc == QT_OK) {
    rc = check_empty(st, db, &err);
    if (rc == QT_OK) {
      rc = demo_generate(st, spec, seed, isatty(STDERR_FILENO) == 1,
                         &result, &err);
    }
    if (rc == QT_OK) rc = record(st, spec, seed, &result, &err);
    rc = store_end(st, rc, &err);
  }
  store_close(st);
  if (rc != QT_OK) return cli_fail(&err);
  print_result(spec, seed, &result,
               (double)(qt_monotonic_us() - started) / 1e6);
  return EXIT_OK;
}
