/*
 * demo_gen.c — write the demo data set through the store; see demo.h.
 *
 * The set is built in phases (departments, enterprises, projects, users,
 * teams, pairings), each keeping in memory what later phases need (ids,
 * counties, loads), so no phase reads back what an earlier one wrote.
 * The caller holds one write transaction around all of it: a failure
 * leaves the database as it was, and SQLite writes 60,000 rows in one
 * transaction in seconds where one transaction per row would take
 * minutes.
 *
 * Every choice comes from the one seeded generator, in a fixed order, so
 * a seed gives the same data on every run.  Only the created_at times,
 * which the store takes from the clock, differ.  The demands come last,
 * from their own stream of the same seed (demo_flow.c), so the registry
 * a seed gives does not depend on them.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "secret.h"

/* ---- specs ------------------------------------------------------------ */

static const DemoSpec specs[] = {
  /* A few hundred enterprises in three counties: quick enough for tests. */
  {"small", 3, 360, 100, 10, 20, 2, 1, 400},
  /* Weifang as its commissioner system ran: 15,000 officials and 21,000
   * enterprises in twelve counties. */
  {"city", 0, 21000, 15000, 1500, 800, 8, 2, 35000},
};

const DemoSpec *demo_spec(const char *name)
{
  size_t i;

  for (i = 0; i < sizeof specs / sizeof specs[0]; i++) {
    if (strcmp(specs[i].name, name) == 0) return &specs[i];
  }
  return NULL;
}

/* ---- departments ------------------------------------------------------ */

/* How a bureau's name is formed from its place. */
typedef enum BureauForm {
  FORM_PLAIN,  /* 寿光市 + 工业和信息化局 */
  FORM_BRANCH, /* 潍坊市生态环境局 + 寿光 + 分局: counties host branches */
  FORM_TAX     /* 国家税务总局 + 寿光市 + 税务局 */
} BureauForm;

/* The bureaus every city and county has, in the order demands most often
 * reach them. */
static const struct {
  const char *city;   /* name after the city's name */
  const char *county; /* name after the county's name */
  BureauForm form;
} bureaus[] = {
  {"工业和信息化局", "工业和信息化局", FORM_PLAIN},
  {"人力资源和社会保障局", "人力资源和社会保障局", FORM_PLAIN},
  {"地方金融监督管理局", "地方金融监督管理局", FORM_PLAIN},
  {"自然资源和规划局", "自然资源和规划局", FORM_PLAIN},
  {"行政审批服务局", "行政审批服务局", FORM_PLAIN},
  {"商务局", "商务局", FORM_PLAIN},
  {"发展和改革委员会", "发展和改革局", FORM_PLAIN},
  {"交通运输局", "交通运输局", FORM_PLAIN},
  {"住房和城乡建设局", "住房和城乡建设局", FORM_PLAIN},
  {"生态环境局", "分局", FORM_BRANCH},
  {"科学技术局", "科学技术局", FORM_PLAIN},
  {"市场监督管理局", "市场监督管理局", FORM_PLAIN},
  {"税务局", "税务局", FORM_TAX},
  {"财政局", "财政局", FORM_PLAIN},
  {"农业农村局", "农业农村局", FORM_PLAIN},
  {"应急管理局", "应急管理局", FORM_PLAIN},
  {"卫生健康委员会", "卫生健康局", FORM_PLAIN},
};

enum {
  N_BUREAUS = sizeof bureaus / sizeof bureaus[0],
  BUREAU_MIIT = DEMO_MIIT, /* 工业和信息化局: the demo handler's */
  MAX_TOWNS = 16,      /* towns kept per county */
  MAX_UNITS = 64       /* the city and its counties (Weifang has 12) */
};

/* demo_flow.c routes demands by DemoBureau, the order of the table. */
_Static_assert((int)N_BUREAUS == (int)DEMO_N_BUREAUS,
               "bureaus[] and DemoBureau must list the same bureaus");

/* ---- what the phases keep ------------------------------------------- */

/* A place commissioners and enterprises belong to: the city itself
 * (units[0], for city-level cadres and enterprises registered with the
 * city) or one of its counties. */
typedef struct Unit {
  const char *code;          /* GB/T 2260, from the region table */
  const char *name;          /* 寿光市 */
  char short_name[16];       /* 寿光, for enterprise names */
  int weight;                /* share of enterprises, times 100 so the
                                city's 6 % comes out in whole numbers */
  const char *const *towns;  /* the county's towns; NULL for the city */
  int n_towns;               /* entries of towns and town_ids */
  int64_t office_id;         /* its 专员办 (service office) */
  int64_t supervision_id;    /* its 督办 office */
  int64_t bureau_ids[N_BUREAUS]; /* its bureaus, as in bureaus[] */
  int64_t town_ids[MAX_TOWNS]; /* town governments, for town cadres */
  int *pool;                 /* its commissioners (indices into coms),
                                in a random order, team members first */
  int n_pool;                /* entries of pool */
  int pool_next;             /* where the round-robin takes up */
  int first_team;            /* its teams are teams[first_team ...] */
  int n_teams;               /* ... up to first_team + n_teams */
  int team_next;             /* round-robin over its teams */
} Unit;

/* An enterprise as the later phases need it. */
typedef struct Ent {
  int64_t id;                /* in the database */
  int unit;                  /* index into units */
  int industry;              /* index into demo_industries */
  char stem[DEMO_STEM];      /* trade name, for project names */
  char contact[DEMO_PERSON]; /* the contact, the demo enterprise user */
  char phone[DEMO_PHONE];    /* the contact's mobile */
  char name[DEMO_TEXT];      /* the registered name */
  bool is_above;             /* 规上 */
  bool is_four_above;        /* 四上: must be paired */
  bool is_key;               /* 重点企业: projects and leaders */
  bool is_paired;            /* has a commissioner or a team */
  bool has_leader;           /* hung by a leader (挂包) */
  int64_t commissioner_id;   /* its commissioner, or its team's leader */
} Ent;

/* A key project. */
typedef struct Proj {
  int64_t id;                /* in the database */
  int owner;                 /* index into ents */
} Proj;

/* A commissioner. */
typedef struct Com {
  int64_t id;                /* the user's id */
  int unit;                  /* index into units */
  int load;                  /* enterprises and projects paired directly */
  int cap;                   /* how many its level can carry */
  bool is_town;              /* level town (false: city or county) */
} Com;

/* A team (入企小分队). */
typedef struct GTeam {
  int64_t id;                /* in the database */
  int unit;                  /* index into units */
  int load;                  /* enterprises and projects paired */
  int n_enterprises;         /* of which enterprises */
  int64_t leader_id;         /* the leading commissioner's user id */
  char name[DEMO_TEXT];      /* 寿光市入企服务小分队第1队 */
} GTeam;

/* A leader (role leader), who hangs key enterprises. */
typedef struct Leader {
  int64_t id;                /* the user's id */
  int unit;                  /* 0 for city leadership */
} Leader;

