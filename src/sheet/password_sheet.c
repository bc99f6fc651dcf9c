/* The one-time sheet of initial passwords (password_sheet.h). */
#include "sheet/password_sheet.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/banned.h"

static int write_failed(struct err *e)
{
	return err_set(e, "PWSHEET_WRITE", "写入密码表失败，请检查磁盘空间后重试");
}

int pwsheet_write(const char *path, const char *title, const struct pwsheet_row *rows,
                  size_t n, struct err *e)
{
	static const char *heads[] = { "单位代码", "单位名称", "用户名", "初始密码" };
	static const double widths[] = { 14, 40, 22, 22 };
	char tmp[4096];
	lxw_workbook *wb = NULL;
	int ret = -1, fd;
	if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path) >= (int)sizeof tmp)
		return err_set(e, "PWSHEET_OPEN", "输出文件路径过长，请换一个较短的路径");
	/* create the file 0600 first: libxlsxwriter then writes into it */
	if ((fd = mkstemp(tmp)) < 0)
		return err_set(e, "PWSHEET_OPEN", "无法创建输出文件，请检查目录是否存在且可写");
	close(fd);
	wb = workbook_new(tmp);
	if (!wb) {
		err_set(e, "PWSHEET_OPEN", "无法创建输出文件，请检查目录是否存在且可写");
		goto out;
	}
	lxw_worksheet *ws = workbook_add_worksheet(wb, "初始密码");
	lxw_format *bold = workbook_add_format(wb);
	lxw_format *text = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_border(bold, LXW_BORDER_THIN);
	format_set_num_format(text, "@");
	format_set_border(text, LXW_BORDER_THIN);
	if (!ws || !bold || !text) {
		write_failed(e);
		goto out;
	}
	worksheet_write_string(ws, 0, 0, title, bold);
	worksheet_write_string(ws, 1, 0,
	                       "密码只在本文件中出现一次，请妥善分发后删除本文件；各账号首次登录时必须修改密码。",
	                       NULL);
	for (int c = 0; c < 4; c++) {
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
		worksheet_write_string(ws, 2, (lxw_col_t)c, heads[c], bold);
	}
	for (size_t i = 0; i < n; i++) {
		const char *v[4] = { rows[i].unit_code, rows[i].unit_name, rows[i].username,
		                     rows[i].password };
		for (int c = 0; c < 4; c++)
			if (worksheet_write_string(ws, (lxw_row_t)(i + 3), (lxw_col_t)c, v[c] ? v[c] : "",
			                           text) != LXW_NO_ERROR) {
				write_failed(e);
				goto out;
			}
	}
	lxw_error rc = workbook_close(wb);
	wb = NULL;
	if (rc != LXW_NO_ERROR || chmod(tmp, 0600) != 0 || rename(tmp, path) != 0) {
		write_failed(e);
		goto out;
	}
	ret = 0;
out:
	if (wb)
		workbook_close(wb);
	if (ret < 0)
		unlink(tmp);
	return ret;
}
