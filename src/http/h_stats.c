/*
 * h_stats.c — the rates leadership ranks units by (GET /api/v1/stats/rates)
 * and the rankings built on them (GET /api/v1/stats/rankings).
 *
 * Both read the store's monthly aggregates (store_stats), so a figure
 * costs a few rows whatever the number of demands; what each rate counts
 * is src/core/rates.c's decision.  The period is a range of months: the
 * aggregates are kept per month of submission, so a date given as from
 * or to stands for its whole month.  Scope is the actor's own (region
 * roles their region and below, admin all); the routes admit only the
 * roles that rank units: leader, supervisor, dispatcher and admin.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "views.h"

/* A range of months [from, to], "2026-03" each. */
typedef struct Period {
  char from[8];
  char to[8];
} Period;

static bool is_digits(const char *s, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

/* "2026-03" or a date "2026-03-02", reduced to its month in OUT. */
static bool parse_month(const char *v, char out[8])
{
  size_t n = strlen(v);
  int month;
  QtTime t;
  QtError ignored;

  if ((n != 7 && n != 10) || !is_digits(v, 4) || v[4] != '-' ||
      !is_digits(v + 5, 2)) {
    return false;
  }
  month = (v[5] - '0') * 10 + (v[6] - '0');
  if (month < 1 || month > 12) return false;
  if (n == 10) {
    /* The day is dropped, but it must still be a day. */
    qt_error_clear(&ignored);
    if (v[7] != '-' || !is_digits(v + 8, 2) ||
        qt_time_parse(v, &t, &ignored) != QT_OK) {
      return false;
    }
  }
  memcpy(out, v, 7);
  out[7] = '\0';
  return true;
}

/* The month N months before MONTH ("2026-03", 11 gives "2025-04"). */
static void months_back(const char month[8], int n, char out[8])
{
  int y = atoi(month), m = atoi(month + 5), k = y * 12 + (m - 1) - n;

  if (k < 0) k = 0;
  snprintf(out, 8, "%04u-%02u", (unsigned)(k / 12) % 10000u,
           (unsigned)(k % 12) % 12u + 1u);
}

/* from and to; by default the twelve months up to the current one. */
static QtCode read_period(Req *req, Period *p, QtError *err)
{
  static const char *const names[] = {"from", "to"};
  char date[QT_TIME_TEXT];
  char *outs[] = {p->from, p->to};
  const char *v;
  int i, n_bad = 0;

  qt_date_format(req->now, date);
  memcpy(p->to, date, 7);
  p->to[7] = '\0';
  for (i = 0; i < 2; i++) {
    v = req_query(req, names[i]);
    if (v && !parse_month(v, outs[i])) {
      qt_field(err, names[i], "must be a month (2026-03) or a date "
                              "(2026-03-02)");
      n_bad++;
    }
  }
  if (n_bad) {
    return qt_fail(err, QT_EBADREQ, "The period is invalid.");
  }
  if (!req_query(req, "from")) months_back(p->to, 11, p->from);
  if (strcmp(p->from, p->to) > 0) {
    qt_field(err, "from", "must not be after to");
    return qt_fail(err, QT_EBADREQ, "The period ends before it starts.");
  }
  return QT_OK;
}

static const struct {
  const char *name;  /* in group_by and by */
  StatsGroup group;  /* the store's grouping */
} groups[] = {
  {"department", STATS_BY_DEPARTMENT},
  {"region", STATS_BY_REGION},
  {"commissioner", STATS_BY_COMMISSIONER},
  {"category", STATS_BY_CATEGORY},
  {"month", STATS_BY_MONTH},
  {"none", STATS_BY_NONE},
};

/* Query argument NAME as one of the first N_ALLOWED groupings; DFLT when
 * absent.  QT_EBADREQ naming the argument otherwise. */
static QtCode read_group(Req *req, const char *name, size_t n_allowed,
                         const char *allowed, StatsGroup dflt,
                         StatsGroup *out, const char **out_name,
                         QtError *err)
{
  const char *v = req_query(req, name);
  size_t i;

  *out = dflt;
  for (i = 0; i < n_allowed; i++) {
    if (groups[i].group == dflt) *out_name = groups[i].name;
  }
  if (!v) return QT_OK;
  for (i = 0; i < n_allowed; i++) {
    if (strcmp(v, groups[i].name) == 0) {
      *out = groups[i].group;
      *out_name = groups[i].name;
      return QT_OK;
    }
  }
  qt_field(err, name, "must be %s", allowed);
  return qt_fail(err, QT_EBADREQ, "The query argument '%s' is invalid.",
                 name);
}

/* weights=0.3,0.35,0.35: response, resolution, satisfaction; the
 * defaults of rates.h when absent.  Each is capped so that their sum
 * stays a number. */
static QtCode read_weights(Req *req, RateWeights *w, QtError *err)
{
  const char *v = req_query(req, "weights");
  double x[3];
  const char *p;
  char *end;
  int i;

  rate_weights_default(w);
  if (!v) return QT_OK;
  p = v;
  for (i = 0; i < 3; i++) {
    /* strtod would take "nan", "inf" and hex; a weight is plain decimal. */
    if (!((*p >= '0' && *p <= '9') || *p == '.')) break;
    x[i] = strtod(p, &end);
    if (end == p || !isfinite(x[i]) || x[i] < 0 || x[i] > 1e6) break;
    p = end;
    if (i < 2 && *p++ != ',') break;
  }
  if (i < 3 || *p != '\0' || strlen(v) > 64 ||
      x[0] + x[1] + x[2] <= 0) {
    qt_field(err, "weights", "must be three numbers from 0 to 1000000, "
                             "not all zero: response,resolution,"
                             "satisfaction");
    return qt_fail(err, QT_EBADREQ, "The query argument 'weights' is "
                                    "invalid.");
  }
  w->response = x[0];
  w->resolution = x[1];
  w->satisfaction = x[2];
  return QT_OK;
}

static json_t *json_weights(const RateWeights *w)
{
  return json_pack("{s:f, s:f, s:f}", "response", w->response, "resolution",
                   w->resolution, "satisfaction", w->satisfaction);
}

/* The whole scope as one row, labelled with the actor's region.  The
 * groups of GROUP's N ROWS are the same aggregates cut another way, so
 * their sum is the total; only commissioners (a table of their own, with
 * the demands no commissioner serves left out) and no grouping at all
 * need the query. */
static QtCode read_total(Req *req, const Period *p, StatsGroup group,
                         const StatsRow *rows, int n, StatsRow *out,
                         QtError *err)
{
  StatsRow *all;
  Region region;
  QtError ignored;
  int i, n_all;

  memset(out, 0, sizeof *out);
  if (group == STATS_BY_NONE || group == STATS_BY_COMMISSIONER) {
    if (store_stats(req->store, &req->actor.scope, p->from, p->to,
                    STATS_BY_NONE, req->arena, &all, &n_all, err) != QT_OK) {
      return err->code;
    }
    if (n_all > 0) *out = all[0];
  } else {
    for (i = 0; i < n; i++) {
      stats_add(&out->stats, &rows[i].stats, 1);
    }
  }
  out->key = "all";
  out->label = "全部";
  qt_error_clear(&ignored);
  if (req->actor.scope.kind == SCOPE_REGION &&
      store_region_get(req->store, req->actor.region, req->arena, &region,
                       &ignored) == QT_OK) {
    out->label = region.name;
  }
  return QT_OK;
}

/*
 * GET /api/v1/stats/rates?from=2026-01&to=2026-03&group_by=department
 *
 *   from, to   months "YYYY-MM", or dates "YYYY-MM-DD" reduced to their
 *              month (the aggregates know no finer period): demands
 *              submitted from the first day of FROM to the last of TO.
 *              Default: the twelve months up to the current one.  FROM
 *              after TO is a 400 on from.
 *   group_by   department | region | commissioner | category | month |
 *              none (default).  Region is one level below the actor's
 *              own (a city's counties); department "0" holds demands not
 *              yet assigned (未分派).
 *   weights    response,resolution,satisfaction for the score; default
 *              0.30,0.35,0.35.
 *
 * 200 {from, to, group_by, weights, items: [json_stats_row], total}:
 * total is the whole scope (for commissioners it also counts demands no
 * commissioner serves).  Roles and scope: see the top of the file.
 */
QtCode h_stats_rates(Req *req, Resp *resp, QtError *err)
{
  Period p;
  StatsGroup group;
  const char *group_name = "none";
  RateWeights w;
  StatsRow *rows, total;
  json_t *items, *j;
  int n, i;

  if (read_period(req, &p, err) != QT_OK ||
      read_group(req, "group_by", 6,
                 "department, region, commissioner, category, month or "
                 "none",
                 STATS_BY_NONE, &group, &group_name, err) != QT_OK ||
      read_weights(req, &w, err) != QT_OK) {
    return err->code;
  }
  rows = NULL;
  n = 0;
  if (group != STATS_BY_NONE &&
      store_stats(req->store, &req->actor.scope, p.from, p.to, group,
                  req->arena, &rows, &n, err) != QT_OK) {
    return err->code;
  }
  if (read_total(req, &p, group, rows, n, &total, err) != QT_OK) {
    return err->code;
  }
  if (group == STATS_BY_NONE) {
    rows = &total;
    n = 1;
  }
  items = json_array();
  for (i = 0; i < n; i++) {
    if (group == STATS_BY_DEPARTMENT && strcmp(rows[i].key, "0") == 0) {
      rows[i].label = "未分派"; /* submitted, not yet assigned */
    }
    json_array_append_new(items, json_stats_row(&rows[i], &w));
  }
  j = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "from", p.from, "to",
                p.to, "group_by", group_name, "weights", json_weights(&w),
                "items", items, "total", json_stats_row(&total, &w));
  return resp_json(req, resp, 200, j);
}