/* The generator's state, passed to every phase. */
typedef struct Gen {
  Store *st;                 /* borrowed; in the caller's transaction */
  const DemoSpec *spec;      /* how big */
  DemoRng rng;               /* the one source of every choice */
  Arena *a;                  /* owns everything below */
  bool show_progress;        /* counts to standard error */
  QtTime epoch;              /* 2026-03-01: dates are drawn around it */
  Unit *units;               /* the city, then its counties */
  int n_units;               /* entries of units */
  int home;                  /* the demo commissioner's unit */
  Ent *ents;                 /* enterprises, in the order created */
  int n_ents;                /* entries of ents */
  Proj *projs;               /* key projects */
  int n_projs;               /* entries of projs */
  Com *coms;                 /* commissioners */
  int n_coms;                /* entries of coms */
  GTeam *teams;              /* teams, grouped by unit */
  int n_teams;               /* entries of teams */
  Leader *leaders;           /* city leaders first */
  int n_leaders;             /* entries of leaders */
  DemoSeen names;                /* enterprise names used */
  DemoSeen codes;                /* credit codes used */
  int com_demo;              /* index of the demo commissioner in coms */
  int n_com_direct;          /* its direct enterprises */
  int ent_demo;              /* the demo enterprise user's enterprise */
  int64_t dispatcher_id;     /* the demo accounts, for the demands */
  int64_t supervisor_id;
  int64_t handler_id;
  int64_t enterprise_id;
  DemoResult *out;           /* borrowed; what was made */
  QtError *err;              /* borrowed; where failures are told */
} Gen;

/* ---- helpers ---------------------------------------------------------- */

void demo_seen_init(DemoSeen *s, Arena *a, int n)
{
  size_t cap = 1024;

  while (cap < (size_t)n * 4) {
    cap <<= 1;
  }
  s->slots = arena_alloc(a, cap * sizeof *s->slots);
  s->mask = cap - 1;
}

bool demo_seen_add(DemoSeen *s, const char *str)
{
  uint64_t h = 14695981039346656037u; /* FNV-1a */
  size_t i;

  for (; *str; str++) {
    h = (h ^ (unsigned char)*str) * 1099511628211u;
  }
  if (h == 0) h = 1;
  i = (size_t)h & s->mask;
  while (s->slots[i] != 0) {
    if (s->slots[i] == h) return false;
    i = (i + 1) & s->mask;
  }
  s->slots[i] = h;
  return true;
}

/* Rewrite the progress line of PHASE on a terminal: every few hundred
 * rows, and always at the last, which ends the line. */
static void progress(const Gen *g, const char *phase, int done, int total)
{
  if (!g->show_progress) return;
  if (done != total && done % 250 != 0) return;
  fprintf(stderr, "\r  %-14s %6d/%d", phase, done, total);
  if (done == total) fputc('\n', stderr);
  fflush(stderr);
}

/* The date DAYS after the epoch, "2026-03-01" for 0. */
static void day_text(const Gen *g, int days, char out[QT_TIME_TEXT])
{
  qt_date_format(g->epoch + (QtTime)days * 86400 + 12 * 3600, out);
}

/* Split TOTAL into N parts in proportion to WEIGHTS, largest remainders
 * first, so the parts sum to TOTAL exactly. */
static void split(int total, const int *weights, int n, int *parts)
{
  int64_t sum = 0, rem[MAX_UNITS];
  int i, given = 0, best;

  assert(n <= MAX_UNITS);
  for (i = 0; i < n; i++) {
    sum += weights[i];
  }
  for (i = 0; i < n; i++) {
    parts[i] = (int)((int64_t)total * weights[i] / sum);
    rem[i] = (int64_t)total * weights[i] % sum;
    given += parts[i];
  }
  while (given < total) {
    best = 0;
    for (i = 1; i < n; i++) {
      if (rem[i] > rem[best]) best = i;
    }
    parts[best]++;
    rem[best] = -1;
    given++;
  }
}

/* ---- regions ---------------------------------------------------------- */

/* The counties the small demo uses, when the region table has them:
 * Shouguang for industry and farming, Weicheng and Kuiwen for the city
 * centre. */
static bool is_small_county(const char *code)
{
  return strcmp(code, "370783") == 0 || strcmp(code, "370702") == 0 ||
         strcmp(code, "370705") == 0;
}

void demo_short_name(const char *name, char out[16])
{
  size_t n = strlen(name);

  /* Drop a final 市, 区 or 县 (three bytes in UTF-8) from names of three
   * characters or more, as enterprise names do: 寿光市 -> 寿光. */
  if (n > 6 && (strcmp(name + n - 3, "市") == 0 ||
                strcmp(name + n - 3, "区") == 0 ||
                strcmp(name + n - 3, "县") == 0)) {
    n -= 3;
  }
  if (n > 15) n = 15;
  memcpy(out, name, n);
  out[n] = '\0';
}

static QtCode load_units(Gen *g)
{
  Region city, *kids;
  int n_kids = 0, i, n, want;
  bool *chosen;
  const DemoCountyInfo *info;
  QtCode rc;

  rc = store_region_get(g->st, "370700", g->a, &city, g->err);
  if (rc != QT_OK) {
    return qt_fail(g->err, QT_ENOTFOUND,
                   "Region 370700 (潍坊市) is not in the region table.");
  }
  rc = store_region_list(g->st, "370700", g->a, &kids, &n_kids, g->err);
  if (rc != QT_OK) return rc;
  if (n_kids == 0) {
    return qt_fail(g->err, QT_ENOTFOUND,
                   "Region 370700 has no counties in the region table.");
  }
  want = g->spec->n_counties > 0 && g->spec->n_counties < n_kids
           ? g->spec->n_counties : n_kids;
  if (want > MAX_UNITS - 1) want = MAX_UNITS - 1;
  chosen = arena_alloc(g->a, (size_t)n_kids * sizeof *chosen);
  n = 0;
  for (i = 0; i < n_kids && n < want; i++) {
    if (want == n_kids || is_small_county(kids[i].code)) {
      chosen[i] = true;
      n++;
    }
  }
  /* A region table without the preferred counties still gets WANT. */
  for (i = 0; i < n_kids && n < want; i++) {
    if (!chosen[i]) {
      chosen[i] = true;
      n++;
    }
  }
  g->units = arena_alloc(g->a, (size_t)(n + 1) * sizeof *g->units);
  g->units[0].code = city.code;
  g->units[0].name = city.name;
  demo_short_name(city.name, g->units[0].short_name);
  g->n_units = 1;
  g->home = 1;
  for (i = 0; i < n_kids; i++) {
    Unit *u;
    if (!chosen[i]) continue;
    u = &g->units[g->n_units];
    u->code = kids[i].code;
    u->name = kids[i].name;
    demo_short_name(u->name, u->short_name);
    info = demo_county_info(u->code);
    u->weight = (info ? info->weight : 6) * 100;
    if (info) {
      u->towns = info->towns;
      while (u->n_towns < MAX_TOWNS && info->towns[u->n_towns]) {
        u->n_towns++;
      }
    }
    /* The demo commissioner works in Shouguang, where the enterprises
     * are. */
    if (strcmp(u->code, "370783") == 0) g->home = g->n_units;
    g->n_units++;
  }
  /* Enterprises registered with the city itself (high-tech zone, bonded
   * zone): about 6 % of all. */
  for (i = 1; i < g->n_units; i++) {
    g->units[0].weight += g->units[i].weight;
  }
  g->units[0].weight = g->units[0].weight * 6 / 94;
  g->out->n_counties = g->n_units - 1;
  return QT_OK;
}

