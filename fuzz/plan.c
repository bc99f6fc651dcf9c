/*
 * Fuzz target: src/core/plan.c over arbitrary bytes. Invariants checked: a
 * failure always carries a PLAN_* code and a message that starts with the
 * JSON path "$" or a line number; a success yields a plan whose lookups and
 * date helpers work on every phase.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void exercise(const struct plan *p)
{
	char out[PLAN_DATE_LEN], year[PLAN_YEAR_LEN];
	struct err e = ERR_INIT;
	for (size_t i = 0; i < p->nphases; i++) {
		const struct plan_phase *ph = &p->phases[i];
		if (plan_phase(p, ph->key) != ph || ph->index != i)
			abort();
		for (enum org_kind k = ORG_PROVINCE; k <= ORG_SCHOOL; k++)
			for (enum school_type t = SCHOOL_NONE; t <= SCHOOL_POINT; t++) {
				const struct plan_quota_rule *r = plan_quota_rule(ph, k, t);
				int q = plan_quota(ph, k, t);
				if (r ? q != r->count || (q < 1 && q != PLAN_QUOTA_ALL) : q != 0)
					abort();
			}
		if (ph->roster.report.form == NULL || ph->roster.report.deadline.type == PLAN_DEADLINE_NONE)
			abort();
		if (plan_roster_deadline(ph, "2022-11-20", out, &e) == 0 && !plan_date_valid(out))
			abort();
		plan_session_check(ph, "2022-11-20", &e);
		if (ph->credit && plan_credit_year(ph->credit, "2022-11-20", year, &e) == 0 &&
		    !plan_academic_year_valid(year))
			abort();
		if (ph->assessment && (ph->assessment->nlevels < 2 ||
		                       ph->assessment->min_minutes > ph->assessment->max_minutes))
			abort();
	}
	for (size_t i = 0; i < p->nforms; i++)
		if (plan_form(p, p->forms[i].key) != &p->forms[i] || p->forms[i].ncolumns == 0)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plan *p = NULL;
	struct err e = ERR_INIT;
	if (plan_parse((const char *)data, size, &p, &e) == 0) {
		if (!p || err_is_set(&e))
			abort();
		exercise(p);
		plan_free(p);
		return 0;
	}
	if (p || strncmp(e.code, "PLAN_", 5) != 0)
		abort();
	if (e.msg[0] != '$' && strncmp(e.msg, "第 ", strlen("第 ")) != 0 &&
	    strcmp(e.code, "PLAN_TOO_LARGE") != 0)
		abort();
	return 0;
}
