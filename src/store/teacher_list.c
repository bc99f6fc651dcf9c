/* One page of a subtree's teachers (teacher_list.h). */
#include "store/teacher_list.h"

#include <sodium.h>
#include <string.h>

#include "store/internal.h"
#include "base/banned.h"

int store_teacher_page(struct store *st, const char *root, const char *name_part,
                       int64_t offset, int64_t limit,
                       int (*fn)(const struct teacher *t, void *arg), void *arg,
                       int64_t *total, struct err *e)
{
	/* a plain substring test (instr/strpos), not LIKE: SQLite re-prepares a
	 * statement whose LIKE pattern is a bound parameter on every new binding,
	 * which cost an eighth of each page request */
	const char *part = name_part ? name_part : "";
	struct query q;
	struct teacher t;
	int ret = -1, rc = DB_DONE;
	if (total) {
		if (query_open(&q, st, STMT_CRED_TEACHER_COUNT, e) < 0)
			goto out;
		query_bind_text(&q, 1, root);
		query_bind_text(&q, 2, part);
		rc = query_step(&q, e);
		*total = rc == DB_ROW ? query_int(&q, 0) : 0;
		query_close(&q);
		if (rc < 0)
			goto out;
	}
	if (query_open(&q, st, STMT_CRED_TEACHER_PAGE, e) < 0)
		goto out;
	query_bind_text(&q, 1, root);
	query_bind_text(&q, 2, part);
	query_bind_int(&q, 3, limit);
	query_bind_int(&q, 4, offset);
	ret = 0;
	while (ret == 0 && (rc = query_step(&q, e)) == DB_ROW) {
		if (teacher_read_sealed(&q, &t, e) < 0) {
			ret = -1;
			break;
		}
		ret = fn(&t, arg);
	}
	query_close(&q);
	if (rc < 0)
		ret = -1;
out:
	sodium_memzero(&t, sizeof t);
	return ret;
}

int store_data_version(struct store *st, char *buf, size_t size, struct err *e)
{
	struct query q;
	int rc;
	buf[0] = '\0';
	if (query_open(&q, st, STMT_TEACHER_DATA_VERSION, e) < 0)
		return -1;
	rc = query_step(&q, e);
	if (rc == DB_ROW) {
		const char *v = query_text(&q, 0);
		if (strlen(v) < size)
			memcpy(buf, v, strlen(v) + 1);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = err_set(e, "STORE_INTERNAL", "内部错误：查询没有返回结果，请报告此问题");
	}
	query_close(&q);
	return rc;
}
