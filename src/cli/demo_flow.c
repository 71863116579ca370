/*
 * demo_flow.c — months of demands through the real lifecycle; see demo.h.
 *
 * Each demand is a Case: what the simulation knows of it (whose it is,
 * who raised it, where it is routed, what is planned next).  Cases wait
 * in one priority queue ordered by the time of their next step, so the
 * months play out in time order: the clock (qt_clock_set) moves to each
 * step, and the step goes through workflow_submit or workflow_act as the
 * person who would take it.  workflow_tick runs on every simulated hour,
 * so reminders, supervision notices, escalations, accountability and
 * auto-closes come from the scheduler itself.  Nothing here writes a
 * demand any other way: the rates the dashboards show are whatever the
 * lifecycle made of the months.
 *
 * The odds below (per mille) are the simulation's only knowledge of how
 * offices behave: most demands are assigned within the day and answered
 * within three, some are late, returned, paused for missing materials,
 * extended, rated unsatisfied and reopened, withdrawn or merged as
 * duplicates.  People act in office hours on working days, unless that
 * would make them late when they meant to be on time: then someone on
 * duty acts.
 *
 * Commissioners' visits (走访) are written too: routine ones before the
 * months run, and the one each demand a commissioner raises comes from,
 * just before it is submitted with the visit's id.  Their choices come
 * from a stream of their own, so the demands are the same with them.
 *
 * Choices are drawn as steps are taken, from a stream of the seed of
 * their own, and steps at the same second run in the order they were
 * planned, so a seed gives the same demands, codes and histories on every
 * run.  A simulated day is one batch: store_begin/store_end around it
 * nests each workflow call's own transaction, so the store commits once a
 * day rather than once a step (once in all when the caller holds an outer
 * transaction, as `qitong demo` does).
 */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "demo.h"
#include "workflow.h"

enum {
  MINUTE = 60,
  HOUR = 3600,
  DAY = 86400,
  N_MONTHS = 8,       /* March to October 2026 */
  TICK_MAX = 2000     /* demands one scheduler call may move */
};

/* The first simulated day and the day after the last, China Standard
 * Time, and their months for the rates. */
static const char first_day[] = "2026-03-01";
static const char end_day[] = "2026-11-01";
static const char first_month[] = "2026-03";
static const char last_month[] = "2026-10";

/* ---- what demands are about ------------------------------------------- */

/* Labour and finance lead, as in every city's figures; epidemic supplies
 * mattered in the spring of work resumption. */
const DemoCat demo_cats[] = {
  {"labour", 210, {DEMO_HRSS}, {100}, DEMO_MIIT, DEMO_MIIT,
   "已协调人社部门组织专场招聘并对接劳务基地，企业用工缺口已补齐。",
   {{"招工", "一线操作工缺口约{n}人，请协助对接招聘渠道",
     "{e}因订单增加，一线操作工缺口约{n}人，自主招聘效果不佳，希望协助对接"
     "人力资源市场和劳务基地，组织专场招聘。", 20, 300},
    {"返岗", "外地员工返岗困难，请协助组织点对点返岗",
     "{e}有{n}名外省员工尚未返岗，希望协调点对点包车接返，并协助做好健康"
     "核验。", 10, 200},
    {"稳岗", "申请稳岗返还和社会保险费缓缴",
     "{e}受订单下滑影响，生产经营困难，申请办理稳岗返还和社会保险费缓缴，"
     "涉及职工{n}人。", 30, 800}}},
  {"finance", 190, {DEMO_FINANCE, DEMO_TREASURY}, {90, 10}, DEMO_TREASURY,
   DEMO_TREASURY, "已协调合作银行完成授信审批，资金已发放到位。",
   {{"流动资金贷款", "流动资金紧张，申请{n}万元流动资金贷款",
     "{e}原材料采购资金缺口较大，希望协调银行提供{n}万元流动资金贷款，并"
     "争取利率优惠。", 100, 5000},
    {"续贷", "贷款即将到期，申请无还本续贷",
     "{e}在银行的{n}万元贷款将于近期到期，受回款周期影响，申请办理无还本"
     "续贷，避免资金链断裂。", 200, 8000},
    {"融资担保", "缺少抵押物，请协助对接政策性融资担保",
     "{e}为轻资产企业，缺少有效抵押物，希望协助对接政府性融资担保机构，"
     "解决{n}万元融资需求。", 100, 3000}}},
  {"land", 95, {DEMO_LAND}, {100}, DEMO_HOUSING, DEMO_APPROVAL,
   "已协调落实用地指标，相关手续已办结。",
   {{"用地指标", "扩建项目用地指标不足",
     "{e}扩建项目需新增建设用地约{n}亩，希望协调用地指标并加快土地出让"
     "进度。", 10, 200},
    {"不动产登记", "厂区土地历史遗留问题影响办证",
     "{e}厂区约{n}亩土地因历史原因未办理不动产权证，影响融资抵押，希望"
     "协助解决。", 5, 120},
    {"弹性出让", "咨询工业用地弹性年期出让政策",
     "{e}新上项目拟用地约{n}亩，咨询工业用地弹性年期出让和先租后让的"
     "办理条件。", 10, 150}}},
  {"approval", 120, {DEMO_APPROVAL, DEMO_MARKET}, {85, 15}, DEMO_HOUSING,
   DEMO_LAND, "已开辟绿色通道并联审批，相关许可已办结。",
   {{"施工许可", "新建厂房施工许可办理进度慢",
     "{e}新建{n}平方米厂房项目已完成规划许可，施工许可证办理进展缓慢，"
     "希望协调加快审批。", 2000, 50000},
    {"环评", "技改项目环评审批咨询",
     "{e}拟实施技术改造项目，总投资约{n}万元，咨询环评手续办理要求和并联"
     "审批流程。", 500, 30000},
    {"生产许可", "申请办理生产许可证延续",
     "{e}工业产品生产许可证将于{n}天后到期，申请办理延续手续，希望提供"
     "帮办代办服务。", 10, 60}}},
  {"logistics", 80, {DEMO_TRANSPORT}, {100}, DEMO_COMMERCE, DEMO_COMMERCE,
   "已协调办理通行手续并对接物流企业，运输已恢复正常。",
   {{"车辆通行", "货运车辆通行受阻，申请重点物资运输通行证",
     "{e}有{n}辆货运车辆在运输途中通行受阻，希望协助办理重点物资运输车辆"
     "通行证。", 3, 30},
    {"出口物流", "出口货物订舱困难、运费上涨",
     "{e}出口货物订舱困难，海运费较去年上涨约{n}%，希望协助对接港口和"
     "货代企业。", 20, 200},
    {"仓储", "成品积压，物流园区仓储不足",
     "{e}成品积压约{n}吨，周边物流园区仓储不足，希望协调临时仓储场地。",
     100, 5000}}},
  {"materials", 90, {DEMO_MIIT, DEMO_COMMERCE}, {60, 40}, DEMO_COMMERCE,
   DEMO_TRANSPORT, "已协调上游供应商恢复供货，企业生产已恢复正常。",
   {{"原料供应", "主要原材料价格上涨、供应紧张",
     "{e}主要原材料供应紧张、价格上涨约{n}%，希望协助对接上游供应商，保障"
     "生产。", 10, 40},
    {"进口零部件", "关键进口零部件到货延迟",
     "{e}关键进口零部件到货延迟，库存仅能维持{n}天生产，希望协助对接替代"
     "供应渠道。", 5, 20},
    {"以点带链", "上游配套企业未复工影响供货",
     "{e}的{n}家上游配套企业尚未全面复工，影响正常供货，希望协调以点带链"
     "推动复工。", 2, 8}}},
  {"supplies", 0, {DEMO_MIIT, DEMO_HEALTH}, {80, 20}, DEMO_COMMERCE,
   DEMO_HEALTH, "已协调调配防疫物资，企业需求已满足。",
   {{"口罩", "复工急需口罩等防疫物资",
     "{e}复工员工{n}人，口罩、消毒液等防疫物资储备不足，希望协助调配采购"
     "渠道。", 50, 2000},
    {"转产原料", "防疫物资生产原料紧缺",
     "{e}转产防疫物资，熔喷布等原料紧缺，日产能仅发挥{n}%，希望协调原料"
     "供应。", 20, 70},
    {"测温设备", "厂区出入口需要红外测温设备",
     "{e}厂区出入口需要红外测温设备{n}台，希望协助采购。", 2, 10}}},
  {"talent", 65, {DEMO_HRSS, DEMO_SCIENCE}, {55, 45}, DEMO_SCIENCE,
   DEMO_HRSS, "已协调落实人才公寓和子女入学等配套服务，相关事项已办结。",
   {{"高层次人才", "引进高层次人才的住房和子女入学问题",
     "{e}新引进博士等高层次人才{n}名，希望协调人才公寓和子女入学等配套"
     "服务。", 1, 8},
    {"高企认定", "申请高新技术企业认定辅导",
     "{e}研发投入占销售收入约{n}%，计划申报高新技术企业，希望提供政策"
     "辅导。", 3, 10},
    {"校企合作", "校企合作引进技术工人",
     "{e}希望与本地职业院校开展订单式培养，每年引进技术工人约{n}名。",
     20, 150}}},
  {"policy", 60, {DEMO_REFORM, DEMO_MIIT, DEMO_TAX}, {60, 25, 15},
   DEMO_MIIT, DEMO_TREASURY, "已指导企业完成申报，政策资金已兑现。",
   {{"技改奖补", "咨询技术改造奖补政策兑现流程",
     "{e}符合技术改造奖补政策条件，设备投资约{n}万元，咨询申报流程和兑现"
     "时限。", 200, 5000},
    {"房租减免", "申请阶段性减免国有房产租金",
     "{e}租用国有资产房产{n}平方米，咨询阶段性房租减免政策的申请办法。",
     500, 10000},
    {"出口退税", "出口退税办理进度咨询",
     "{e}有约{n}万元出口退税尚未到账，希望协调加快办理进度。", 50, 2000}}},
  {"infrastructure", 45, {DEMO_HOUSING, DEMO_TRANSPORT}, {85, 15},
   DEMO_LAND, DEMO_TRANSPORT, "已协调相关单位完成施工，问题已解决。",
   {{"道路", "厂区周边道路破损影响运输",
     "{e}厂区门前道路约{n}米破损严重，大型货车通行困难，希望协调维修。",
     100, 1500},
    {"用电", "新增生产线用电增容申请",
     "{e}新增生产线需用电增容{n}千伏安，希望协调供电部门加快办理。", 200,
     5000},
    {"燃气", "新厂区天然气管网接入",
     "{e}新厂区尚未接通天然气管网，希望协调管网接入，日用气量约{n}立方米。",
     500, 20000}}},
  {"other", 35, {DEMO_REFORM, DEMO_MARKET, DEMO_EMERGENCY}, {40, 35, 25},
   DEMO_MARKET, DEMO_ECOLOGY, "已协调相关部门依法处理，问题已解决。",
   {{"周边环境", "周边施工噪音影响企业正常办公",
     "{e}反映周边施工噪音影响企业办公，已持续约{n}天，希望协调处理。", 5,
     60},
    {"安全生产", "咨询危化品仓储安全生产检查标准",
     "{e}咨询危化品仓储安全生产检查标准，涉及储罐{n}个。", 2, 20},
    {"知识产权", "商标被仿冒，请求协助维权",
     "{e}发现{n}家企业涉嫌仿冒其注册商标，希望协助维权。", 1, 5}}},
};