/* ---- departments ------------------------------------------------------ */

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

void demo_bureau_name(int b, const char *city, const char *place,
                      const char *place_short, char *out, size_t size)
{
  if (!place) {
    if (bureaus[b].form == FORM_TAX) {
      snprintf(out, size, "国家税务总局%s%s", city, bureaus[b].city);
    } else {
      snprintf(out, size, "%s%s", city, bureaus[b].city);
    }
    return;
  }
  switch (bureaus[b].form) {
  case FORM_BRANCH:
    snprintf(out, size, "%s%s%s%s", city, bureaus[b].city, place_short,
             bureaus[b].county);
    break;
  case FORM_TAX:
    snprintf(out, size, "国家税务总局%s%s", place, bureaus[b].county);
    break;
  case FORM_PLAIN:
    snprintf(out, size, "%s%s", place, bureaus[b].county);
    break;
  }
}

static QtCode make_departments(Gen *g)
{
  Unit *city = &g->units[0];
  char name[DEMO_TEXT];
  int i, b, t, total, done = 0;
  QtCode rc;

  total = g->n_units * (2 + N_BUREAUS);
  for (i = 1; i < g->n_units; i++) {
    total += g->units[i].n_towns;
  }
  for (i = 0; i < g->n_units; i++) {
    Unit *u = &g->units[i];
    /* A county's offices answer to the city's offices of the same kind,
     * so "department and below" at the city reaches every county. */
    snprintf(name, sizeof name, "%s服务企业专员办公室", u->name);
    rc = add_department(g, name, "service_office", u->code,
                        i ? city->office_id : 0, &u->office_id);
    if (rc != QT_OK) return rc;
    snprintf(name, sizeof name, "%s服务企业专员督办室", u->name);
    rc = add_department(g, name, "supervision", u->code,
                        i ? city->supervision_id : 0, &u->supervision_id);
    if (rc != QT_OK) return rc;
    done += 2;
    for (b = 0; b < N_BUREAUS; b++) {
      demo_bureau_name(b, city->name, i ? u->name : NULL, u->short_name,
                       name, sizeof name);
      rc = add_department(g, name, "bureau", u->code,
                          i ? city->bureau_ids[b] : 0, &u->bureau_ids[b]);
      if (rc != QT_OK) return rc;
      progress(g, "departments", ++done, total);
    }
    /* Town governments coordinate their cadres under the county's
     * office. */
    for (t = 0; t < u->n_towns; t++) {
      const char *town = u->towns[t];
      size_t n = strlen(town);
      bool is_street = n > 6 && strcmp(town + n - 6, "街道") == 0;
      snprintf(name, sizeof name, "%s%s%s", u->name, town,
               is_street ? "办事处" : "人民政府");
      rc = add_department(g, name, "town", u->code, u->office_id,
                          &u->town_ids[t]);
      if (rc != QT_OK) return rc;
      progress(g, "departments", ++done, total);
    }
  }
  return QT_OK;
}

/* ---- enterprises ------------------------------------------------------ */

/* Employees: the bands are roughly equal steps on a log scale, so the
 * whole reads like the long-tailed (log-normal) spread real registries
 * show, with 规上 and key enterprises in the upper bands. */
static int64_t draw_employees(Gen *g, const Ent *e)
{
  static const int small_lo[] = {3, 10, 20, 50, 100};
  static const int small_hi[] = {9, 19, 49, 99, 199};
  static const int small_w[] = {25, 28, 30, 12, 5};
  static const int above_lo[] = {30, 100, 300, 1000};
  static const int above_hi[] = {99, 299, 999, 2999};
  static const int above_w[] = {30, 40, 22, 8};
  static const int key_lo[] = {300, 1000, 3000, 10000};
  static const int key_hi[] = {999, 2999, 9999, 30000};
  static const int key_w[] = {35, 40, 20, 5};
  int k;

  if (e->is_key) {
    k = demo_rng_weighted(&g->rng, key_w, 4);
    return demo_rng_range(&g->rng, key_lo[k], key_hi[k]);
  }
  if (e->is_above) {
    k = demo_rng_weighted(&g->rng, above_w, 4);
    return demo_rng_range(&g->rng, above_lo[k], above_hi[k]);
  }
  /* Small firms that never reported a headcount. */
  if (demo_rng_chance(&g->rng, 20)) return -1;
  k = demo_rng_weighted(&g->rng, small_w, 5);
  return demo_rng_range(&g->rng, small_lo[k], small_hi[k]);
}

/* Odds (per mille) that an enterprise of SECTOR is 规上.  Together with
 * the industry mix they give about 15 % overall. */
static int above_odds(DemoSector s)
{
  switch (s) {
  case SECTOR_INDUSTRY: return 200;
  case SECTOR_BUILDING: return 120;
  case SECTOR_TRADE: return 100;
  case SECTOR_FARMING: return 30;
  case SECTOR_SERVICE: return 60;
  }
  return 0;
}

/* Draw the name of E (unique across the demo) into E->name. */
static void draw_name(Gen *g, Ent *e, const Unit *u)
{
  const DemoIndustry *ind = &demo_industries[e->industry];
  const char *place, *suffix, *word;
  int n_words = 0, r, tries;

  while (n_words < 4 && ind->words[n_words]) {
    n_words++;
  }
  for (tries = 0;; tries++) {
    demo_stem(&g->rng, e->stem);
    word = ind->words[demo_rng_below(&g->rng, n_words)];
    r = demo_rng_below(&g->rng, 1000);
    if (e->unit == 0) {
      place = r < 750 ? g->units[0].short_name : "山东";
    } else if (r < 450) {
      place = u->name;
    } else if (r < 700) {
      place = u->short_name;
    } else if (r < 900) {
      place = g->units[0].short_name;
    } else {
      place = "山东";
    }
    if (e->is_above && demo_rng_chance(&g->rng, 250)) {
      suffix = "股份有限公司";
    } else if (demo_rng_chance(&g->rng, 120)) {
      suffix = "有限责任公司";
    } else {
      suffix = "有限公司";
    }
    snprintf(e->name, sizeof e->name, "%s%s%s%s", place, e->stem, word,
             suffix);
    /* Registrars refuse a name already taken; after many tries (never,
     * in practice) a duplicate is better than no enterprise. */
    if (demo_seen_add(&g->names, e->name) || tries > 50) break;
  }
}