/* A unit's place in a ranking. */
typedef struct Ranked {
  const StatsRow *row; /* borrowed from the store's rows */
  double score;        /* the composite score (0..100) to 1e-9 */
  bool has_score;      /* false: no counted demand, ranked last */
} Ranked;

/* Keys are ids or region codes: digits compare as numbers. */
static int key_cmp(const char *a, const char *b)
{
  size_t na = strlen(a), nb = strlen(b);

  if (is_digits(a, na) && is_digits(b, nb) && na != nb) {
    return na < nb ? -1 : 1;
  }
  return strcmp(a, b);
}

/* Score descending, then key ascending; units without a score last. */
static int ranked_cmp(const void *pa, const void *pb)
{
  const Ranked *a = pa, *b = pb;

  if (a->has_score != b->has_score) return a->has_score ? -1 : 1;
  if (a->has_score && a->score != b->score) {
    return a->score > b->score ? -1 : 1;
  }
  return key_cmp(a->row->key, b->row->key);
}

/*
 * GET /api/v1/stats/rankings?from&to&by=department|region&weights
 *
 * from, to and weights as for the rates; by is department (default) or
 * region.  200 {from, to, by, weights, items}: each item is a
 * json_stats_row with its rank, sorted by score descending, ties by key;
 * equal scores share a rank.  Demands not yet assigned rank nowhere, and
 * a unit whose demands were all withdrawn or merged has no score: it
 * comes last, with rank null.
 */
