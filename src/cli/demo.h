/*
 * demo.h — inside src/cli only: the demo data set behind `qitong demo`.
 *
 * demo_words.c holds what makes the data look like Weifang's: a seeded
 * random generator, word lists, the counties' towns and weights, the
 * industry mix, and builders for names, credit codes, phones and
 * addresses.  demo_gen.c writes the registry through the store, and
 * demo_flow.c runs months of demands through the lifecycle.  Nothing
 * here calls rand() or reads the clock for a choice, so the same seed
 * gives the same data on every run.
 */
#ifndef QT_DEMO_H
#define QT_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

/* ---- the generator ---------------------------------------------------- */

/* splitmix64: small, fast, and its stream depends on the seed alone. */
typedef struct DemoRng {
  uint64_t state; /* advanced by a fixed odd constant on every draw */
} DemoRng;

/* Start R's stream from SEED (any value, 0 included). */
void demo_rng_seed(DemoRng *r, uint64_t seed);
/* The next 64 random bits. */
uint64_t demo_rng_next(DemoRng *r);
/* Uniform in [0, N); N must be positive. */
int demo_rng_below(DemoRng *r, int n);
/* Uniform in [LO, HI], both included; LO <= HI. */
int demo_rng_range(DemoRng *r, int lo, int hi);
/* True with probability PER_MILLE / 1000. */
bool demo_rng_chance(DemoRng *r, int per_mille);
/* An index in [0, N) drawn with the given non-negative WEIGHTS, whose sum
 * must be positive. */
int demo_rng_weighted(DemoRng *r, const int *weights, int n);
/* Put the N ints of V in a random order (Fisher-Yates). */
void demo_rng_shuffle(DemoRng *r, int *v, int n);

/* ---- reference tables ------------------------------------------------- */

/* Sectors, for the odds that differ between them (scale, 四上, trade). */
typedef enum DemoSector {
  SECTOR_INDUSTRY, /* mining, manufacturing, utilities: 规上工业 */
  SECTOR_BUILDING, /* construction with a qualification grade */
  SECTOR_TRADE,    /* wholesale, retail, hotels, catering: 限上 */
  SECTOR_FARMING,  /* agriculture, not counted in 四上 */
  SECTOR_SERVICE   /* everything else */
} DemoSector;

/* One GB/T 4754-2017 division the demo uses, with the words its
 * enterprises and projects are named by. */
typedef struct DemoIndustry {
  const char *code;      /* two-digit division; must exist in the table */
  int weight;            /* relative share of enterprises */
  DemoSector sector;
  const char *words[4];  /* name words (食品, 机械 ...); NULL-padded */
  const char *product;   /* for project names: 农产品精深加工 */
  const char *unit;      /* "万吨" for "年产N万吨...", or NULL */
} DemoIndustry;

extern const DemoIndustry demo_industries[];
extern const int demo_n_industries;

/* What the demo knows of a county-level division of Weifang beyond the
 * region table: its share of enterprises and some of its towns. */
typedef struct DemoCountyInfo {
  const char *code;        /* GB/T 2260 */
  int weight;              /* relative share of enterprises */
  const char *towns[16];   /* 街道 and 镇, NULL-terminated */
} DemoCountyInfo;

/* The entry for CODE, or NULL for a county the demo does not know (it
 * then gets a default weight and no towns). */
const DemoCountyInfo *demo_county_info(const char *code);

/* ---- builders --------------------------------------------------------- */

/* Sizes of the text buffers the builders fill. */
enum {
  DEMO_PERSON = 16,  /* 2 to 4 Chinese characters */
  DEMO_PHONE = 12,   /* 11 digits */
  DEMO_CODE = 19,    /* 18 characters */
  DEMO_STEM = 8,     /* a two-character trade name */
  DEMO_TEXT = 192,   /* names of enterprises and projects, addresses */
  DEMO_SEES = 320    /* a line of the printed accounts table */
};

/* A plausible person's name: a common Shandong surname and a one- or
 * two-character given name. */
