/* RFC 4180 CSV records from a memory buffer. */
#include "sheet/csv.h"

#include <string.h>

#include "base/strbuf.h"
#include "base/banned.h"

void csv_init(struct csv_reader *r, const char *data, size_t len, char sep)
{
	r->cur = data;
	r->end = data + len;
	r->sep = sep;
	r->line = 1;
	r->max_fields = CSV_MAX_FIELDS;
	r->max_field = CSV_MAX_FIELD;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		r->cur += 3;
}

int csv_next(struct csv_reader *r, struct arena *a, char **fields, size_t *n, struct err *e)
{
	struct strbuf f;
	int ret = -1;
	long start = r->line;
	*n = 0;
	if (r->cur >= r->end)
		return 0;
	strbuf_init(&f, CSV_MAX_FIELD);
	for (;;) {
		strbuf_reset(&f);
		if (r->cur < r->end && *r->cur == '"') {
			r->cur++;
			for (;;) {
				if (r->cur >= r->end) {
					err_set(e, "CSV_UNTERMINATED",
					        "第 %ld 行：引号没有闭合，请检查该行的双引号是否成对", start);
					goto out;
				}
				char c = *r->cur++;
				if (c == '"') {
					if (r->cur < r->end && *r->cur == '"')
						r->cur++;
					else
						break;
				} else if (c == '\n') {
					r->line++;
				}
				if (strbuf_addch(&f, c) < 0)
					goto too_long;
			}
			/* text after the closing quote up to the separator is kept, as
			 * spreadsheets do */
		}
		while (r->cur < r->end && *r->cur != r->sep && *r->cur != '\n') {
			if (*r->cur == '\r' && (r->cur + 1 == r->end || r->cur[1] == '\n')) {
				r->cur++;
				continue;
			}
			if (strbuf_addch(&f, *r->cur++) < 0)
				goto too_long;
		}
		if (*n == CSV_MAX_FIELDS) {
			err_set(e, "CSV_TOO_MANY_FIELDS", "第 %ld 行：列数超过 %d，请删除多余的列",
			        start, CSV_MAX_FIELDS);
			goto out;
		}
		fields[(*n)++] = arena_strndup(a, f.buf, f.len);
		if (r->cur < r->end && *r->cur == r->sep) {
			r->cur++;
			continue;
		}
		if (r->cur < r->end) { /* '\n' */
			r->cur++;
			r->line++;
		}
		break;
	}
	ret = 1;
	goto out;
too_long:
	err_set(e, "CSV_FIELD_TOO_LONG", "第 %ld 行：单元格内容超过 %d 字节，请检查是否粘贴了多余内容",
	        start, CSV_MAX_FIELD);
out:
	strbuf_release(&f);
	return ret;
}

int csv_next_buf(struct csv_reader *r, struct strbuf *out, size_t *off, size_t *n,
                 struct err *e)
{
	long start = r->line;
	*n = 0;
	strbuf_reset(out);
	if (r->cur >= r->end)
		return 0;
	for (;;) {
		size_t fstart = out->len;
		if (*n == r->max_fields)
			return err_set(e, "CSV_TOO_MANY_FIELDS", "第 %ld 行：列数超过 %zu，请删除多余的列",
			               start, r->max_fields);
		if (r->cur < r->end && *r->cur == '"') {
			r->cur++;
			for (;;) {
				if (r->cur >= r->end)
					return err_set(e, "CSV_UNTERMINATED",
					               "第 %ld 行：引号没有闭合，请检查该行的双引号是否成对", start);
				char c = *r->cur++;
				if (c == '"') {
					if (r->cur < r->end && *r->cur == '"')
						r->cur++;
					else
						break;
				} else if (c == '\n') {
					r->line++;
				}
				if (out->len - fstart >= r->max_field || strbuf_addch(out, c) < 0)
					goto too_long;
			}
		}
		const char *s = r->cur;
		while (r->cur < r->end && *r->cur != r->sep && *r->cur != '\n')
			r->cur++;
		size_t len = (size_t)(r->cur - s);
		if (r->cur < r->end && *r->cur == '\n' && len && s[len - 1] == '\r')
			len--; /* CRLF */
		else if (r->cur == r->end && len && s[len - 1] == '\r')
			len--;
		if (out->len - fstart + len > r->max_field || strbuf_add(out, s, len) < 0 ||
		    strbuf_addch(out, '\0') < 0)
			goto too_long;
		off[(*n)++] = fstart;
		if (r->cur < r->end && *r->cur == r->sep) {
			r->cur++;
			continue;
		}
		if (r->cur < r->end) { /* '\n' */
			r->cur++;
			r->line++;
		}
		return 1;
	}
too_long:
	return err_set(e, "CSV_FIELD_TOO_LONG", "第 %ld 行：单元格内容超过 %zu 字节，请检查是否粘贴了多余内容",
	               start, r->max_field);
}
