/*
 * bench_gen.c — write the bench data set; see bench_gen.h.
 *
 * Phases: places (cities and counties from the region table), their
 * departments, enterprises, users, pairings, then the demands.  Each
 * demand lives its whole life in memory: submitted, assigned, perhaps
 * returned and reassigned, accepted, answered, resolved, rated (perhaps
 * unsatisfied and reopened once) or closed by the system, withdrawn or
 * merged, with the scheduler's reminders, overdue marks, escalations and
 * accountability fired in between, exactly as src/core/demand.c decides.
 * Then it is written once: the row, its history, its notices.  The
 * demands still open at NOW stop where they are; about 1 % of them keep
 * one step due, as if the scheduler were a pass behind, so a benchmark of
 * the scheduler has work.  The rates' aggregates are summed in memory
 * from stats_of_demand, as the store would have kept them, and written at
 * the end.
 *
 * What is left out: notifications (the scheduler's 催办 messages), visits,
 * extensions and pauses; nothing the benchmarks read depends on them.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "bench_gen.h"
#include "demo.h"
#include "rates.h"
#include "secret.h"
#include "workflow.h"

enum {
  MINUTE = 60,
  HOUR = 3600,
  DAY = 86400,
  SPAN_DAYS = 730,     /* demands are submitted over two years */
  MAX_PLACES = 256,    /* Shandong has 16 cities and 136 counties */
  MAX_EVENTS = 64,     /* one demand's history, at most */
  MAX_SUPS = 12,       /* one demand's notices, at most */
  BATCH = 50000        /* demands per transaction */
};

static const BenchSpec specs[] = {
  /* For the API test: seconds. */
  {"test", 1, 2000, 500, 200},
  {"small", 1, 100000, 10000, 1000},
  {"medium", 4, 1000000, 100000, 10000},
  {"province", 0, 10000000, 1000000, 100000},
};

const BenchSpec *bench_spec(const char *name)
{
  size_t i;

  for (i = 0; i < sizeof specs / sizeof specs[0]; i++) {
    if (strcmp(specs[i].name, name) == 0) return &specs[i];
  }
  return NULL;
}

/* A city or county. */
typedef struct Place {
  const char *code;            /* GB/T 2260 */
  const char *name;            /* 济南市, 历下区 */
  char short_name[16];         /* 济南, for enterprise names */
  int city;                    /* index of its city (itself for a city) */
  int weight;                  /* share of enterprises */
  int64_t office_id;           /* 专员办 */
  int64_t supervision_id;      /* 督办室 */
  int64_t bureau_ids[DEMO_N_BUREAUS];
  int64_t dispatcher_id;       /* its first dispatcher */
  int64_t *coms;               /* its commissioners' user ids */
  int n_coms;                  /* entries of coms */
} Place;

/* An enterprise as the demands need it. */
typedef struct Firm {
  int64_t id;
  int place;                   /* index into places */
  int64_t commissioner_id;     /* paired commissioner, or 0 */
  int64_t user_id;             /* its enterprise account, or 0 */
  const char *name;            /* in the arena */
} Firm;

/* One rollup row being summed. */
typedef struct Agg {
  uint64_t key;                /* 0: a free slot */
  DemandStats s;
} Agg;

/* Open-addressing map of rollup rows. */
typedef struct AggMap {
  Agg **slots;                 /* NULL for free; entries in chunks */
  size_t mask;                 /* capacity - 1 */
  size_t n;                    /* entries used */
} AggMap;

/* A notice (督办单) of the demand being built. */
typedef struct Sup {
  DemandStage stage;
  int64_t department_id;       /* 0: the dispatcher's */
  QtTime opened_at, escalated_at, closed_at;
} Sup;

/* An accountability item of the demand being built. */
typedef struct Acc {
  DemandStage stage;
  QtTime at;
} Acc;

/* The demand being built, and what it will write. */
typedef struct Case {
  DemandRecord r;
  DemandEvent evs[MAX_EVENTS];
  const char *data[MAX_EVENTS]; /* JSON per event, or NULL */
  int n_evs;
  Sup sups[MAX_SUPS];
  int n_sups;
  Acc accs[MAX_SUPS];
  int n_accs;
  int place;                    /* index into places */
  int cat;                      /* index into demo_cats */
} Case;

typedef struct Gen {
  Store *st;
  const BenchSpec *spec;
  DemoRng rng;
  Arena *a;                    /* owns everything below */
  QtError *err;
  bool show_progress;
  QtTime now;
  const Calendar *cal;
  DemandLimits limits;
  int64_t policy_id;
  Place *places;
  int n_places;
  Firm *firms;
  int n_firms;
  char hash[SECRET_HASH_TEXT]; /* every account's password hash */
  int n_users;
  AggMap stat, stat_com;
  BenchResult *out;
  char buf[8][512];            /* texts of the case being built */
} Gen;

/* ---- small helpers ------------------------------------------------------ */

static QtTime span(Gen *g, QtTime lo, QtTime hi)
{
  return lo + (QtTime)(demo_rng_next(&g->rng) % (uint64_t)(hi - lo + 1));
}

static void agg_init(AggMap *m, Arena *a, size_t cap)
{
  size_t c = 1024;

  while (c < cap * 2) {
    c <<= 1;
  }
  m->slots = arena_alloc(a, c * sizeof *m->slots);
  memset(m->slots, 0, c * sizeof *m->slots);
  m->mask = c - 1;
  m->n = 0;
}

/* The row of KEY, made zero when new.  The map is sized for the worst
 * case up front, so it never grows. */
static DemandStats *agg_get(AggMap *m, Arena *a, uint64_t key)
{
  size_t i = (size_t)((key * 0x9E3779B97F4A7C15u) >> 20) & m->mask;
  Agg *e;

  while (m->slots[i]) {
    if (m->slots[i]->key == key) return &m->slots[i]->s;
    i = (i + 1) & m->mask;
  }
  e = arena_alloc(a, sizeof *e);
  memset(e, 0, sizeof *e);
  e->key = key;
  m->slots[i] = e;
  m->n++;
  return &e->s;
}

