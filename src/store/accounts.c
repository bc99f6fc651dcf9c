/* Accounts (store.h). Roles are checked by app; the store keeps the name. */
#include "store/store.h"

#include <string.h>

#include "store/internal.h"
#include "base/banned.h"

int store_account_insert(struct store *st, struct account *a, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ACCOUNT_INSERT, e) < 0)
		return -1;
	query_bind_text(&q, 1, a->username);
	query_bind_text(&q, 2, a->role);
	query_bind_text(&q, 3, a->org);
	query_bind_text(&q, 4, a->password_hash);
	query_bind_int(&q, 5, a->must_change_password);
	query_bind_int(&q, 6, a->disabled);
	int rc = query_insert(&q, &a->id, e);
	query_close(&q);
	if (rc < 0 && !strcmp(e->code, "STORE_DUPLICATE"))
		return err_set(e, "STORE_DUPLICATE", "用户名 %s 已被使用：请换一个用户名", a->username);
	if (rc < 0 && !strcmp(e->code, "STORE_NO_PARENT"))
		return err_set(e, "STORE_NO_PARENT", "账号所属单位 %s 不存在：请先添加该单位，或改正单位代码",
		               a->org);
	return rc;
}

int store_account_get(struct store *st, const char *username, struct account *a, struct err *e)
{
	struct query q;
	if (query_open(&q, st, STMT_ACCOUNT_GET, e) < 0)
		return -1;
	query_bind_text(&q, 1, username);
	int rc = query_step(&q, e);
	if (rc == DB_ROW) {
		memset(a, 0, sizeof *a);
		a->id = query_int(&q, 0);
		query_copy(&q, 1, a->username, sizeof a->username);
		query_copy(&q, 2, a->role, sizeof a->role);
		query_copy(&q, 3, a->org, sizeof a->org);
		query_copy(&q, 4, a->password_hash, sizeof a->password_hash);
		a->must_change_password = query_int(&q, 5) != 0;
		a->disabled = query_int(&q, 6) != 0;
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	query_close(&q);
	return rc;
}
