/*
 * store/roster_edit — what building a unit's list in the app needs of the
 * store (app/roster_edit.h, issue 6), beside store/roster.h (entries) and
 * store/registry.h (teachers by ID number), which other work owns:
 *
 *   - the unit's *scope*: the schools whose teachers may be on its list —
 *     the unit's subtree and, with covered set (the phase's quota rule says
 *     include_covered), the village schools and teaching points covered by
 *     a school of it;
 *   - removing an entry; exceptions (migration 0011's roster_exceptions):
 *     an excepted teacher is not on roster_entries, so quota, composition
 *     and progress do not count them, but stays visible with the reason;
 *   - the list as shown (entries and exceptions, one page), candidates
 *     (scope teachers on no list and no exception of the phase; a name part
 *     or one exact ID number through the blind index), the pre-fill set.
 *
 * Conventions as in store.h: 0 / -1 with the error slot, 1 for "not
 * found". Teachers are opened (pii.h) into struct teacher; callers mask.
 * Callbacks see rows while the statement is open and may not use the store
 * unless said otherwise.
 */
#ifndef PEIXUN_STORE_ROSTER_EDIT_H
#define PEIXUN_STORE_ROSTER_EDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/teacher.h"
#include "store/store.h"

#define ROSTER_REASON_MAX 512

/* The teacher with store id `id`; 1 if none. */
int store_roster_teacher_get(struct store *st, int64_t id, struct teacher *t, struct err *e);

/* A school of a unit's scope. */
struct roster_school {
	char code[ORG_CODE_MAX];
	char name[ORG_NAME_MAX];
	char parent[ORG_CODE_MAX];
	unsigned stages;
};

/* The schools of unit's scope (see above), by code; fn may use the store. */
int store_roster_scope_schools(struct store *st, const char *unit, bool covered,
                               int (*fn)(const struct roster_school *s, void *arg), void *arg,
                               struct err *e);

/* Delete teacher_id's entry on unit's list for (plan, phase). */
int store_roster_entry_delete(struct store *st, const char *plan, const char *phase,
                              const char *unit, int64_t teacher_id, struct err *e);

/* An exception: teacher_id is not sent by unit, for reason. */
struct roster_exception {
	char unit[ORG_CODE_MAX];
	char reason[ROSTER_REASON_MAX];
	int64_t entry_id;  /* the entry it replaced (its place in the list) */
};

int store_roster_exception_put(struct store *st, const char *plan, const char *phase,
                               int64_t teacher_id, const struct roster_exception *x,
                               const char *by, struct err *e);
/* teacher_id's exception for (plan, phase) anywhere; 1 if none. */
int store_roster_exception_find(struct store *st, const char *plan, const char *phase,
                                int64_t teacher_id, struct roster_exception *x, struct err *e);
int store_roster_exception_delete(struct store *st, const char *plan, const char *phase,
                                  int64_t teacher_id, struct err *e);
int store_roster_exception_count(struct store *st, const char *plan, const char *phase,
                                 const char *unit, int64_t *count, struct err *e);

/* One row of a unit's list as shown. */
struct roster_row_view {
	struct teacher t;
	char school_name[ORG_NAME_MAX];
	char county_name[ORG_NAME_MAX];  /* the school's parent */
	bool excepted;
	char reason[ROSTER_REASON_MAX];
};

/* Rows offset..offset+limit of unit's list: entries and exceptions in list
 * order (an exception keeps the place of the entry it replaced). */
int store_roster_rows(struct store *st, const char *plan, const char *phase, const char *unit,
                      int64_t offset, int64_t limit,
                      int (*fn)(const struct roster_row_view *r, void *arg), void *arg,
                      struct err *e);

/* Teachers of unit's scope on no list and no exception of (plan, phase),
 * by school then id: name_part "" for any; id_number "" for any, else only
 * that (normalised) number. fn gets the teacher and its school's name.
 * *total (may be NULL) gets the number of matches. */
int store_roster_candidates(struct store *st, const char *plan, const char *phase,
                            const char *unit, bool covered, const char *name_part,
                            const char *id_number, int64_t offset, int64_t limit,
                            int (*fn)(const struct teacher *t, const char *school_name, void *arg),
                            void *arg, int64_t *total, struct err *e);

/* The ids of the subject teachers of unit's scope on no list and no
 * exception of (plan, phase), by school then id (fn may use the store). */
int store_roster_prefill_ids(struct store *st, const char *plan, const char *phase,
                             const char *unit, bool covered,
                             int (*fn)(int64_t teacher_id, void *arg), void *arg, struct err *e);

/* Subject teachers of unit's scope already on another unit's list of
 * (plan, phase): fn(teacher id, name, that unit's code and name). */
int store_roster_prefill_elsewhere(struct store *st, const char *plan, const char *phase,
                                   const char *unit, bool covered,
                                   int (*fn)(int64_t id, const char *name, const char *unit,
                                             const char *unit_name, void *arg),
                                   void *arg, struct err *e);

/* Enabled business-admin accounts (province, city, county, school) at
 * unit itself. */
int store_roster_unit_admins(struct store *st, const char *unit, int64_t *count,
                             struct err *e);

#endif