static QtCode make_enterprises(Gen *g)
{
  int *unit_w, *ind_w, i, n = g->spec->n_enterprises;
  char code[DEMO_CODE], address[DEMO_TEXT], place[DEMO_TEXT];
  DemoResult *out = g->out;
  QtCode rc;
  static const char *const zones[] = {
    "高新区", "滨海经济技术开发区", "综合保税区", "经济开发区",
  };

  unit_w = arena_alloc(g->a, (size_t)g->n_units * sizeof *unit_w);
  for (i = 0; i < g->n_units; i++) {
    unit_w[i] = g->units[i].weight;
  }
  ind_w = arena_alloc(g->a, (size_t)demo_n_industries * sizeof *ind_w);
  for (i = 0; i < demo_n_industries; i++) {
    ind_w[i] = demo_industries[i].weight;
  }
  g->ents = arena_alloc(g->a, (size_t)n * sizeof *g->ents);
  demo_seen_init(&g->names, g->a, n);
  demo_seen_init(&g->codes, g->a, n);
  for (i = 0; i < n; i++) {
    Ent *e = &g->ents[i];
    Enterprise row;
    const Unit *u;
    DemoSector sector;

    e->unit = demo_rng_weighted(&g->rng, unit_w, g->n_units);
    u = &g->units[e->unit];
    e->industry = demo_rng_weighted(&g->rng, ind_w, demo_n_industries);
    sector = demo_industries[e->industry].sector;
    e->is_above = demo_rng_chance(&g->rng, above_odds(sector));
    /* 四上 is every 规上 enterprise plus construction, trade and
     * services above their own thresholds; farming does not count. */
    e->is_four_above =
      e->is_above || (sector != SECTOR_INDUSTRY &&
                      sector != SECTOR_FARMING &&
                      demo_rng_chance(&g->rng, 155));
    /* Key enterprises (重点企业) are picked from the 规上 ones. */
    e->is_key = e->is_above && demo_rng_chance(&g->rng, 195);
    memset(&row, 0, sizeof row);
    row.is_foreign_invested =
      demo_rng_chance(&g->rng, e->is_above ? 100 : 18);
    if (sector == SECTOR_INDUSTRY) {
      row.is_foreign_trade = demo_rng_chance(&g->rng, e->is_above ? 250 : 80);
    } else {
      row.is_foreign_trade = demo_rng_chance(
        &g->rng, strcmp(demo_industries[e->industry].code, "51") == 0
                   ? 120 : 10);
    }
    draw_name(g, e, u);
    do {
      demo_credit_code(&g->rng, u->code, code);
    } while (!demo_seen_add(&g->codes, code));
    if (e->unit == 0) {
      snprintf(place, sizeof place, "山东省%s%s", u->name,
               zones[demo_rng_below(&g->rng, 4)]);
      demo_address(&g->rng, place, NULL, address);
    } else {
      snprintf(place, sizeof place, "山东省%s%s", g->units[0].name,
               u->name);
      demo_address(&g->rng, place,
                   u->n_towns && !demo_rng_chance(&g->rng, 150)
                     ? u->towns[demo_rng_below(&g->rng, u->n_towns)]
                     : "经济开发区",
                   address);
    }
    demo_person_name(&g->rng, e->contact);
    demo_phone(&g->rng, e->phone);

    row.credit_code = code;
    row.name = e->name;
    row.region_code = (char *)u->code;
    row.industry_code = (char *)demo_industries[e->industry].code;
    row.scale = e->is_above ? "above" : "below";
    row.is_four_above = e->is_four_above;
    row.is_key = e->is_key;
    row.employees = draw_employees(g, e);
    row.address = address;
    row.contact_name = e->contact;
    row.contact_phone = e->phone;
    rc = store_enterprise_create(g->st, &row, g->err);
    if (rc != QT_OK) return rc;
    e->id = row.id;
    out->n_enterprises++;
    out->n_above += e->is_above;
    out->n_four_above += e->is_four_above;
    out->n_key += e->is_key;
    out->n_foreign_invested += row.is_foreign_invested;
    out->n_foreign_trade += row.is_foreign_trade;
    progress(g, "enterprises", i + 1, n);
  }
  g->n_ents = n;
  return QT_OK;
}

/* ---- projects --------------------------------------------------------- */

/* Investment in 万元: most key projects are tens of millions to a few
 * hundred million yuan, a few are billions. */
static int64_t draw_investment(Gen *g)
{
  static const int lo[] = {5000, 20000, 50000, 100000, 300000};
  static const int hi[] = {19999, 49999, 99999, 299999, 1000000};
  static const int w[] = {40, 30, 18, 10, 2};
  int k = demo_rng_weighted(&g->rng, w, 5);

  return (int64_t)demo_rng_range(&g->rng, lo[k], hi[k]) / 100 * 100;
}

static QtCode make_projects(Gen *g)
{
  static const char *const stages[] = {
    "negotiating", "signed", "started", "completed", "producing",
  };
  static const int stage_w[] = {10, 15, 45, 12, 18};
  int *keys, *aboves, n_keys = 0, n_aboves = 0, i, n = g->spec->n_projects;
  char name[DEMO_TEXT], ps[QT_TIME_TEXT], pe[QT_TIME_TEXT];
  char as[QT_TIME_TEXT], ae[QT_TIME_TEXT];
  QtCode rc;

  keys = arena_alloc(g->a, (size_t)g->n_ents * sizeof *keys);
  aboves = arena_alloc(g->a, (size_t)g->n_ents * sizeof *aboves);
  for (i = 0; i < g->n_ents; i++) {
    if (g->ents[i].is_key) {
      keys[n_keys++] = i;
    } else if (g->ents[i].is_above) {
      aboves[n_aboves++] = i;
    }
  }
  g->projs = arena_alloc(g->a, (size_t)n * sizeof *g->projs);
  if (n_keys + n_aboves == 0) n = 0;
  for (i = 0; i < n; i++) {
    Project p;
    int owner, stage, start, astart = 0, aend = 0;
    const Ent *e;

    /* Key enterprises own most key projects, 规上 ones the rest. */
    if (n_keys > 0 && (n_aboves == 0 || demo_rng_chance(&g->rng, 600))) {
      owner = keys[demo_rng_below(&g->rng, n_keys)];
    } else {
      owner = aboves[demo_rng_below(&g->rng, n_aboves)];
    }
    e = &g->ents[owner];
    stage = demo_rng_weighted(&g->rng, stage_w, 5);
    memset(&p, 0, sizeof p);
    demo_project_name(&g->rng, e->stem, &demo_industries[e->industry],
                      name);
    p.name = name;
    p.enterprise_id = e->id;
    p.region_code = (char *)g->units[e->unit].code;
    p.total_investment = draw_investment(g);
    p.annual_investment =
      p.total_investment * demo_rng_range(&g->rng, 20, 60) / 100 / 100 * 100;
    p.stage = (char *)stages[stage];
    /* Days from the epoch (2026-03-01): still to start in the future,
     * built in the last years in the past. */
    switch (stage) {
    case 0: start = demo_rng_range(&g->rng, 30, 480); break;
    case 1: start = demo_rng_range(&g->rng, 0, 300); break;
    case 2: start = demo_rng_range(&g->rng, -600, -10); break;
    case 3: start = demo_rng_range(&g->rng, -1100, -400); break;
    default: start = demo_rng_range(&g->rng, -1500, -600); break;
    }
    day_text(g, start, ps);
    day_text(g, start + demo_rng_range(&g->rng, 365, 1095), pe);
    p.planned_start = ps;
    p.planned_end = pe;
    if (stage >= 2) {
      astart = start + demo_rng_range(&g->rng, -20, 60);
      if (astart > -1) astart = -1;
      day_text(g, astart, as);
      p.actual_start = as;
    }
    if (stage >= 3) {
      aend = astart + demo_rng_range(&g->rng, 300, 700);
      if (aend > (stage == 3 ? -1 : -30)) aend = stage == 3 ? -1 : -30;
      if (aend < astart) aend = astart;
      day_text(g, aend, ae);
      p.actual_end = ae;
    }
    rc = store_project_create(g->st, &p, g->err);
    if (rc != QT_OK) return rc;
    g->projs[i].id = p.id;
    g->projs[i].owner = owner;
    g->out->n_projects++;
    progress(g, "projects", i + 1, n);
  }
  g->n_projs = n;
  return QT_OK;
}

