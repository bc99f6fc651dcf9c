/*
 * store/experts — experts from the online phase (DESIGN §2 P5, C4; migration
 * 0009; docs/internals/EXPERTS.md): consents given by trainees through
 * their own teacher account, appointments by the province (each with the
 * assessor account it created or enabled), withdrawals, and the list of
 * experts with their workload (sessions assigned to the assessor account,
 * trainees and assessments it recorded). No fee column exists.
 *
 * Conventions as in store.h: 0 / -1 with the error slot, 1 for "not found";
 * callbacks see rows collected first and may call the store.
 */
#ifndef PEIXUN_STORE_EXPERTS_H
#define PEIXUN_STORE_EXPERTS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

#define EXPERT_TIME_MAX 32
#define EXPERT_REASON_MAX 512

/* The teacher record of account_id (accounts.teacher_id, migration 0008)
 * into *teacher_id (0 if the account has none) and its role (24 bytes);
 * 1 if there is no such account. */
int store_expert_account_teacher(struct store *st, int64_t account_id, int64_t *teacher_id,
                                 char role[24], struct err *e);

/* The school code of teacher_id (ORG_CODE_MAX); 1 if there is no such teacher. */
int store_expert_teacher_school(struct store *st, int64_t teacher_id, char *school,
                                struct err *e);

/* Record teacher_id's consent for plan, given by account_id; an existing
 * consent is kept (its time does not change). */
int store_expert_consent_put(struct store *st, const char *plan, int64_t teacher_id,
                             int64_t account_id, struct err *e);
/* When teacher_id consented (EXPERT_TIME_MAX); 1 if they did not. */
int store_expert_consent_get(struct store *st, const char *plan, int64_t teacher_id, char *at,
                             struct err *e);

struct expert_candidate {
	int64_t teacher_id;
	char name[TEACHER_NAME_MAX];
	char school[ORG_CODE_MAX];
	char school_name[ORG_NAME_MAX];
	int64_t centi;                    /* hours in hundredths */
	char consented_at[EXPERT_TIME_MAX];
	int64_t expert_id;                /* 0 if never appointed */
	bool active;                      /* appointed now */
};

/* Trainees who consented for plan and hold at least threshold hundredths
 * of an hour in (plan, phase), by school and teacher. */
int store_expert_candidates(struct store *st, const char *plan, const char *phase,
                            int64_t threshold,
                            int (*fn)(const struct expert_candidate *c, void *arg), void *arg,
                            struct err *e);

struct expert {
	int64_t id;
	char plan[64];
	int64_t teacher_id;
	int64_t account_id;              /* the assessor account */
	bool active;
	char appointed_by[64];
	char appointed_at[EXPERT_TIME_MAX];
	char withdrawn_by[64];
	char withdrawn_at[EXPERT_TIME_MAX];  /* "" while active */
	char reason[EXPERT_REASON_MAX];      /* why withdrawn */
};

/* The appointment of teacher_id for plan (active or withdrawn); 1 if none. */
int store_expert_by_teacher(struct store *st, const char *plan, int64_t teacher_id,
                            struct expert *x, struct err *e);
/* Appointment id; 1 if none. */
int store_expert_get(struct store *st, int64_t id, struct expert *x, struct err *e);
/* A new appointment (x->plan, teacher_id, account_id, appointed_by); sets x->id. */
int store_expert_insert(struct store *st, struct expert *x, struct err *e);
/* Appoint again a withdrawn expert id with account_id; 1 if id is not
 * withdrawn. */
int store_expert_reappoint(struct store *st, int64_t id, int64_t account_id, const char *by,
                           struct err *e);
/* Withdraw the active appointment id; 1 if it is not active. */
int store_expert_withdraw(struct store *st, int64_t id, const char *by, const char *reason,
                          struct err *e);

struct expert_work {
	struct expert x;
	char name[TEACHER_NAME_MAX];
	char school[ORG_CODE_MAX];
	char school_name[ORG_NAME_MAX];
	char username[64];               /* the assessor account */
	char account_unit[ORG_CODE_MAX];
	int64_t sessions;                /* sessions the account is assigned to */
	int64_t trainees;                /* distinct teachers it assessed */
	int64_t assessments;             /* assessments it recorded (attempts) */
};

/* The experts of plan (active_only: without withdrawn ones) by id, with
 * their workload. */
int store_expert_list(struct store *st, const char *plan, bool active_only,
                      int (*fn)(const struct expert_work *w, void *arg), void *arg,
                      struct err *e);

#endif