void demo_person_name(DemoRng *r, char out[DEMO_PERSON]);
/* An 11-digit mobile number, 13x / 15x / 18x. */
void demo_phone(DemoRng *r, char out[DEMO_PHONE]);
/* A trade name (字号) of two auspicious characters, 鑫源 or 恒泰. */
void demo_stem(DemoRng *r, char out[DEMO_STEM]);
/*
 * A unified social credit code for an enterprise registered in REGION (6
 * digits): "91", REGION, a GB 11714 organisation code (older numeric ones
 * and newer "MA3..." ones, each with its own GB 11714 check character)
 * and the GB 32100 check character from uscc_check_char.  Every code
 * passes uscc_check; uniqueness is the caller's to enforce.
 */
void demo_credit_code(DemoRng *r, const char *region, char out[DEMO_CODE]);
/* A street address in PLACE ("山东省潍坊市寿光市"), in TOWN when not
 * NULL: "...圣城街道富康街1688号". */
void demo_address(DemoRng *r, const char *place, const char *town,
                  char out[DEMO_TEXT]);
/* A key project name for an owner with trade name STEM in industry IND:
 * "鑫源年产12万吨农产品精深加工项目". */
void demo_project_name(DemoRng *r, const char *stem, const DemoIndustry *ind,
                       char out[DEMO_TEXT]);

/* ---- the data set ----------------------------------------------------- */

/* How big a demo is. */
typedef struct DemoSpec {
  const char *name;        /* "small" or "city" */
  int n_counties;          /* how many of Weifang's counties; 0 all */
  int n_enterprises;       /* in the counties and the city itself */
  int n_commissioners;     /* the demo "commissioner" account included */
  int n_teams;             /* at most; fewer when cadres run short */
  int n_projects;          /* key projects */
  int n_city_leaders;      /* the demo "leader" account included */
  int n_county_leaders;    /* per county */
  int n_demands;           /* raised over the simulated months, not
                              counting the duplicates some provoke */
} DemoSpec;

/* The spec named NAME ("small", "city"), or NULL. */
const DemoSpec *demo_spec(const char *name);

/* One sign-in account made for the demo. */
typedef struct DemoAccount {
  const char *role;      /* "admin" ... */
  const char *username;
  char sees[DEMO_SEES];  /* what the account sees, for the printed table */
} DemoAccount;

enum { DEMO_N_ACCOUNTS = 7 };

/* ---- demands (demo_flow.c) -------------------------------------------- */

/* The bureaus every city and county has, in the order of demo_gen.c's
 * table; demands are routed to them by category. */
typedef enum DemoBureau {
  DEMO_MIIT,        /* 工业和信息化局 */
  DEMO_HRSS,        /* 人力资源和社会保障局 */
  DEMO_FINANCE,     /* 地方金融监督管理局 */
  DEMO_LAND,        /* 自然资源和规划局 */
  DEMO_APPROVAL,    /* 行政审批服务局 */
  DEMO_COMMERCE,    /* 商务局 */
  DEMO_REFORM,      /* 发展和改革委员会 / 局 */
  DEMO_TRANSPORT,   /* 交通运输局 */
  DEMO_HOUSING,     /* 住房和城乡建设局 */
  DEMO_ECOLOGY,     /* 生态环境局 (a county's is a branch) */
  DEMO_SCIENCE,     /* 科学技术局 */
  DEMO_MARKET,      /* 市场监督管理局 */
  DEMO_TAX,         /* 税务局 */
  DEMO_TREASURY,    /* 财政局 */
  DEMO_FARMING,     /* 农业农村局 */
  DEMO_EMERGENCY,   /* 应急管理局 */
  DEMO_HEALTH,      /* 卫生健康委员会 / 局 */
  DEMO_N_BUREAUS
} DemoBureau;

enum { DEMO_N_TOPICS = 3 }; /* demand texts per category */

/* One kind of demand text; {e} is the enterprise and {n} a number. */
typedef struct DemoTopic {
  const char *subcategory;
  const char *title;
  const char *content;
  int lo, hi;              /* the range {n} is drawn from */
} DemoTopic;