QtCode h_stats_rankings(Req *req, Resp *resp, QtError *err)
{
  Period p;
  StatsGroup group;
  const char *group_name = "department";
  RateWeights w;
  StatsRow *rows;
  Ranked *ranked;
  Rates x;
  json_t *items, *item, *j;
  int n, n_ranked = 0, i, rank = 0;

  if (read_period(req, &p, err) != QT_OK ||
      read_group(req, "by", 2, "department or region", STATS_BY_DEPARTMENT,
                 &group, &group_name, err) != QT_OK ||
      read_weights(req, &w, err) != QT_OK ||
      store_stats(req->store, &req->actor.scope, p.from, p.to, group,
                  req->arena, &rows, &n, err) != QT_OK) {
    return err->code;
  }
  ranked = arena_alloc(req->arena, sizeof *ranked * (size_t)(n ? n : 1));
  for (i = 0; i < n; i++) {
    /* Demands not yet assigned belong to no department's record. */
    if (group == STATS_BY_DEPARTMENT && strcmp(rows[i].key, "0") == 0) {
      continue;
    }
    rates_compute(&rows[i].stats, &x);
    ranked[n_ranked].row = &rows[i];
    ranked[n_ranked].has_score = rows[i].stats.total > 0;
    /* Rounded so that equal rates reached by different sums tie. */
    ranked[n_ranked].score =
      (double)(int64_t)(rates_score(&x, &w) * 1e9 + 0.5) / 1e9;
    n_ranked++;
  }
  qsort(ranked, (size_t)n_ranked, sizeof *ranked, ranked_cmp);
  items = json_array();
  for (i = 0; i < n_ranked; i++) {
    /* Equal scores share a rank (1, 2, 2, 4); units without one have
     * none. */
    if (i == 0 || !ranked[i].has_score ||
        ranked[i].score != ranked[i - 1].score) {
      rank = i + 1;
    }
    item = json_stats_row(ranked[i].row, &w);
    json_object_set_new(item, "rank",
                        ranked[i].has_score ? json_integer(rank)
                                            : json_null());
    json_array_append_new(items, item);
  }
  j = json_pack("{s:s, s:s, s:s, s:o, s:o}", "from", p.from, "to", p.to,
                "by", group_name, "weights", json_weights(&w), "items",
                items);
  return resp_json(req, resp, 200, j);
}
