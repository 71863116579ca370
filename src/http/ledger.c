/*
 * ledger.c — ledgers (台账): column tables, value labels, the CSV and XLSX
 * writers, and the export of each registry list; see ledger.h.
 *
 * What a ledger column holds is decided here once, for the CLI and the
 * API alike; the importer reads the same titles and labels back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <jansson.h>

#include "csv.h"
#include "ledger.h"
#include "pii.h"

/* ---- kinds and columns ----------------------------------------------- */

static const LedgerColumn enterprise_cols[] = {
  {"id", "编号", 8, true},
  {"credit_code", "统一社会信用代码", 22, false},
  {"name", "企业名称", 36, false},
  {"region_code", "所在地区代码", 14, false},
  {"region_name", "所在地区", 14, false},
  {"industry_code", "行业代码", 10, false},
  {"scale", "规模", 8, false},
  {"four_above", "四上", 6, false},
  {"key", "重点企业", 10, false},
  {"foreign_invested", "外资", 6, false},
  {"foreign_trade", "外贸", 6, false},
  {"employees", "从业人数", 10, true},
  {"address", "地址", 40, false},
  {"contact_name", "联系人", 10, false},
  {"contact_phone", "联系电话", 16, false},
  {"code_exception", "校验例外原因", 24, false},
  {"disabled", "停用", 6, false},
  {"created_at", "登记时间", 20, false},
};

static const LedgerColumn department_cols[] = {
  {"id", "编号", 8, true},
  {"name", "部门名称", 30, false},
  {"kind", "类型", 10, false},
  {"region_code", "所在地区代码", 14, false},
  {"parent_id", "上级部门编号", 14, true},
  {"parent", "上级部门", 30, false},
  {"disabled", "停用", 6, false},
};

static const LedgerColumn project_cols[] = {
  {"id", "编号", 8, true},
  {"name", "项目名称", 36, false},
  {"credit_code", "业主企业信用代码", 22, false},
  {"enterprise_name", "业主企业", 30, false},
  {"region_code", "所在地区代码", 14, false},
  {"total_investment", "总投资（万元）", 16, true},
  {"annual_investment", "年度计划投资（万元）", 22, true},
  {"stage", "阶段", 8, false},
  {"planned_start", "计划开工日期", 14, false},
  {"planned_end", "计划竣工日期", 14, false},
  {"actual_start", "实际开工日期", 14, false},
  {"actual_end", "实际竣工日期", 14, false},
  {"disabled", "停用", 6, false},
};

static const LedgerColumn user_cols[] = {
  {"id", "编号", 8, true},
  {"username", "用户名", 16, false},
  {"display_name", "姓名", 12, false},
  {"role", "角色", 12, false},
  {"region_code", "所在地区代码", 14, false},
  {"department_id", "部门编号", 10, true},
  {"department", "部门", 30, false},
  {"enterprise", "所属企业信用代码", 22, false},
  {"level", "层级", 8, false},
  {"phone", "电话", 16, false},
  {"can_sign_in", "可登录", 8, false},
  {"disabled", "停用", 6, false},
  {"created_at", "创建时间", 20, false},
};

static const LedgerColumn team_cols[] = {
  {"id", "编号", 8, true},
  {"name", "小分队名称", 30, false},
  {"leader", "队长", 16, false},
  {"region_code", "所在地区代码", 14, false},
  {"members", "成员", 40, false},
  {"n_members", "人数", 8, true},
  {"disabled", "停用", 6, false},
};

static const LedgerColumn pairing_cols[] = {
  {"id", "编号", 8, true},
  {"kind", "结对方式", 10, false},
  {"commissioner", "服务专员", 16, false},
  {"commissioner_name", "专员姓名", 12, false},
  {"team", "小分队", 24, false},
  {"credit_code", "统一社会信用代码", 22, false},
  {"enterprise_name", "企业名称", 30, false},
  {"project", "项目名称", 30, false},
  {"starts_on", "开始日期", 12, false},
  {"ends_on", "结束日期", 12, false},
};

static const LedgerColumn region_cols[] = {
  {"code", "代码", 12, false},
  {"name", "名称", 20, false},
  {"parent_code", "上级代码", 12, false},
  {"level", "层级", 8, false},
};

static const LedgerColumn industry_cols[] = {
  {"code", "代码", 8, false},
  {"name", "名称", 40, false},
  {"parent_code", "上级代码", 10, false},
  {"level", "层级", 8, false},
};

static const LedgerColumn demand_cols[] = {
  {"code", "编号", 16, false},
  {"enterprise_name", "企业", 30, false},
  {"region", "地区", 14, false},
  {"category", "类别", 10, false},
  {"title", "标题", 40, false},
  {"status", "状态", 10, false},
  {"lead_department", "主办单位", 30, false},
  {"submitted_at", "提交时间", 20, false},
  {"assigned_at", "分派时间", 20, false},
  {"answered_at", "答复时间", 20, false},
  {"closed_at", "办结时间", 20, false},
  {"answer_due", "答复期限", 20, false},
  {"resolve_due", "办结期限", 20, false},
  {"overdue", "是否逾期", 10, false},
  {"outcome", "办理结果", 10, false},
  {"satisfaction", "满意度", 10, false},
  {"reopen_count", "重办次数", 10, true},
};

static const LedgerColumn visit_cols[] = {
  {"id", "编号", 8, true},
  {"visited_at", "走访时间", 20, false},
  {"mode", "走访方式", 10, false},
  {"commissioner_name", "服务专员", 12, false},
  {"credit_code", "统一社会信用代码", 22, false},
  {"enterprise_name", "企业名称", 30, false},
  {"region", "地区", 14, false},
  {"project", "项目名称", 30, false},
  {"notes", "走访记录", 60, false},
  {"demand_count", "提出诉求数", 10, true},
  {"created_at", "录入时间", 20, false},
};

/* The columns of each ledger that hold personal information (PIPL): a
 * natural person's name, account name or phone.  The audit entry of an
 * export names them, so a reader of the log knows what left the system. */
static const char *const enterprise_personal[] = {"contact_name",
                                                  "contact_phone", NULL};
static const char *const user_personal[] = {"username", "display_name",
                                            "phone", NULL};
static const char *const team_personal[] = {"leader", "members", NULL};
static const char *const pairing_personal[] = {"commissioner",
                                               "commissioner_name", NULL};
static const char *const visit_personal[] = {"commissioner_name", NULL};
static const char *const no_personal[] = {NULL};

#define TABLE(a) a, (int)(sizeof a / sizeof a[0])

