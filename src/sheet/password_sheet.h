/*
 * password_sheet — the one-time .xlsx of initial passwords for accounts made
 * in bulk (app/accounts_bulk.h): a title row, a note, a header row and one
 * row per account (unit code, unit name, username, initial password).
 * libxlsxwriter. The file is written to a temporary name beside path with
 * mode 0600 and renamed over path only when complete, so a failure leaves
 * nothing. Every cell is a string cell (a unit code stays text; a value
 * starting with = + - @ is still a string, never a formula).
 *
 * Errors: PWSHEET_OPEN (cannot create the file), PWSHEET_WRITE. Messages never
 * contain a password.
 */
#ifndef PEIXUN_SHEET_PASSWORD_SHEET_H
#define PEIXUN_SHEET_PASSWORD_SHEET_H

#include <stddef.h>

#include "base/err.h"

struct pwsheet_row {
	const char *unit_code, *unit_name, *username, *password;
};

/* Write title and rows to path. */
int pwsheet_write(const char *path, const char *title, const struct pwsheet_row *rows,
                  size_t n, struct err *e);

#endif