/* A category of the dictionary and how demands of it are handled. */
typedef struct DemoCat {
  const char *code;        /* category code in the store */
  int weight;              /* share of demands (supplies: by month) */
  DemoBureau leads[3];     /* the departments that lead it ... */
  int lead_odds[3];        /* ... by weight; 0 ends the list */
  DemoBureau alt;          /* where a returned demand is sent instead */
  DemoBureau co;           /* the co-department it most often needs */
  const char *result;      /* the result when it is resolved */
  DemoTopic topics[DEMO_N_TOPICS];
} DemoCat;

/* Every category of the dictionary, labour first (demo_flow.c). */
extern const DemoCat demo_cats[];
extern const int demo_n_cats;

/* Copy TMPL into OUT (SIZE bytes, always terminated) with {e} as NAME and
 * {n} as N. */
void demo_fill(const char *tmpl, const char *name, int n, char *out,
               size_t size);

/* The name of bureau B (a DemoBureau) of a place: of the city itself when
 * PLACE is NULL, else of county PLACE (its full and short names) under
 * CITY: 潍坊市工业和信息化局, 寿光市工业和信息化局, 潍坊市生态环境局寿光分局. */
void demo_bureau_name(int b, const char *city, const char *place,
                      const char *place_short, char *out, size_t size);

/* NAME without a final 市, 区 or 县 when it has three characters or more,
 * as enterprise names use it: 寿光市 -> 寿光. */
void demo_short_name(const char *name, char out[16]);

/* Hashes of strings already used (names, credit codes), to keep them
 * unique.  Open addressing; 0 marks a free slot.  Two strings with one
 * 64-bit hash count as one, which costs at worst a redrawn name. */
typedef struct DemoSeen {
  uint64_t *slots;           /* hashes, 0 for free */
  size_t mask;               /* capacity - 1, capacity a power of two */
} DemoSeen;

/* Make S room for about N strings, allocated from A. */
void demo_seen_init(DemoSeen *s, Arena *a, int n);
/* Add STR; false when it was there already. */
bool demo_seen_add(DemoSeen *s, const char *str);

/* The city or one of its counties, as the demand simulation needs it. */
typedef struct DemoPlace {
  const char *code;        /* GB/T 2260 */
  int64_t office_id;       /* its 专员办, where its dispatchers work */
  int64_t supervision_id;  /* its 督办室, where its supervisors work */
  int64_t bureau_ids[DEMO_N_BUREAUS]; /* by DemoBureau */
} DemoPlace;

/* An enterprise, as the demand simulation needs it. */
typedef struct DemoFirm {
  int64_t id;              /* in the database */
  int place;               /* index into DemoWorld.places */
  bool is_key;             /* 重点企业: served by the city more often */
  bool is_above;           /* 规上: raises more demands */
  bool is_four_above;      /* 四上 */
  int64_t commissioner_id; /* the commissioner paired with it, or its
                              team's leader; 0 when it has none */
  const char *name;        /* borrowed; for demand texts */
  const char *contact;     /* borrowed; its enterprise user's name */
  const char *phone;       /* borrowed */
} DemoFirm;

/* What demo_generate made that the demands run through: all borrowed. */
typedef struct DemoWorld {
  const DemoPlace *places; /* the city first, then its counties */
  int n_places;            /* entries of places */
  const DemoFirm *firms;   /* every enterprise */
  int n_firms;             /* entries of firms */
  int64_t dispatcher_id;   /* the demo accounts of the city's offices */
  int64_t supervisor_id;
  int64_t handler_id;      /* ... at the city's 工业和信息化局 */
  int64_t enterprise_id;   /* the demo enterprise account, of: */
  int enterprise_firm;     /*   this index into firms */
} DemoWorld;