const int demo_n_cats = (int)(sizeof demo_cats / sizeof demo_cats[0]);

/* CAT_SUPPLIES is the index of "supplies" in demo_cats. */
enum { N_CATS = sizeof demo_cats / sizeof demo_cats[0], CAT_SUPPLIES = 6 };

/* Epidemic supplies by month, March first, on the scale of weights. */
static const int supplies_by_month[N_MONTHS] = {130, 40, 12, 8, 6, 6, 6, 10};

/* Demands by month of submission, March first, and by hour of day. */
static const int month_weights[N_MONTHS] = {150, 130, 115, 120,
                                            115, 115, 125, 115};
static const int hour_weights[24] = {1,  1,  1,  1,  1,  1,  1,  4,
                                     20, 30, 30, 25, 10, 15, 28, 28,
                                     25, 15, 8,  6,  5,  3,  2,  1};

static const char *const answers[] = {
  "已受理。我局已安排专人与企业对接，将于{n}个工作日内提出办理意见并反馈"
  "企业。",
  "已与企业负责人电话沟通，正会同相关单位研究解决方案，预计{n}个工作日内"
  "办结。",
  "已到企业现场了解情况，相关事项正在协调中，{n}个工作日内给予答复。",
};

static const char partial_result[] =
  "经多方协调，已解决企业的部分诉求；其余事项受政策条件限制暂无法办理，"
  "已向企业说明并将持续跟进。";
static const char explained_result[] =
  "经核查，企业诉求不符合现行政策规定，暂无法办理，已当面向企业解释说明"
  "政策依据。";

/* ---- the simulation's state ------------------------------------------ */

typedef enum Step {
  STEP_SUBMIT,
  STEP_MERGE,      /* the dispatcher merges a duplicate */
  STEP_ASSIGN,
  STEP_ACCEPT,
  STEP_RETURN,
  STEP_REDISPATCH, /* the dispatcher reassigns or refuses a return */
  STEP_PAUSE,
  STEP_RESUME,
  STEP_ANSWER,
  STEP_EXTEND,
  STEP_DECIDE,     /* the supervisor decides an extension */
  STEP_RESOLVE,
  STEP_CONFIRM,
  STEP_WITHDRAW
} Step;

/* Who raised a demand, and so who speaks for the enterprise later. */
typedef enum By {
  BY_COMMISSIONER, /* on a visit (走访) */
  BY_ENTERPRISE,   /* its own user, on the web, the app or by mail */
  BY_OFFICE        /* the service office, from the hotline */
} By;

typedef struct Case {
  int64_t id;             /* the demand, once submitted */
  int firm;               /* index into the world's firms */
  int original;           /* a duplicate's original case; -1 */
  int level;              /* the place whose offices serve it (0: city) */
  int cat;                /* index into cats */
  int topic;              /* index into its topics */
  int number;             /* the {n} of its texts */
  DemoBureau bureau;      /* its lead department's bureau */
  By by;                  /* who raised it */
  Step next;              /* the step its queue entry is for */
  bool is_over;           /* closed, withdrawn or merged, or left to the
                             scheduler to close */
  bool is_resolved;       /* resolved in the current cycle */
  bool was_accepted;      /* accepted when it was returned */
  bool has_returned;      /* returned once already */
  int cycles;             /* times reopened */
  Outcome outcome;        /* of the latest resolution */
  QtTime assign_due;      /* the demand's deadlines, as the store has */
  QtTime answer_due;      /* them after the latest step */
  QtTime resolve_due;
  QtTime assigned_at;     /* the current cycle's start */
  QtTime answer_at;       /* when the handler means to answer */
  QtTime paused_at;       /* when the clock was paused; 0 */
  QtTime withdraw_at;     /* when the enterprise gives up; 0 never */
} Case;

/* A case's place in the queue. */
typedef struct Entry {
  QtTime at;              /* when its next step is taken */
  uint32_t seq;           /* planning order, for steps at one second */
  int c;                  /* index into cases */
} Entry;

typedef struct Flow {
  Store *st;              /* borrowed */
  const DemoWorld *w;     /* borrowed */
  DemoRng rng;            /* every choice of the demands */
  DemoRng visit_rng;      /* every choice of the visits, a stream of its
                             own so visits leave the demands as they
                             were */
  Arena *keep;            /* actors and tables, for the whole run */
  Arena *a;               /* workflow results, renewed each day */
  QtError *err;           /* borrowed */
  DemoDemands *out;       /* borrowed */
  bool show_progress;     /* the progress line on standard error */
  const Calendar *cal;    /* borrowed from workflow_calendar */
  QtTime epoch;           /* 2026-03-01 00:00 CST */
  QtTime end;             /* 2026-11-01 00:00 CST */
  Actor *dispatchers;     /* by place */
  Actor *supervisors;     /* by place */
  Actor *handlers;        /* by place * DEMO_N_BUREAUS + bureau */
  Actor **commissioners;  /* by firm, made on first use */
  Actor **enterprises;    /* by firm, made (with the user) on first use */
  int64_t *firm_cum;      /* cumulative weights, to draw a firm */
  int64_t *day_cum;       /* cumulative weights, to draw a day */
  int n_days;             /* entries of day_cum */
  Case *cases;            /* originals first, then duplicates */
  int n_cases;            /* used */
  int cap_cases;          /* allocated; also the queue's capacity */
  Entry *heap;            /* the queue: a binary min-heap */
  int n_heap;             /* entries used */
  uint32_t seq;           /* next Entry.seq */
  int n_submitted;        /* for the progress line */
} Flow;

