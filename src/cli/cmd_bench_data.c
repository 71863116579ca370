/*
 * cmd_bench_data.c — `qitong bench-data`: fill a new database with a
 * city's or a province's worth of data for benchmarks (bench_gen.c), and
 * report how fast that went as one JSON line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_gen.h"
#include "cli.h"
#include "demo.h"

static const char usage[] =
  "usage: qitong bench-data [--db PATH] --size small|medium|province\n"
  "                         [--seed N] [--now TIME]\n"
  "Create a SQLite database (or use an empty one) and fill it with data\n"
  "for benchmarks, written through the store's bulk path at full speed:\n"
  "  small     1 city of Shandong: 100,000 demands, 10,000 enterprises,\n"
  "            about 1,000 users\n"
  "  medium    4 cities: 1,000,000 demands, 100,000 enterprises, 10,000\n"
  "            users\n"
  "  province  all 16 cities and their counties: 10,000,000 demands,\n"
  "            1,000,000 enterprises, 100,000 users\n"
  "Every city and county gets a service office, a supervision office and\n"
  "17 bureaus with handlers; enterprises have valid credit codes and are\n"
  "paired with commissioners.  The demands are submitted over the 24\n"
  "months before --now (default: the clock) and brought up to it through\n"
  "the real lifecycle, scheduler steps included, so statuses, histories,\n"
  "deadlines and rates agree; about 1 % of the open ones have a scheduler\n"
  "step due.  The same --seed (default 1) and --now give the same data.\n"
  "Every account has the password " DEMO_PASSWORD "; the named ones are\n"
  "admin, leader, supervisor, dispatcher, handler (the first city's\n"
  "工业和信息化局), commissioner and enterprise.\n"
  "Progress goes to standard error; at the end one JSON line on standard\n"
  "output gives the counts, the time and the rate.  SQLite only; commits\n"
  "do not wait for the disk, so a crash mid-way leaves a database to\n"
  "delete, and a database that holds data already is refused.\n";

/* QT_ECONFLICT when the database has a user or an enterprise already. */
static QtCode check_empty(Store *st, const char *db, QtError *err)
{
  Scope all;
  EnterpriseFilter ef;
  UserFilter uf;
  Page page = {0, 1};
  Enterprise *ents;
  User *users;
  Arena *a = arena_new();
  int n_ents = 0, n_users = 0;
  QtCode rc;

  memset(&all, 0, sizeof all);
  all.kind = SCOPE_ALL;
  memset(&ef, 0, sizeof ef);
  ef.four_above = -1;
  ef.is_key = -1;
  ef.with_disabled = true;
  memset(&uf, 0, sizeof uf);
  uf.with_disabled = true;
  rc = store_enterprise_list(st, &all, &ef, &page, a, &ents, &n_ents, err);
  if (rc == QT_OK) {
    rc = store_user_list(st, &all, &uf, &page, a, &users, &n_users, err);
  }
  if (rc == QT_OK && (n_ents > 0 || n_users > 0)) {
    rc = qt_fail(err, QT_ECONFLICT,
                 "%s already holds data; bench data goes only into a new or "
                 "empty database",
                 db);
  }
  arena_free(a);
  return rc;
}

static QtCode record(Store *st, const BenchSpec *spec, uint64_t seed,
                     const BenchResult *r, QtError *err)
{
  char detail[256];
  AuditEntry e;

  snprintf(detail, sizeof detail,
           "{\"size\":\"%s\",\"seed\":%llu,\"demands\":%lld,"
           "\"enterprises\":%d,\"users\":%d}",
           spec->name, (unsigned long long)seed, (long long)r->n_demands,
           r->n_enterprises, r->n_users);
  memset(&e, 0, sizeof e);
  e.address = "cli";
  e.action = "bench.generate";
  e.entity = "bench";
  e.detail = detail;
  return store_audit_append(st, &e, qt_now(), err);
}

/* CPU time of this process so far: on a shared machine the wall time
 * says as much about the neighbours as about the generator. */