/* ---- users ------------------------------------------------------------ */

/* Create a user; PASSWORD (may be NULL) is hashed first. */
static QtCode add_user(Gen *g, User *u, const char *password, int64_t *id)
{
  char hash[SECRET_HASH_TEXT];
  QtCode rc;

  if (password) {
    rc = secret_password_hash(password, hash, g->err);
    if (rc != QT_OK) return rc;
    u->password_hash = hash;
  }
  rc = store_user_create(g->st, u, g->err);
  if (rc != QT_OK) return rc;
  *id = u->id;
  return QT_OK;
}

/* A staff account of the demo, with a generated display name. */
static QtCode add_staff(Gen *g, const char *username, Role role,
                        const char *region, int64_t department,
                        const char *password, int64_t *id)
{
  char display[DEMO_PERSON], phone[DEMO_PHONE];
  User u;

  memset(&u, 0, sizeof u);
  demo_person_name(&g->rng, display);
  demo_phone(&g->rng, phone);
  u.username = (char *)username;
  u.display_name = display;
  u.role = role;
  u.region_code = (char *)region;
  u.department_id = department;
  u.phone = phone;
  return add_user(g, &u, password, id);
}

static void set_account(Gen *g, int i, const char *role,
                        const char *username)
{
  g->out->accounts[i].role = role;
  g->out->accounts[i].username = username;
}

/* The sign-in accounts other than the commissioner and the enterprise
 * user, which need the pairings first. */
static QtCode make_demo_staff(Gen *g)
{
  const Unit *city = &g->units[0];
  User admin;
  int64_t id;
  QtCode rc;

  memset(&admin, 0, sizeof admin);
  admin.username = "admin";
  admin.display_name = "平台管理员";
  admin.role = ROLE_ADMIN;
  rc = add_user(g, &admin, DEMO_PASSWORD, &id);
  if (rc != QT_OK) return rc;
  set_account(g, 0, "admin", "admin");

  rc = add_staff(g, "supervisor", ROLE_SUPERVISOR, city->code,
                 city->supervision_id, DEMO_PASSWORD, &g->supervisor_id);
  if (rc != QT_OK) return rc;
  set_account(g, 2, "supervisor", "supervisor");
  snprintf(g->out->accounts[2].sees, DEMO_SEES,
           "demands and rates of %s and below; 督办单 and 问责",
           city->name);

  rc = add_staff(g, "dispatcher", ROLE_DISPATCHER, city->code,
                 city->office_id, DEMO_PASSWORD, &g->dispatcher_id);
  if (rc != QT_OK) return rc;
  set_account(g, 3, "dispatcher", "dispatcher");
  snprintf(g->out->accounts[3].sees, DEMO_SEES,
           "every demand of %s and below, to triage and assign "
           "(%s服务企业专员办公室)",
           city->name, city->name);

  rc = add_staff(g, "handler", ROLE_HANDLER, city->code,
                 city->bureau_ids[BUREAU_MIIT], DEMO_PASSWORD,
                 &g->handler_id);
  if (rc != QT_OK) return rc;
  set_account(g, 4, "handler", "handler");
  snprintf(g->out->accounts[4].sees, DEMO_SEES,
           "demands assigned to %s%s, and to the county bureaus under it",
           city->name, bureaus[BUREAU_MIIT].city);
  return QT_OK;
}

/* City and county leadership (role leader); the first is the demo
 * "leader" account. */
static QtCode make_leaders(Gen *g)
{
  int n_city = g->spec->n_city_leaders, i, k = 0, u, total;
  char username[16];
  QtCode rc;

  total = n_city + g->spec->n_county_leaders * (g->n_units - 1);
  g->leaders = arena_alloc(g->a, (size_t)total * sizeof *g->leaders);
  for (i = 0; i < total; i++) {
    u = i < n_city ? 0 : 1 + (i - n_city) / g->spec->n_county_leaders;
    if (i == 0) {
      snprintf(username, sizeof username, "leader");
    } else {
      snprintf(username, sizeof username, "l%03d", i);
    }
    rc = add_staff(g, username, ROLE_LEADER, g->units[u].code, 0,
                   i == 0 ? DEMO_PASSWORD : NULL, &g->leaders[k].id);
    if (rc != QT_OK) return rc;
    g->leaders[k].unit = u;
    k++;
  }
  g->n_leaders = k;
  g->out->n_leaders = k;
  set_account(g, 1, "leader", "leader");
  return QT_OK;
}

/* Commissioners: 10 % city, 40 % county, 50 % town level, each county's
 * share in proportion to its enterprises.  Capacities follow the level:
 * a city cadre carries two enterprises on top of the day job, a county
 * one three, a town one four. */
