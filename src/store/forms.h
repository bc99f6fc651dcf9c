/*
 * forms — the read queries behind the official forms (附件 1–3): the roster
 * rows of a (plan, phase) compiled by a unit and every unit below it, in tree
 * order, each joined with its teacher, the teacher's school and the unit the
 * school hangs under (its county, zone or city-direct unit), and for the
 * assessment form the teacher's latest assessment result in that phase.
 *
 * Tree order: the unit's own entries first, then each child's subtree in
 * turn, children ordered by position then code (as store_org_children), and
 * within one unit the entries in the order they were added. A city's rows
 * therefore come grouped by county, in the tree's order.
 *
 * Rows are streamed: fn runs while the unit's query is open, so memory stays
 * bounded by one unit's children whatever the number of rows, and fn must not
 * call the store. Personal data (ID number, phone) is read here in clear for
 * the form (see docs/internals/FORMS.md: encryption at rest must change this
 * file together with teachers.c).
 */
#ifndef PEIXUN_STORE_FORMS_H
#define PEIXUN_STORE_FORMS_H

#include <stdint.h>

#include "core/org.h"
#include "core/teacher.h"
#include "store/store.h"

enum form_row_result {
	FORM_ROW_UNASSESSED = 0,
	FORM_ROW_PASS,
	FORM_ROW_FAIL,
};

/* One roster row. Strings live until fn returns. */
struct store_form_row {
	const char *unit;          /* code of the unit whose roster lists it */
	const char *name;
	enum gender gender;
	const char *id_number;
	const char *phone;
	const char *subject;
	unsigned stage;
	enum position position;
	const char *school_code;
	const char *school;        /* the school's name */
	const char *county;        /* name of the unit the school hangs under */
	enum form_row_result result; /* latest assessment in the phase, if any */
};

/* Stream the roster rows of (plan, phase) of unit and its subtree in tree
 * order to fn; fn returning non-zero stops the walk and that value is
 * returned. 1 if unit does not exist (fn never runs); 0 after the last row;
 * -1 with e filled on a database error. */
int store_forms_rows(struct store *st, const char *plan, const char *phase, const char *unit,
                     int (*fn)(const struct store_form_row *row, void *arg), void *arg,
                     struct err *e);

#endif