/* Month of T as a number (year * 12 + month - 1) and as "YYYY-MM". */
static int month_key(QtTime t)
{
  char d[QT_TIME_TEXT];

  qt_date_format(t, d);
  return ((d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 +
          (d[3] - '0')) * 12 + (d[5] - '0') * 10 + (d[6] - '0') - 1;
}

static void month_text(unsigned key, char out[8])
{
  snprintf(out, 8, "%04u-%02u", key / 12 % 10000, key % 12 + 1);
}

static void progress(Gen *g, const char *phase, int64_t done, int64_t total,
                     int64_t started_us)
{
  double s;

  if (!g->show_progress) return;
  s = (double)(qt_monotonic_us() - started_us) / 1e6;
  fprintf(stderr, "bench-data: %-12s %lld/%lld in %.1f s (%.0f/s)\n", phase,
          (long long)done, (long long)total, s, s > 0 ? (double)done / s : 0);
}

/* ---- places and departments ------------------------------------------- */

static QtCode add_department(Gen *g, const char *name, const char *kind,
                             const char *region, int64_t parent,
                             int64_t *id)
{
  Department d;
  QtCode rc;

  memset(&d, 0, sizeof d);
  d.name = (char *)name;
  d.kind = (char *)kind;
  d.region_code = (char *)region;
  d.parent_id = parent;
  rc = store_department_create(g->st, &d, g->a, g->err);
  if (rc != QT_OK) return rc;
  *id = d.id;
  g->out->n_departments++;
  return QT_OK;
}

static void add_place(Gen *g, const Region *r, int city, int weight)
{
  Place *p = &g->places[g->n_places];

  memset(p, 0, sizeof *p);
  p->code = r->code;
  p->name = r->name;
  demo_short_name(r->name, p->short_name);
  p->city = city < 0 ? g->n_places : city;
  p->weight = weight;
  g->n_places++;
}

/* Shandong's cities (the first N_CITIES of them, or all) and their
 * counties, as the region table has them. */
static QtCode load_places(Gen *g)
{
  Region *cities, *kids;
  int n_cities = 0, n_kids, i, k, want, city;
  const DemoCountyInfo *info;
  QtCode rc;

  rc = store_region_list(g->st, "370000", g->a, &cities, &n_cities, g->err);
  if (rc != QT_OK) return rc;
  if (n_cities == 0) {
    return qt_fail(g->err, QT_ENOTFOUND,
                   "Region 370000 (山东省) has no cities in the region "
                   "table.");
  }
  want = g->spec->n_cities > 0 && g->spec->n_cities < n_cities
           ? g->spec->n_cities : n_cities;
  g->places = arena_alloc(g->a, MAX_PLACES * sizeof *g->places);
  for (i = 0; i < want; i++) {
    rc = store_region_list(g->st, cities[i].code, g->a, &kids, &n_kids,
                           g->err);
    if (rc != QT_OK) return rc;
    if (g->n_places + 1 + n_kids > MAX_PLACES) break;
    city = g->n_places;
    /* Enterprises registered with the city itself (its zones). */
    add_place(g, &cities[i], -1, 40);
    for (k = 0; k < n_kids; k++) {
      info = demo_county_info(kids[k].code);
      add_place(g, &kids[k], city, info ? info->weight : 6 + k % 7);
    }
  }
  snprintf(g->out->city, sizeof g->out->city, "%s", g->places[0].code);
  g->out->n_places = g->n_places;
  return QT_OK;
}

static QtCode make_departments(Gen *g)
{
  char name[DEMO_TEXT];
  int i, b;
  QtCode rc;

  for (i = 0; i < g->n_places; i++) {
    Place *p = &g->places[i];
    const Place *c = &g->places[p->city];
    bool is_city = p->city == i;

    snprintf(name, sizeof name, "%s服务企业专员办公室", p->name);
    rc = add_department(g, name, "service_office", p->code,
                        is_city ? 0 : c->office_id, &p->office_id);
    if (rc != QT_OK) return rc;
    snprintf(name, sizeof name, "%s服务企业专员督办室", p->name);
    rc = add_department(g, name, "supervision", p->code,
                        is_city ? 0 : c->supervision_id, &p->supervision_id);
    if (rc != QT_OK) return rc;
    for (b = 0; b < DEMO_N_BUREAUS; b++) {
      demo_bureau_name(b, c->name, is_city ? NULL : p->name, p->short_name,
                       name, sizeof name);
      rc = add_department(g, name, "bureau", p->code,
                          is_city ? 0 : c->bureau_ids[b], &p->bureau_ids[b]);
      if (rc != QT_OK) return rc;
    }
  }
  return QT_OK;
}

/* ---- enterprises -------------------------------------------------------- */

static QtCode make_enterprises(Gen *g)
{
  int n = g->spec->n_enterprises, i, *place_w, *ind_w, n_words;
  char code[DEMO_CODE], address[DEMO_TEXT], place[DEMO_TEXT];
  char name[DEMO_TEXT], stem[DEMO_STEM], contact[DEMO_PERSON];
  char phone[DEMO_PHONE];
  DemoSeen codes;
  int64_t started = qt_monotonic_us();
  QtCode rc;

  place_w = arena_alloc(g->a, (size_t)g->n_places * sizeof *place_w);
  for (i = 0; i < g->n_places; i++) {
    place_w[i] = g->places[i].weight;
  }
  ind_w = arena_alloc(g->a, (size_t)demo_n_industries * sizeof *ind_w);
  for (i = 0; i < demo_n_industries; i++) {
    ind_w[i] = demo_industries[i].weight;
  }
  demo_seen_init(&codes, g->a, n);
  g->firms = arena_alloc(g->a, (size_t)n * sizeof *g->firms);
  for (i = 0; i < n; i++) {
    Firm *f = &g->firms[i];
    const DemoIndustry *ind;
    const Place *p, *c;
    Enterprise row;
    bool is_above;

    memset(f, 0, sizeof *f);
    f->place = demo_rng_weighted(&g->rng, place_w, g->n_places);
    p = &g->places[f->place];
    c = &g->places[p->city];
    ind = &demo_industries[demo_rng_weighted(&g->rng, ind_w,
                                             demo_n_industries)];
    n_words = 0;
    while (n_words < 4 && ind->words[n_words]) {
      n_words++;
    }
    is_above = demo_rng_chance(&g->rng, ind->sector == SECTOR_INDUSTRY
                                          ? 180 : 60);
    demo_stem(&g->rng, stem);
    snprintf(name, sizeof name, "%s%s%s%s",
             demo_rng_chance(&g->rng, 600) ? p->short_name : c->short_name,
             stem, ind->words[demo_rng_below(&g->rng, n_words)],
             is_above && demo_rng_chance(&g->rng, 250) ? "股份有限公司"
                                                       : "有限公司");
    do {
      demo_credit_code(&g->rng, p->code, code);
    } while (!demo_seen_add(&codes, code));
    if (p->city == f->place) {
      snprintf(place, sizeof place, "山东省%s高新区", p->name);
    } else {
      snprintf(place, sizeof place, "山东省%s%s", c->name, p->name);
    }
    demo_address(&g->rng, place, NULL, address);
    demo_person_name(&g->rng, contact);
    demo_phone(&g->rng, phone);
    memset(&row, 0, sizeof row);
    row.credit_code = code;
    row.name = name;
    row.region_code = (char *)p->code;
    row.industry_code = (char *)ind->code;
    row.scale = is_above ? "above" : "below";
    row.is_four_above = is_above;
    row.is_key = is_above && demo_rng_chance(&g->rng, 150);
    row.employees = is_above ? demo_rng_range(&g->rng, 50, 3000)
                             : demo_rng_range(&g->rng, 3, 120);
    row.address = address;
    row.contact_name = contact;
    row.contact_phone = phone;
    rc = store_enterprise_create(g->st, &row, g->err);
    if (rc != QT_OK) return rc;
    f->id = row.id;
    f->name = arena_strdup(g->a, name);
    g->out->n_enterprises++;
    if ((i + 1) % 200000 == 0) {
      progress(g, "enterprises", i + 1, n, started);
    }
  }
  g->n_firms = n;
  return QT_OK;
}

/* ---- users and pairings ------------------------------------------------- */

/* Create a user named NAME (or "ROLE-N" when NAME is NULL) with the shared
 * password hash. */
static QtCode add_user(Gen *g, const char *name, Role role, const char *region,
                       int64_t department, int64_t enterprise,
                       const char *level, int64_t *id)
{
  char username[48], display[DEMO_PERSON], phone[DEMO_PHONE];
  static const char *const prefix[ROLE_COUNT] = {
    "e", "c", "d", "h", "s", "l", "a",
  };
  User u;
  QtCode rc;

  if (name) {
    snprintf(username, sizeof username, "%s", name);
  } else {
    snprintf(username, sizeof username, "%s%d", prefix[role], g->n_users);
  }
  demo_person_name(&g->rng, display);
  demo_phone(&g->rng, phone);
  memset(&u, 0, sizeof u);
  u.username = username;
  u.display_name = display;
  u.role = role;
  u.region_code = (char *)region;
  u.department_id = department;
  u.enterprise_id = enterprise;
  u.level = (char *)level;
  u.phone = phone;
  u.password_hash = g->hash;
  rc = store_user_create(g->st, &u, g->err);
  if (rc != QT_OK) return rc;
  *id = u.id;
  g->n_users++;
  return QT_OK;
}

static QtCode add_pairing(Gen *g, Firm *f, int64_t user_id)
{
  Pairing p;
  char day[QT_TIME_TEXT];
  QtCode rc;

  qt_date_format(g->now - (QtTime)(SPAN_DAYS + 30) * DAY, day);
  memset(&p, 0, sizeof p);
  p.kind = "one_to_one";
  p.user_id = user_id;
  p.enterprise_id = f->id;
  p.starts_on = day;
  rc = store_pairing_create(g->st, &p, g->err);
  if (rc != QT_OK) return rc;
  f->commissioner_id = user_id;
  g->out->n_pairings++;
  return QT_OK;
}

/*
 * Every place gets a dispatcher, a supervisor, a leader and a handler per
 * bureau (the named accounts are the first city's); what the spec's user
 * count leaves goes 40 % to commissioners, spread over the places by
 * their enterprises, and 60 % to enterprise accounts.  Each commissioner
 * is paired with about 15 enterprises of its place.
 */
static QtCode make_users(Gen *g)
{
  BenchResult *out = g->out;
  int i, b, n_base, rest, n_com, n_ent_users, k, *per_place;
  int64_t id, *firms_of_place_n;
  bool is_first;
  QtCode rc;

  rc = add_user(g, "admin", ROLE_ADMIN, NULL, 0, 0, NULL, &id);
  if (rc != QT_OK) return rc;
  for (i = 0; i < g->n_places; i++) {
    Place *p = &g->places[i];
    is_first = i == 0;
    rc = add_user(g, is_first ? "dispatcher" : NULL, ROLE_DISPATCHER, p->code,
                  p->office_id, 0, NULL, &p->dispatcher_id);
    if (rc == QT_OK) {
      rc = add_user(g, is_first ? "supervisor" : NULL, ROLE_SUPERVISOR,
                    p->code, p->supervision_id, 0, NULL, &id);
    }
    if (rc == QT_OK) {
      rc = add_user(g, is_first ? "leader" : NULL, ROLE_LEADER, p->code, 0,
                    0, NULL, &id);
    }
    for (b = 0; rc == QT_OK && b < DEMO_N_BUREAUS; b++) {
      rc = add_user(g, is_first && b == DEMO_MIIT ? "handler" : NULL,
                    ROLE_HANDLER, p->code, p->bureau_ids[b], 0, NULL, &id);
      out->n_handlers++;
    }
    if (rc != QT_OK) return rc;
    out->n_dispatchers++;
  }
  out->handler_department_id = g->places[0].bureau_ids[DEMO_MIIT];
  n_base = g->n_users;
  rest = g->spec->n_users - n_base;
  if (rest < 2) rest = 2;
  n_com = rest * 2 / 5;
  if (n_com < 1) n_com = 1;
  n_ent_users = rest - n_com;
  if (n_ent_users > g->n_firms) n_ent_users = g->n_firms;

  /* Commissioners by place, in proportion to the place's enterprises
   * (at least one where there are any). */
  per_place = arena_alloc(g->a, (size_t)g->n_places * sizeof *per_place);
  firms_of_place_n =
    arena_alloc(g->a, (size_t)g->n_places * sizeof *firms_of_place_n);
  memset(firms_of_place_n, 0, (size_t)g->n_places * sizeof *firms_of_place_n);
  for (i = 0; i < g->n_firms; i++) {
    firms_of_place_n[g->firms[i].place]++;
  }
  for (i = 0; i < g->n_places; i++) {
    Place *p = &g->places[i];
    per_place[i] = (int)(firms_of_place_n[i] * n_com / (g->n_firms + 1));
    if (per_place[i] < 1 && firms_of_place_n[i] > 0) per_place[i] = 1;
    p->coms = arena_alloc(g->a, (size_t)(per_place[i] + 1) * sizeof *p->coms);
    for (k = 0; k < per_place[i]; k++) {
      rc = add_user(g, i == 0 && k == 0 ? "commissioner" : NULL,
                    ROLE_COMMISSIONER, p->code, 0, 0,
                    p->city == i ? "city" : "county", &p->coms[k]);
      if (rc != QT_OK) return rc;
      p->n_coms++;
      out->n_commissioners++;
    }
  }
  /* Pairings: 15 enterprises to a commissioner, as far as they go. */
  for (i = 0; i < g->n_firms; i++) {
    Firm *f = &g->firms[i];
    Place *p = &g->places[f->place];
    if (p->n_coms == 0 || !demo_rng_chance(&g->rng, 700)) continue;
    rc = add_pairing(g, f, p->coms[demo_rng_below(&g->rng, p->n_coms)]);
    if (rc != QT_OK) return rc;
  }
  /* Enterprise accounts: the first N_ENT_USERS enterprises (drawn in a
   * random order, so spread over the places). */
  for (i = 0; i < n_ent_users; i++) {
    Firm *f = &g->firms[i];
    rc = add_user(g, i == 0 ? "enterprise" : NULL, ROLE_ENTERPRISE,
                  g->places[f->place].code, 0, f->id, NULL, &f->user_id);
    if (rc != QT_OK) return rc;
    out->n_enterprise_users++;
  }
  out->n_users = g->n_users;
  return QT_OK;
}

/* ---- one demand's life -------------------------------------------------- */

static void actor_make(Actor *a, int64_t user_id, Role role,
                       const char *region, int64_t department,
                       int64_t enterprise)
{
  memset(a, 0, sizeof *a);
  a->user_id = user_id;
  a->role = role;
  if (region) snprintf(a->region, sizeof a->region, "%s", region);
  a->department_id = department;
  a->enterprise_id = enterprise;
}

static void push_event(Case *c, const DemandEvent *ev, const char *data)
{
  /* At most two cycles of eight actions, four more around them, and the
   * ladder's twelve rungs per cycle and the auto-close: well below. */
  assert(c->n_evs < MAX_EVENTS);
  c->evs[c->n_evs] = *ev;
  c->data[c->n_evs] = data;
  c->n_evs++;
}

/* Close the notices of the stages D has done, at T (as the workflow's
 * store_supervision_close_done does after every change). */
static void close_done(Case *c, QtTime t)
{
  const Demand *d = &c->r.d;
  bool is_over = !demand_is_open(d->status);
  bool done[STAGE_COUNT];
  int i;

  done[STAGE_ASSIGN] = is_over || d->first_assigned_at != 0;
  done[STAGE_ANSWER] = is_over || d->answered_at != 0;
  done[STAGE_RESOLVE] = is_over || d->resolved_at != 0;
  for (i = 0; i < c->n_sups; i++) {
    if (!c->sups[i].closed_at && done[c->sups[i].stage]) {
      c->sups[i].closed_at = t;
    }
  }
}

/* Fire one step of the ladder, with what the scheduler records of it. */
static QtCode fire(Gen *g, Case *c, const DemandStep *step)
{
  DemandEvent ev;
  int i;
  QtCode rc;

  rc = demand_fire_step(&c->r.d, step, g->cal, step->at, &ev, g->err);
  if (rc != QT_OK) return rc;
  push_event(c, &ev, NULL);
  if (step->is_auto_close) {
    close_done(c, step->at);
    return QT_OK;
  }
  switch (step->rung) {
  case RUNG_OVERDUE:
    if (c->n_sups < MAX_SUPS) {
      Sup *s = &c->sups[c->n_sups++];
      memset(s, 0, sizeof *s);
      s->stage = step->stage;
      s->department_id =
        step->stage == STAGE_ASSIGN ? 0 : c->r.d.lead_department_id;
      s->opened_at = step->at;
    }
    break;
  case RUNG_ESCALATE:
    for (i = 0; i < c->n_sups; i++) {
      if (c->sups[i].stage == step->stage && !c->sups[i].closed_at &&
          !c->sups[i].escalated_at) {
        c->sups[i].escalated_at = step->at;
      }
    }
    break;
  case RUNG_ACCOUNT:
    if (c->n_accs < MAX_SUPS) {
      c->accs[c->n_accs].stage = step->stage;
      c->accs[c->n_accs].at = step->at;
      c->n_accs++;
    }
    break;
  default:
    break;
  }
  return QT_OK;
}

/* Fire every step due by T. */
static QtCode climb(Gen *g, Case *c, QtTime t)
{
  DemandStep step;
  int guard;
  QtCode rc;

  for (guard = 0; guard < 32; guard++) {
    if (!demand_next_step(&c->r.d, g->cal, &step) || step.at > t) break;
    rc = fire(g, c, &step);
    if (rc != QT_OK) return rc;
  }
  return QT_OK;
}

/* Take ACTION at T, after the steps due before it; *IS_PAST (and nothing
 * done) when T lies past NOW: the demand stays where it is. */
static QtCode act(Gen *g, Case *c, const Actor *who, DemandAction action,
                  const DemandInput *in, const char *data, QtTime t,
                  bool *is_past)
{
  DemandEvent ev;
  QtCode rc;

  *is_past = t > g->now;
  if (*is_past) return QT_OK;
  rc = climb(g, c, t);
  if (rc != QT_OK) return rc;
  rc = demand_apply(&c->r.d, who, action, in, g->cal, t, &ev, g->err);
  if (rc != QT_OK) {
    return qt_fail(g->err, rc, "bench-data: %s of %s at %lld: %s",
                   demand_action_name(action), c->r.code, (long long)t,
                   g->err->message);
  }
  push_event(c, &ev, data);
  close_done(c, t);
  return QT_OK;
}

/* Submission time: a working day's office hours, mostly, over the span. */
static QtTime draw_submitted(Gen *g)
{
  static const int hour_w[24] = {1,  1,  1,  1,  1,  1,  1,  4,
                                 20, 30, 30, 25, 10, 15, 28, 28,
                                 25, 15, 8,  6,  5,  3,  2,  1};
  QtTime day0 = calendar_day_start(calendar_day_of(g->now)), t;
  QtDay day;
  int tries;

  for (tries = 0;; tries++) {
    /* Later months a little busier: the system grew. */
    int back = demo_rng_below(&g->rng, SPAN_DAYS);
    if (back > SPAN_DAYS / 2 && demo_rng_chance(&g->rng, 200)) continue;
    t = day0 - (QtTime)back * DAY;
    day = calendar_day_of(t);
    if (calendar_is_working_day(g->cal, day) || tries > 8 ||
        demo_rng_chance(&g->rng, 120)) {
      break;
    }
  }
  t += (QtTime)demo_rng_weighted(&g->rng, hour_w, 24) * HOUR +
       demo_rng_below(&g->rng, HOUR);
  if (t > g->now) t = g->now - demo_rng_below(&g->rng, 6 * HOUR);
  return t;
}

static int draw_cat(Gen *g)
{
  int w[32], i;

  for (i = 0; i < demo_n_cats && i < 32; i++) {
    /* Epidemic supplies are history: a trickle. */
    w[i] = demo_cats[i].weight ? demo_cats[i].weight : 5;
  }
  return demo_rng_weighted(&g->rng, w, i);
}

/*
 * Fire the steps of C due by NOW.  For about 1 % of the open demands the
 * last of them stays unfired, due, as if the scheduler had not yet run
 * its pass: the benchmark of a pass then has that work to do.
 */
static QtCode finish(Gen *g, Case *c, Case *spare)
{
  DemandStep step;
  bool is_open = demand_is_open(c->r.d.status), has_spare = false;
  int guard;
  QtCode rc;

  for (guard = 0; guard < 32; guard++) {
    if (!demand_next_step(&c->r.d, g->cal, &step) || step.at > g->now) break;
    if (is_open) {
      *spare = *c;
      has_spare = true;
    }
    rc = fire(g, c, &step);
    if (rc != QT_OK) return rc;
  }
  if (!demand_is_open(c->r.d.status)) return QT_OK;
  g->out->n_open++;
  if (has_spare && g->out->n_due * 100 < g->out->n_open) {
    *c = *spare;
  }
  if (demand_next_step(&c->r.d, g->cal, &step) && step.at <= g->now) {
    g->out->n_due++;
  }
  if (demand_is_overdue(&c->r.d, g->now)) g->out->n_overdue++;
  return QT_OK;
}

static int64_t bureau_of(const Place *p, DemoBureau b)
{
  return p->bureau_ids[b];
}

/*
 * Live a new demand of a random enterprise from submission up to NOW into
 * *C (the steps after its last action are finish's); its code's number is
 * left 0 for the caller.  PREV is the id of an earlier demand (for
 * merges), 0 for none.
 */
static QtCode live(Gen *g, Case *c, int64_t prev)
{
  const Firm *f = &g->firms[demo_rng_below(&g->rng, g->n_firms)];
  const Place *p = &g->places[f->place];
  int cat_i = draw_cat(g), topic = demo_rng_below(&g->rng, DEMO_N_TOPICS);
  const DemoCat *cat = &demo_cats[cat_i];
  const DemoTopic *tp = &cat->topics[topic];
  DemandRecord *r = &c->r;
  Actor submitter, dispatcher, handler, owner;
  DemandInput in;
  DemandEvent ev;
  QtTime t;
  int n_lead = 0, number, reopens = 0;
  bool is_past = false, has_owner;
  int64_t lead, alt;
  char code_year[QT_TIME_TEXT];
  QtCode rc;

  memset(c, 0, sizeof *c);
  c->place = f->place;
  c->cat = cat_i;
  number = demo_rng_range(&g->rng, tp->lo, tp->hi);
  demo_fill(tp->title, f->name, number, g->buf[0], sizeof g->buf[0]);
  demo_fill(tp->content, f->name, number, g->buf[1], sizeof g->buf[1]);
  r->title = g->buf[0];
  r->content = g->buf[1];
  r->category = (char *)cat->code;
  r->subcategory = (char *)tp->subcategory;
  r->kind = demo_rng_chance(&g->rng, 80) ? "enquiry"
            : demo_rng_chance(&g->rng, 60) ? "complaint" : "help";
  r->urgency = demo_rng_chance(&g->rng, 50) ? "urgent" : "normal";
  r->region_code = (char *)p->code;
  r->policy_id = g->policy_id;
  r->commissioner_id = f->commissioner_id;
  r->d.enterprise_id = f->id;

  /* Who speaks: the enterprise's own account, its commissioner after a
   * visit, or the hotline through the dispatcher. */
  if (f->user_id && !demo_rng_chance(&g->rng, 300)) {
    actor_make(&submitter, f->user_id, ROLE_ENTERPRISE, p->code, 0, f->id);
    r->channel = demo_rng_chance(&g->rng, 400) ? "mobile" : "web";
  } else if (f->commissioner_id) {
    actor_make(&submitter, f->commissioner_id, ROLE_COMMISSIONER, p->code, 0,
               0);
    r->channel = "visit";
  } else {
    actor_make(&submitter, p->dispatcher_id, ROLE_DISPATCHER, p->code,
               p->office_id, 0);
    r->channel = "hotline";
  }
  r->submitter_id = submitter.user_id;
  has_owner = f->user_id || f->commissioner_id;
  if (f->user_id) {
    actor_make(&owner, f->user_id, ROLE_ENTERPRISE, p->code, 0, f->id);
  } else {
    actor_make(&owner, f->commissioner_id, ROLE_COMMISSIONER, p->code, 0, 0);
  }
  actor_make(&dispatcher, p->dispatcher_id, ROLE_DISPATCHER, p->code,
             p->office_id, 0);

  t = draw_submitted(g);
  demand_submit(&r->d, &g->limits, g->cal, &submitter, t, &ev);
  push_event(c, &ev, NULL);
  qt_date_format(t, code_year);
  r->code = g->buf[2];
  snprintf(g->buf[2], sizeof g->buf[2], "QT-%.4s-000000", code_year);

  /* A few are withdrawn or merged before anyone works on them. */
  if (has_owner && demo_rng_chance(&g->rng, 15)) {
    memset(&in, 0, sizeof in);
    in.note = "问题已自行解决，撤回诉求。";
    return act(g, c, &owner, ACT_WITHDRAW, &in, NULL,
               t + span(g, HOUR, 3 * DAY), &is_past);
  }
  if (prev && demo_rng_chance(&g->rng, 10)) {
    memset(&in, 0, sizeof in);
    in.duplicate_of = prev;
    in.note = "与已受理诉求重复，予以合并。";
    snprintf(g->buf[3], sizeof g->buf[3], "{\"duplicate_of\":%lld}",
             (long long)prev);
    return act(g, c, &dispatcher, ACT_MERGE, &in, g->buf[3],
               t + span(g, 20 * MINUTE, DAY), &is_past);
  }

  /* Assignment: most within the day, some late (overdue). */
  while (n_lead < 3 && cat->lead_odds[n_lead] > 0) {
    n_lead++;
  }
  lead = bureau_of(p, cat->leads[demo_rng_weighted(&g->rng, cat->lead_odds,
                                                   n_lead)]);
  alt = bureau_of(p, cat->alt);
  if (alt == lead) alt = bureau_of(p, DEMO_REFORM);
  if (alt == lead) alt = bureau_of(p, DEMO_MIIT);
  memset(&in, 0, sizeof in);
  in.lead_department_id = lead;
  if (demo_rng_chance(&g->rng, 150) && bureau_of(p, cat->co) != lead) {
    in.co_department_ids[0] = bureau_of(p, cat->co);
    in.n_co = 1;
  }
  snprintf(g->buf[4], sizeof g->buf[4],
           in.n_co ? "{\"lead_department_id\":%lld,\"co_department_ids\":"
                     "[%lld]}"
                   : "{\"lead_department_id\":%lld,\"co_department_ids\":"
                     "[]}",
           (long long)lead, (long long)in.co_department_ids[0]);
  t += demo_rng_chance(&g->rng, 40) ? span(g, DAY, 4 * DAY)
                                    : span(g, 10 * MINUTE, 16 * HOUR);
  rc = act(g, c, &dispatcher, ACT_ASSIGN, &in, g->buf[4], t, &is_past);
  if (rc != QT_OK || is_past) goto end;

  /* Now and then the first department says it is not theirs. */
  if (demo_rng_chance(&g->rng, 30)) {
    actor_make(&handler, 0, ROLE_HANDLER, p->code, lead, 0);
    memset(&in, 0, sizeof in);
    in.note = "该事项不属于我单位职责范围，申请退回重新分派。";
    t += span(g, HOUR, DAY);
    rc = act(g, c, &handler, ACT_RETURN, &in, NULL, t, &is_past);
    if (rc != QT_OK || is_past) goto end;
    memset(&in, 0, sizeof in);
    in.lead_department_id = alt;
    lead = alt;
    snprintf(g->buf[5], sizeof g->buf[5],
             "{\"lead_department_id\":%lld,\"co_department_ids\":[]}",
             (long long)lead);
    t += span(g, HOUR, 8 * HOUR);
    rc = act(g, c, &dispatcher, ACT_ASSIGN, &in, g->buf[5], t, &is_past);
    if (rc != QT_OK || is_past) goto end;
  }
  actor_make(&handler, 0, ROLE_HANDLER, p->code, lead, 0);

  for (;;) {
    memset(&in, 0, sizeof in);
    t += span(g, 10 * MINUTE, 6 * HOUR);
    rc = act(g, c, &handler, ACT_ACCEPT, &in, NULL, t, &is_past);
    if (rc != QT_OK || is_past) goto end;

    snprintf(g->buf[6], sizeof g->buf[6],
             "已受理。我局已安排专人与企业对接，将于%d个工作日内提出办理"
             "意见并反馈企业。",
             demo_rng_range(&g->rng, 3, 10));
    in.note = g->buf[6];
    t += demo_rng_chance(&g->rng, 50) ? span(g, 3 * DAY, 8 * DAY)
                                      : span(g, 2 * HOUR, 2 * DAY);
    rc = act(g, c, &handler, ACT_ANSWER, &in, NULL, t, &is_past);
    if (rc != QT_OK || is_past) goto end;
    r->answer = g->buf[6];

    memset(&in, 0, sizeof in);
    in.outcome = demo_rng_chance(&g->rng, 860) ? OUTCOME_RESOLVED
                 : demo_rng_chance(&g->rng, 650) ? OUTCOME_PARTIAL
                                                 : OUTCOME_EXPLAINED;
    in.note = in.outcome == OUTCOME_RESOLVED ? cat->result
              : in.outcome == OUTCOME_PARTIAL
                ? "经多方协调，已解决企业的部分诉求，其余事项已向企业说明。"
                : "经核查，企业诉求不符合现行政策规定，已向企业解释说明。";
    snprintf(g->buf[7], sizeof g->buf[7], "{\"outcome\":\"%s\"}",
             outcome_name(in.outcome));
    t += demo_rng_chance(&g->rng, 50) ? span(g, 15 * DAY, 40 * DAY)
                                      : span(g, DAY, 12 * DAY);
    rc = act(g, c, &handler, ACT_RESOLVE, &in, g->buf[7], t, &is_past);
    if (rc != QT_OK || is_past) goto end;
    r->result = (char *)in.note;

    /* Rated, or left to the system's auto-close. */
    if (!has_owner || demo_rng_chance(&g->rng, 200)) break;
    memset(&in, 0, sizeof in);
    in.satisfaction = demo_rng_chance(&g->rng, 850) ? SAT_SATISFIED
                      : demo_rng_chance(&g->rng, 700) || reopens
                        ? SAT_BASIC : SAT_UNSATISFIED;
    t += span(g, HOUR, 5 * DAY);
    rc = act(g, c, &owner, ACT_CONFIRM, &in,
             in.satisfaction == SAT_SATISFIED ? "{\"satisfaction\":"
                                                "\"satisfied\"}"
             : in.satisfaction == SAT_BASIC ? "{\"satisfaction\":\"basic\"}"
                                            : "{\"satisfaction\":"
                                              "\"unsatisfied\"}",
             t, &is_past);
    if (rc != QT_OK || is_past) goto end;
    if (in.satisfaction != SAT_UNSATISFIED) break;
    reopens++;
  }
end:
  return rc;
}

/* ---- writing ------------------------------------------------------------ */

static QtCode write_case(Gen *g, Case *c)
{
  DemandRecord *r = &c->r;
  SupervisionRecord s;
  DemandStep step;
  DemandStats st;
  uint64_t m;
  int i;
  QtCode rc;

  r->next_due_at = demand_next_step(&r->d, g->cal, &step) ? step.at : 0;
  rc = store_bulk_demand(g->st, r, g->err);
  for (i = 0; rc == QT_OK && i < c->n_evs; i++) {
    rc = store_bulk_event(g->st, r->d.id, &c->evs[i], c->data[i], g->err);
  }
  for (i = 0; rc == QT_OK && i < c->n_sups; i++) {
    memset(&s, 0, sizeof s);
    s.demand_id = r->d.id;
    s.stage = (char *)demand_stage_name(c->sups[i].stage);
    s.department_id = c->sups[i].department_id;
    s.region_code = r->region_code;
    s.opened_at = c->sups[i].opened_at;
    s.escalated_at = c->sups[i].escalated_at;
    s.closed_at = c->sups[i].closed_at;
    rc = store_bulk_supervision(g->st, &s, g->err);
  }
  for (i = 0; rc == QT_OK && i < c->n_accs; i++) {
    rc = store_bulk_accountability(g->st, r, c->accs[i].stage, c->accs[i].at,
                                   g->err);
  }
  if (rc != QT_OK) return rc;
  g->out->n_events += c->n_evs;
  g->out->n_supervisions += c->n_sups;
  g->out->n_accountability += c->n_accs;

  /* The rollups, keyed as the store keys them: month, region (the
   * place), lead department and category; month, region and
   * commissioner. */
  stats_of_demand(&r->d, &st);
  m = (uint64_t)month_key(r->d.submitted_at);
  stats_add(agg_get(&g->stat, g->a,
                    m << 48 | (uint64_t)c->place << 40 |
                      (uint64_t)r->d.lead_department_id << 8 |
                      (uint64_t)c->cat),
            &st, 1);
  if (r->commissioner_id) {
    stats_add(agg_get(&g->stat_com, g->a,
                      m << 48 | (uint64_t)c->place << 40 |
                        (uint64_t)r->commissioner_id),
              &st, 1);
  }
  return QT_OK;
}

static QtCode write_rollups(Gen *g)
{
  char month[8];
  size_t i;
  QtCode rc = QT_OK;

  for (i = 0; rc == QT_OK && i <= g->stat.mask; i++) {
    const Agg *e = g->stat.slots[i];
    if (!e) continue;
    month_text((unsigned)(e->key >> 48), month);
    rc = store_bulk_stat(g->st, month,
                         g->places[(e->key >> 40) & 0xff].code,
                         (int64_t)((e->key >> 8) & 0xffffffff),
                         demo_cats[e->key & 0xff].code, 0, &e->s, g->err);
  }
  for (i = 0; rc == QT_OK && i <= g->stat_com.mask; i++) {
    const Agg *e = g->stat_com.slots[i];
    if (!e) continue;
    month_text((unsigned)(e->key >> 48), month);
    rc = store_bulk_stat(g->st, month,
                         g->places[(e->key >> 40) & 0xff].code, 0, NULL,
                         (int64_t)(e->key & 0xffffffffff), &e->s, g->err);
  }
  return rc;
}

static QtCode make_registry(Gen *g)
{
  QtCode rc;

  rc = load_places(g);
  if (rc == QT_OK) rc = make_departments(g);
  if (rc == QT_OK) rc = make_enterprises(g);
  if (rc == QT_OK) rc = make_users(g);
  return rc;
}

static QtCode make_demands(Gen *g)
{
  int64_t n = g->spec->n_demands, i, prev = 0, started = qt_monotonic_us();
  int64_t seq[64];
  Case *c = arena_alloc(g->a, sizeof *c), *spare = arena_alloc(g->a,
                                                               sizeof *spare);
  size_t cap;
  int year0, y;
  char d[QT_TIME_TEXT];
  QtCode rc = QT_OK;

  memset(seq, 0, sizeof seq);
  qt_date_format(g->now, d);
  year0 = ((d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 +
           (d[3] - '0')) - 3;
  cap = (size_t)26 * (size_t)(g->out->n_departments + g->n_places) *
        (size_t)demo_n_cats;
  agg_init(&g->stat, g->a, cap < (size_t)n ? cap : (size_t)n);
  cap = (size_t)26 * (size_t)(g->out->n_commissioners + 1);
  agg_init(&g->stat_com, g->a, cap < (size_t)n ? cap : (size_t)n);
  for (i = 0; rc == QT_OK && i < n; i++) {
    if (i % BATCH == 0) {
      rc = store_begin(g->st, g->err);
      if (rc != QT_OK) break;
    }
    /* The code's number comes from the year of submission, which the
     * case draws first and writes into the code. */
    rc = live(g, c, prev);
    if (rc == QT_OK) rc = finish(g, c, spare);
    if (rc == QT_OK) {
      y = (c->r.code[3] - '0') * 1000 + (c->r.code[4] - '0') * 100 +
          (c->r.code[5] - '0') * 10 + (c->r.code[6] - '0') - year0;
      if (y < 0 || y >= 64) y = 0;
      snprintf(c->r.code + 8, 24, "%06lld", (long long)++seq[y]);
      rc = write_case(g, c);
    }
    if (rc == QT_OK) {
      prev = c->r.d.id;
      g->out->by_status[c->r.d.status]++;
      g->out->n_demands++;
    }
    if ((i + 1) % BATCH == 0 || i + 1 == n || rc != QT_OK) {
      rc = store_end(g->st, rc, g->err);
      if (rc == QT_OK && ((i + 1) % (BATCH * 4) == 0 || i + 1 == n)) {
        progress(g, "demands", i + 1, n, started);
      }
    }
  }
  if (rc != QT_OK) return rc;
  rc = store_begin(g->st, g->err);
  if (rc != QT_OK) return rc;
  rc = write_rollups(g);
  for (y = 0; rc == QT_OK && y < 64; y++) {
    if (seq[y]) rc = store_bulk_code_seq(g->st, year0 + y, seq[y], g->err);
  }
  return store_end(g->st, rc, g->err);
}

QtCode bench_generate(Store *st, const BenchSpec *spec, uint64_t seed,
                      QtTime now, bool show_progress, BenchResult *out,
                      QtError *err)
{
  Gen g;
  SlaPolicy pol;
  StoreDeferred deferred;
  QtError later;
  int64_t started;
  QtCode rc;

  memset(&g, 0, sizeof g);
  memset(out, 0, sizeof *out);
  g.st = st;
  g.spec = spec;
  g.err = err;
  g.out = out;
  g.now = now;
  g.show_progress = show_progress;
  g.a = arena_new();
  demo_rng_seed(&g.rng, seed);
  /* One hash for every account: argon2id is slow on purpose, and a
   * hundred thousand of them would take hours. */
  rc = secret_password_hash(DEMO_PASSWORD, g.hash, err);
  if (rc == QT_OK) rc = workflow_calendar(st, &g.cal, err);
  if (rc == QT_OK) {
    rc = store_policy_match(st, "other", "enquiry", "normal", g.a, &pol, err);
  }
  if (rc == QT_OK) {
    g.limits = pol.limits;
    g.policy_id = pol.id;
    started = qt_monotonic_us();
    rc = store_begin(st, err);
    if (rc == QT_OK) {
      rc = make_registry(&g);
      rc = store_end(st, rc, err);
    }
    out->registry_seconds = (double)(qt_monotonic_us() - started) / 1e6;
  }
  if (rc == QT_OK) {
    /* The demands' indexes and text index are built once at the end. */
    rc = store_begin(st, err);
    if (rc == QT_OK) {
      rc = store_bulk_defer(st, g.a, &deferred, err);
      rc = store_end(st, rc, err);
    }
  }
  if (rc == QT_OK) {
    started = qt_monotonic_us();
    rc = make_demands(&g);
    out->demand_seconds = (double)(qt_monotonic_us() - started) / 1e6;
    /* Put the indexes back even after a failure, so that what was
     * written stays a database the server can use. */
    started = qt_monotonic_us();
    qt_error_clear(&later);
    if (store_begin(st, &later) == QT_OK) {
      if (g.show_progress) {
        fprintf(stderr, "bench-data: building indexes and the text "
                        "index\n");
      }
      (void)store_end(st, store_bulk_restore(st, &deferred, &later), &later);
    }
    if (rc == QT_OK && later.code != QT_OK) {
      *err = later;
      rc = later.code;
    }
    out->index_seconds = (double)(qt_monotonic_us() - started) / 1e6;
  }
  arena_free(g.a);
  return rc;
}