static const struct {
  const char *name;            /* the kind in URLs and --kind */
  const char *title;           /* the sheet and file name */
  const LedgerColumn *columns; /* its table */
  int n_columns;               /* entries of columns */
  const char *const *personal; /* its personal columns, NULL-terminated */
} kinds[LEDGER_KIND_COUNT] = {
  [LEDGER_ENTERPRISES] = {"enterprises", "企业台账", TABLE(enterprise_cols),
                          enterprise_personal},
  [LEDGER_DEPARTMENTS] = {"departments", "部门台账", TABLE(department_cols),
                          no_personal},
  [LEDGER_PROJECTS] = {"projects", "重点项目台账", TABLE(project_cols),
                       no_personal},
  [LEDGER_USERS] = {"users", "用户台账", TABLE(user_cols), user_personal},
  [LEDGER_TEAMS] = {"teams", "入企小分队台账", TABLE(team_cols),
                    team_personal},
  [LEDGER_PAIRINGS] = {"pairings", "结对台账", TABLE(pairing_cols),
                       pairing_personal},
  [LEDGER_REGIONS] = {"regions", "行政区划", TABLE(region_cols),
                      no_personal},
  [LEDGER_INDUSTRIES] = {"industries", "国民经济行业分类",
                         TABLE(industry_cols), no_personal},
  [LEDGER_DEMANDS] = {"demands", "诉求台账", TABLE(demand_cols),
                      no_personal},
  [LEDGER_VISITS] = {"visits", "走访台账", TABLE(visit_cols),
                     visit_personal},
};

QtCode ledger_kind_parse(const char *name, LedgerKind *out, QtError *err)
{
  int k;

  for (k = 0; k < LEDGER_KIND_COUNT; k++) {
    if (name && strcmp(name, kinds[k].name) == 0) {
      *out = (LedgerKind)k;
      return QT_OK;
    }
  }
  qt_field(err, "kind",
           "must be one of enterprises, departments, projects, users, "
           "teams, pairings, regions, industries, demands, visits");
  return qt_fail(err, QT_EINVALID, "'%.32s' is not a kind of ledger.",
                 name ? name : "");
}

const char *ledger_kind_name(LedgerKind kind)
{
  return kind < LEDGER_KIND_COUNT ? kinds[kind].name : "unknown";
}

const char *ledger_kind_title(LedgerKind kind)
{
  return kind < LEDGER_KIND_COUNT ? kinds[kind].title : "台账";
}

const LedgerColumn *ledger_columns(LedgerKind kind, int *n_columns)
{
  if (kind >= LEDGER_KIND_COUNT) {
    *n_columns = 0;
    return NULL;
  }
  *n_columns = kinds[kind].n_columns;
  return kinds[kind].columns;
}

QtCode ledger_format_parse(const char *name, LedgerFormat *out,
                           QtError *err)
{
  if (name && strcmp(name, "csv") == 0) {
    *out = LEDGER_CSV;
  } else if (name && strcmp(name, "xlsx") == 0) {
    *out = LEDGER_XLSX;
  } else {
    qt_field(err, "format", "must be csv or xlsx");
    return qt_fail(err, QT_EINVALID, "'%.32s' is not a ledger format.",
                   name ? name : "");
  }
  return QT_OK;
}

const char *ledger_format_name(LedgerFormat format)
{
  return format == LEDGER_XLSX ? "xlsx" : "csv";
}

const char *ledger_content_type(LedgerFormat format)
{
  return format == LEDGER_XLSX
           ? "application/vnd.openxmlformats-officedocument.spreadsheetml."
             "sheet"
           : "text/csv; charset=utf-8";
}

char *ledger_disposition(LedgerKind kind, LedgerFormat format, QtTime now,
                         Arena *a)
{
  static const char attr_chars[] = "!#$&+-.^_`|~";
  char date[QT_TIME_TEXT], day[9], name[128];
  const unsigned char *p;
  Buf b;
  char *out;

  qt_date_format(now, date);
  snprintf(day, sizeof day, "%.4s%.2s%.2s", date, date + 5, date + 8);
  snprintf(name, sizeof name, "%s-%s.%s", ledger_kind_title(kind), day,
           ledger_format_name(format));
  buf_init(&b);
  buf_printf(&b, "attachment; filename=\"%s-%s.%s\"; filename*=UTF-8''",
             ledger_kind_name(kind), day, ledger_format_name(format));
  /* RFC 8187: everything but ALPHA, DIGIT and attr-char is %-encoded. */
  for (p = (const unsigned char *)name; *p; p++) {
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
        (*p >= '0' && *p <= '9') || strchr(attr_chars, *p)) {
      buf_append(&b, p, 1);
    } else {
      buf_printf(&b, "%%%02X", *p);
    }
  }
  out = arena_strdup(a, buf_str(&b));
  buf_reset(&b);
  return out;
}

/* ---- value labels ---------------------------------------------------- */

typedef struct Choice {
  const char *value; /* stored and API value */
  const char *label; /* Chinese, as ledgers show it */
  const char *alias; /* another Chinese name people write, or NULL */
} Choice;

static const Choice scale_choices[] = {
  {"above", "规上", "规模以上"},
  {"below", "规下", "规模以下"},
  {NULL, NULL, NULL},
};
static const Choice department_kind_choices[] = {
  {"service_office", "专员办", "服务专员办公室"},
  {"supervision", "督办", "督查"},
  {"bureau", "委办局", "部门"},
  {"town", "乡镇街道", "镇街"},
  {"other", "其他", NULL},
  {NULL, NULL, NULL},
};
static const Choice role_choices[] = {
  {"enterprise", "企业用户", "企业"},
  {"commissioner", "服务专员", "专员"},
  {"dispatcher", "调度员", "专员办"},
  {"handler", "承办人员", "承办部门"},
  {"supervisor", "督办人员", "督办"},
  {"leader", "领导", NULL},
  {"admin", "管理员", NULL},
  {NULL, NULL, NULL},
};
static const Choice level_choices[] = {
  {"city", "市级", "市"},
  {"county", "县级", "县区级"},
  {"town", "镇级", "乡镇级"},
  {NULL, NULL, NULL},
};
static const Choice pairing_kind_choices[] = {
  {"one_to_one", "一对一", NULL},
  {"team", "小分队", "入企小分队"},
  {"leader", "领导挂包", "挂包"},
  {NULL, NULL, NULL},
};
static const Choice stage_choices[] = {
  {"negotiating", "在谈", NULL},
  {"signed", "签约", NULL},
  {"started", "开工", "在建"},
  {"completed", "竣工", NULL},
  {"producing", "投产", NULL},
  {NULL, NULL, NULL},
};
static const Choice region_level_choices[] = {
  {"province", "省级", "省"},
  {"city", "市级", "市"},
  {"county", "县级", "县"},
  {"town", "乡镇级", "乡镇"},
  {NULL, NULL, NULL},
};
static const Choice industry_level_choices[] = {
  {"section", "门类", NULL},
  {"division", "大类", NULL},
  {NULL, NULL, NULL},
};
static const Choice demand_status_choices[] = {
  {"submitted", "待分派", "已提交"},
  {"assigned", "已分派", NULL},
  {"accepted", "已受理", NULL},
  {"answered", "已答复", NULL},
  {"resolved", "待确认", "已办理"},
  {"closed", "已办结", NULL},
  {"withdrawn", "已撤回", NULL},
  {"merged", "已合并", NULL},
  {NULL, NULL, NULL},
};
static const Choice outcome_choices[] = {
  {"resolved", "已解决", "解决"},
  {"partial", "部分解决", NULL},
  {"explained", "解释说明", "已解释"},
  {NULL, NULL, NULL},
};
static const Choice satisfaction_choices[] = {
  {"satisfied", "满意", NULL},
  {"basic", "基本满意", NULL},
  {"unsatisfied", "不满意", NULL},
  {NULL, NULL, NULL},
};
static const Choice visit_mode_choices[] = {
  {"on_site", "实地", "实地走访"},
  {"phone", "电话", "电话走访"},
  {"video", "视频", "视频连线"},
  {NULL, NULL, NULL},
};

