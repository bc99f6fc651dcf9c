/*
 * demo_scenario — play the notice on the demo province (`peixun demo …
 * --scenario full`, issue 7) through the same use cases the interfaces
 * call, so a newcomer, the dashboard and the benchmarks see a province in
 * mid-flight: the backbone phase (骨干教师培训) from the plan's activation to
 * the credits.
 *
 * On a store holding the demo province (app/demo.h), as the operator
 * (actor_operator) except where an expert acts:
 *   1. activates the built-in plan jiangxi-2022 (app_plan_activate);
 *   2. every school with a backbone quota builds its list from its
 *      registry candidates (roster_edit_add: one principal, one middle
 *      manager, two backbone teachers of distinct subjects) and submits it
 *      — except about 4% of them, which stay late (draft, never submitted);
 *      a school whose registry holds no such four builds no list; about 3% of the submitted lists are returned by their
 *      reviewer with a reason and submitted again, a few stay returned;
 *   3. lists are accepted up the reporting tree and every level submits
 *      upward (with a note naming the missing units when a child is late),
 *      the province accepts what reached it;
 *   4. the province creates DEMO_EXPERTS assessor accounts (random
 *      passwords, never printed) and each county-level unit with accepted
 *      trainees one backbone session (a day between 2022-11-14 and
 *      2022-11-22, by unit) with one expert assigned; trainees are assigned
 *      automatically (app_session_assign_auto);
 *   5. about 98% of trainees are marked present (app_signin_mark on the
 *      session's day); the expert assesses every one present
 *      (app_assessment_start/finish as that assessor, at times of that
 *      day, 4–11 minutes so a few are flagged) with about 4% failing;
 *   6. each county with failures creates a retraining session a week later
 *      with the same expert, enrols the failed (app_retraining_enrol), marks
 *      them present and has them reassessed (attempt 2): about 1 in 8 fails
 *      again and stays on the retraining list;
 *   7. credits are written by the passes themselves (app/credits.h);
 *   8. Attachment 3 goes up the tree (app/results.h): every school with an
 *      accepted list submits its results (with a note when some trainees
 *      have none), every level accepts its children's and submits upward
 *      (with a note naming what is pending), the province accepts.
 *
 * Everything is decided by the seed (its own PRNG, never rand() or the
 * clock; dates and times are fixed in the notice's autumn of 2022), so the
 * same demo province and seed always give the same numbers. Each use case
 * runs its own transaction and audit entry, as over the API; a failure
 * stops the scenario and leaves what was done (the store stays consistent).
 * Errors: DEMO_SCENARIO_STATE (the plan is already active or lists exist:
 * run it right after `peixun demo`), and any code of the use cases.
 */
#ifndef PEIXUN_APP_DEMO_SCENARIO_H
#define PEIXUN_APP_DEMO_SCENARIO_H

#include <stdint.h>

#include "app/app.h"
#include "base/err.h"

#define DEMO_EXPERTS 12

struct demo_scenario_report {
	int64_t schools;          /* schools with a backbone quota */
	int64_t listed;           /* schools whose list was built */
	int64_t unfilled;         /* schools whose registry holds no such four
	                             (no list: a small demo has few backbone
	                             teachers per school) */
	int64_t late;             /* schools left late (list never submitted) */
	int64_t returned;         /* lists returned by the reviewer */
	int64_t still_returned;   /* returned and not submitted again */
	int64_t accepted_units;   /* units whose list ended accepted (any level) */
	int64_t nominated;        /* roster entries written */
	int64_t sessions;         /* sessions created (retraining ones included) */
	int64_t experts;          /* assessor accounts created */
	int64_t trainees;         /* trainees assigned to sessions */
	int64_t signed_in;        /* trainees marked present (first sessions) */
	int64_t assessed;         /* assessments recorded (attempts) */
	int64_t failed_first;     /* failed at attempt 1 */
	int64_t retrained;        /* enrolled, present and reassessed */
	int64_t passed;           /* teachers holding a pass */
	int64_t still_failed;     /* teachers whose latest attempt failed */
	int64_t credited;         /* credits written */
	int64_t results_submitted; /* units that submitted Attachment 3 */
	int64_t results_accepted; /* ... whose Attachment 3 was accepted */
};

/* The start and end of the demo's assessment number slot (from 0) of a
 * session on day lasting minutes (at most DEMO_ASSESS_MINUTES_MAX): 3
 * minutes apart from 09:00 Beijing time, wrapping to the morning again
 * before the end would pass 22:00, so that the end is always on the day
 * and after the start. Exposed for the tests. */
#define DEMO_TIME_MAX 32
#define DEMO_ASSESS_MINUTES_MAX 12
void demo_assessment_times(const char *day, int64_t slot, int64_t minutes,
                           char t0[DEMO_TIME_MAX], char t1[DEMO_TIME_MAX]);

/* Play the scenario on app's store (see above). *rep is filled. */
int demo_scenario_run(struct app *app, uint64_t seed, struct demo_scenario_report *rep,
                      struct err *e);

#endif
