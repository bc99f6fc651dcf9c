/*
 * experts — trainees of the online phase as experts (DESIGN §2 P5, C4;
 * issue 7; docs/internals/EXPERTS.md): consent, the province's list of
 * candidates, appointment and withdrawal, assignment to sessions through
 * the sessions use case, and the list of experts with their workload.
 *
 * Consent: only the teacher themself, signed in with their own teacher
 * account (role teacher, linked to the teacher record by accounts.teacher_id;
 * EXPERT_NO_TEACHER otherwise, AUTH_FORBIDDEN for any other role — the
 * operator included), and only once they completed the online phase
 * (hours >= the plan's completion hours; EXPERT_NOT_COMPLETE). Giving it
 * again changes nothing. Audited ("expert.consent").
 *
 * Appointment, withdrawal, candidates and the list: the province only (the
 * operator or an account at the root unit; AUTH_FORBIDDEN otherwise).
 * Appointing needs the consent (EXPERT_NO_CONSENT) and completion
 * (EXPERT_NOT_COMPLETE); an active appointment is EXPERT_DUPLICATE. It
 * creates the assessor account "expert-<teacher id>" at the county-level
 * unit (county, zone or city-direct; the city or the province if none)
 * above the teacher's school — the teacher's home county, where the
 * province's assessors are known, while the sessions an expert may assess
 * are those the province assigns (session_experts), anywhere — with a random
 * initial password returned once and to be changed at first sign-in; a
 * re-appointment enables the same account again (no new password). An
 * existing account of that name with another role is EXPERT_ACCOUNT.
 * Withdrawal (with a reason) disables the assessor account and ends its
 * sessions; past assignments and assessments stay. Both are audited
 * ("expert.appoint", "expert.withdraw").
 *
 * Workload (C4, for the province's accounting): per expert the sessions
 * their assessor account is assigned to, the distinct trainees and the
 * assessments (attempts) it recorded. No fee appears anywhere.
 */
#ifndef PEIXUN_APP_EXPERTS_H
#define PEIXUN_APP_EXPERTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/accounts.h"
#include "app/app.h"
#include "app/auth.h"

/* The actor (a teacher) consents. *out (may be NULL): {"teacher_id",
 * "plan","consented_at","hours"} (caller owns). */
int app_expert_consent(struct app *app, const struct actor *a, json_t **out, struct err *e);
/* Whether the actor may consent now, by the same rule (a teacher account
 * linked to its teacher, who has completed the online phase), for the
 * teacher's page: {"eligible", "code" and "reason" (why not, in Chinese,
 * with what to do; "" when eligible), "consented_at" ("" if not yet),
 * "hours" (null without a record), "required" (null without an active
 * plan)}. Not meeting the rule is an answer, not an error: NULL only when
 * the store fails (caller owns). */
json_t *app_expert_consent_state(struct app *app, const struct actor *a, struct err *e);

/* Consenting trainees who completed: [{"teacher_id","name","school",
 * "school_name","hours","consented_at","expert_id","appointed"}]. */
json_t *app_expert_candidates(struct app *app, const struct actor *a, struct err *e);

struct expert_appointment {
	int64_t id;                 /* the appointment */
	int64_t account_id;
	char username[64];
	char unit[ORG_CODE_MAX];    /* where the assessor account sits */
	bool new_account;           /* initial_password holds its password */
	char initial_password[ACCOUNT_PASSWORD_LEN + 1];
};

/* Appoint teacher_id. */
int app_expert_appoint(struct app *app, const struct actor *a, int64_t teacher_id,
                       struct expert_appointment *out, struct err *e);
/* Withdraw appointment id (EXPERT_NOT_FOUND, EXPERT_NOT_ACTIVE). reason
 * must be non-empty (EXPERT_REASON). */
int app_expert_withdraw(struct app *app, const struct actor *a, int64_t id, const char *reason,
                        struct err *e);

/* The experts (active_only: without withdrawn ones): [{"id","teacher_id",
 * "name","school","school_name","account_id","username","unit","active",
 * "appointed_by","appointed_at","withdrawn_at","sessions","trainees",
 * "assessments"}] and the totals into *totals (may be NULL):
 * {"experts","sessions","trainees","assessments"}. */
json_t *app_expert_list(struct app *app, const struct actor *a, bool active_only,
                        json_t **totals, struct err *e);

/* Assign appointment id's assessor account to a session through
 * app_session_expert_assign (app/sessions.h; its rules and audit apply).
 * EXPERT_NOT_FOUND, EXPERT_NOT_ACTIVE. */
int app_expert_assign(struct app *app, const struct actor *a, int64_t id, int64_t session_id,
                      struct err *e);

#endif