static const Choice *choice_set(LedgerChoices set)
{
  switch (set) {
  case CHOICES_SCALE: return scale_choices;
  case CHOICES_DEPARTMENT_KIND: return department_kind_choices;
  case CHOICES_ROLE: return role_choices;
  case CHOICES_LEVEL: return level_choices;
  case CHOICES_PAIRING_KIND: return pairing_kind_choices;
  case CHOICES_STAGE: return stage_choices;
  case CHOICES_REGION_LEVEL: return region_level_choices;
  case CHOICES_INDUSTRY_LEVEL: return industry_level_choices;
  case CHOICES_DEMAND_STATUS: return demand_status_choices;
  case CHOICES_OUTCOME: return outcome_choices;
  case CHOICES_SATISFACTION: return satisfaction_choices;
  case CHOICES_VISIT_MODE: return visit_mode_choices;
  }
  return scale_choices; /* not reached: the switch names every set */
}

const char *ledger_choice_label(LedgerChoices set, const char *value)
{
  const Choice *c;

  if (!value) return NULL;
  for (c = choice_set(set); c->value; c++) {
    if (strcmp(c->value, value) == 0) return c->label;
  }
  return value;
}

const char *ledger_choice_parse(LedgerChoices set, const char *text)
{
  const Choice *c;

  if (!text) return NULL;
  for (c = choice_set(set); c->value; c++) {
    if (strcasecmp(c->value, text) == 0 || strcmp(c->label, text) == 0 ||
        (c->alias && strcmp(c->alias, text) == 0)) {
      return c->value;
    }
  }
  return NULL;
}

void ledger_choice_describe(LedgerChoices set, char *out, size_t size)
{
  const Choice *c;
  size_t used = 0;
  int n;

  if (size == 0) return;
  out[0] = '\0';
  for (c = choice_set(set); c->value && used < size; c++) {
    n = snprintf(out + used, size - used, "%s%s (%s)", used ? ", " : "",
                 c->value, c->label);
    if (n < 0) break;
    used += (size_t)n;
  }
}

const char *ledger_bool_label(bool v)
{
  return v ? "是" : "否";
}

int ledger_bool_parse(const char *text)
{
  static const char *const yes[] = {"是", "true", "1", "yes", "y", "√",
                                    NULL};
  static const char *const no[] = {"否", "false", "0", "no", "n", "", NULL};
  int i;

  if (!text) return 0;
  /* The ledgers' own labels first: a million-row import asks often. */
  if (strcmp(text, "否") == 0) return 0;
  if (strcmp(text, "是") == 0) return 1;
  for (i = 0; yes[i]; i++) {
    if (strcasecmp(text, yes[i]) == 0) return 1;
  }
  for (i = 0; no[i]; i++) {
    if (strcasecmp(text, no[i]) == 0) return 0;
  }
  return -1;
}

/* ---- the writers ----------------------------------------------------- */

/* Rows an Excel ledger keeps in memory for the shared string table; past
 * this it streams them in libxlsxwriter's constant-memory mode. */
enum { XLSX_SHARED_ROWS = 10000 };

void ledger_writer_init(LedgerWriter *w, LedgerFormat format,
                        const char *sheet, const LedgerColumn *columns,
                        int n_columns)
{
  int i;

  memset(w, 0, sizeof *w);
  w->format = format;
  w->columns = columns;
  w->n_columns = n_columns;
  snprintf(w->sheet, sizeof w->sheet, "%s", sheet);
  buf_init(&w->csv);
  buf_init(&w->pending);
  if (format == LEDGER_CSV) {
    /* The BOM is how Excel on Chinese Windows knows the file is UTF-8;
     * without it Excel reads GB18030 and the headers come out garbled. */
    buf_append(&w->csv, "\xEF\xBB\xBF", 3);
    for (i = 0; i < n_columns; i++) {
      if (i > 0) buf_append(&w->csv, ",", 1);
      csv_write_field(&w->csv, columns[i].title);
    }
    buf_append(&w->csv, "\r\n", 2);
  }
}

static QtCode xlsx_fail(LedgerWriter *w, lxw_error e, QtError *err)
{
  return qt_fail(err, QT_EINTERNAL, "Writing the Excel ledger '%s' failed: "
                 "%s.", w->sheet, lxw_strerror(e));
}

