/*
 * sessiontest — what the app tests around training sessions share on top
 * of the cascade fixture (cascadetest.h): an account with its actor, a
 * session of the built-in plan, an expert appointed to it, a trainee
 * listed and signed in. Each helper works straight on the store and fails
 * the test on any error.
 */
#ifndef PEIXUN_TESTS_APP_SESSIONTEST_H
#define PEIXUN_TESTS_APP_SESSIONTEST_H

#include "cascadetest.h"

#include "store/sessions.h"

/* Insert an account (password hash "x") and set *out to its actor; its id. */
static inline int64_t ts_account(struct app *app, const char *name, const char *role,
                                 const char *org, struct actor *out)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	assert_non_null(st);
	struct account a = { .must_change_password = false };
	snprintf(a.username, sizeof a.username, "%s", name);
	snprintf(a.role, sizeof a.role, "%s", role);
	snprintf(a.org, sizeof a.org, "%s", org);
	snprintf(a.password_hash, sizeof a.password_hash, "x");
	if (store_account_insert(st, &a, &e) < 0)
		fail_msg("account: %s %s", e.code, e.msg);
	app_store_put(app, st);
	*out = ct_actor(name, role, org);
	out->account_id = a.id;
	return a.id;
}

/* A session of (CT_PLAN, phase) organised by organiser on date at place
 * ("" for none); its id. */
static inline int64_t ts_session(struct app *app, const char *phase, const char *organiser,
                                 const char *date, const char *place)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	struct training_session s = { .capacity = 0 };
	snprintf(s.plan, sizeof s.plan, CT_PLAN);
	snprintf(s.phase, sizeof s.phase, "%s", phase);
	snprintf(s.organiser, sizeof s.organiser, "%s", organiser);
	snprintf(s.held_on, sizeof s.held_on, "%s", date);
	snprintf(s.place, sizeof s.place, "%s", place);
	if (store_training_session_create(st, &s, &e) < 0)
		fail_msg("session: %s %s", e.code, e.msg);
	app_store_put(app, st);
	return s.id;
}

/* Appoint expert a to session. */
static inline void ts_expert_of(struct app *app, int64_t session, const struct actor *a)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	assert_int_equal(store_training_session_expert_add(st, session, a->account_id, &e), 0);
	app_store_put(app, st);
}

/* List teacher at session (if not yet) and sign them in. */
static inline void ts_sign_in(struct app *app, int64_t session, int64_t teacher)
{
	struct err e = ERR_INIT;
	struct store *st = app_store_get(app, &e);
	if (store_training_session_add_trainee(st, session, teacher, &e) < 0 &&
	    strcmp(e.code, "STORE_DUPLICATE"))
		fail_msg("trainee: %s %s", e.code, e.msg);
	assert_int_equal(store_attendance_add(st, session, teacher, "test", &e), 0);
	app_store_put(app, st);
}

#endif
