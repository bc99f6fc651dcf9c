/*
 * Word tables of the demo generator: surnames weighted roughly by their
 * frequency in Jiangxi, given-name characters by gender, village-name parts
 * and subject weights per stage (names as in data/subjects.csv).
 */
#include "app/demo_names.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/banned.h"

struct weighted {
	const char *s;
	unsigned w;
};

/* Weights are per 10,000 people, roughly. */
static const struct weighted surnames[] = {
	{ "刘", 560 }, { "陈", 560 }, { "李", 520 }, { "王", 500 }, { "张", 460 },
	{ "黄", 380 }, { "罗", 300 }, { "吴", 290 }, { "胡", 290 }, { "徐", 250 },
	{ "杨", 250 }, { "周", 240 }, { "曾", 230 }, { "邓", 200 }, { "彭", 190 },
	{ "熊", 180 }, { "肖", 180 }, { "廖", 160 }, { "钟", 160 }, { "邹", 150 },
	{ "朱", 150 }, { "赵", 140 }, { "孙", 120 }, { "郭", 130 }, { "何", 130 },
	{ "高", 110 }, { "林", 120 }, { "谢", 140 }, { "余", 130 }, { "付", 100 },
	{ "万", 100 }, { "汪", 110 }, { "程", 100 }, { "许", 90 },  { "江", 90 },
	{ "叶", 90 },  { "涂", 80 },  { "马", 80 },  { "袁", 80 },  { "龚", 80 },
	{ "温", 70 },  { "傅", 70 },  { "蔡", 70 },  { "丁", 60 },  { "宋", 60 },
	{ "方", 60 },  { "聂", 60 },  { "饶", 60 },  { "赖", 60 },  { "邱", 60 },
	{ "钱", 40 },  { "姜", 40 },  { "潘", 50 },  { "简", 40 },  { "游", 40 },
	{ "危", 30 },  { "甘", 30 },  { "帅", 20 },  { "喻", 40 },  { "魏", 50 },
	{ "欧阳", 40 }, { "司马", 4 }, { "上官", 4 }, { "诸葛", 2 }, { "皇甫", 2 },
};

static const char *const given_male[] = {
	"伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏",
	"华", "飞", "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙",
	"林", "洋", "志", "建", "文", "国", "海", "峰", "晨", "东", "亮", "坤", "成", "荣",
	"卫", "彬", "新", "春", "德", "忠", "福", "祥", "瑞", "博", "晖", "哲", "昊", "锋",
	"根", "水", "金", "发", "生", "贵", "良", "泉", "虎", "兵", "毅", "翔", "琦", "程",
};

static const char *const given_female[] = {
	"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "琳", "慧",
	"莉", "萍", "红", "梅", "兰", "英", "华", "倩", "洁", "颖", "琴", "晶", "欣", "怡",
	"佳", "璐", "菲", "婧", "薇", "蓉", "露", "丹", "凤", "翠", "云", "秀", "珍", "瑶",
	"悦", "雯", "月", "春", "晓", "小", "文", "思", "若", "雅", "诗", "梦", "嘉", "萱",
	"淑", "美", "桂", "金", "爱", "素", "秋", "彩", "琼", "妍", "媛", "姗", "茜", "莎",
};

/* Shared characters that read well in either position of a two-character
 * given name. */
static const char *const given_neutral[] = {
	"文", "明", "海", "晓", "新", "小", "建", "春", "永", "志", "家", "子", "一", "佳",
	"思", "雨", "安", "乐", "天", "嘉", "宏", "长", "中", "世", "益", "远", "清", "和",
};

static const char *const minority_male[] = {
	"买买提·艾力", "阿不都·热依木", "艾尔肯·吐尔逊", "巴特尔·孟和", "扎西·多吉",
};

static const char *const minority_female[] = {
	"古丽娜尔·艾买提", "迪丽娜尔·阿不都", "热依拉·依明", "其其格·巴图", "卓玛·次仁",
};

static const char *const village_head[] = {
	"上", "下", "东", "西", "南", "北", "前", "后", "新", "老", "大", "小", "高", "石",
	"黄", "白", "青", "长", "横", "塘", "枫", "桃", "杨", "柳", "梅", "竹", "松", "沙",
	"湖", "洪", "龙", "凤", "金", "水", "田", "坪", "源", "港", "茶", "樟", "杉", "桥",
};

static const char *const village_tail[] = {
	"坪", "塘", "田", "源", "坑", "湾", "岭", "溪", "江", "洲", "山", "口", "港", "圳",
	"埠", "村", "坊", "岗", "陂", "垄", "冲", "背", "头", "下", "里", "庄", "湖", "桥",
};

/* Surname + 家/坊/村... villages ("李家", "刘坊"). */
static const char *const clan_tail[] = { "家", "坊", "村", "屋", "宅", "庄", "湾", "岭", "溪" };

struct subject_weights {
	unsigned stage;
	const struct weighted *list;
	size_t n;
};

