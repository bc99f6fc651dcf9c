/*
 * submission — the state machine of one unit's list for one phase
 * (逐级上传, issue 6) and its deadline rules. Pure: no I/O, no clock (the
 * caller passes today's date).
 *
 *   draft ──submit──▶ submitted ──accept──▶ accepted
 *     ▲                  │
 *     │                return(reason)
 *     │                  ▼
 *     └────edit──────  returned ──submit──▶ submitted
 *
 * A returned list shows its reason to the unit; changing it puts it back to
 * draft, and it may also be submitted again as it is once fixed elsewhere.
 * An accepted list is final. A list that has no row yet is a draft.
 *
 * Deadlines come from the plan (plan_roster_deadline): a fixed date, or N
 * days before the session. A submission after the deadline is refused unless
 * a higher level granted an extension whose date has not passed.
 */
#ifndef PEIXUN_CORE_SUBMISSION_H
#define PEIXUN_CORE_SUBMISSION_H

#include <stdbool.h>

#include "base/err.h"
#include "core/plan.h"

enum sub_state {
	SUB_DRAFT = 1,
	SUB_SUBMITTED,
	SUB_ACCEPTED,
	SUB_RETURNED,
};

enum sub_event {
	SUB_SUBMIT = 1,  /* the unit sends its list up */
	SUB_ACCEPT,      /* the reviewing parent accepts it */
	SUB_RETURN,      /* the reviewing parent returns it with a reason */
	SUB_EDIT,        /* the unit changes its list */
};

/* Stable names: "draft", "submitted", "accepted", "returned"; parse gives 0
 * if unknown. Labels: 草稿, 已提交, 已通过, 已退回. */
const char *submission_state_name(enum sub_state s);
enum sub_state submission_state_parse(const char *name);
const char *submission_state_label(enum sub_state s);
/* "submit", "accept", "return", "edit". */
const char *submission_event_name(enum sub_event ev);

/* The state after ev in state from: 0 with *to set, or -1 with
 * SUBMISSION_STATE (not allowed from that state; the message says what is
 * possible) or SUBMISSION_REASON_REQUIRED (a return without a reason; reason
 * may be NULL for the other events). */
int submission_transition(enum sub_state from, enum sub_event ev, const char *reason,
                          enum sub_state *to, struct err *e);

/* True if ev is allowed from state from (no reason checked). */
bool submission_allowed(enum sub_state from, enum sub_event ev);

/* Whether a list due on deadline ("" = no deadline) may be submitted today,
 * given an extension until date ("" = none). 0 if so; -1 with
 * SUBMISSION_LATE (past the deadline, no extension) or
 * SUBMISSION_EXTENSION_EXPIRED (past the extension too). Dates are
 * YYYY-MM-DD; today must be valid. */
int submission_deadline_check(const char *today, const char *deadline, const char *extension,
                              struct err *e);

/* True if a list due on deadline is overdue today: not yet submitted
 * (state draft or returned), deadline passed and no extension covering
 * today. */
bool submission_overdue(enum sub_state state, const char *today, const char *deadline,
                        const char *extension);

/* Check an extension about to be granted: until a valid date, not before
 * today, after the deadline ("" deadline: any date); reason given. Errors:
 * SUBMISSION_EXTENSION_DATE, SUBMISSION_REASON_REQUIRED. */
int submission_extension_check(const char *today, const char *deadline, const char *until,
                               const char *reason, struct err *e);

#endif