static QtCode make_commissioners(Gen *g)
{
  int n = g->spec->n_commissioners, n_counties = g->n_units - 1;
  int n_city = n / 10, n_county = n * 4 / 10, n_town = n - n_city - n_county;
  int *w, *county_parts, *town_parts, i, j, k = 0, c;
  char username[16], display[DEMO_PERSON], phone[DEMO_PHONE];
  QtCode rc;

  g->coms = arena_alloc(g->a, (size_t)n * sizeof *g->coms);
  w = arena_alloc(g->a, (size_t)n_counties * sizeof *w);
  county_parts = arena_alloc(g->a, (size_t)n_counties * sizeof *w);
  town_parts = arena_alloc(g->a, (size_t)n_counties * sizeof *w);
  for (i = 0; i < n_counties; i++) {
    w[i] = g->units[i + 1].weight;
  }
  split(n_county, w, n_counties, county_parts);
  split(n_town, w, n_counties, town_parts);
  for (i = 0; i < g->n_units; i++) {
    Unit *u = &g->units[i];
    u->n_pool = i == 0 ? n_city
                       : county_parts[i - 1] + town_parts[i - 1];
    u->pool = arena_alloc(g->a, (size_t)(u->n_pool + 1) * sizeof *u->pool);
    u->n_pool = 0;
  }
  /* Unit by unit, county cadres before town ones; the first county
   * cadre of the home unit is the demo "commissioner" account. */
  g->com_demo = 0;
  for (i = 0; i < g->n_units; i++) {
    Unit *u = &g->units[i];
    int n_here = i == 0 ? n_city : county_parts[i - 1] + town_parts[i - 1];
    for (j = 0; j < n_here; j++) {
      bool is_demo = i == g->home && j == 0;
      bool is_town = i > 0 && j >= county_parts[i - 1];
      Com *m = &g->coms[k];
      User row;
      int64_t dept;

      if (i == 0) {
        c = demo_rng_below(&g->rng, N_BUREAUS + 2);
        dept = c < N_BUREAUS ? u->bureau_ids[c] : u->office_id;
      } else if (is_town && u->n_towns > 0) {
        dept = u->town_ids[demo_rng_below(&g->rng, u->n_towns)];
      } else {
        c = demo_rng_below(&g->rng, N_BUREAUS + 2);
        dept = c < N_BUREAUS ? u->bureau_ids[c] : u->office_id;
      }
      if (is_demo) {
        snprintf(username, sizeof username, "commissioner");
      } else {
        snprintf(username, sizeof username, "c%06d", k + 1);
      }
      demo_person_name(&g->rng, display);
      demo_phone(&g->rng, phone);
      memset(&row, 0, sizeof row);
      row.username = username;
      row.display_name = display;
      row.role = ROLE_COMMISSIONER;
      row.department_id = dept;
      row.region_code = (char *)u->code;
      row.level = i == 0 ? "city" : is_town ? "town" : "county";
      row.phone = phone;
      rc = add_user(g, &row, is_demo ? DEMO_PASSWORD : NULL, &m->id);
      if (rc != QT_OK) return rc;
      m->unit = i;
      m->is_town = is_town;
      m->cap = i == 0 ? 2 : is_town ? 4 : 3;
      if (is_demo) g->com_demo = k;
      u->pool[u->n_pool++] = k;
      k++;
      progress(g, "commissioners", k, n);
    }
  }
  g->n_coms = k;
  g->out->n_commissioners = k;
  for (i = 0; i < g->n_units; i++) {
    Unit *u = &g->units[i];
    demo_rng_shuffle(&g->rng, u->pool, u->n_pool);
    /* The demo commissioner leads the home unit's first team. */
    for (j = 0; j < u->n_pool; j++) {
      if (u->pool[j] == g->com_demo) {
        u->pool[j] = u->pool[0];
        u->pool[0] = g->com_demo;
      }
    }
  }
  set_account(g, 5, "commissioner", "commissioner");
  return QT_OK;
}

/* ---- teams ------------------------------------------------------------ */

/* Teams (入企小分队) of 3 to 6 commissioners of one unit, each in at most
 * one team, led by a city or county cadre where the team has one. */
static QtCode make_teams(Gen *g)
{
  int *sizes, *parts, i, j, k, n = g->spec->n_teams, done = 0;
  int64_t members[6];
  QtCode rc;

  sizes = arena_alloc(g->a, (size_t)g->n_units * sizeof *sizes);
  parts = arena_alloc(g->a, (size_t)g->n_units * sizeof *parts);
  for (i = 0; i < g->n_units; i++) {
    sizes[i] = g->units[i].n_pool;
  }
  split(n, sizes, g->n_units, parts);
  g->teams = arena_alloc(g->a, (size_t)(n + 1) * sizeof *g->teams);
  for (i = 0; i < g->n_units; i++) {
    Unit *u = &g->units[i];
    int taken = 0;
    u->first_team = g->n_teams;
    for (j = 0; j < parts[i] && u->n_pool - taken >= 3; j++) {
      GTeam *gt = &g->teams[g->n_teams];
      Team t;
      int size = demo_rng_range(&g->rng, 3, 6), lead = -1;
      if (size > u->n_pool - taken) size = u->n_pool - taken;
      for (k = 0; k < size; k++) {
        const Com *m = &g->coms[u->pool[taken + k]];
        members[k] = m->id;
        if (lead < 0 && !m->is_town) lead = k;
      }
      if (lead < 0) lead = 0;
      taken += size;
      snprintf(gt->name, sizeof gt->name, "%s入企服务小分队第%d队", u->name,
               j + 1);
      memset(&t, 0, sizeof t);
      t.name = gt->name;
      t.leader_id = members[lead];
      t.region_code = (char *)u->code;
      t.member_ids = members;
      t.n_member_ids = size;
      rc = store_team_create(g->st, &t, g->err);
      if (rc != QT_OK) return rc;
      gt->id = t.id;
      gt->leader_id = t.leader_id;
      gt->unit = i;
      g->n_teams++;
      u->n_teams++;
      progress(g, "teams", ++done, n);
    }
    /* Direct pairings go first to the cadres outside teams, who have no
     * enterprise through a team. */
    u->pool_next = u->n_pool > 0 ? taken % u->n_pool : 0;
  }
  if (done < n) progress(g, "teams", done, done);
  g->out->n_teams = g->n_teams;
  return QT_OK;
}

/* ---- pairings --------------------------------------------------------- */

/*
 * The next commissioner of U's pool with room for one more, or -1 when
 * all are full, unless IS_MUST, when the next one takes it anyway (every
 * 四上 enterprise must be covered).  Round-robin spreads the work, so no
 * cadre is left without an enterprise while another has four; but a
 * third of the time the same cadre takes the next one too, so loads vary
 * (1, 2, 3 ...) as they do when enterprises are assigned by hand.
 */
static int take_commissioner(Gen *g, Unit *u, bool is_must)
{
  int i, at, c;

  if (u->n_pool == 0) return -1;
  for (i = 0; i < u->n_pool; i++) {
    at = (u->pool_next + i) % u->n_pool;
    c = u->pool[at];
    if (g->coms[c].load < g->coms[c].cap) {
      u->pool_next = demo_rng_chance(&g->rng, 350) ? at
                                                   : (at + 1) % u->n_pool;
      g->coms[c].load++;
      return c;
    }
  }
  if (!is_must) return -1;
  c = u->pool[u->pool_next];
  u->pool_next = (u->pool_next + 1) % u->n_pool;
  g->coms[c].load++;
  return c;
}

