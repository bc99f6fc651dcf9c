/*
 * composition — the rules on who a unit's list holds (名单组成, issue 6),
 * taken from the phase's composition rules (core/plan.h) and its quota:
 *
 *   quota           more trainees than the quota is an error; fewer is a
 *                   warning until the deadline has passed, an error after
 *   stages_cover    every stage of the rule has a trainee (phase provincial:
 *                   primary, junior and senior)
 *   distinct_subjects  no subject twice (phases provincial and backbone)
 *   position_count  min..max trainees of a position (backbone: exactly 1
 *                   principal, 1 middle manager, 2 backbone teachers)
 *   total           min..max trainees in the list (backbone: 4)
 *
 * Each finding has a stable code and a Chinese message that says what to do
 * ("还缺 1 名中层干部"). What too much of something breaks (an excess, a
 * repeated subject) is always an error. What is still missing is a warning
 * while the list is being built (COMPOSITION_DRAFT) and an error when it is
 * submitted (COMPOSITION_SUBMIT) — except the quota shortfall, which stays
 * a warning until the deadline.
 *
 * Pure: no allocation, no I/O. Subjects are compared as given (the roster
 * importer stores canonical names).
 */
#ifndef PEIXUN_CORE_COMPOSITION_H
#define PEIXUN_CORE_COMPOSITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/plan.h"
#include "core/teacher.h"

#define COMPOSITION_MAX 32      /* findings kept; more are counted only */
#define COMPOSITION_MSG_MAX 256

/* What composition needs of one trainee. */
struct comp_trainee {
	const char *subject;  /* canonical subject; "" if unknown */
	unsigned stage;       /* one STAGE_* bit, 0 if unknown */
	enum position position;
};

enum comp_mode {
	COMPOSITION_DRAFT,   /* the list is being built */
	COMPOSITION_SUBMIT,  /* the list is being submitted */
};

struct comp_finding {
	bool error;                      /* false: a warning */
	char code[40];                   /* COMP_* */
	char msg[COMPOSITION_MSG_MAX];
};

struct comp_result {
	struct comp_finding items[COMPOSITION_MAX];
	size_t n;            /* findings kept in items */
	size_t errors;       /* all errors, kept or not */
	size_t warnings;
};

/* Check the list t[0..n) of a unit whose quota is quota (< 0: no quota
 * check) against ph's composition rules. past_deadline: the unit's deadline
 * has passed (a shortfall on the quota becomes an error). Fills *out (reset
 * first). Codes: COMP_OVER_QUOTA, COMP_UNDER_QUOTA, COMP_STAGE_MISSING,
 * COMP_SUBJECT_REPEATED, COMP_SUBJECT_MISSING, COMP_POSITION_MISSING,
 * COMP_POSITION_EXCESS, COMP_TOTAL_UNDER, COMP_TOTAL_OVER. */
void composition_check(const struct plan_phase *ph, const struct comp_trainee *t, size_t n,
                       int64_t quota, enum comp_mode mode, bool past_deadline,
                       struct comp_result *out);

#endif
