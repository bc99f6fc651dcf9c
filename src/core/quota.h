/*
 * quota — pure quota arithmetic of the cascade (名额逐级分解, issue 6): how
 * many trainees each unit of the tree sends in a phase, and the checks on
 * moving numbers between units. No I/O: the caller reads the tree and the
 * teacher counts from the store and writes the results back.
 *
 * Generation follows the phase's quota rules (core/plan.h: plan_quota_rule,
 * plan_quota), never fixed numbers. A unit matched by a rule is a "quota
 * unit": it files its own list and its quota is the rule's count, or for
 * PLAN_QUOTA_ALL the subject teachers of the unit itself plus, when the rule
 * says include_covered, those of the village schools and teaching points it
 * covers. Every other unit's quota is the sum of its children's. Children
 * are children in the reporting tree: a province-administered county sits
 * under the province, not under its city (the caller builds the tree so).
 * In the 2022 Jiangxi plan this gives 7 per county-level unit (a direct
 * county too), 5 per development zone and city-direct unit (phase
 * provincial), 4 per central-or-above school (backbone, so a county's quota
 * is 4 × its eligible schools) and every subject teacher (all-staff).
 *
 * Invariant kept by the move and set checks: at every unit the children's
 * quotas add up to at most the unit's own quota. Every change needs a
 * reason (quota_reason_check).
 */
#ifndef PEIXUN_CORE_QUOTA_H
#define PEIXUN_CORE_QUOTA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/org.h"
#include "core/plan.h"

#define QUOTA_REASON_MAX 500  /* bytes of a reason, UTF-8 */
#define QUOTA_MAX 10000000    /* no unit sends more (a sanity bound) */

/* One unit of the tree as generation sees it. */
struct quota_node {
	enum org_kind kind;
	enum school_type school_type;  /* SCHOOL_NONE unless a school */
	long parent;                   /* index of the reporting parent; -1 for the root */
	long covered_by;               /* index of the covering central school; -1 if none */
	int64_t teachers;              /* subject teachers of this unit itself */
	int64_t quota;                 /* out: the unit's quota */
	bool quota_unit;               /* out: a rule matched; the unit files its own list */
};

/* Fill quota and quota_unit of nodes[0..n) for phase ph. Every node's parent
 * must come before it (parent < own index: the tree in pre-order or by
 * level), covered_by may point anywhere. -1 with QUOTA_TREE if an index is
 * out of range or a parent does not precede its child, QUOTA_RANGE if a sum
 * exceeds QUOTA_MAX. */
int quota_generate(const struct plan_phase *ph, struct quota_node *nodes, size_t n,
                   struct err *e);

/* A reason for a change: 1..QUOTA_REASON_MAX bytes, not only spaces.
 * QUOTA_REASON_REQUIRED / QUOTA_REASON_TOO_LONG. */
int quota_reason_check(const char *reason, struct err *e);

/* Moving amount from one child of a unit to another child of it.
 * parent_quota: the unit's quota; from_quota / to_quota: the children's;
 * from_assigned: what the giving child has already handed to its own
 * children (it must keep at least that much). On success *from_new and
 * *to_new hold the new numbers. Errors: QUOTA_AMOUNT (amount < 1 or
 * over QUOTA_MAX), QUOTA_SAME_UNIT, QUOTA_NOT_ENOUGH (the giver has less),
 * QUOTA_ASSIGNED (the giver's children hold the number), QUOTA_OVER_PARENT
 * (the children would exceed the parent: happens only if they did before).
 * Names are for messages. */
struct quota_move {
	const char *from_name, *to_name;
	int64_t parent_quota, children_sum;
	int64_t from_quota, from_assigned;
	int64_t to_quota;
	int64_t amount;
};
int quota_move_check(const struct quota_move *m, int64_t *from_new, int64_t *to_new,
                     struct err *e);

/* Setting a unit's quota outright (the province's adjustment). assigned:
 * the sum of its children's quotas, which the new number must cover.
 * Errors: QUOTA_AMOUNT (negative or over QUOTA_MAX), QUOTA_ASSIGNED. The
 * caller adds new_quota - old to every ancestor so sums stay consistent. */
int quota_set_check(const char *name, int64_t new_quota, int64_t assigned, struct err *e);

/* Check that children_sum <= parent_quota: QUOTA_OVER_PARENT otherwise. */
int quota_sum_check(const char *name, int64_t parent_quota, int64_t children_sum,
                    struct err *e);

#endif
