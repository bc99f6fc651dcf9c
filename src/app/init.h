/*
 * init — create a new peixun database: the Jiangxi organisation tree from the
 * shipped division list (province, 11 cities, 100 county-level units), one
 * city-direct unit per city ("<city>S", 市直学校), 赣江新区 (a zone directly
 * under the province, "360000K01"), the built-in plan, and a province admin
 * with a random password (returned once; only its hash is stored) or one
 * given by the caller (which must pass the password policy); either way it
 * must be changed at first login. All in one transaction: on failure nothing is
 * left. Refuses a database that already holds peixun data (STORE_EXISTS).
 */
#ifndef PEIXUN_APP_INIT_H
#define PEIXUN_APP_INIT_H

#include "app/accounts.h"
#include "base/err.h"

struct init_report {
	int cities, counties, city_direct, zones;
	char plan[64];                                 /* key of the plan loaded */
	char key_file[1024];                           /* personal-data key: back it up */
	char admin_username[64];
	char admin_password[ACCOUNT_PASSWORD_LEN + 1]; /* random one, shown once; "" if given */
};

/* Create and fill the database at url. admin_username NULL means "admin";
 * admin_password NULL means a random one (into rep->admin_password).
 * Errors also: ACCOUNT_BAD_USERNAME, PASSWORD_* (admin_password). */
int app_init(const char *url, const char *admin_username, const char *admin_password,
             struct init_report *rep, struct err *e);

#endif