/* ---- the queue --------------------------------------------------------- */

static bool is_before(const Entry *x, const Entry *y)
{
  return x->at < y->at || (x->at == y->at && x->seq < y->seq);
}

static void push(Flow *f, QtTime at, int c)
{
  int i = f->n_heap++, parent;
  Entry e = {at, f->seq++, c};

  /* Each case has at most one entry, and cases never exceed the
   * capacity. */
  while (i > 0) {
    parent = (i - 1) / 2;
    if (!is_before(&e, &f->heap[parent])) break;
    f->heap[i] = f->heap[parent];
    i = parent;
  }
  f->heap[i] = e;
}

static Entry pop(Flow *f)
{
  Entry top = f->heap[0], last = f->heap[--f->n_heap];
  int i = 0, kid;

  for (;;) {
    kid = 2 * i + 1;
    if (kid >= f->n_heap) break;
    if (kid + 1 < f->n_heap && is_before(&f->heap[kid + 1], &f->heap[kid])) {
      kid++;
    }
    if (!is_before(&f->heap[kid], &last)) break;
    f->heap[i] = f->heap[kid];
    i = kid;
  }
  if (f->n_heap > 0) f->heap[i] = last;
  return top;
}

/* ---- drawing ----------------------------------------------------------- */

static bool chance(Flow *f, int per_mille)
{
  return demo_rng_chance(&f->rng, per_mille);
}

/* Seconds in [LO, HI]. */
static QtTime span(Flow *f, QtTime lo, QtTime hi)
{
  return lo + (QtTime)demo_rng_below(&f->rng, (int)(hi - lo + 1));
}