static const struct weighted primary_subjects[] = {
	{ "语文", 300 }, { "数学", 260 }, { "英语", 80 },  { "科学", 50 },
	{ "道德与法治", 50 }, { "体育与健康", 70 }, { "音乐", 50 }, { "美术", 50 },
	{ "信息科技", 30 }, { "劳动", 20 }, { "综合实践活动", 15 }, { "心理健康", 10 },
	{ "书法", 10 },
};

static const struct weighted junior_subjects[] = {
	{ "语文", 160 }, { "数学", 160 }, { "英语", 140 }, { "物理", 70 },
	{ "化学", 50 },  { "生物学", 50 }, { "历史", 60 },  { "地理", 50 },
	{ "道德与法治", 70 }, { "体育与健康", 60 }, { "音乐", 30 }, { "美术", 30 },
	{ "信息科技", 30 }, { "心理健康", 10 }, { "劳动", 10 }, { "综合实践活动", 5 },
};

static const struct weighted senior_subjects[] = {
	{ "语文", 140 }, { "数学", 140 }, { "英语", 130 }, { "物理", 90 },
	{ "化学", 80 },  { "生物学", 70 }, { "历史", 60 },  { "地理", 60 },
	{ "思想政治", 70 }, { "体育与健康", 60 }, { "信息技术", 30 }, { "通用技术", 20 },
	{ "音乐", 20 },  { "美术", 20 },  { "心理健康", 10 }, { "日语", 10 },
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *pick_weighted(struct demo_rng *r, const struct weighted *list, size_t n)
{
	unsigned total = 0;
	for (size_t i = 0; i < n; i++)
		total += list[i].w;
	unsigned x = demo_rng_below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < list[i].w)
			return list[i].s;
		x -= list[i].w;
	}
	return list[n - 1].s;
}

static const char *pick(struct demo_rng *r, const char *const *list, size_t n)
{
	return list[demo_rng_below(r, (uint32_t)n)];
}

struct demo_rng demo_rng_stream(uint64_t seed, const char *label)
{
	/* FNV-1a of the label, mixed with the seed through one splitmix step. */
	uint64_t h = 0xcbf29ce484222325ULL;
	for (const unsigned char *p = (const unsigned char *)label; *p; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	struct demo_rng r = { seed ^ h };
	r.s = demo_rng_next(&r);
	return r;
}

void demo_name_person(struct demo_rng *r, enum gender g, char *out, size_t size)
{
	bool female = g == GENDER_FEMALE;
	if (demo_rng_below(r, 5000) == 0) {
		snprintf(out, size, "%s",
		         female ? pick(r, minority_female, N_OF(minority_female))
		                : pick(r, minority_male, N_OF(minority_male)));
		return;
	}
	const char *sur = pick_weighted(r, surnames, N_OF(surnames));
	const char *const *own = female ? given_female : given_male;
	size_t nown = female ? N_OF(given_female) : N_OF(given_male);
	unsigned shape = demo_rng_below(r, 100);
	if (shape < 22) { /* one character: 王芳 */
		snprintf(out, size, "%s%s", sur, pick(r, own, nown));
	} else if (shape < 40) { /* neutral + own: 王晓燕 */
		const char *a = pick(r, given_neutral, N_OF(given_neutral));
		snprintf(out, size, "%s%s%s", sur, a, pick(r, own, nown));
	} else { /* two of one's own, not doubled by accident: 刘俊杰 */
		const char *a = pick(r, own, nown);
		const char *b = pick(r, own, nown);
		if (a == b && demo_rng_below(r, 4) != 0)
			b = pick(r, given_neutral, N_OF(given_neutral));
		snprintf(out, size, "%s%s%s", sur, a, b);
	}
}

void demo_name_village(struct demo_rng *r, char *out, size_t size)
{
	if (demo_rng_below(r, 3) == 0) {
		const char *sur = pick_weighted(r, surnames, 30); /* common one-character surnames */
		snprintf(out, size, "%s%s", sur, pick(r, clan_tail, N_OF(clan_tail)));
		return;
	}
	const char *a = pick(r, village_head, N_OF(village_head));
	const char *b = pick(r, village_tail, N_OF(village_tail));
	if (!strcmp(a, b))
		b = "岭";
	snprintf(out, size, "%s%s", a, b);
}

const char *demo_subject(struct demo_rng *r, unsigned stage)
{
	static const struct subject_weights by_stage[] = {
		{ STAGE_PRIMARY, primary_subjects, N_OF(primary_subjects) },
		{ STAGE_JUNIOR, junior_subjects, N_OF(junior_subjects) },
		{ STAGE_SENIOR, senior_subjects, N_OF(senior_subjects) },
	};
	for (size_t i = 0; i < N_OF(by_stage); i++)
		if (by_stage[i].stage == stage)
			return pick_weighted(r, by_stage[i].list, by_stage[i].n);
	return pick_weighted(r, primary_subjects, N_OF(primary_subjects));
}
