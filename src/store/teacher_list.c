/* One page of a subtree's teachers (teacher_list.h). */
#include "store/teacher_list.h"

#include <sodium.h>
#include <string.h>

#include "base/strbuf.h"
#include "store/internal.h"
#include "base/banned.h"

/* "%text%" with '!' escaping ! % _. */
static void like_of(const char *text, struct strbuf *out)
{
	strbuf_addch(out, '%');
	for (const char *p = text ? text : ""; *p; p++) {
		if (*p == '!' || *p == '%' || *p == '_')
			strbuf_addch(out, '!');
		strbuf_addch(out, *p);
	}
	strbuf_addch(out, '%');
}

int store_teacher_page(struct store *st, const char *root, const char *name_part,
                       int64_t offset, int64_t limit,
                       int (*fn)(const struct teacher *t, void *arg), void *arg,
                       int64_t *total, struct err *e)
{
	struct strbuf like = STRBUF_INIT;
	struct query q;
	struct teacher t;
	int ret = -1, rc = DB_DONE;
	like_of(name_part, &like);
	if (total) {
		if (query_open(&q, st, STMT_CRED_TEACHER_COUNT, e) < 0)
			goto out;
		query_bind_text(&q, 1, root);
		query_bind_text(&q, 2, like.buf);
		rc = query_step(&q, e);
		*total = rc == DB_ROW ? query_int(&q, 0) : 0;
		query_close(&q);
		if (rc < 0)
			goto out;
	}
	if (query_open(&q, st, STMT_CRED_TEACHER_PAGE, e) < 0)
		goto out;
	query_bind_text(&q, 1, root);
	query_bind_text(&q, 2, like.buf);
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
	strbuf_release(&like);
	return ret;
}