/* True when S is a plain decimal integer that Excel holds exactly. */
static bool is_integer_text(const char *s)
{
  size_t i = 0, n = strlen(s);

  if (n == 0 || n > 15) return false;
  if (s[0] == '-') i = 1;
  if (i == n) return false;
  for (; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

static QtCode xlsx_put_row(LedgerWriter *w, long row,
                           const char *const *cells, QtError *err)
{
  lxw_error e;
  int c;

  for (c = 0; c < w->n_columns; c++) {
    const char *s = cells[c];
    if (!s || !*s) continue;
    if (w->columns[c].is_number && is_integer_text(s)) {
      e = worksheet_write_number(w->ws, (lxw_row_t)row, (lxw_col_t)c,
                                 strtod(s, NULL), NULL);
    } else {
      e = worksheet_write_string(w->ws, (lxw_row_t)row, (lxw_col_t)c, s,
                                 NULL);
    }
    if (e != LXW_NO_ERROR) return xlsx_fail(w, e, err);
  }
  return QT_OK;
}

/* Create the workbook in a new temporary file, write the header row and
 * then the rows held in w->pending. */
static QtCode xlsx_open(LedgerWriter *w, bool is_streaming, QtError *err)
{
  const char *dir = getenv("TMPDIR");
  lxw_workbook_options opts;
  const char *cells[LEDGER_MAX_COLUMNS];
  const char *p, *end;
  lxw_error e;
  long r;
  int fd, c;

  if (!dir || !*dir) dir = "/tmp";
  snprintf(w->tmp_path, sizeof w->tmp_path, "%s/qitong-ledger-XXXXXX", dir);
  fd = mkstemp(w->tmp_path);
  if (fd < 0) {
    int saved = errno;
    w->tmp_path[0] = '\0';
    return qt_fail(err, QT_EINTERNAL,
                   "Cannot create a temporary file in %s: %s.", dir,
                   strerror(saved));
  }
  /* libxlsxwriter opens the file by name itself; mkstemp only reserved
   * the name so no other process can take it. */
  close(fd);
  memset(&opts, 0, sizeof opts);
  opts.constant_memory = is_streaming ? LXW_TRUE : LXW_FALSE;
  opts.tmpdir = (char *)dir;
  w->book = workbook_new_opt(w->tmp_path, &opts);
  if (!w->book) {
    return qt_fail(err, QT_EINTERNAL, "Cannot start an Excel workbook.");
  }
  w->ws = workbook_add_worksheet(w->book, w->sheet);
  w->bold = workbook_add_format(w->book);
  if (!w->ws || !w->bold) {
    return qt_fail(err, QT_EINTERNAL, "Cannot add the Excel sheet '%s'.",
                   w->sheet);
  }
  format_set_bold(w->bold);
  for (c = 0; c < w->n_columns; c++) {
    e = worksheet_set_column(w->ws, (lxw_col_t)c, (lxw_col_t)c,
                             w->columns[c].width, NULL);
    if (e == LXW_NO_ERROR) {
      e = worksheet_write_string(w->ws, 0, (lxw_col_t)c,
                                 w->columns[c].title, w->bold);
    }
    if (e != LXW_NO_ERROR) return xlsx_fail(w, e, err);
  }
  worksheet_freeze_panes(w->ws, 1, 0);
  /* Rows held back so far, NUL-separated cells, n_columns per row.  With
   * none, pending.data is NULL, and even NULL + 0 is undefined. */
  p = buf_str(&w->pending);
  end = p + w->pending.len;
  for (r = 0; r < w->n_pending; r++) {
    for (c = 0; c < w->n_columns && p < end; c++) {
      cells[c] = p;
      p += strlen(p) + 1;
    }
    if (xlsx_put_row(w, r + 1, cells, err) != QT_OK) return err->code;
  }
  buf_reset(&w->pending);
  w->n_pending = 0;
  return QT_OK;
}

QtCode ledger_writer_row(LedgerWriter *w, const char *const *cells,
                         QtError *err)
{
  int c;

  if (w->format == LEDGER_CSV) {
    for (c = 0; c < w->n_columns; c++) {
      if (c > 0) buf_append(&w->csv, ",", 1);
      csv_write_field(&w->csv, cells[c] ? cells[c] : "");
    }
    buf_append(&w->csv, "\r\n", 2);
    w->n_rows++;
    return QT_OK;
  }
  if (!w->book && w->n_pending < XLSX_SHARED_ROWS) {
    for (c = 0; c < w->n_columns; c++) {
      const char *s = cells[c] ? cells[c] : "";
      buf_append(&w->pending, s, strlen(s) + 1);
    }
    w->n_pending++;
    w->n_rows++;
    return QT_OK;
  }
  if (!w->book && xlsx_open(w, true, err) != QT_OK) return err->code;
  w->n_rows++;
  return xlsx_put_row(w, w->n_rows, cells, err);
}

/* Append the file at PATH to OUT. */
static QtCode read_file(const char *path, Buf *out, QtError *err)
{
  char chunk[65536];
  FILE *f = fopen(path, "rb");
  size_t n;
  bool failed;

  if (!f) {
    return qt_fail(err, QT_EINTERNAL, "Cannot read back %s: %s.", path,
                   strerror(errno));
  }
  for (;;) {
    n = fread(chunk, 1, sizeof chunk, f);
    if (n == 0) break;
    buf_append(out, chunk, n);
  }
  failed = ferror(f) != 0;
  fclose(f);
  if (failed) return qt_fail(err, QT_EINTERNAL, "Cannot read back %s.", path);
  return QT_OK;
}

QtCode ledger_writer_finish(LedgerWriter *w, Buf *out, QtError *err)
{
  lxw_error e;

  if (w->format == LEDGER_CSV) {
    buf_append(out, w->csv.data ? w->csv.data : "", w->csv.len);
    return QT_OK;
  }
  if (!w->book && xlsx_open(w, false, err) != QT_OK) return err->code;
  if (w->n_rows > 0) {
    (void)worksheet_autofilter(w->ws, 0, 0, (lxw_row_t)w->n_rows,
                               (lxw_col_t)(w->n_columns - 1));
    /* A filter is a convenience: the ledger is complete without one. */
  }
  e = workbook_close(w->book);
  w->book = NULL; /* workbook_close frees it, whatever it returns */
  if (e != LXW_NO_ERROR) return xlsx_fail(w, e, err);
  return read_file(w->tmp_path, out, err);
}

void ledger_writer_reset(LedgerWriter *w)
{
  if (w->book) lxw_workbook_free(w->book);
  w->book = NULL;
  if (w->tmp_path[0]) (void)unlink(w->tmp_path); /* gone is what we want */
  w->tmp_path[0] = '\0';
  buf_reset(&w->csv);
  buf_reset(&w->pending);
  w->n_pending = 0;
}

/* ---- export ----------------------------------------------------------- */

void ledger_filter_init(LedgerFilter *f)
{
  memset(f, 0, sizeof *f);
  f->four_above = -1;
  f->is_key = -1;
}

/* One export in progress. */
typedef struct Exporter {
  Store *st;              /* borrowed */
  const Actor *reader;    /* borrowed: who asked; NULL for the system */
  const Scope *scope;     /* borrowed: whose rows */
  const LedgerFilter *f;  /* borrowed */
  LedgerWriter w;         /* the table being written */
  Arena *a;               /* the current page's strings */
  long whole_phones;      /* phone cells written unmasked so far */
  QtError *err;           /* where failures go */
} Exporter;

static QtCode emit(Exporter *ex, const char *const *cells)
{
  if (ex->w.n_rows >= LEDGER_MAX_ROWS) {
    return qt_fail(ex->err, QT_ETOOBIG,
                   "The ledger has more than %d rows; narrow it with "
                   "filters (region, q).",
                   LEDGER_MAX_ROWS);
  }
  return ledger_writer_row(&ex->w, cells, ex->err);
}

/* PHONE for a cell: whole when IS_WHOLE (and counted), masked
 * otherwise, so that a ledger never shows more than the single records
 * would (pii.h). */
static const char *phone_cell(Exporter *ex, const char *phone,
                              bool is_whole)
{
  char *masked;

  if (!phone || !*phone) return phone;
  if (is_whole) {
    ex->whole_phones++;
    return phone;
  }
  masked = arena_strdup(ex->a, phone);
  pii_mask_phone(masked);
  return masked;
}

static const char *num(Exporter *ex, int64_t v)
{
  return arena_printf(ex->a, "%lld", (long long)v);
}

/* An id as a number, or an empty cell for 0 ("none"). */
static const char *opt_id(Exporter *ex, int64_t v)
{
  return v ? num(ex, v) : NULL;
}

/* "2026-03-02 09:00:00", as a spreadsheet user reads a time. */
static const char *when(Exporter *ex, QtTime t)
{
  char text[QT_TIME_TEXT];

  qt_time_format(t, text);
  text[10] = ' ';
  text[19] = '\0'; /* drop "+08:00": ledgers are all China time */
  return arena_strdup(ex->a, text);
}

/* A fresh arena for the next page; the last page's strings are done. */
static void next_page(Exporter *ex)
{
  arena_free(ex->a);
  ex->a = arena_new();
}

static QtCode export_enterprises(Exporter *ex)
{
  EnterpriseFilter f;
  Page page = {0, STORE_LIST_MAX};
  Enterprise *items;
  int n, i;

  memset(&f, 0, sizeof f);
  f.region = ex->f->region;
  f.industry = ex->f->industry;
  f.scale = ex->f->scale;
  f.four_above = ex->f->four_above;
  f.is_key = ex->f->is_key;
  f.q = ex->f->q;
  f.with_disabled = ex->f->with_disabled;
  f.served = ex->f->served;
  do {
    next_page(ex);
    if (store_enterprise_list(ex->st, ex->scope, &f, &page, ex->a, &items,
                              &n, ex->err) != QT_OK) {
      return ex->err->code;
    }
    for (i = 0; i < n; i++) {
      const Enterprise *e = &items[i];
      const char *cells[] = {
        num(ex, e->id),
        e->credit_code,
        e->name,
        e->region_code,
        e->region_name,
        e->industry_code,
        ledger_choice_label(CHOICES_SCALE, e->scale),
        ledger_bool_label(e->is_four_above),
        ledger_bool_label(e->is_key),
        ledger_bool_label(e->is_foreign_invested),
        ledger_bool_label(e->is_foreign_trade),
        e->employees < 0 ? NULL : num(ex, e->employees),
        e->address,
        e->contact_name,
        phone_cell(ex, e->contact_phone,
                   !ex->reader ||
                     pii_sees_enterprise_phone(ex->reader, e->id)),
        e->code_exception,
        ledger_bool_label(e->is_disabled),
        when(ex, e->created_at),
      };
      if (emit(ex, cells) != QT_OK) return ex->err->code;
    }
    if (n > 0) page.cursor = items[n - 1].id;
  } while (n == page.limit);
  return QT_OK;
}

static QtCode export_departments(Exporter *ex)
{
  DepartmentFilter f;
  Page page = {0, STORE_LIST_MAX};
  Department *items, parent;
  QtError ignored;
  int n, i;

  memset(&f, 0, sizeof f);
  f.region = ex->f->region;
  f.parent_id = ex->f->parent_id;
  f.q = ex->f->q;
  f.with_disabled = ex->f->with_disabled;
  do {
    next_page(ex);
    if (store_department_list(ex->st, &f, &page, ex->a, &items, &n,
                              ex->err) != QT_OK) {
      return ex->err->code;
    }
    for (i = 0; i < n; i++) {
      const Department *d = &items[i];
      const char *parent_name = NULL;
      qt_error_clear(&ignored);
      if (d->parent_id &&
          store_department_get(ex->st, d->parent_id, ex->a, &parent,
                               &ignored) == QT_OK) {
        parent_name = parent.name;
      }
      const char *cells[] = {
        num(ex, d->id),
        d->name,
        ledger_choice_label(CHOICES_DEPARTMENT_KIND, d->kind),
        d->region_code,
        opt_id(ex, d->parent_id),
        parent_name,
        ledger_bool_label(d->is_disabled),
      };
      if (emit(ex, cells) != QT_OK) return ex->err->code;
    }
    if (n > 0) page.cursor = items[n - 1].id;
  } while (n == page.limit);
  return QT_OK;
}

static QtCode export_projects(Exporter *ex)
{
  ProjectFilter f;
  Page page = {0, STORE_LIST_MAX};
  Project *items;
  QtError ignored;
  int n, i;

  memset(&f, 0, sizeof f);
  f.region = ex->f->region;
  f.stage = ex->f->stage;
  f.enterprise_id = ex->f->enterprise_id;
  f.q = ex->f->q;
  f.with_disabled = ex->f->with_disabled;
  do {
    next_page(ex);
    if (store_project_list(ex->st, ex->scope, &f, &page, ex->a, &items, &n,
                           ex->err) != QT_OK) {
      return ex->err->code;
    }
    for (i = 0; i < n; i++) {
      const Project *p = &items[i];
      char *code = NULL, *name = NULL;
      qt_error_clear(&ignored);
      /* The owner is in scope with its project; a missing label leaves
       * the cell empty rather than failing the whole ledger. */
      (void)store_enterprise_label(ex->st, p->enterprise_id, ex->a, &code,
                                   &name, &ignored);
      const char *cells[] = {
        num(ex, p->id),
        p->name,
        code,
        p->enterprise_name,
        p->region_code,
        num(ex, p->total_investment),
        num(ex, p->annual_investment),
        ledger_choice_label(CHOICES_STAGE, p->stage),
        p->planned_start,
        p->planned_end,
        p->actual_start,
        p->actual_end,
        ledger_bool_label(p->is_disabled),
      };
      if (emit(ex, cells) != QT_OK) return ex->err->code;
    }
    if (n > 0) page.cursor = items[n - 1].id;
  } while (n == page.limit);
  return QT_OK;
}

static QtCode export_users(Exporter *ex)
{
  UserFilter f;
  Page page = {0, STORE_LIST_MAX};
  User *items;
  Department dept;
  QtError ignored;
  int n, i;

  memset(&f, 0, sizeof f);
  f.region = ex->f->region;
  f.has_role = ex->f->has_role;
  f.role = ex->f->role;
  f.department_id = ex->f->department_id;
  f.q = ex->f->q;
  f.with_disabled = ex->f->with_disabled;
  do {
    next_page(ex);
    if (store_user_list(ex->st, ex->scope, &f, &page, ex->a, &items, &n,
                        ex->err) != QT_OK) {
      return ex->err->code;
    }
    for (i = 0; i < n; i++) {
      const User *u = &items[i];
      char *code = NULL, *ent_name = NULL;
      const char *dept_name = NULL;
      qt_error_clear(&ignored);
      if (u->department_id &&
          store_department_get(ex->st, u->department_id, ex->a, &dept,
                               &ignored) == QT_OK) {
        dept_name = dept.name;
      }
      if (u->enterprise_id) {
        (void)store_enterprise_label(ex->st, u->enterprise_id, ex->a, &code,
                                     &ent_name, &ignored);
        /* as for projects: an empty cell, not a failed ledger */
      }
      /* The password hash is read by the list but never reaches a cell:
       * only whether the account can sign in. */
      const char *cells[] = {
        num(ex, u->id),
        u->username,
        u->display_name,
        ledger_choice_label(CHOICES_ROLE, role_name(u->role)),
        u->region_code,
        opt_id(ex, u->department_id),
        dept_name,
        code,
        ledger_choice_label(CHOICES_LEVEL, u->level),
        phone_cell(ex, u->phone,
                   !ex->reader || pii_sees_user_phone(ex->reader, u->id)),
        ledger_bool_label(u->password_hash != NULL),
        ledger_bool_label(u->is_disabled),
        when(ex, u->created_at),
      };
      if (emit(ex, cells) != QT_OK) return ex->err->code;
    }
    if (n > 0) page.cursor = items[n - 1].id;
  } while (n == page.limit);
  return QT_OK;
}

static QtCode export_teams(Exporter *ex)
{
  TeamFilter f;
  Page page = {0, STORE_LIST_MAX};
  Team *items;
  QtError ignored;
  Buf members;
  int n, i, m;

  memset(&f, 0, sizeof f);
  f.region = ex->f->region;
  f.member_id = ex->f->member_id;
  f.q = ex->f->q;
  f.with_disabled = ex->f->with_disabled;
  buf_init(&members);
  do {
    next_page(ex);
    if (store_team_list(ex->st, ex->scope, &f, &page, ex->a, &items, &n,
                        ex->err) != QT_OK) {
      buf_reset(&members);
      return ex->err->code;
    }
    for (i = 0; i < n; i++) {
      const Team *t = &items[i];
      char *leader = NULL, *username, *display;
      qt_error_clear(&ignored);
      (void)store_user_label(ex->st, t->leader_id, ex->a, &leader, &display,
                             &ignored);
      buf_reset(&members);
      for (m = 0; m < t->n_member_ids; m++) {
        if (store_user_label(ex->st, t->member_ids[m], ex->a, &username,
                             &display, &ignored) == QT_OK) {
          buf_printf(&members, "%s%s", members.len ? "、" : "", username);
        }
      }
      const char *cells[] = {
        num(ex, t->id),
        t->name,
        leader,
        t->region_code,
        arena_strdup(ex->a, buf_str(&members)),
        num(ex, t->n_member_ids),
        ledger_bool_label(t->is_disabled),
      };
      if (emit(ex, cells) != QT_OK) {
        buf_reset(&members);
        return ex->err->code;
      }
    }
    if (n > 0) page.cursor = items[n - 1].id;
  } while (n == page.limit);
  buf_reset(&members);
  return QT_OK;
}

static QtCode export_pairings(Exporter *ex)
{
  PairingFilter f;
  Page page = {0, STORE_LIST_MAX};
  Pairing *items;
  QtError ignored;
  int n, i;

  memset(&f, 0, sizeof f);
  f.user_id = ex->f->user_id;
  f.team_id = ex->f->team_id;
  f.enterprise_id = ex->f->enterprise_id;
  f.project_id = ex->f->project_id;
  f.with_ended = ex->f->with_ended;
  if (ex->f->pairing) f = *ex->f->pairing;
  do {
    next_page(ex);
    if (store_pairing_list(ex->st, ex->scope, &f, &page, ex->a, &items, &n,
                           ex->err) != QT_OK) {
      return ex->err->code;
    }
    for (i = 0; i < n; i++) {
      const Pairing *p = &items[i];
      char *username = NULL, *display = NULL, *team = NULL, *code = NULL;
      char *ent_name = NULL, *project = NULL;
      /* Names for the ids of a pairing the scope let us read; a label
       * that cannot be read stays an empty cell. */
      qt_error_clear(&ignored);
      if (p->user_id) {
        (void)store_user_label(ex->st, p->user_id, ex->a, &username,
                               &display, &ignored);
      }
      if (p->team_id) {
        (void)store_team_label(ex->st, p->team_id, ex->a, &team, &ignored);
      }
      if (p->enterprise_id) {
        (void)store_enterprise_label(ex->st, p->enterprise_id, ex->a, &code,
                                     &ent_name, &ignored);
      }
      if (p->project_id) {
        (void)store_project_label(ex->st, p->project_id, ex->a, &project,
                                  &ignored);
      }
      const char *cells[] = {
        num(ex, p->id),
        ledger_choice_label(CHOICES_PAIRING_KIND, p->kind),
        username,
        display,
        team,
        code,
        ent_name,
        project,
        p->starts_on,
        p->ends_on,
      };
      if (emit(ex, cells) != QT_OK) return ex->err->code;
    }
    if (n > 0) page.cursor = items[n - 1].id;
  } while (n == page.limit);
  return QT_OK;
}

static QtCode export_regions(Exporter *ex)
{
  Region *items;
  int n, i;

  next_page(ex);
  if (store_region_list(ex->st, NULL, ex->a, &items, &n, ex->err) != QT_OK) {
    return ex->err->code;
  }
  for (i = 0; i < n; i++) {
    const char *cells[] = {
      items[i].code,
      items[i].name,
      items[i].parent_code,
      ledger_choice_label(CHOICES_REGION_LEVEL, items[i].level),
    };
    if (emit(ex, cells) != QT_OK) return ex->err->code;
  }
  return QT_OK;
}

static QtCode export_industries(Exporter *ex)
{
  Industry *items;
  int n, i;

  next_page(ex);
  if (store_industry_list(ex->st, ex->a, &items, &n, ex->err) != QT_OK) {
    return ex->err->code;
  }
  for (i = 0; i < n; i++) {
    const char *cells[] = {
      items[i].code,
      items[i].name,
      items[i].parent_code,
      ledger_choice_label(CHOICES_INDUSTRY_LEVEL, items[i].level),
    };
    if (emit(ex, cells) != QT_OK) return ex->err->code;
  }
  return QT_OK;
}

/* A time as when() writes it, or an empty cell for 0 (not yet). */
static const char *opt_when(Exporter *ex, QtTime t)
{
  return t ? when(ex, t) : NULL;
}

enum { REGION_CACHE = 256 };

/* Region names by code, remembered across pages: a ledger's demands come
 * from a few hundred regions at most. */
typedef struct RegionNames {
  Arena *a;                    /* owns the strings below */
  const char *codes[REGION_CACHE];
  const char *names[REGION_CACHE];
  int n;                       /* used entries */
} RegionNames;

static const char *region_name(Exporter *ex, RegionNames *rn,
                               const char *code)
{
  Region r;
  QtError ignored;
  int i;

  if (!code) return NULL;
  for (i = 0; i < rn->n; i++) {
    if (strcmp(rn->codes[i], code) == 0) return rn->names[i];
  }
  qt_error_clear(&ignored);
  if (store_region_get(ex->st, code, rn->a, &r, &ignored) != QT_OK) {
    return code; /* an unknown code is still worth showing */
  }
  if (rn->n < REGION_CACHE) {
    rn->codes[rn->n] = arena_strdup(rn->a, code);
    rn->names[rn->n] = r.name;
    rn->n++;
  }
  return r.name;
}

static QtCode export_demands(Exporter *ex)
{
  DemandFilter f;
  DemandRecord *items;
  Category *cats;
  RegionNames rn;
  char cursor[64] = "";
  char *next;
  int n, n_cats, i, k;
  QtCode rc = QT_OK;

  if (ex->f->demand) {
    f = *ex->f->demand;
  } else {
    memset(&f, 0, sizeof f);
    f.region = ex->f->region;
    f.q = ex->f->q;
    f.now = qt_now();
  }
  memset(&rn, 0, sizeof rn);
  rn.a = arena_new();
  if (store_category_list(ex->st, rn.a, &cats, &n_cats, ex->err) != QT_OK) {
    arena_free(rn.a);
    return ex->err->code;
  }
  do {
    next_page(ex);
    rc = store_demand_list(ex->st, ex->scope, &f, cursor[0] ? cursor : NULL,
                           STORE_LIST_MAX, ex->a, &items, &n, &next,
                           ex->err);
    if (rc != QT_OK) break;
    for (i = 0; i < n && rc == QT_OK; i++) {
      const DemandRecord *r = &items[i];
      const Demand *d = &r->d;
      const char *category = r->category;
      for (k = 0; k < n_cats; k++) {
        if (strcmp(cats[k].code, r->category) == 0) category = cats[k].name;
      }
      const char *cells[] = {
        r->code,
        r->enterprise_name,
        region_name(ex, &rn, r->region_code),
        category,
        r->title,
        ledger_choice_label(CHOICES_DEMAND_STATUS,
                            demand_status_name(d->status)),
        r->lead_department_name,
        when(ex, d->submitted_at),
        opt_when(ex, d->first_assigned_at),
        opt_when(ex, d->answered_at),
        d->status == DEMAND_CLOSED ? opt_when(ex, d->closed_at) : NULL,
        opt_when(ex, d->answer_due),
        opt_when(ex, d->resolve_due),
        ledger_bool_label(demand_is_overdue(d, f.now)),
        d->outcome == OUTCOME_NONE
          ? NULL
          : ledger_choice_label(CHOICES_OUTCOME, outcome_name(d->outcome)),
        d->satisfaction == SAT_NONE
          ? NULL
          : ledger_choice_label(CHOICES_SATISFACTION,
                                satisfaction_name(d->satisfaction)),
        num(ex, d->reopen_count),
      };
      rc = emit(ex, cells);
    }
    /* The cursor lives in the page's arena, which the next page frees. */
    if (rc == QT_OK && next) snprintf(cursor, sizeof cursor, "%s", next);
  } while (rc == QT_OK && next);
  arena_free(rn.a);
  return rc;
}

static QtCode export_visits(Exporter *ex)
{
  VisitFilter f;
  Visit *items;
  RegionNames rn;
  char cursor[64] = "";
  char *next;
  int n, i;
  QtCode rc = QT_OK;

  if (ex->f->visit) {
    f = *ex->f->visit;
  } else {
    memset(&f, 0, sizeof f);
    f.enterprise_id = ex->f->enterprise_id;
    f.user_id = ex->f->user_id;
  }
  memset(&rn, 0, sizeof rn);
  rn.a = arena_new();
  do {
    next_page(ex);
    rc = store_visit_list(ex->st, ex->scope, &f, cursor[0] ? cursor : NULL,
                          STORE_LIST_MAX, ex->a, &items, &n, &next, ex->err);
    for (i = 0; i < n && rc == QT_OK; i++) {
      const Visit *v = &items[i];
      const char *cells[] = {
        num(ex, v->id),
        when(ex, v->visited_at),
        ledger_choice_label(CHOICES_VISIT_MODE, v->mode),
        v->user_name,
        v->credit_code,
        v->enterprise_name,
        region_name(ex, &rn, v->region_code),
        v->project_name,
        v->notes,
        num(ex, v->n_demands),
        when(ex, v->created_at),
      };
      rc = emit(ex, cells);
    }
    /* The cursor lives in the page's arena, which the next page frees. */
    if (rc == QT_OK && next) snprintf(cursor, sizeof cursor, "%s", next);
  } while (rc == QT_OK && next);
  arena_free(rn.a);
  return rc;
}

QtCode ledger_export(Store *st, const Actor *reader, const Scope *scope,
                     LedgerKind kind, const LedgerFilter *f,
                     LedgerFormat format, Buf *out, LedgerCount *count,
                     QtError *err)
{
  Exporter ex;
  int n_columns;
  const LedgerColumn *columns = ledger_columns(kind, &n_columns);
  QtCode rc;

  count->rows = count->whole_phones = 0;
  if (!columns) return qt_fail(err, QT_EINTERNAL, "No such ledger.");
  memset(&ex, 0, sizeof ex);
  ex.st = st;
  ex.reader = reader;
  ex.scope = scope;
  ex.f = f;
  ex.err = err;
  ex.a = arena_new();
  ledger_writer_init(&ex.w, format, ledger_kind_title(kind), columns,
                     n_columns);
  switch (kind) {
  case LEDGER_ENTERPRISES: rc = export_enterprises(&ex); break;
  case LEDGER_DEPARTMENTS: rc = export_departments(&ex); break;
  case LEDGER_PROJECTS: rc = export_projects(&ex); break;
  case LEDGER_USERS: rc = export_users(&ex); break;
  case LEDGER_TEAMS: rc = export_teams(&ex); break;
  case LEDGER_PAIRINGS: rc = export_pairings(&ex); break;
  case LEDGER_REGIONS: rc = export_regions(&ex); break;
  case LEDGER_INDUSTRIES: rc = export_industries(&ex); break;
  case LEDGER_DEMANDS: rc = export_demands(&ex); break;
  case LEDGER_VISITS: rc = export_visits(&ex); break;
  default: rc = qt_fail(err, QT_EINTERNAL, "No such ledger."); break;
  }
  if (rc == QT_OK) rc = ledger_writer_finish(&ex.w, out, err);
  if (rc == QT_OK) {
    count->rows = ex.w.n_rows;
    count->whole_phones = ex.whole_phones;
  }
  ledger_writer_reset(&ex.w);
  arena_free(ex.a);
  return rc;
}

/* A time filter of the demand list as text, in J under NAME. */
static void set_time(json_t *j, const char *name, QtTime t)
{
  char text[QT_TIME_TEXT];

  if (!t) return;
  qt_time_format(t, text);
  json_object_set_new(j, name, json_string(text));
}

/* The demand list's filters in force, added to J (replacing region and
 * q, which the list reads itself). */
static void demand_filter_json(json_t *j, const DemandFilter *d)
{
  const char *const names[] = {"status", "category", "region", "overdue",
                               "q"};
  const char *const values[] = {d->statuses, d->category, d->region,
                                d->overdue, d->q};
  size_t i;

  for (i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (values[i]) json_object_set_new(j, names[i], json_string(values[i]));
  }
  if (d->department_id) {
    json_object_set_new(j, "department", json_integer(d->department_id));
  }
  if (d->enterprise_id) {
    json_object_set_new(j, "enterprise", json_integer(d->enterprise_id));
  }
  if (d->commissioner_id) {
    json_object_set_new(j, "commissioner", json_integer(d->commissioner_id));
  }
  if (d->is_region_exact) json_object_set_new(j, "region_exact", json_true());
  if (d->is_extension_pending) {
    json_object_set_new(j, "extension", json_string("pending"));
  }
  set_time(j, "from", d->from);
  set_time(j, "to", d->to);
}

/* The visit list's filters in force, added to J. */
static void visit_filter_json(json_t *j, const VisitFilter *v)
{
  if (v->enterprise_id) {
    json_object_set_new(j, "enterprise", json_integer(v->enterprise_id));
  }
  if (v->user_id) json_object_set_new(j, "user", json_integer(v->user_id));
  set_time(j, "from", v->from);
  set_time(j, "to", v->to);
}

/* The filters in force, as JSON for the audit entry. */
static json_t *filter_json(const LedgerFilter *f)
{
  json_t *j = json_object();

  if (f->region) json_object_set_new(j, "region", json_string(f->region));
  if (f->q) json_object_set_new(j, "q", json_string(f->q));
  if (f->industry) {
    json_object_set_new(j, "industry", json_string(f->industry));
  }
  if (f->scale) json_object_set_new(j, "scale", json_string(f->scale));
  if (f->four_above >= 0) {
    json_object_set_new(j, "four_above", json_boolean(f->four_above));
  }
  if (f->is_key >= 0) json_object_set_new(j, "key", json_boolean(f->is_key));
  if (f->stage) json_object_set_new(j, "stage", json_string(f->stage));
  if (f->has_role) {
    json_object_set_new(j, "role", json_string(role_name(f->role)));
  }
  if (f->enterprise_id) {
    json_object_set_new(j, "enterprise_id", json_integer(f->enterprise_id));
  }
  if (f->department_id) {
    json_object_set_new(j, "department_id", json_integer(f->department_id));
  }
  if (f->parent_id) {
    json_object_set_new(j, "parent_id", json_integer(f->parent_id));
  }
  if (f->member_id) {
    json_object_set_new(j, "member_id", json_integer(f->member_id));
  }
  if (f->user_id) json_object_set_new(j, "user_id", json_integer(f->user_id));
  if (f->team_id) json_object_set_new(j, "team_id", json_integer(f->team_id));
  if (f->project_id) {
    json_object_set_new(j, "project_id", json_integer(f->project_id));
  }
  if (f->with_disabled) json_object_set_new(j, "disabled", json_true());
  if (f->with_ended) json_object_set_new(j, "ended", json_true());
  if (f->served != SERVED_ANY) {
    json_object_set_new(j, "paired", json_boolean(f->served == SERVED_YES));
  }
  if (f->pairing) {
    if (f->pairing->kind) {
      json_object_set_new(j, "kind", json_string(f->pairing->kind));
    }
    json_object_set_new(j, "status",
                        json_string(f->pairing->only_ended   ? "ended"
                                    : f->pairing->with_ended ? "all"
                                                             : "active"));
  }
  if (f->demand) demand_filter_json(j, f->demand);
  if (f->visit) visit_filter_json(j, f->visit);
  return j;
}

QtCode ledger_audit(Store *st, LedgerKind kind, LedgerFormat format,
                    const LedgerFilter *f, const LedgerCount *count,
                    const LedgerWho *who, QtTime at, QtError *err)
{
  const char *const *c;
  char action[48];
  char *detail;
  json_t *j, *personal = json_array();
  AuditEntry e;
  QtCode rc;

  for (c = kind < LEDGER_KIND_COUNT ? kinds[kind].personal : no_personal;
       *c; c++) {
    json_array_append_new(personal, json_string(*c));
  }
  j = json_pack("{s:s, s:I, s:o, s:o}", "format", ledger_format_name(format),
                "rows", (json_int_t)count->rows, "filter", filter_json(f),
                "personal", personal);
  if (kind == LEDGER_ENTERPRISES || kind == LEDGER_USERS) {
    json_object_set_new(j, "whole_phones",
                        json_integer(count->whole_phones));
  }
  if (who->os_user) {
    json_object_set_new(j, "os_user", json_string(who->os_user));
  }
  detail = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(j);
  snprintf(action, sizeof action, "export.%s", ledger_kind_name(kind));
  e.user_id = who->user_id;
  e.address = who->address;
  e.action = action;
  e.entity = "ledger";
  e.entity_id = 0;
  e.detail = detail;
  rc = store_begin(st, err);
  if (rc == QT_OK) rc = store_audit_append(st, &e, at, err);
  rc = store_end(st, rc, err);
  free(detail);
  return rc;
}