/* What the simulated months left behind, counted in the store. */
typedef struct DemoDemands {
  int64_t n_demands;       /* submitted, duplicates included */
  int64_t by_status[DEMAND_STATUS_COUNT]; /* where they ended */
  int64_t n_resolved;      /* closed with outcome resolved */
  int64_t n_partial;       /* closed with outcome partial */
  int64_t n_explained;     /* closed with outcome explained */
  int64_t n_returned;      /* returned by a department at least once */
  int64_t n_reopened;      /* reopened by an unsatisfied rating */
  int64_t n_rated;         /* with a rating (the rest closed unrated) */
  int n_paused;            /* clocks paused for missing materials */
  int n_extensions;        /* extensions asked for, of which */
  int n_extensions_approved; /* the supervisor approved these */
  int64_t n_steps;         /* scheduler steps fired (reminders, notices,
                              escalations, accountability, auto-closes) */
  int64_t n_notices;       /* 督办单 opened */
  int64_t n_escalated;     /* of which escalated to the supervisor */
  int64_t n_accountability; /* 问责 items */
  int64_t n_visits;        /* visits (走访) recorded, of which */
  int64_t n_visits_raising; /* raised a demand (linked by visit_id) */
  Rates rates;             /* the city's, over the simulated months */
} DemoDemands;

/*
 * Record the commissioners' visits (走访) of the months: routine ones to
 * every enterprise with a commissioner at a pace set by its importance
 * (some small ones never), and one before each demand a commissioner
 * raises, which the demand names as its visit_id.  Then run
 * SPEC->n_demands demands of the enterprises of W through the real
 * lifecycle over 2026-03-01 to 2026-10-31 (China Standard Time) on a
 * simulated clock: submissions, assignment, returns, pauses, answers,
 * extensions, results, ratings, withdrawals and merged duplicates, each
 * through workflow_submit / workflow_act as the person who would take it,
 * with workflow_tick every simulated hour for the scheduler's reminders,
 * notices, escalations, accountability and auto-closes.  Creates the
 * accounts the people need (dispatchers, supervisors and handlers of each
 * place, users of the enterprises that speak for themselves), without
 * passwords.  Every choice comes from SEED.  Leaves the clock released.
 * *OUT counts what came of it.  Errors from the workflow, with the demand
 * and the step named in the message.
 */
QtCode demo_demands(Store *st, const DemoWorld *w, int n_demands,
                    uint64_t seed, bool show_progress, DemoDemands *out,
                    QtError *err);

/* What demo_generate made. */
typedef struct DemoResult {
  int n_counties;         /* county-level divisions used */
  int n_departments;      /* offices, bureaus and town governments */
  int n_enterprises;      /* all of them, of which: */
  int n_above;            /*   规上 */
  int n_four_above;       /*   四上 */
  int n_key;              /*   重点企业 */
  int n_foreign_invested; /*   外资 */
  int n_foreign_trade;    /*   外贸 */
  int n_projects;         /* key projects */
  int n_commissioners;    /* role commissioner */
  int n_leaders;          /* role leader */
  int n_teams;            /* 入企小分队 */
  int n_pairings;         /* active ones, of every kind */
  int n_pairings_ended;   /* earlier pairings kept as history */
  DemoDemands demands;    /* the simulated months of demands */
  DemoAccount accounts[DEMO_N_ACCOUNTS]; /* admin, leader, supervisor,
                                            dispatcher, handler,
                                            commissioner, enterprise */
} DemoResult;

/* The password of every demo sign-in account. */
#define DEMO_PASSWORD "Qitong-2026"

/*
 * Fill the empty registry of ST with the demo data set SPEC drawn from
 * SEED: Weifang's departments, enterprises, key projects, commissioners,
 * leaders, teams, pairings, and the seven sign-in accounts (one per role,
 * password DEMO_PASSWORD); then run SPEC->n_demands demands through the
 * lifecycle (demo_demands).  The caller holds the write transaction and
 * has checked the registry is empty.  With SHOW_PROGRESS, counts go to
 * standard error as they grow.  *OUT says what was made.  QT_ESTORE or
 * QT_ECONFLICT from the store (a username taken, say); QT_ENOTFOUND when
 * region 370700 or its counties are missing from the region table.
 */
QtCode demo_generate(Store *st, const DemoSpec *spec, uint64_t seed,
                     bool show_progress, DemoResult *out, QtError *err);

#endif
