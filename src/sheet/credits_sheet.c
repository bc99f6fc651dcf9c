/* The credits export sheet (credits_sheet.h). */
#include "sheet/credits_sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/alloc.h"
#include "base/banned.h"

const char *const credits_sheet_titles[CREDITS_SHEET_COLUMNS] = {
	"序号", "姓名", "身份证号", "工作单位", "学年", "学分", "培训层级", "培训项目/阶段", "考核日期",
};

static const double widths[CREDITS_SHEET_COLUMNS] = { 8, 12, 22, 36, 12, 8, 12, 40, 12 };

struct credits_sheet {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *text, *num, *head;
	lxw_row_t next;
	char tmp[4096];
	char path[4096];
};

static int write_failed(struct err *e)
{
	return err_set(e, "CREDITS_SHEET_WRITE", "写入学分表失败，请检查磁盘空间后重试");
}

int credits_sheet_open(struct credits_sheet **out, const char *path, const char *title,
                       struct err *e)
{
	struct credits_sheet *w = xcalloc(1, sizeof *w);
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	int fd;
	*out = NULL;
	if (snprintf(w->tmp, sizeof w->tmp, "%s.tmp-XXXXXX", path) >= (int)sizeof w->tmp ||
	    snprintf(w->path, sizeof w->path, "%s", path) >= (int)sizeof w->path) {
		free(w);
		return err_set(e, "CREDITS_SHEET_OPEN", "输出文件路径过长，请换一个较短的路径");
	}
	if ((fd = mkstemp(w->tmp)) < 0) {
		free(w);
		return err_set(e, "CREDITS_SHEET_OPEN", "无法创建输出文件，请检查目录是否存在且可写");
	}
	close(fd);
	w->wb = workbook_new_opt(w->tmp, &opt);
	w->ws = w->wb ? workbook_add_worksheet(w->wb, "学分") : NULL;
	if (!w->ws) {
		credits_sheet_abort(w);
		return err_set(e, "CREDITS_SHEET_OPEN", "无法创建 Excel 文件：请检查目录是否存在、是否可写");
	}
	w->text = workbook_add_format(w->wb);
	w->num = workbook_add_format(w->wb);
	w->head = workbook_add_format(w->wb);
	format_set_num_format(w->text, "@");
	format_set_border(w->text, LXW_BORDER_THIN);
	format_set_border(w->num, LXW_BORDER_THIN);
	format_set_bold(w->head);
	format_set_border(w->head, LXW_BORDER_THIN);
	format_set_align(w->head, LXW_ALIGN_CENTER);
	for (int c = 0; c < CREDITS_SHEET_COLUMNS; c++)
		worksheet_set_column(w->ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
	lxw_error rc = worksheet_write_string(w->ws, 0, 0, title ? title : "", NULL);
	for (int c = 0; c < CREDITS_SHEET_COLUMNS && rc == LXW_NO_ERROR; c++)
		rc = worksheet_write_string(w->ws, 1, (lxw_col_t)c, credits_sheet_titles[c], w->head);
	if (rc != LXW_NO_ERROR) {
		credits_sheet_abort(w);
		return write_failed(e);
	}
	worksheet_freeze_panes(w->ws, 2, 0);
	w->next = 2;
	*out = w;
	return 0;
}

int credits_sheet_row(struct credits_sheet *w, const struct credits_sheet_row *r, struct err *e)
{
	const char *v[CREDITS_SHEET_COLUMNS] = { NULL, r->name, r->id_number, r->school,
	                                         r->academic_year, NULL, r->tier, r->project,
	                                         r->date };
	lxw_error rc = LXW_NO_ERROR;
	if (w->next >= LXW_ROW_MAX - 1)
		return err_set(e, "CREDITS_SHEET_TOO_MANY_ROWS",
		               "学分记录超过 Excel 一个工作表的行数上限（1048576 行）：请按市或县分别导出");
	for (int c = 0; c < CREDITS_SHEET_COLUMNS && rc == LXW_NO_ERROR; c++) {
		if (c == 0)
			rc = worksheet_write_number(w->ws, w->next, 0, (double)r->seq, w->num);
		else if (c == 5)
			rc = worksheet_write_number(w->ws, w->next, 5, r->credits, w->num);
		else
			rc = worksheet_write_string(w->ws, w->next, (lxw_col_t)c, v[c] ? v[c] : "", w->text);
	}
	if (rc != LXW_NO_ERROR)
		return write_failed(e);
	w->next++;
	return 0;
}

int credits_sheet_close(struct credits_sheet *w, struct err *e)
{
	lxw_error rc = workbook_close(w->wb);
	int ret = 0;
	w->wb = NULL;
	if (rc != LXW_NO_ERROR || chmod(w->tmp, 0600) != 0 || rename(w->tmp, w->path) != 0) {
		unlink(w->tmp);
		ret = write_failed(e);
	}
	free(w);
	return ret;
}

void credits_sheet_abort(struct credits_sheet *w)
{
	if (!w)
		return;
	if (w->wb)
		workbook_close(w->wb);
	unlink(w->tmp);
	free(w);
}