enum { TEAM_CAP = 6 };

/* The next team of U with room, or -1. */
static int take_team(Unit *u, GTeam *teams)
{
  int i, t;

  for (i = 0; i < u->n_teams; i++) {
    t = u->first_team + (u->team_next + i) % u->n_teams;
    if (teams[t].load < TEAM_CAP) {
      u->team_next = (t - u->first_team + 1) % u->n_teams;
      teams[t].load++;
      return t;
    }
  }
  return -1;
}

/* Write one pairing; ENDS (may be NULL) for one that has ended. */
static QtCode add_pairing(Gen *g, const char *kind, int64_t user,
                          int64_t team, int64_t enterprise, int64_t project,
                          int start, const int *ends)
{
  char from[QT_TIME_TEXT], to[QT_TIME_TEXT];
  Pairing p;
  QtCode rc;

  memset(&p, 0, sizeof p);
  day_text(g, start, from);
  p.kind = (char *)kind;
  p.user_id = user;
  p.team_id = team;
  p.enterprise_id = enterprise;
  p.project_id = project;
  p.starts_on = from;
  if (ends) {
    day_text(g, *ends, to);
    p.ends_on = to;
  }
  rc = store_pairing_create(g->st, &p, g->err);
  if (rc != QT_OK) return rc;
  if (ends) {
    g->out->n_pairings_ended++;
  } else {
    g->out->n_pairings++;
  }
  return QT_OK;
}

/* Pair enterprise E: with a team or one commissioner of its own unit, or
 * of the city for some key enterprises and when its unit is full.  Some
 * pairings replaced an earlier one, kept as history. */
static QtCode pair_enterprise(Gen *g, Ent *e, bool is_must)
{
  int home = e->unit, team_odds, t = -1, c = -1, start, prev_end, p;
  Unit *u;
  QtCode rc;

  if (e->is_key && demo_rng_chance(&g->rng, 300)) home = 0;
  u = &g->units[home];
  team_odds = e->is_key ? 600 : e->is_four_above ? 350 : 120;
  if (demo_rng_chance(&g->rng, team_odds)) {
    t = take_team(u, g->teams);
    if (t < 0 && home != 0) t = take_team(&g->units[0], g->teams);
  }
  if (t < 0) {
    c = take_commissioner(g, u, false);
    if (c < 0 && home != 0) c = take_commissioner(g, &g->units[0], false);
    if (c < 0 && is_must) c = take_commissioner(g, u, true);
    if (c < 0) return QT_OK;
  }
  /* Weifang's commissioners began in spring 2020. */
  start = demo_rng_range(&g->rng, -2190, -60);
  if (t >= 0) {
    g->teams[t].n_enterprises++;
    rc = add_pairing(g, "team", 0, g->teams[t].id, e->id, 0, start, NULL);
    e->commissioner_id = g->teams[t].leader_id;
  } else {
    rc = add_pairing(g, "one_to_one", g->coms[c].id, 0, e->id, 0, start,
                     NULL);
    e->commissioner_id = g->coms[c].id;
  }
  if (rc != QT_OK) return rc;
  e->is_paired = true;
  /* Cadres move on: a few enterprises had another commissioner first. */
  if (start < -900 || u->n_pool < 2 || !demo_rng_chance(&g->rng, 40)) {
    return QT_OK;
  }
  p = u->pool[demo_rng_below(&g->rng, u->n_pool)];
  if (c >= 0 && p == c) return QT_OK;
  prev_end = start - 1;
  return add_pairing(g, "one_to_one", g->coms[p].id, 0, e->id, 0,
                     start - demo_rng_range(&g->rng, 180, 720), &prev_end);
}

/* The demo commissioner's own enterprises: three 四上 enterprises of its
 * county (or any, in a county with fewer), before the general passes. */
static QtCode pair_demo_commissioner(Gen *g)
{
  Com *m = &g->coms[g->com_demo];
  int pass, i, start;
  QtCode rc;

  g->ent_demo = -1;
  for (pass = 0; pass < 2 && m->load < m->cap; pass++) {
    for (i = 0; i < g->n_ents && m->load < m->cap; i++) {
      Ent *e = &g->ents[i];
      if (e->unit != g->home || e->is_paired) continue;
      if (pass == 0 && !e->is_four_above) continue;
      start = demo_rng_range(&g->rng, -1000, -60);
      rc = add_pairing(g, "one_to_one", m->id, 0, e->id, 0, start, NULL);
      if (rc != QT_OK) return rc;
      e->is_paired = true;
      e->commissioner_id = m->id;
      m->load++;
      if (g->ent_demo < 0) g->ent_demo = i;
    }
  }
  g->n_com_direct = m->load;
  return QT_OK;
}

/* Leaders hang (挂包) key enterprises and a few key projects: city
 * leaders across the city, county leaders in their county. */
static QtCode pair_leaders(Gen *g)
{
  int per_city = g->spec->n_city_leaders > 2 ? 6 : 3;
  int per_county = g->spec->n_city_leaders > 2 ? 3 : 2;
  int *order, i, j, l, got, want;
  QtCode rc;

  order = arena_alloc(g->a, (size_t)(g->n_ents + 1) * sizeof *order);
  for (i = 0; i < g->n_ents; i++) {
    order[i] = i;
  }
  demo_rng_shuffle(&g->rng, order, g->n_ents);
  for (l = 0; l < g->n_leaders; l++) {
    const Leader *ld = &g->leaders[l];
    want = ld->unit == 0 ? per_city : per_county;
    got = 0;
    for (j = 0; j < g->n_ents && got < want; j++) {
      Ent *e = &g->ents[order[j]];
      if (!e->is_key || e->has_leader) continue;
      if (ld->unit != 0 && e->unit != ld->unit) continue;
      rc = add_pairing(g, "leader", ld->id, 0, e->id, 0,
                       demo_rng_range(&g->rng, -1500, -30), NULL);
      if (rc != QT_OK) return rc;
      e->has_leader = true;
      got++;
    }
    if (l == 0) {
      snprintf(g->out->accounts[1].sees, DEMO_SEES,
               "read-only dashboards of %s and below; hangs (挂包) %d key "
               "enterprises",
               g->units[0].name, got);
    }
    /* City leaders also hang two key projects each. */
    for (j = 0; ld->unit == 0 && j < 2 && g->n_projs > 0; j++) {
      const Proj *p = &g->projs[demo_rng_below(&g->rng, g->n_projs)];
      rc = add_pairing(g, "leader", ld->id, 0, 0, p->id,
                       demo_rng_range(&g->rng, -700, -30), NULL);
      if (rc != QT_OK) return rc;
    }
  }
  return QT_OK;
}

