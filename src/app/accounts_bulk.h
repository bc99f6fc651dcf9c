/*
 * accounts_bulk — school-admin accounts for every school of a unit at once
 * (issue 5: "Bulk creation of school-admin accounts for all schools of a
 * unit, with the initial passwords delivered as an xlsx only once").
 *
 * For each school at or below the unit (ordered by code) an account
 * "school-<code>" of role school-admin is made with a random password that
 * passes the policy and must be changed at first sign-in (accounts_create:
 * same scope rules, one audited transaction each, no password in the log).
 * Schools whose account already exists are skipped and get no password:
 * running it again makes only the missing ones. The passwords of the new
 * accounts go into one .xlsx (sheet/password_sheet.h, mode 0600) and
 * nowhere else; they are wiped from memory afterwards. A summary entry
 * (account.bulk_create: unit, created, existing) closes the run.
 *
 * Who: the operator, and admins who may create school admins below them
 * (province, city, county admin; the system admin) for a unit in their
 * subtree. A unit outside it is ORG_NOT_FOUND, as if it did not exist.
 */
#ifndef PEIXUN_APP_ACCOUNTS_BULK_H
#define PEIXUN_APP_ACCOUNTS_BULK_H

#include "app/app.h"
#include "app/auth.h"
#include "base/err.h"

#define BULK_USERNAME_PREFIX "school-"
#define BULK_MAX_SCHOOLS 20000

struct bulk_report {
	int schools;   /* schools at or below the unit */
	int created;   /* accounts made now (rows in the file) */
	int existing;  /* skipped: the account was already there */
};

/* Make the accounts and write the sheet to xlsx_path (written even when no
 * account was new: then it holds only the header). Errors: ORG_NOT_FOUND,
 * AUTH_FORBIDDEN, BULK_NO_SCHOOLS, BULK_TOO_MANY, PWSHEET_*, STORE_*. If a
 * store error stops the run half-way, the accounts made so far are in the
 * file all the same and the error says how many. */
int accounts_bulk_school_admins(struct app *app, const struct actor *a, const char *unit,
                                const char *xlsx_path, struct bulk_report *rep, struct err *e);

#endif