/* An index of CUM (N cumulative weights) drawn by weight. */
static int draw_cum(Flow *f, const int64_t *cum, int n)
{
  int64_t x = (int64_t)(demo_rng_next(&f->rng) % (uint64_t)cum[n - 1]);
  int lo = 0, hi = n - 1, mid;

  while (lo < hi) {
    mid = (lo + hi) / 2;
    if (cum[mid] > x) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

/* Month of T as 0 for March ... 7 for October. */
static int month_of(QtTime t)
{
  char date[QT_TIME_TEXT];
  int m;

  qt_date_format(t, date);
  m = (date[5] - '0') * 10 + (date[6] - '0') - 3;
  return m < 0 ? 0 : m >= N_MONTHS ? N_MONTHS - 1 : m;
}

/* When a demand is raised: more on working days and in office hours,
 * more in the spring. */
static QtTime draw_arrival(Flow *f)
{
  int day = draw_cum(f, f->day_cum, f->n_days);
  int hour = demo_rng_weighted(&f->rng, hour_weights, 24);

  return f->epoch + (QtTime)day * DAY + (QtTime)hour * HOUR +
         span(f, 0, HOUR - 1);
}

static int draw_cat(Flow *f, QtTime now)
{
  int w[N_CATS], i;

  for (i = 0; i < N_CATS; i++) {
    w[i] = i == CAT_SUPPLIES ? supplies_by_month[month_of(now)]
                             : demo_cats[i].weight;
  }
  return demo_rng_weighted(&f->rng, w, N_CATS);
}

static DemoBureau draw_lead(Flow *f, const DemoCat *cat)
{
  int n = 0;

  while (n < 3 && cat->lead_odds[n] > 0) {
    n++;
  }
  return cat->leads[demo_rng_weighted(&f->rng, cat->lead_odds, n)];
}

void demo_fill(const char *tmpl, const char *name, int n, char *out,
                 size_t size)
{
  size_t len = 0, add;
  char num[16];
  const char *p = tmpl, *piece;

  snprintf(num, sizeof num, "%d", n);
  while (*p && len + 1 < size) {
    if (p[0] == '{' && (p[1] == 'e' || p[1] == 'n') && p[2] == '}') {
      piece = p[1] == 'e' ? name : num;
      add = strlen(piece);
      p += 3;
    } else {
      piece = p;
      add = 1;
      p++;
    }
    if (len + add >= size) break;
    memcpy(out + len, piece, add);
    len += add;
  }
  out[len] = '\0';
}

/* ---- time ---------------------------------------------------------------- */

/* T moved into office hours (08:30 to 18:00 of a working day) when it
 * falls outside them, unless that would pass LATEST (0: no limit): then
 * whoever is on duty acts at T. */
static QtTime office(Flow *f, QtTime t, QtTime latest)
{
  QtDay day = calendar_day_of(t);
  QtTime start = calendar_day_start(day), opens = 8 * HOUR + 30 * MINUTE;
  QtTime moved, late = span(f, 0, 2 * HOUR);

  if (calendar_is_working_day(f->cal, day) && t - start >= opens &&
      t - start < 18 * HOUR) {
    return t;
  }
  if (calendar_is_working_day(f->cal, day) && t - start < opens) {
    moved = start + opens + late;
  } else {
    do {
      day++;
    } while (!calendar_is_working_day(f->cal, day));
    moved = calendar_day_start(day) + opens + late;
  }
  return latest && moved > latest ? t : moved;
}

/* Queue the next STEP of case C at AT (after NOW).  An enterprise that
 * means to withdraw does so first, while the demand is being worked. */
static void plan(Flow *f, Case *c, Step step, QtTime now, QtTime at)
{
  if (c->withdraw_at && !c->is_resolved && step != STEP_CONFIRM &&
      c->withdraw_at < at) {
    step = STEP_WITHDRAW;
    at = c->withdraw_at;
  }
  if (at < now + MINUTE) at = now + MINUTE;
  c->next = step;
  push(f, at, (int)(c - f->cases));
}

/* ---- people ------------------------------------------------------------ */

/* The actor of user U, with its scope. */
static QtCode actor_of(Flow *f, const User *u, Actor *out)
{
  return auth_actor_for(f->st, u, f->keep, out, f->err);
}

/* The actor of existing user ID. */
static QtCode actor_by_id(Flow *f, int64_t id, Actor *out)
{
  Scope all = {.kind = SCOPE_ALL};
  User u;

  if (store_user_get(f->st, &all, id, f->keep, &u, f->err) != QT_OK) {
    return f->err->code;
  }
  return actor_of(f, &u, out);
}

/* A new staff account without a password, and its actor. */
static QtCode add_staff(Flow *f, const char *username, Role role,
                        const char *region, int64_t department, Actor *out)
{
  char display[DEMO_PERSON], phone[DEMO_PHONE];
  User u;

  memset(&u, 0, sizeof u);
  demo_person_name(&f->rng, display);
  demo_phone(&f->rng, phone);
  u.username = (char *)username;
  u.display_name = display;
  u.role = role;
  u.region_code = (char *)region;
  u.department_id = department;
  u.phone = phone;
  if (store_user_create(f->st, &u, f->err) != QT_OK) return f->err->code;
  return actor_of(f, &u, out);
}

/* A dispatcher and a supervisor for every place, and a handler for every
 * bureau of it; the city's demo accounts stand for their offices. */
static QtCode make_staff(Flow *f)
{
  const DemoWorld *w = f->w;
  char name[48];
  int i, b;
  QtCode rc = QT_OK;

  f->dispatchers = arena_alloc(f->keep, (size_t)w->n_places *
                                          sizeof *f->dispatchers);
  f->supervisors = arena_alloc(f->keep, (size_t)w->n_places *
                                          sizeof *f->supervisors);
  f->handlers = arena_alloc(f->keep, (size_t)w->n_places * DEMO_N_BUREAUS *
                                       sizeof *f->handlers);
  for (i = 0; rc == QT_OK && i < w->n_places; i++) {
    const DemoPlace *p = &w->places[i];
    if (i == 0) {
      rc = actor_by_id(f, w->dispatcher_id, &f->dispatchers[i]);
      if (rc == QT_OK) rc = actor_by_id(f, w->supervisor_id,
                                        &f->supervisors[i]);
    } else {
      snprintf(name, sizeof name, "dispatcher-%s", p->code);
      rc = add_staff(f, name, ROLE_DISPATCHER, p->code, p->office_id,
                     &f->dispatchers[i]);
      snprintf(name, sizeof name, "supervisor-%s", p->code);
      if (rc == QT_OK) {
        rc = add_staff(f, name, ROLE_SUPERVISOR, p->code, p->supervision_id,
                       &f->supervisors[i]);
      }
    }
    for (b = 0; rc == QT_OK && b < DEMO_N_BUREAUS; b++) {
      Actor *h = &f->handlers[i * DEMO_N_BUREAUS + b];
      if (i == 0 && b == DEMO_MIIT) {
        rc = actor_by_id(f, w->handler_id, h);
      } else {
        snprintf(name, sizeof name, "handler-%s-%02d", p->code, b + 1);
        rc = add_staff(f, name, ROLE_HANDLER, p->code, p->bureau_ids[b], h);
      }
    }
  }
  return rc;
}

/* The commissioner of case C's enterprise (which has one). */
static QtCode commissioner(Flow *f, const Case *c, const Actor **out)
{
  Actor *a = f->commissioners[c->firm];

  if (!a) {
    a = arena_alloc(f->keep, sizeof *a);
    if (actor_by_id(f, f->w->firms[c->firm].commissioner_id, a) != QT_OK) {
      return f->err->code;
    }
    f->commissioners[c->firm] = a;
  }
  *out = a;
  return QT_OK;
}

/* The enterprise's own user, made when it first speaks for itself. */
static QtCode enterprise(Flow *f, const Case *c, const Actor **out)
{
  const DemoFirm *firm = &f->w->firms[c->firm];
  Actor *a = f->enterprises[c->firm];
  char username[32];
  User u;

  if (!a) {
    a = arena_alloc(f->keep, sizeof *a);
    if (c->firm == f->w->enterprise_firm) {
      if (actor_by_id(f, f->w->enterprise_id, a) != QT_OK) {
        return f->err->code;
      }
    } else {
      snprintf(username, sizeof username, "ent-%lld", (long long)firm->id);
      memset(&u, 0, sizeof u);
      u.username = username;
      u.display_name = (char *)firm->contact;
      u.role = ROLE_ENTERPRISE;
      u.enterprise_id = firm->id;
      u.region_code = (char *)f->w->places[firm->place].code;
      u.phone = (char *)firm->phone;
      if (store_user_create(f->st, &u, f->err) != QT_OK ||
          actor_of(f, &u, a) != QT_OK) {
        return f->err->code;
      }
    }
    f->enterprises[c->firm] = a;
  }
  *out = a;
  return QT_OK;
}

/* Who speaks for case C's enterprise: its own user ENTERPRISE_ODDS per
 * mille of the time, or always when it has no commissioner; else its
 * commissioner. */
static QtCode speaker(Flow *f, const Case *c, int enterprise_odds,
                      const Actor **out)
{
  if (!f->w->firms[c->firm].commissioner_id || chance(f, enterprise_odds)) {
    return enterprise(f, c, out);
  }
  return commissioner(f, c, out);
}

/* The party that follows the demand up: mostly whoever raised it. */
static QtCode party(Flow *f, const Case *c, const Actor **out)
{
  switch (c->by) {
  case BY_COMMISSIONER: return speaker(f, c, 300, out);
  case BY_ENTERPRISE: return speaker(f, c, 850, out);
  case BY_OFFICE: break;
  }
  return speaker(f, c, 0, out);
}

static const Actor *handler(Flow *f, const Case *c)
{
  return &f->handlers[c->level * DEMO_N_BUREAUS + c->bureau];
}

/* ---- visits (走访) ------------------------------------------------------ */

/* What a commissioner notes of a visit that raised nothing, by mode; {e}
 * is the enterprise. */
static const char *const notes_on_site[] = {
  "走访{e}，了解生产经营情况：订单饱满，用工稳定，暂无需要协调的困难。",
  "到{e}宣讲最新惠企政策，企业表示将申报技改补贴，已留下申报指引。",
  "走访{e}，企业近期计划扩大产能，已提醒提前办理用地和环评手续。",
  "与{e}负责人座谈，听取对营商环境的意见建议，企业总体满意。",
  "走访{e}，了解原材料供应和价格情况，企业反映运行平稳。",
  "到{e}了解融资需求，已推介合作银行的信贷产品，企业将自行对接。",
  "走访{e}，协助梳理高新技术企业认定申报材料。",
  "检查{e}安全生产措施落实情况，现场未发现问题。",
};
static const char *const notes_phone[] = {
  "电话回访{e}，了解前期诉求办理情况，企业表示满意。",
  "电话联系{e}负责人，确认近期无新的困难和诉求。",
  "电话了解{e}复工和用工情况，企业运行正常。",
};
static const char *const notes_video[] = {
  "视频连线{e}负责人，了解出口订单和物流情况，暂无诉求。",
  "视频座谈{e}，通报本月惠企政策，企业表示会关注申报。",
};

#define N_OF(a) ((int)(sizeof a / sizeof a[0]))

/* Seconds in [LO, HI], from the visits' stream. */
static QtTime visit_span(Flow *f, QtTime lo, QtTime hi)
{
  return lo + (QtTime)demo_rng_below(&f->visit_rng, (int)(hi - lo + 1));
}

/* Record a visit of FIRM's commissioner to FIRM at AT in MODE with NOTES,
 * written on the clock at RECORDED (when it was entered); its id in *ID
 * (may be NULL). */
static QtCode record_visit(Flow *f, const DemoFirm *firm, QtTime at,
                          QtTime recorded, const char *mode,
                          const char *notes, int64_t *id)
{
  Visit v;

  memset(&v, 0, sizeof v);
  v.user_id = firm->commissioner_id;
  v.enterprise_id = firm->id;
  v.region_code = (char *)f->w->places[firm->place].code;
  v.visited_at = at;
  v.mode = (char *)mode;
  v.notes = (char *)notes;
  qt_clock_set(true, recorded);
  if (store_visit_create(f->st, &v, f->err) != QT_OK) return f->err->code;
  f->out->n_visits++;
  if (id) *id = v.id;
  return QT_OK;
}

/* The visit on which case C's demand, titled TITLE, is raised at NOW: on
 * site mostly, shortly before; its id in *ID. */
static QtCode visit_for_demand(Flow *f, const Case *c, const char *title,
                               QtTime now, int64_t *id)
{
  const DemoFirm *firm = &f->w->firms[c->firm];
  static const char *const modes[] = {"on_site", "phone", "video"};
  static const int mode_w[] = {80, 15, 5};
  char notes[640];
  int m = demo_rng_weighted(&f->visit_rng, mode_w, 3);
  QtTime at;

  snprintf(notes, sizeof notes,
           "%s%s，企业反映：%s。已%s记录并代企业提交诉求。",
           m == 0 ? "走访" : m == 1 ? "电话联系" : "视频连线", firm->name,
           title, m == 0 ? "现场" : "");
  at = now - visit_span(f, 15 * MINUTE, 2 * HOUR);
  if (at < f->epoch) at = f->epoch; /* the months begin with the visits */
  if (record_visit(f, firm, at, now, modes[m], notes, id) != QT_OK) {
    return f->err->code;
  }
  f->out->n_visits_raising++;
  return QT_OK;
}

/* The visits of the months that raised nothing: every enterprise with a
 * commissioner is visited at its own pace (a key enterprise every three
 * weeks or so, a 四上 one every six, the others every three months), on
 * working days in office hours, and some small ones are left alone unless
 * they ask (无事不扰).  Written before the demands run, each on the clock
 * of the day it was entered. */
static QtCode routine_visits(Flow *f)
{
  const DemoWorld *w = f->w;
  static const char *const modes[] = {"on_site", "phone", "video"};
  static const int mode_w[] = {70, 22, 8};
  char notes[512];
  const char *tmpl;
  QtTime gap, t, at;
  QtDay day;
  int i, m;
  QtCode rc = QT_OK;

  for (i = 0; rc == QT_OK && i < w->n_firms; i++) {
    const DemoFirm *firm = &w->firms[i];
    if (!firm->commissioner_id) continue;
    if (!firm->is_four_above && demo_rng_chance(&f->visit_rng, 150)) {
      continue;
    }
    gap = firm->is_key ? 21 * DAY : firm->is_four_above ? 42 * DAY
                                                        : 90 * DAY;
    t = f->epoch + visit_span(f, 0, gap);
    while (rc == QT_OK && t < f->end) {
      day = calendar_day_of(t);
      while (!calendar_is_working_day(f->cal, day)) {
        day++;
      }
      at = calendar_day_start(day) + 9 * HOUR +
           visit_span(f, 0, 8 * HOUR);
      if (at >= f->end) break;
      m = demo_rng_weighted(&f->visit_rng, mode_w, 3);
      tmpl = m == 0 ? notes_on_site[demo_rng_below(&f->visit_rng,
                                                   N_OF(notes_on_site))]
             : m == 1 ? notes_phone[demo_rng_below(&f->visit_rng,
                                                   N_OF(notes_phone))]
                      : notes_video[demo_rng_below(&f->visit_rng,
                                                   N_OF(notes_video))];
      demo_fill(tmpl, firm->name, 0, notes, sizeof notes);
      rc = record_visit(f, firm, at,
                        at + visit_span(f, 30 * MINUTE, 6 * HOUR), modes[m],
                        notes, NULL);
      t = at + gap * (60 + demo_rng_below(&f->visit_rng, 81)) / 100;
    }
  }
  return rc;
}

/* ---- steps ------------------------------------------------------------- */

/* Put "Demo demand ID (STEP): " before the message of F's error. */
static QtCode failed(Flow *f, const Case *c, const char *step)
{
  char prefix[80];
  size_t n, room = sizeof f->err->message - 1, keep;

  n = (size_t)snprintf(prefix, sizeof prefix, "Demo demand %lld (%s): ",
                       (long long)c->id, step);
  if (n >= sizeof prefix) n = sizeof prefix - 1;
  keep = strlen(f->err->message);
  if (keep > room - n) keep = room - n;
  memmove(f->err->message + n, f->err->message, keep);
  memcpy(f->err->message, prefix, n);
  f->err->message[n + keep] = '\0';
  return f->err->code;
}

/* ACTION on case C by WHO at NOW; the demand afterwards in *R. */
static QtCode act(Flow *f, const Actor *who, Case *c, DemandAction action,
                  const DemandInput *in, QtTime now, DemandRecord *r)
{
  if (workflow_act(f->st, who, c->id, action, in, now, f->a, r, f->err) !=
      QT_OK) {
    return failed(f, c, demand_action_name(action));
  }
  return QT_OK;
}

static void note_deadlines(Case *c, const DemandRecord *r)
{
  c->answer_due = r->d.answer_due;
  c->resolve_due = r->d.resolve_due;
}

/* The dispatcher assigns within the day, and a few times a day late. */
static void plan_assign(Flow *f, Case *c, QtTime now)
{
  QtTime due = c->assign_due, at;
  int r = demo_rng_below(&f->rng, 1000), k;

  if (r < 950) {
    at = now + (r < 700 ? span(f, 10 * MINUTE, 4 * HOUR)
                        : span(f, 4 * HOUR, 20 * HOUR));
    at = office(f, at, due - 30 * MINUTE);
    if (at > due - 10 * MINUTE) at = due - span(f, 10 * MINUTE, HOUR);
  } else {
    k = demo_rng_below(&f->rng, 100);
    at = due + (k < 75 ? span(f, HOUR, 20 * HOUR)
                : k < 97 ? span(f, 20 * HOUR, 60 * HOUR)
                         : span(f, 73 * HOUR, 90 * HOUR));
    at = office(f, at, 0);
  }
  plan(f, c, STEP_ASSIGN, now, at);
}

/* When the handler will answer: mostly within one to three days of the
 * assignment, some late, a reopened demand sooner. */
static void plan_answer_time(Flow *f, Case *c)
{
  QtTime from = c->assigned_at, due = c->answer_due, at;
  int r = demo_rng_below(&f->rng, 1000), k;

  if (r < (c->cycles ? 30 : 80)) {
    k = demo_rng_below(&f->rng, 100);
    at = due + (k < 65 ? span(f, HOUR, 24 * HOUR)
                : k < 92 ? span(f, 24 * HOUR, 72 * HOUR)
                         : span(f, 73 * HOUR, 130 * HOUR));
    c->answer_at = office(f, at, 0);
    return;
  }
  if (c->cycles) {
    at = from + span(f, HOUR, 48 * HOUR);
  } else {
    k = demo_rng_below(&f->rng, 1000);
    at = from + (k < 300 ? span(f, HOUR, 8 * HOUR)
                 : k < 700 ? span(f, 8 * HOUR, 36 * HOUR)
                           : span(f, 36 * HOUR, 70 * HOUR));
  }
  at = office(f, at, due - 30 * MINUTE);
  if (at >= due) at = due - span(f, 10 * MINUTE, 2 * HOUR);
  c->answer_at = at > from + 30 * MINUTE ? at : from + 30 * MINUTE;
}

/* The handler accepts first, most of the time, then answers. */
static void plan_accept(Flow *f, Case *c, QtTime now)
{
  QtTime at;

  if (chance(f, 880)) {
    at = office(f, now + span(f, 15 * MINUTE, 6 * HOUR),
                c->answer_at - 30 * MINUTE);
    if (at < c->answer_at - 10 * MINUTE) {
      plan(f, c, STEP_ACCEPT, now, at);
      return;
    }
  }
  plan(f, c, STEP_ANSWER, now, c->answer_at);
}

/* When the handler will resolve: the same day or within a few for most
 * (many demands are questions the answer settles), two weeks for some, a
 * few late. */
static void plan_resolve(Flow *f, Case *c, QtTime now)
{
  QtTime due = c->resolve_due, at;
  int k = demo_rng_below(&f->rng, 1000);

  if (chance(f, 20)) {
    at = office(f, due + span(f, HOUR, 6 * DAY), 0);
  } else {
    if (c->cycles) {
      at = now + (k < 600 ? span(f, 2 * HOUR, 2 * DAY)
                          : span(f, 2 * DAY, 8 * DAY));
    } else {
      at = now + (k < 450 ? span(f, HOUR, 12 * HOUR)
                  : k < 800 ? span(f, DAY, 4 * DAY)
                  : k < 950 ? span(f, 4 * DAY, 9 * DAY)
                            : span(f, 9 * DAY, 14 * DAY));
    }
    at = office(f, at, due - HOUR);
    if (at >= due) at = due - span(f, HOUR, 12 * HOUR);
  }
  plan(f, c, STEP_RESOLVE, now, at);
}

static QtCode do_submit(Flow *f, int i, QtTime now)
{
  Case *c = &f->cases[i], *o, *dup;
  const DemoFirm *firm;
  const DemoTopic *t;
  const Actor *who;
  SubmitInput in;
  DemandRecord r;
  char title[256], content[1024];
  static const char *const kinds[] = {"help", "enquiry", "suggestion",
                                      "complaint"};
  static const int kind_w[] = {700, 180, 70, 50};
  static const char *const urgencies[] = {"normal", "urgent",
                                          "most_urgent"};
  static const int urgency_w[] = {850, 120, 30};
  static const char *const channels[] = {"web", "mobile", "email"};
  static const int channel_w[] = {55, 35, 10};
  int k;
  QtCode rc;

  if (c->original < 0) {
    c->firm = draw_cum(f, f->firm_cum, f->w->n_firms);
    c->cat = draw_cat(f, now);
    c->topic = demo_rng_below(&f->rng, DEMO_N_TOPICS);
    t = &demo_cats[c->cat].topics[c->topic];
    c->number = demo_rng_range(&f->rng, t->lo, t->hi);
    firm = &f->w->firms[c->firm];
    k = demo_rng_below(&f->rng, 1000);
    if (firm->commissioner_id) {
      c->by = k < 550 ? BY_COMMISSIONER : k < 950 ? BY_ENTERPRISE
                                                  : BY_OFFICE;
    } else {
      c->by = k < 880 ? BY_ENTERPRISE : BY_OFFICE;
    }
    /* County departments serve most; the city's serve the enterprises
     * registered with it and many big ones. */
    c->level = firm->place;
    if (firm->place == 0 || (firm->is_key && chance(f, 700)) ||
        (firm->is_above && chance(f, 100))) {
      c->level = 0;
    }
    if (chance(f, 22)) c->withdraw_at = now + span(f, HOUR, 6 * DAY);
  } else {
    /* The same request again, through the other door. */
    o = &f->cases[c->original];
    c->firm = o->firm;
    c->cat = o->cat;
    c->topic = o->topic;
    c->number = o->number;
    c->level = o->level;
    firm = &f->w->firms[c->firm];
    c->by = o->by != BY_ENTERPRISE ? BY_ENTERPRISE
            : firm->commissioner_id ? BY_COMMISSIONER
                                    : BY_OFFICE;
  }
  t = &demo_cats[c->cat].topics[c->topic];
  memset(&in, 0, sizeof in);
  switch (c->by) {
  case BY_COMMISSIONER:
    /* Raised on a visit (走访), which is recorded and linked below. */
    rc = commissioner(f, c, &who);
    in.channel = "visit";
    break;
  case BY_ENTERPRISE:
    rc = enterprise(f, c, &who);
    in.channel = channels[demo_rng_weighted(&f->rng, channel_w, 3)];
    break;
  default:
    rc = QT_OK;
    who = &f->dispatchers[firm->place];
    in.channel = "hotline";
    break;
  }
  if (rc != QT_OK) return rc;
  demo_fill(t->title, firm->name, c->number, title, sizeof title);
  demo_fill(t->content, firm->name, c->number, content, sizeof content);
  in.enterprise_id = firm->id;
  in.category = demo_cats[c->cat].code;
  in.subcategory = t->subcategory;
  in.kind = kinds[demo_rng_weighted(&f->rng, kind_w, 4)];
  in.urgency = urgencies[demo_rng_weighted(&f->rng, urgency_w, 3)];
  in.title = title;
  in.content = content;
  if (c->by == BY_COMMISSIONER &&
      visit_for_demand(f, c, title, now, &in.visit_id) != QT_OK) {
    return failed(f, c, "visit");
  }
  if (workflow_submit(f->st, who, &in, now, f->a, &r, f->err) != QT_OK) {
    return failed(f, c, "submit");
  }
  c->id = r.d.id;
  c->assign_due = r.d.assign_due;
  f->n_submitted++;
  /* Some enterprises ask again before the first answer comes. */
  if (c->original < 0 && f->n_cases < f->cap_cases && chance(f, 12)) {
    dup = &f->cases[f->n_cases++];
    memset(dup, 0, sizeof *dup);
    dup->original = i;
    dup->next = STEP_SUBMIT;
    push(f, now + span(f, 2 * HOUR, 72 * HOUR), (int)(dup - f->cases));
  }
  if (c->original >= 0) {
    plan(f, c, STEP_MERGE, now,
         office(f, now + span(f, HOUR, 10 * HOUR), c->assign_due));
  } else {
    plan_assign(f, c, now);
  }
  return QT_OK;
}

static QtCode do_merge(Flow *f, Case *c, QtTime now)
{
  const Case *o = &f->cases[c->original];
  DemandInput in;
  DemandRecord r;

  if (o->id == 0 || o->is_over || o->is_resolved) {
    /* The original is done with: this one is handled on its own. */
    plan_assign(f, c, now);
    return QT_OK;
  }
  memset(&in, 0, sizeof in);
  in.duplicate_of = o->id;
  in.note = "与企业此前提交的诉求内容相同，合并办理。";
  if (act(f, &f->dispatchers[c->level], c, ACT_MERGE, &in, now, &r) !=
      QT_OK) {
    return f->err->code;
  }
  c->is_over = true;
  return QT_OK;
}

/* Assign case C to BUREAU of its place, and plan the department's work. */
static QtCode assign_to(Flow *f, Case *c, DemoBureau bureau, QtTime now)
{
  const DemoCat *cat = &demo_cats[c->cat];
  const DemoPlace *p = &f->w->places[c->level];
  DemandInput in;
  DemandRecord r;

  memset(&in, 0, sizeof in);
  in.lead_department_id = p->bureau_ids[bureau];
  if (!c->has_returned && cat->co != bureau && chance(f, 120)) {
    in.co_department_ids[0] = p->bureau_ids[cat->co];
    in.n_co = 1;
  }
  if (act(f, &f->dispatchers[c->level], c, ACT_ASSIGN, &in, now, &r) !=
      QT_OK) {
    return f->err->code;
  }
  c->bureau = bureau;
  c->assigned_at = now;
  note_deadlines(c, &r);
  plan_answer_time(f, c);
  if (!c->has_returned && chance(f, 30)) {
    plan(f, c, STEP_RETURN, now,
         office(f, now + span(f, HOUR, 30 * HOUR), c->answer_due - HOUR));
  } else {
    plan_accept(f, c, now);
  }
  return QT_OK;
}

static QtCode do_return(Flow *f, Case *c, QtTime now)
{
  DemandInput in;
  DemandRecord r;

  memset(&in, 0, sizeof in);
  in.note = "该事项不属于本部门职责范围，建议改派相关主管部门办理。";
  if (act(f, handler(f, c), c, ACT_RETURN, &in, now, &r) != QT_OK) {
    return f->err->code;
  }
  c->was_accepted = r.d.status_before_return == DEMAND_ACCEPTED;
  c->has_returned = true;
  plan(f, c, STEP_REDISPATCH, now,
       office(f, now + span(f, 30 * MINUTE, 10 * HOUR), 0));
  return QT_OK;
}

/* The dispatcher refuses a quarter of returns (首接负责制) and sends the
 * rest where they belong. */
static QtCode do_redispatch(Flow *f, Case *c, QtTime now)
{
  const DemoCat *cat = &demo_cats[c->cat];
  DemoBureau to = cat->alt;
  DemandInput in;
  DemandRecord r;

  if (chance(f, 250)) {
    memset(&in, 0, sizeof in);
    in.note = "经核实属于本部门职责，请继续办理。";
    if (act(f, &f->dispatchers[c->level], c, ACT_REFUSE_RETURN, &in, now,
            &r) != QT_OK) {
      return f->err->code;
    }
    if (c->answer_at < now + HOUR) {
      c->answer_at = office(f, now + span(f, HOUR, 8 * HOUR), 0);
    }
    if (c->was_accepted) {
      plan(f, c, STEP_ANSWER, now, c->answer_at);
    } else {
      plan_accept(f, c, now);
    }
    return QT_OK;
  }
  if (to == c->bureau) to = cat->leads[0] != c->bureau ? cat->leads[0]
                                                       : DEMO_REFORM;
  return assign_to(f, c, to, now);
}

static QtCode do_accept(Flow *f, Case *c, QtTime now)
{
  DemandInput in;
  DemandRecord r;
  QtTime at;

  memset(&in, 0, sizeof in);
  if (act(f, handler(f, c), c, ACT_ACCEPT, &in, now, &r) != QT_OK) {
    return f->err->code;
  }
  /* Some wait for the enterprise's papers before they can answer. */
  if (c->cycles == 0 && chance(f, 50)) {
    at = office(f, now + span(f, HOUR, 20 * HOUR), 0);
    if (at < c->answer_at - HOUR) {
      plan(f, c, STEP_PAUSE, now, at);
      return QT_OK;
    }
  }
  plan(f, c, STEP_ANSWER, now, c->answer_at);
  return QT_OK;
}

static QtCode do_pause(Flow *f, Case *c, QtTime now)
{
  DemandInput in;
  DemandRecord r;

  memset(&in, 0, sizeof in);
  in.note = "请企业补充提供营业执照副本、相关合同及情况说明等材料。";
  if (act(f, handler(f, c), c, ACT_PAUSE, &in, now, &r) != QT_OK) {
    return f->err->code;
  }
  c->paused_at = now;
  f->out->n_paused++;
  plan(f, c, STEP_RESUME, now,
       office(f, now + span(f, DAY, 5 * DAY), 0));
  return QT_OK;
}

static QtCode do_resume(Flow *f, Case *c, QtTime now)
{
  const Actor *who = handler(f, c);
  DemandInput in;
  DemandRecord r;

  memset(&in, 0, sizeof in);
  if (chance(f, 650)) {
    if (party(f, c, &who) != QT_OK) return f->err->code;
    in.note = "相关材料已补充提交。";
  }
  if (act(f, who, c, ACT_RESUME, &in, now, &r) != QT_OK) {
    return f->err->code;
  }
  /* The paused time is added to the deadlines, and to the plan. */
  c->answer_at += now - c->paused_at;
  c->paused_at = 0;
  note_deadlines(c, &r);
  plan(f, c, STEP_ANSWER, now,
       c->answer_at > now ? c->answer_at
                          : office(f, now + span(f, HOUR, 6 * HOUR), 0));
  return QT_OK;
}

static QtCode do_answer(Flow *f, Case *c, QtTime now)
{
  char note[512];
  DemandInput in;
  DemandRecord r;
  QtTime at;

  demo_fill(answers[demo_rng_below(&f->rng, 3)], "", demo_rng_range(&f->rng, 3, 10),
       note, sizeof note);
  memset(&in, 0, sizeof in);
  in.note = note;
  if (act(f, handler(f, c), c, ACT_ANSWER, &in, now, &r) != QT_OK) {
    return f->err->code;
  }
  note_deadlines(c, &r);
  if (c->cycles == 0 && chance(f, 60)) {
    at = office(f, now + span(f, DAY, 6 * DAY), 0);
    if (at < c->resolve_due - 12 * HOUR) {
      plan(f, c, STEP_EXTEND, now, at);
      return QT_OK;
    }
  }
  plan_resolve(f, c, now);
  return QT_OK;
}

static QtCode do_extend(Flow *f, Case *c, QtTime now)
{
  DemandInput in;
  DemandRecord r;

  memset(&in, 0, sizeof in);
  in.extension_days = demo_rng_range(&f->rng, 5, 20);
  in.note = "涉及跨部门、跨层级协调，需进一步研究，申请延长办理时限。";
  if (act(f, handler(f, c), c, ACT_EXTEND, &in, now, &r) != QT_OK) {
    return f->err->code;
  }
  f->out->n_extensions++;
  plan(f, c, STEP_DECIDE, now,
       office(f, now + span(f, 2 * HOUR, 30 * HOUR), 0));
  return QT_OK;
}

static QtCode do_decide(Flow *f, Case *c, QtTime now)
{
  DemandInput in;
  DemandRecord r;

  memset(&in, 0, sizeof in);
  in.is_approved = chance(f, 850);
  in.note = in.is_approved ? "同意延期，请在延长期限内办结。"
                           : "不同意延期，请按原期限办结。";
  if (act(f, &f->supervisors[c->level], c, ACT_DECIDE_EXTENSION, &in, now,
          &r) != QT_OK) {
    return f->err->code;
  }
  if (in.is_approved) f->out->n_extensions_approved++;
  note_deadlines(c, &r);
  plan_resolve(f, c, now);
  return QT_OK;
}

static QtCode do_resolve(Flow *f, Case *c, QtTime now)
{
  DemandInput in;
  DemandRecord r;
  int k = demo_rng_below(&f->rng, 1000);

  memset(&in, 0, sizeof in);
  in.outcome = k < (c->cycles ? 950 : 980) ? OUTCOME_RESOLVED
               : k < (c->cycles ? 985 : 992) ? OUTCOME_EXPLAINED
                                              : OUTCOME_PARTIAL;
  in.note = in.outcome == OUTCOME_RESOLVED ? demo_cats[c->cat].result
            : in.outcome == OUTCOME_PARTIAL ? partial_result
                                            : explained_result;
  if (act(f, handler(f, c), c, ACT_RESOLVE, &in, now, &r) != QT_OK) {
    return f->err->code;
  }
  c->is_resolved = true;
  c->outcome = in.outcome;
  /* One in ten never answers: the scheduler closes it unrated. */
  if (chance(f, 100)) {
    c->is_over = true;
    return QT_OK;
  }
  plan(f, c, STEP_CONFIRM, now,
       office(f, now + span(f, HOUR, 3 * DAY), now + 6 * DAY));
  return QT_OK;
}

static QtCode do_confirm(Flow *f, Case *c, QtTime now)
{
  const Actor *who;
  DemandInput in;
  DemandRecord r;
  int k = demo_rng_below(&f->rng, 1000), unhappy;

  if (party(f, c, &who) != QT_OK) return f->err->code;
  memset(&in, 0, sizeof in);
  if (c->outcome == OUTCOME_RESOLVED) {
    unhappy = c->cycles ? 10 : 45;
    in.satisfaction = k < 800 ? SAT_SATISFIED
                      : k < 1000 - unhappy ? SAT_BASIC
                                           : SAT_UNSATISFIED;
  } else {
    unhappy = c->cycles ? 50 : 200;
    in.satisfaction = k < 250 ? SAT_SATISFIED
                      : k < 1000 - unhappy ? SAT_BASIC
                                           : SAT_UNSATISFIED;
  }
  in.note = in.satisfaction == SAT_SATISFIED ? "问题已解决，满意。"
            : in.satisfaction == SAT_BASIC ? "基本解决，感谢帮助。"
                                           : "问题未实际解决，请继续协调。";
  if (act(f, who, c, ACT_CONFIRM, &in, now, &r) != QT_OK) {
    return f->err->code;
  }
  if (in.satisfaction != SAT_UNSATISFIED) {
    c->is_over = true;
    return QT_OK;
  }
  /* Reopened: the same department, new clocks. */
  c->cycles++;
  c->is_resolved = false;
  c->assigned_at = now;
  note_deadlines(c, &r);
  plan_answer_time(f, c);
  plan_accept(f, c, now);
  return QT_OK;
}

static QtCode do_withdraw(Flow *f, Case *c, QtTime now)
{
  const Actor *who;
  DemandInput in;
  DemandRecord r;

  if (speaker(f, c, c->by == BY_ENTERPRISE ? 1000 : 0, &who) != QT_OK) {
    return f->err->code;
  }
  memset(&in, 0, sizeof in);
  in.note = "问题已自行解决，撤回诉求。";
  if (act(f, who, c, ACT_WITHDRAW, &in, now, &r) != QT_OK) {
    return f->err->code;
  }
  c->is_over = true;
  return QT_OK;
}

static QtCode take_step(Flow *f, int i, QtTime now)
{
  Case *c = &f->cases[i];

  switch (c->next) {
  case STEP_SUBMIT: return do_submit(f, i, now);
  case STEP_MERGE: return do_merge(f, c, now);
  case STEP_ASSIGN: return assign_to(f, c, draw_lead(f, &demo_cats[c->cat]), now);
  case STEP_ACCEPT: return do_accept(f, c, now);
  case STEP_RETURN: return do_return(f, c, now);
  case STEP_REDISPATCH: return do_redispatch(f, c, now);
  case STEP_PAUSE: return do_pause(f, c, now);
  case STEP_RESUME: return do_resume(f, c, now);
  case STEP_ANSWER: return do_answer(f, c, now);
  case STEP_EXTEND: return do_extend(f, c, now);
  case STEP_DECIDE: return do_decide(f, c, now);
  case STEP_RESOLVE: return do_resolve(f, c, now);
  case STEP_CONFIRM: return do_confirm(f, c, now);
  case STEP_WITHDRAW: return do_withdraw(f, c, now);
  }
  return qt_fail(f->err, QT_EINTERNAL, "Demo step %d is unknown.",
                 (int)c->next);
}

/* ---- the run ----------------------------------------------------------- */

static void progress(const Flow *f, bool is_last)
{
  if (!f->show_progress) return;
  fprintf(stderr, "\r  %-14s %6d/%d", "demands", f->n_submitted,
          is_last ? f->n_submitted : f->n_cases);
  if (is_last) fputc('\n', stderr);
  fflush(stderr);
}

/* The weights draws use: enterprises (big ones raise more demands, and
 * the demo enterprise a handful) and days (working days and spring
 * more). */
static void make_tables(Flow *f, int n_demands)
{
  const DemoWorld *w = f->w;
  int64_t sum = 0, own;
  int i;
  QtDay day;

  f->firm_cum = arena_alloc(f->keep, (size_t)(w->n_firms + 1) *
                                       sizeof *f->firm_cum);
  for (i = 0; i < w->n_firms; i++) {
    const DemoFirm *e = &w->firms[i];
    sum += e->is_key ? 12 : e->is_above ? 5 : e->is_four_above ? 3 : 1;
    f->firm_cum[i] = sum;
  }
  /* About eight demands for the enterprise the demo account speaks for. */
  if (w->enterprise_firm >= 0 && w->enterprise_firm < w->n_firms &&
      n_demands > 0) {
    own = sum * 8 / n_demands;
    if (own < 1) own = 1;
    for (i = w->enterprise_firm; i < w->n_firms; i++) {
      f->firm_cum[i] += own;
    }
  }
  f->n_days = (int)((f->end - f->epoch) / DAY);
  f->day_cum = arena_alloc(f->keep, (size_t)f->n_days * sizeof *f->day_cum);
  sum = 0;
  for (i = 0; i < f->n_days; i++) {
    QtTime noon = f->epoch + (QtTime)i * DAY + 12 * HOUR;
    day = calendar_day_of(noon);
    sum += month_weights[month_of(noon)] *
           (calendar_is_working_day(f->cal, day) ? 10 : 3);
    f->day_cum[i] = sum;
  }
}

/* One scheduler pass at T, on the simulated clock: calls until a call
 * leaves nothing behind. */
static QtCode tick(Flow *f, QtTime t)
{
  bool is_more;
  int fired;

  qt_clock_set(true, t);
  do {
    fired = 0;
    if (workflow_tick(f->st, t, TICK_MAX, &fired, &is_more, f->err) !=
        QT_OK) {
      return f->err->code;
    }
    f->out->n_steps += fired;
  } while (is_more);
  return QT_OK;
}

/* Play the months: steps in time order, the scheduler every hour, a batch
 * a day. */
static QtCode run(Flow *f)
{
  QtTime next_tick = f->epoch;
  Entry e;
  QtCode rc;

  rc = store_begin(f->st, f->err);
  while (rc == QT_OK) {
    QtTime until = f->n_heap > 0 && f->heap[0].at < f->end ? f->heap[0].at
                                                            : f->end;
    while (rc == QT_OK && next_tick <= until) {
      if (next_tick > f->epoch && (next_tick - f->epoch) % DAY == 0) {
        rc = store_end(f->st, rc, f->err);
        if (rc == QT_OK) rc = store_begin(f->st, f->err);
        arena_free(f->a);
        f->a = arena_new();
        progress(f, false);
      }
      if (rc == QT_OK) rc = tick(f, next_tick);
      next_tick += HOUR;
    }
    if (rc != QT_OK || f->n_heap == 0 || f->heap[0].at >= f->end) break;
    e = pop(f);
    qt_clock_set(true, e.at);
    rc = take_step(f, e.c, e.at);
  }
  /* Whatever is still planned happens after the demo's months. */
  return store_end(f->st, rc, f->err);
}

/* Count what the months left, from the store: the city's aggregates and
 * its supervision and accountability records. */
static QtCode count(Flow *f)
{
  Scope city;
  StatsRow *rows;
  SupervisionRecord *items;
  int64_t cursor;
  int n, i;
  DemandStats *s;

  memset(&city, 0, sizeof city);
  city.kind = SCOPE_REGION;
  if (scope_region_range(f->w->places[0].code, city.region_lo,
                         city.region_hi, f->err) != QT_OK ||
      store_stats(f->st, &city, first_month, last_month, STATS_BY_NONE,
                  f->a, &rows, &n, f->err) != QT_OK) {
    return f->err->code;
  }
  if (n > 0) {
    s = &rows[0].stats;
    for (i = 0; i < DEMAND_STATUS_COUNT; i++) {
      f->out->by_status[i] = s->by_status[i];
      f->out->n_demands += s->by_status[i];
    }
    f->out->n_resolved = s->closed_resolved;
    f->out->n_partial = s->closed_partial;
    f->out->n_explained = s->closed_explained;
    f->out->n_returned = s->returned;
    f->out->n_reopened = s->reopened;
    f->out->n_rated = s->rated;
    rates_compute(s, &f->out->rates);
  } else {
    DemandStats none;
    memset(&none, 0, sizeof none);
    rates_compute(&none, &f->out->rates);
  }
  cursor = 0;
  do {
    if (store_supervision_list(f->st, &city, true, cursor, STORE_LIST_MAX,
                               f->a, &items, &n, f->err) != QT_OK) {
      return f->err->code;
    }
    for (i = 0; i < n; i++) {
      f->out->n_notices++;
      f->out->n_escalated += items[i].escalated_at != 0;
      cursor = items[i].id;
    }
  } while (n == STORE_LIST_MAX);
  cursor = 0;
  do {
    if (store_accountability_list(f->st, &city, first_month, last_month,
                                  cursor, STORE_LIST_MAX, f->a, &items, &n,
                                  f->err) != QT_OK) {
      return f->err->code;
    }
    f->out->n_accountability += n;
    if (n > 0) cursor = items[n - 1].id;
  } while (n == STORE_LIST_MAX);
  return QT_OK;
}

QtCode demo_demands(Store *st, const DemoWorld *w, int n_demands,
                    uint64_t seed, bool show_progress, DemoDemands *out,
                    QtError *err)
{
  Flow f;
  int i;
  QtCode rc;

  memset(out, 0, sizeof *out);
  memset(&f, 0, sizeof f);
  f.st = st;
  f.w = w;
  f.err = err;
  f.out = out;
  f.show_progress = show_progress;
  f.keep = arena_new();
  f.a = arena_new();
  /* A stream of its own, so the registry a seed gives is the same with or
   * without demands. */
  demo_rng_seed(&f.rng, seed ^ 0x5ae1f00dd3adbeefu);
  demo_rng_seed(&f.visit_rng, seed ^ 0x715170d5ca1ab1e5u);
  rc = qt_time_parse(first_day, &f.epoch, err);
  if (rc == QT_OK) rc = qt_time_parse(end_day, &f.end, err);
  if (rc == QT_OK) rc = workflow_calendar(st, &f.cal, err);
  if (rc == QT_OK && n_demands > 0 && w->n_firms > 0) {
    f.commissioners = arena_alloc(f.keep, (size_t)w->n_firms *
                                            sizeof *f.commissioners);
    f.enterprises = arena_alloc(f.keep, (size_t)w->n_firms *
                                          sizeof *f.enterprises);
    f.cap_cases = n_demands + n_demands / 20 + 16;
    f.cases = arena_alloc(f.keep, (size_t)f.cap_cases * sizeof *f.cases);
    f.heap = arena_alloc(f.keep, (size_t)f.cap_cases * sizeof *f.heap);
    make_tables(&f, n_demands);
    rc = store_begin(st, err);
    if (rc == QT_OK) rc = make_staff(&f);
    if (rc == QT_OK) rc = routine_visits(&f);
    rc = store_end(st, rc, err);
    for (i = 0; rc == QT_OK && i < n_demands; i++) {
      Case *c = &f.cases[f.n_cases++];
      c->original = -1;
      c->next = STEP_SUBMIT;
      push(&f, draw_arrival(&f), i);
    }
    if (rc == QT_OK) rc = run(&f);
    progress(&f, true);
  }
  qt_clock_set(false, 0);
  if (rc == QT_OK) rc = count(&f);
  arena_free(f.a);
  arena_free(f.keep);
  return rc;
}