/* Most key projects have a commissioner or a team of their own. */
static QtCode pair_projects(Gen *g)
{
  int i, c, t;
  QtCode rc;

  for (i = 0; i < g->n_projs; i++) {
    Unit *u = &g->units[g->ents[g->projs[i].owner].unit];
    int start = demo_rng_range(&g->rng, -900, -30);
    if (!demo_rng_chance(&g->rng, 600)) continue;
    if (demo_rng_chance(&g->rng, 300)) {
      t = take_team(u, g->teams);
      if (t >= 0) {
        rc = add_pairing(g, "team", 0, g->teams[t].id, 0, g->projs[i].id,
                         start, NULL);
        if (rc != QT_OK) return rc;
        continue;
      }
    }
    c = take_commissioner(g, u, false);
    if (c < 0) continue;
    rc = add_pairing(g, "one_to_one", g->coms[c].id, 0, 0, g->projs[i].id,
                     start, NULL);
    if (rc != QT_OK) return rc;
  }
  return QT_OK;
}

static QtCode make_pairings(Gen *g)
{
  int i, pass, done = 0, n_candidates = 0;
  QtCode rc;

  rc = pair_demo_commissioner(g);
  if (rc != QT_OK) return rc;
  for (i = 0; i < g->n_ents; i++) {
    n_candidates += !g->ents[i].is_paired;
  }
  /* Every 四上 enterprise first, so capacity never runs out before they
   * are covered (全覆盖); then 85 % of the others while room lasts. */
  for (pass = 0; pass < 2; pass++) {
    for (i = 0; i < g->n_ents; i++) {
      Ent *e = &g->ents[i];
      if (e->is_paired || e->is_four_above != (pass == 0)) continue;
      progress(g, "pairings", ++done, n_candidates);
      if (pass == 1 && !demo_rng_chance(&g->rng, 850)) continue;
      rc = pair_enterprise(g, e, pass == 0);
      if (rc != QT_OK) return rc;
    }
  }
  rc = pair_projects(g);
  if (rc != QT_OK) return rc;
  return pair_leaders(g);
}

/* The demo enterprise user: the contact of the demo commissioner's first
 * enterprise. */
static QtCode make_enterprise_user(Gen *g)
{
  const Ent *e;
  User u;
  int via_team = 0, t;
  QtCode rc;

  if (g->ent_demo < 0) {
    return qt_fail(g->err, QT_EINTERNAL,
                   "The demo county has no enterprise to pair.");
  }
  e = &g->ents[g->ent_demo];
  memset(&u, 0, sizeof u);
  u.username = "enterprise";
  u.display_name = (char *)e->contact;
  u.role = ROLE_ENTERPRISE;
  u.enterprise_id = e->id;
  u.region_code = (char *)g->units[e->unit].code;
  u.phone = (char *)e->phone;
  rc = add_user(g, &u, DEMO_PASSWORD, &g->enterprise_id);
  if (rc != QT_OK) return rc;
  set_account(g, 6, "enterprise", "enterprise");
  snprintf(g->out->accounts[6].sees, DEMO_SEES,
           "its own enterprise only: %s", e->name);

  /* The demo commissioner leads the home unit's first team, if any. */
  t = g->units[g->home].first_team;
  if (g->units[g->home].n_teams > 0) via_team = g->teams[t].n_enterprises;
  if (via_team > 0) {
    snprintf(g->out->accounts[5].sees, DEMO_SEES,
             "its %d paired enterprises: %d directly, %d through %s",
             g->n_com_direct + via_team, g->n_com_direct, via_team,
             g->teams[t].name);
  } else {
    snprintf(g->out->accounts[5].sees, DEMO_SEES,
             "its %d paired enterprises", g->n_com_direct);
  }
  snprintf(g->out->accounts[0].sees, DEMO_SEES,
           "everything: all %d enterprises, users, settings",
           g->out->n_enterprises);
  return QT_OK;
}

/* ---- demands ---------------------------------------------------------- */

/* Hand what the registry phases kept to the demand simulation. */
static QtCode run_demands(Gen *g, uint64_t seed)
{
  DemoPlace *places;
  DemoFirm *firms;
  DemoWorld w;
  int i, b;

  places = arena_alloc(g->a, (size_t)g->n_units * sizeof *places);
  for (i = 0; i < g->n_units; i++) {
    const Unit *u = &g->units[i];
    places[i].code = u->code;
    places[i].office_id = u->office_id;
    places[i].supervision_id = u->supervision_id;
    for (b = 0; b < N_BUREAUS; b++) {
      places[i].bureau_ids[b] = u->bureau_ids[b];
    }
  }
  firms = arena_alloc(g->a, (size_t)(g->n_ents + 1) * sizeof *firms);
  for (i = 0; i < g->n_ents; i++) {
    const Ent *e = &g->ents[i];
    firms[i].id = e->id;
    firms[i].place = e->unit;
    firms[i].is_key = e->is_key;
    firms[i].is_above = e->is_above;
    firms[i].is_four_above = e->is_four_above;
    firms[i].commissioner_id = e->commissioner_id;
    firms[i].name = e->name;
    firms[i].contact = e->contact;
    firms[i].phone = e->phone;
  }
  memset(&w, 0, sizeof w);
  w.places = places;
  w.n_places = g->n_units;
  w.firms = firms;
  w.n_firms = g->n_ents;
  w.dispatcher_id = g->dispatcher_id;
  w.supervisor_id = g->supervisor_id;
  w.handler_id = g->handler_id;
  w.enterprise_id = g->enterprise_id;
  w.enterprise_firm = g->ent_demo;
  return demo_demands(g->st, &w, g->spec->n_demands, seed, g->show_progress,
                      &g->out->demands, g->err);
}

QtCode demo_generate(Store *st, const DemoSpec *spec, uint64_t seed,
                     bool show_progress, DemoResult *out, QtError *err)
{
  Gen g;
  QtCode rc;

  memset(&g, 0, sizeof g);
  memset(out, 0, sizeof *out);
  g.st = st;
  g.spec = spec;
  g.a = arena_new();
  g.show_progress = show_progress;
  g.out = out;
  g.err = err;
  demo_rng_seed(&g.rng, seed);
  rc = qt_time_parse("2026-03-01", &g.epoch, err);
  if (rc == QT_OK) rc = load_units(&g);
  if (rc == QT_OK) rc = make_departments(&g);
  if (rc == QT_OK) rc = make_enterprises(&g);
  if (rc == QT_OK) rc = make_projects(&g);
  if (rc == QT_OK) rc = make_demo_staff(&g);
  if (rc == QT_OK) rc = make_leaders(&g);
  if (rc == QT_OK) rc = make_commissioners(&g);
  if (rc == QT_OK) rc = make_teams(&g);
  if (rc == QT_OK) rc = make_pairings(&g);
  if (rc == QT_OK) rc = make_enterprise_user(&g);
  if (rc == QT_OK) rc = run_demands(&g, seed);
  arena_free(g.a);
  return rc;
}
