/*
 * demo_words.c — the seeded generator and the words the demo data is made
 * of; see demo.h.
 *
 * The lists are chosen so that a screen of demo data reads like a real
 * Weifang ledger: trade names from the characters registrars see every
 * day, the industries Weifang is known for (machinery, chemicals, food,
 * textiles, vehicle parts, Shouguang's vegetables), surnames in roughly
 * Shandong's proportions.  Towns are those of each county as we know them;
 * a demo needs them plausible, not authoritative.
 */
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "uscc.h"

/* ---- the generator ---------------------------------------------------- */

void demo_rng_seed(DemoRng *r, uint64_t seed)
{
  r->state = seed;
  /* One draw mixes the seed, so seeds 1 and 2 start far apart. */
  (void)demo_rng_next(r);
}

uint64_t demo_rng_next(DemoRng *r)
{
  uint64_t z;

  r->state += 0x9E3779B97F4A7C15u;
  z = r->state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

int demo_rng_below(DemoRng *r, int n)
{
  /* The high 32 bits scaled by N: no modulo bias worth the name, and no
   * division. */
  uint64_t hi = demo_rng_next(r) >> 32;

  return (int)((hi * (uint64_t)n) >> 32);
}

int demo_rng_range(DemoRng *r, int lo, int hi)
{
  return lo + demo_rng_below(r, hi - lo + 1);
}

bool demo_rng_chance(DemoRng *r, int per_mille)
{
  return demo_rng_below(r, 1000) < per_mille;
}

int demo_rng_weighted(DemoRng *r, const int *weights, int n)
{
  int total = 0, i, x;

  for (i = 0; i < n; i++) {
    total += weights[i];
  }
  x = demo_rng_below(r, total);
  for (i = 0; i < n - 1; i++) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return n - 1;
}

void demo_rng_shuffle(DemoRng *r, int *v, int n)
{
  int i, j, t;

  for (i = n - 1; i > 0; i--) {
    j = demo_rng_below(r, i + 1);
    t = v[i];
    v[i] = v[j];
    v[j] = t;
  }
}

/* A random element of a NULL-free array of strings. */
#define PICK(r, list) \
  ((list)[demo_rng_below((r), (int)(sizeof(list) / sizeof((list)[0])))])

/* ---- industries ------------------------------------------------------- */

/* Weights sum to about 970; manufacturing (13-43) is about 57 % of it,
 * which is Weifang's profile as an industrial city. */
const DemoIndustry demo_industries[] = {
  {"01", 40, SECTOR_FARMING, {"农业", "蔬菜", "果蔬", "种业"},
   "现代农业示范园", NULL},
  {"03", 15, SECTOR_FARMING, {"牧业", "养殖", "畜牧"}, "生态养殖基地",
   NULL},
  {"05", 8, SECTOR_FARMING, {"农业服务", "农机服务"}, "农业社会化服务中心",
   NULL},
  {"10", 3, SECTOR_INDUSTRY, {"矿业"}, "绿色矿山", NULL},
  {"13", 55, SECTOR_INDUSTRY, {"食品", "农产品", "粮油", "饲料"},
   "农产品精深加工", "万吨"},
  {"14", 25, SECTOR_INDUSTRY, {"食品", "调味品", "乳业"}, "功能性食品",
   "万吨"},
  {"15", 8, SECTOR_INDUSTRY, {"酒业", "饮品", "茶业"}, "饮品", "万吨"},
  {"17", 30, SECTOR_INDUSTRY, {"纺织", "棉纺", "家纺"}, "高档纺织面料",
   "万米"},
  {"18", 25, SECTOR_INDUSTRY, {"服饰", "服装", "制衣"}, "功能性服装",
   "万件"},
  {"19", 6, SECTOR_INDUSTRY, {"鞋业", "皮革"}, "皮革制品", "万双"},
  {"20", 10, SECTOR_INDUSTRY, {"木业", "板材"}, "环保板材", "万立方米"},
  {"21", 10, SECTOR_INDUSTRY, {"家具", "家居"}, "智能家居", "万套"},
  {"22", 12, SECTOR_INDUSTRY, {"纸业", "包装"}, "高档包装用纸", "万吨"},
  {"23", 8, SECTOR_INDUSTRY, {"印务", "包装印刷"}, "绿色印刷", NULL},
  {"24", 8, SECTOR_INDUSTRY, {"工艺品", "体育用品", "风筝"}, "文体用品",
   "万件"},
  {"25", 4, SECTOR_INDUSTRY, {"石化", "能源"}, "清洁燃料", "万吨"},
  {"26", 45, SECTOR_INDUSTRY, {"化工", "化学", "新材料"}, "高端化工新材料",
   "万吨"},
  {"27", 12, SECTOR_INDUSTRY, {"药业", "制药", "生物科技"}, "生物医药",
   NULL},
  {"28", 4, SECTOR_INDUSTRY, {"化纤"}, "差别化纤维", "万吨"},
  {"29", 30, SECTOR_INDUSTRY, {"橡胶", "塑业", "塑料制品"},
   "高性能橡塑制品", "万吨"},
  {"30", 28, SECTOR_INDUSTRY, {"建材", "新型建材", "陶瓷"}, "绿色建材",
   "万吨"},
  {"31", 5, SECTOR_INDUSTRY, {"钢铁", "特钢"}, "优特钢", "万吨"},
  {"32", 5, SECTOR_INDUSTRY, {"铝业", "有色金属"}, "高端铝材", "万吨"},
  {"33", 35, SECTOR_INDUSTRY, {"金属制品", "五金", "钢结构"}, "金属结构件",
   "万吨"},
  {"34", 45, SECTOR_INDUSTRY, {"机械", "动力", "泵业", "阀门"},
   "智能动力装备", "万台"},
  {"35", 40, SECTOR_INDUSTRY, {"机械", "装备", "重工", "农业装备"},
   "高端农机装备", "万台"},
  {"36", 30, SECTOR_INDUSTRY, {"汽车零部件", "汽车配件", "车辆"},
   "新能源汽车零部件", "万套"},
  {"37", 6, SECTOR_INDUSTRY, {"船舶", "轨道交通设备"}, "轨道交通装备",
   "万件"},
  {"38", 30, SECTOR_INDUSTRY, {"电气", "电机", "电力设备", "新能源"},
   "高效电机", "万台"},
  {"39", 18, SECTOR_INDUSTRY, {"电子", "光电", "声学", "通信设备"},
   "智能声学器件", "万件"},
  {"40", 6, SECTOR_INDUSTRY, {"仪器仪表", "仪器"}, "智能仪表", "万台"},
  {"41", 6, SECTOR_INDUSTRY, {"制品", "日用品"}, "日用制品", "万件"},
  {"42", 6, SECTOR_INDUSTRY, {"再生资源", "环保"}, "再生资源综合利用",
   "万吨"},
  {"43", 4, SECTOR_INDUSTRY, {"设备维修", "机械维修"}, "装备再制造", NULL},
  {"44", 6, SECTOR_INDUSTRY, {"热电", "新能源", "光伏"}, "光伏发电",
   NULL},
  {"46", 2, SECTOR_INDUSTRY, {"水务"}, "城乡供水一体化", NULL},
  {"47", 20, SECTOR_BUILDING, {"建筑工程", "建设"}, "装配式建筑产业园",
   NULL},
  {"48", 12, SECTOR_BUILDING, {"路桥工程", "市政工程"}, "市政道路提升",
   NULL},
  {"49", 8, SECTOR_BUILDING, {"安装工程", "机电安装"}, "机电安装基地",
   NULL},
  {"50", 12, SECTOR_BUILDING, {"装饰工程", "装饰"}, "装饰材料产业园",
   NULL},
  {"51", 70, SECTOR_TRADE, {"商贸", "贸易", "供应链", "进出口"},
   "商贸物流中心", NULL},
  {"52", 30, SECTOR_TRADE, {"商贸", "超市", "百货"}, "商业综合体", NULL},
  {"54", 22, SECTOR_SERVICE, {"物流", "运输"}, "智慧物流园", NULL},
  {"58", 6, SECTOR_SERVICE, {"国际货运代理", "物流"}, "多式联运枢纽",
   NULL},
  {"59", 10, SECTOR_SERVICE, {"仓储", "冷链物流"}, "冷链仓储中心", NULL},
  {"61", 8, SECTOR_TRADE, {"酒店", "宾馆"}, "精品酒店", NULL},
  {"62", 14, SECTOR_TRADE, {"餐饮", "餐饮管理"}, "中央厨房", NULL},
  {"64", 10, SECTOR_SERVICE, {"网络科技", "互联网科技"}, "工业互联网平台",
   NULL},
  {"65", 22, SECTOR_SERVICE, {"软件", "信息技术", "数字科技"},
   "数字经济产业园", NULL},
  {"70", 12, SECTOR_SERVICE, {"置业", "房地产开发"}, "城市更新", NULL},
  {"71", 5, SECTOR_SERVICE, {"租赁", "设备租赁"}, "设备租赁服务中心",
   NULL},
  {"72", 25, SECTOR_SERVICE, {"企业管理咨询", "人力资源", "会展", "广告"},
   "总部经济大厦", NULL},
  {"73", 8, SECTOR_SERVICE, {"技术研究院", "生物技术"}, "研发中试基地",
   NULL},
  {"74", 12, SECTOR_SERVICE, {"检测", "工程设计", "测绘"}, "检验检测中心",
   NULL},
  {"75", 20, SECTOR_SERVICE, {"科技", "技术服务"}, "科技孵化器", NULL},
  {"77", 5, SECTOR_SERVICE, {"环保科技", "环境工程"}, "固废综合处置",
   NULL},
  {"80", 4, SECTOR_SERVICE, {"家政服务"}, "家政服务培训基地", NULL},
  {"81", 4, SECTOR_SERVICE, {"汽车维修"}, "汽车后市场服务中心", NULL},
  {"88", 2, SECTOR_SERVICE, {"文化传媒"}, "文化创意产业园", NULL},
};

const int demo_n_industries =
  (int)(sizeof demo_industries / sizeof demo_industries[0]);

/* ---- counties --------------------------------------------------------- */

/* Weights follow the counties' economic weight: Shouguang, Zhucheng,
 * Qingzhou and Gaomi have the most enterprises; the four city districts
 * fewer, Kuiwen (the centre) mostly services. */
static const DemoCountyInfo counties[] = {
  {"370702", 6,
   {"城关街道", "南关街道", "西关街道", "北关街道", "于河街道", "望留街道",
    NULL}},
  {"370703", 7,
   {"寒亭街道", "开元街道", "固堤街道", "高里街道", "朱里街道", NULL}},
  {"370704", 6,
   {"坊城街道", "凤凰街道", "九龙街道", "黄旗堡街道", "王家庄街道",
    "太保庄街道", NULL}},
  {"370705", 9,
   {"东关街道", "大虞街道", "梨园街道", "廿里堡街道", "潍州路街道",
    "北苑街道", "广文街道", NULL}},
  {"370724", 7,
   {"城关街道", "东城街道", "五井镇", "冶源镇", "寺头镇", "九山镇",
    "辛寨镇", "山旺镇", "柳山镇", "沂山镇", NULL}},
  {"370725", 7,
   {"宝城街道", "朱刘街道", "五图街道", "宝都街道", "乔官镇", "唐吾镇",
    "红河镇", "营丘镇", "鄌郚镇", NULL}},
  {"370781", 10,
   {"王府街道", "益都街道", "云门山街道", "黄楼街道", "弥河镇", "王坟镇",
    "庙子镇", "邵庄镇", "高柳镇", "何官镇", "东夏镇", "谭坊镇", NULL}},
  {"370782", 12,
   {"密州街道", "龙都街道", "舜王街道", "枳沟镇", "贾悦镇", "石桥子镇",
    "相州镇", "昌城镇", "百尺河镇", "辛兴镇", "林家村镇", "皇华镇",
    "桃林镇", NULL}},
  {"370783", 14,
   {"圣城街道", "文家街道", "古城街道", "洛城街道", "孙家集街道",
    "化龙镇", "营里镇", "台头镇", "田柳镇", "上口镇", "侯镇", "纪台镇",
    "稻田镇", "羊口镇", NULL}},
  {"370784", 8,
   {"兴安街道", "新安街道", "景芝镇", "凌河镇", "官庄镇", "大盛镇",
    "石埠子镇", "石堆镇", "柘山镇", "辉渠镇", "吾山镇", "金冢子镇", NULL}},
  {"370785", 10,
   {"醴泉街道", "朝阳街道", "密水街道", "夏庄镇", "姜庄镇", "大牟家镇",
    "阚家镇", "井沟镇", "柏城镇", NULL}},
  {"370786", 8,
   {"奎聚街道", "都昌街道", "围子街道", "柳疃镇", "龙池镇", "卜庄镇",
    "饮马镇", "北孟镇", "下营镇", NULL}},
};

const DemoCountyInfo *demo_county_info(const char *code)
{
  size_t i;

  for (i = 0; i < sizeof counties / sizeof counties[0]; i++) {
    if (strcmp(counties[i].code, code) == 0) return &counties[i];
  }
  return NULL;
}

/* ---- people ----------------------------------------------------------- */

/* Common Shandong surnames with rough relative frequencies. */
static const struct {
  const char *name; /* the surname */
  int weight;       /* relative frequency */
} surnames[] = {
  {"王", 90}, {"张", 80}, {"李", 75}, {"刘", 65}, {"杨", 30}, {"孙", 30},
  {"赵", 28}, {"陈", 26}, {"高", 24}, {"徐", 22}, {"马", 20}, {"于", 20},
  {"郭", 18}, {"宋", 16}, {"韩", 15}, {"曹", 12}, {"丁", 12}, {"周", 12},
  {"吴", 10}, {"谭", 9},  {"隋", 8},  {"单", 8},  {"秦", 8},  {"崔", 9},
  {"董", 9},  {"袁", 7},  {"田", 9},  {"姜", 10}, {"孟", 8},  {"郑", 8},
  {"葛", 6},  {"管", 6},  {"臧", 5},  {"冯", 7},  {"魏", 8},  {"朱", 9},
  {"胡", 8},  {"林", 7},  {"何", 6},  {"邱", 5},  {"窦", 4},  {"綦", 3},
};

static const char *const given_male[] = {
  "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平",
  "辉", "鹏", "华", "飞", "鑫", "波", "宁", "建", "国", "志", "海", "峰",
  "东", "文", "春", "立", "新", "雷", "庆", "玉", "成", "永", "金", "洪",
  "德", "振", "子", "浩", "宇", "晓", "俊", "凯", "亮", "兆", "光", "锋",
};

static const char *const given_female[] = {
  "丽", "静", "敏", "燕", "艳", "娟", "霞", "芳", "娜", "红", "梅", "玲",
  "萍", "莉", "雪", "琳", "晶", "颖", "慧", "婷", "倩", "洁", "璐", "佳",
  "欣", "悦", "秀", "英", "华", "媛", "丹", "蕾",
};

static const char *const given_male2[] = {
  "建国", "建华", "建军", "志强", "志刚", "志勇", "海涛", "海峰", "海波",
  "文斌", "文涛", "立新", "立军", "永刚", "永强", "明亮", "俊杰", "浩然",
  "子豪", "宇航", "晓东", "晓明", "振华", "振宇", "庆国", "玉成", "金龙",
  "洪涛", "德胜", "春雷", "新民", "国栋", "国庆", "兆辉", "光明", "凯文",
  "鹏飞", "云龙", "学军", "学文", "成龙", "家豪", "宏伟", "世杰", "长青",
  "传军", "福林", "殿军", "兆祥", "伟东", "德明", "守信", "连生", "树林",
};

static const char *const given_female2[] = {
  "丽娟", "静怡", "秀英", "桂英", "玉兰", "晓燕", "红霞", "海燕", "雪梅",
  "丽华", "艳红", "春燕", "美玲", "佳慧", "婷婷", "欣怡", "梦瑶", "倩倩",
  "慧敏", "晶晶", "璐璐", "雅琪", "思雨", "文静", "晓丽", "丹丹", "媛媛",
  "秀兰", "淑珍", "凤英", "玉梅", "红梅", "丽萍", "雪莲", "金凤", "彩霞",
};

void demo_person_name(DemoRng *r, char out[DEMO_PERSON])
{
  enum { N_SURNAMES = sizeof surnames / sizeof surnames[0] };
  int weights[N_SURNAMES], i;
  bool is_male = demo_rng_chance(r, 550);
  const char *first;

  for (i = 0; i < N_SURNAMES; i++) {
    weights[i] = surnames[i].weight;
  }
  i = demo_rng_weighted(r, weights, N_SURNAMES);
  first = is_male ? PICK(r, given_male) : PICK(r, given_female);
  /* Two-character given names are the more common, and real ones are
   * not random pairs of characters: take them from a list. */
  if (demo_rng_chance(r, 620)) {
    first = is_male ? PICK(r, given_male2) : PICK(r, given_female2);
  } else {
    first = is_male ? PICK(r, given_male) : PICK(r, given_female);
  }
  snprintf(out, DEMO_PERSON, "%s%s", surnames[i].name, first);
}

void demo_phone(DemoRng *r, char out[DEMO_PHONE])
{
  static const char *const prefixes[] = {
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
    "150", "151", "152", "153", "155", "156", "157", "158", "159",
    "180", "181", "182", "183", "185", "186", "187", "188", "189",
  };

  snprintf(out, DEMO_PHONE, "%s%08d", PICK(r, prefixes),
           demo_rng_below(r, 100000000));
}

/* ---- enterprises ------------------------------------------------------ */

/* Characters of trade names (字号); two distinct ones make a stem. */
static const char *const stem_chars[] = {
  "鑫", "华", "金", "恒", "宏", "瑞", "天", "永", "富", "盛", "隆", "泰",
  "嘉", "信", "德", "福", "祥", "兴", "昌", "丰", "润", "利", "佳", "海",
  "新", "东", "中", "联", "汇", "宝", "诚", "正", "通", "达", "源", "鼎",
  "博", "创", "卓", "远", "明", "益", "康", "安", "锦", "亿", "众", "同",
  "和", "乾", "坤", "晨", "辰", "旭", "凯", "豪", "力", "鸿", "广", "元",
  "科", "森", "昊", "峰", "禾", "春", "沃", "星", "蓝", "齐", "鲁", "泓",
};

void demo_stem(DemoRng *r, char out[DEMO_STEM])
{
  const char *a = PICK(r, stem_chars), *b;

  do {
    b = PICK(r, stem_chars);
  } while (strcmp(a, b) == 0);
  snprintf(out, DEMO_STEM, "%s%s", a, b);
}

/* GB 11714 values: digits 0-9 and letters A=10 ... Z=35. */
static int gb11714_value(char c)
{
  return c <= '9' ? c - '0' : c - 'A' + 10;
}

/* The GB 11714 check character of the 8-character organisation code
 * BODY: 11 minus the weighted sum mod 11, with 10 written X and 11 as 0. */
static char gb11714_check(const char *body)
{
  static const int weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0, i, c;

  for (i = 0; i < 8; i++) {
    sum += gb11714_value(body[i]) * weights[i];
  }
  c = 11 - sum % 11;
  if (c == 10) return 'X';
  if (c == 11) return '0';
  return (char)('0' + c);
}

void demo_credit_code(DemoRng *r, const char *region, char out[DEMO_CODE])
{
  /* Letters and digits of GB 32100, so the whole code stays in its
   * alphabet. */
  static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  char org[9];
  int i;

  if (demo_rng_chance(r, 550)) {
    /* Registered since 2015: Shandong's new organisation codes begin
     * "MA3". */
    memcpy(org, "MA3", 3);
    for (i = 3; i < 8; i++) {
      org[i] = alphabet[demo_rng_below(r, 31)];
    }
  } else {
    /* Older codes were numeric, carried over from the organisation code
     * certificate. */
    static const char leads[] = "1235678";
    org[0] = leads[demo_rng_below(r, 7)];
    for (i = 1; i < 8; i++) {
      org[i] = (char)('0' + demo_rng_below(r, 10));
    }
  }
  org[8] = '\0';
  snprintf(out, DEMO_CODE, "91%.6s%s%c", region, org, gb11714_check(org));
  out[17] = uscc_check_char(out);
  out[18] = '\0';
}

static const char *const road_stems[] = {
  "东风", "胜利", "健康", "北海", "福寿", "宝通", "新华", "民生", "文化",
  "金光", "银海", "鸢飞", "玉清", "工业", "科技", "富康", "渤海", "幸福",
  "光明", "友谊", "青年", "长松", "樱前", "北宫", "南苑", "泰祥", "世纪",
  "创业", "兴业", "振兴", "丰收", "农圣", "商业", "发展", "建设", "永安",
};

void demo_address(DemoRng *r, const char *place, const char *town,
                  char out[DEMO_TEXT])
{
  static const char *const sides[] = {"", "", "东", "西", "南", "北"};
  static const char *const kinds[] = {"路", "街", "大街", "路", "街"};

  snprintf(out, DEMO_TEXT, "%s%s%s%s%s%d号", place, town ? town : "",
           PICK(r, road_stems), PICK(r, sides), PICK(r, kinds),
           demo_rng_range(r, 1, 3999));
}

void demo_project_name(DemoRng *r, const char *stem, const DemoIndustry *ind,
                       char out[DEMO_TEXT])
{
  /* Factories expand capacity; parks, centres and platforms are built. */
  static const char *const plants[] = {
    "智能化技术改造项目", "产业园项目", "扩建项目", "研发中心项目",
    "二期项目", "数字化车间项目",
  };
  static const char *const sites[] = {
    "项目", "建设项目", "二期项目", "提升改造项目",
  };

  if (!ind->unit) {
    snprintf(out, DEMO_TEXT, "%s%s%s", stem, ind->product, PICK(r, sites));
  } else if (demo_rng_chance(r, 250)) {
    snprintf(out, DEMO_TEXT, "%s年产%d%s%s项目", stem,
             demo_rng_range(r, 1, 60), ind->unit, ind->product);
  } else {
    snprintf(out, DEMO_TEXT, "%s%s%s", stem, ind->product, PICK(r, plants));
  }
}