static double cpu_seconds(void)
{
  struct rusage ru;

  if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
  return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void report(const BenchSpec *spec, uint64_t seed, QtTime now,
                   const BenchResult *r, double seconds, long long bytes)
{
  char at[QT_TIME_TEXT];
  int i;

  qt_time_format(now, at);
  printf("{\"size\":\"%s\",\"seed\":%llu,\"now\":\"%s\",\"demands\":%lld,"
         "\"enterprises\":%d,\"users\":%d,\"seconds\":%.2f,"
         "\"demands_per_second\":%.0f,\"registry_seconds\":%.2f,"
         "\"demand_seconds\":%.2f,\"index_seconds\":%.2f,"
         "\"cpu_seconds\":%.2f,\"db_bytes\":%lld,\"places\":%d,"
         "\"departments\":%d,\"handlers\":%d,\"dispatchers\":%d,"
         "\"commissioners\":%d,\"enterprise_users\":%d,\"pairings\":%d,"
         "\"events\":%lld,\"supervisions\":%lld,\"accountability\":%lld,"
         "\"open\":%lld,\"due\":%lld,\"overdue\":%lld,\"by_status\":{",
         spec->name, (unsigned long long)seed, at, (long long)r->n_demands,
         r->n_enterprises, r->n_users, seconds,
         seconds > 0 ? (double)r->n_demands / seconds : 0,
         r->registry_seconds, r->demand_seconds, r->index_seconds,
         cpu_seconds(), bytes, r->n_places,
         r->n_departments, r->n_handlers, r->n_dispatchers,
         r->n_commissioners, r->n_enterprise_users, r->n_pairings,
         (long long)r->n_events, (long long)r->n_supervisions,
         (long long)r->n_accountability, (long long)r->n_open,
         (long long)r->n_due, (long long)r->n_overdue);
  for (i = 0; i < DEMAND_STATUS_COUNT; i++) {
    printf("%s\"%s\":%lld", i ? "," : "",
           demand_status_name((DemandStatus)i), (long long)r->by_status[i]);
  }
  printf("},\"city\":\"%s\",\"handler_department_id\":%lld,"
         "\"password\":\"%s\",\"accounts\":[\"admin\",\"leader\","
         "\"supervisor\",\"dispatcher\",\"handler\",\"commissioner\","
         "\"enterprise\"]}\n",
         r->city, (long long)r->handler_department_id, DEMO_PASSWORD);
}

/* The size of the database file and its WAL, or -1 when URL is not a
 * file. */
static long long file_bytes(const char *url)
{
  char wal[4096];
  struct stat sb;
  long long n;

  if (strncmp(url, "sqlite:", 7) == 0) url += 7;
  if (stat(url, &sb) != 0) return -1;
  n = (long long)sb.st_size;
  snprintf(wal, sizeof wal, "%s-wal", url);
  if (stat(wal, &sb) == 0) n += (long long)sb.st_size;
  return n;
}

int cmd_bench_data(int argc, char **argv)
{
  static const struct option opts[] = {
    {"db", required_argument, NULL, 'd'},
    {"size", required_argument, NULL, 's'},
    {"seed", required_argument, NULL, 'r'},
    {"now", required_argument, NULL, 'n'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  StoreOptions so = {.is_durable = false, .busy_timeout_ms = 10000,
                     .stops_at_failure = true, .cache_mib = 512};
  const char *db = "qitong.db", *size = NULL;
  const BenchSpec *spec;
  uint64_t seed = 1;
  QtTime now = 0;
  int64_t started;
  BenchResult result;
  Store *st = NULL;
  QtError err;
  int c;
  QtCode rc;

  qt_error_clear(&err);
  optind = 0;
  while ((c = getopt_long(argc + 1, argv - 1, "", opts, NULL)) != -1) {
    switch (c) {
    case 'd': db = optarg; break;
    case 's': size = optarg; break;
    case 'r':
      if (!cli_parse_seed(optarg, &seed)) {
        fprintf(stderr, "qitong: --seed must be a non-negative integer\n");
        return EXIT_USAGE;
      }
      break;
    case 'n':
      if (qt_time_parse(optarg, &now, &err) != QT_OK) {
        fprintf(stderr, "qitong: --now must be a time like "
                        "2026-11-01T00:00:00+08:00\n");
        return EXIT_USAGE;
      }
      break;
    case 'h': fputs(usage, stdout); return EXIT_OK;
    default: return cli_usage(usage);
    }
  }
  if (optind != argc + 1 || !size) return cli_usage(usage);
  /* "test" is a few thousand demands, for the API test; not advertised. */
  spec = bench_spec(size);
  if (!spec) {
    fprintf(stderr,
            "qitong: --size must be small, medium or province, not '%s'\n",
            size);
    return EXIT_USAGE;
  }
  if (strncmp(db, "postgres", 8) == 0) {
    fprintf(stderr, "qitong: bench-data writes SQLite databases only\n");
    return EXIT_USAGE;
  }
  if (now == 0) now = qt_now();
  started = qt_monotonic_us();
  rc = store_open(db, &so, &st, &err);
  if (rc == QT_OK) rc = store_migrate(st, NULL, &err);
  if (rc == QT_OK) rc = check_empty(st, db, &err);
  /* The generator checks every reference it writes (it made the rows),
   * so the database need not look each one up again. */
  if (rc == QT_OK) rc = store_bulk_mode(st, true, true, &err);
  if (rc == QT_OK) {
    rc = bench_generate(st, spec, seed, now, true, &result, &err);
    if (rc == QT_OK) {
      rc = store_begin(st, &err);
      if (rc == QT_OK) {
        rc = record(st, spec, seed, &result, &err);
        rc = store_end(st, rc, &err);
      }
    }
    {
      QtError off;
      qt_error_clear(&off);
      (void)store_bulk_mode(st, false, false, &off); /* closing anyway */
    }
  }
  store_close(st);
  if (rc != QT_OK) return cli_fail(&err);
  report(spec, seed, now, &result,
         (double)(qt_monotonic_us() - started) / 1e6, file_bytes(db));
  return EXIT_OK;
}
