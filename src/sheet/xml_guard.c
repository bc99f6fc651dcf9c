/* The expat guards of the XML back ends (xml_guard.h). */
#include "sheet/xml_guard.h"

#include <stdarg.h>
#include <stdlib.h>

#include "base/banned.h"

void xml_fail(struct xml_guard *g, const char *code, const char *fmt, ...)
{
	if (!g->failed) {
		va_list ap;
		va_start(ap, fmt);
		err_vset(&g->err, code, fmt, ap);
		va_end(ap);
		g->failed = true;
	}
	XML_StopParser(g->p, XML_FALSE);
}

bool xml_enter(struct xml_guard *g)
{
	if (++g->depth > g->max_depth) {
		xml_fail(g, "SHEET_XML_DEPTH",
		         "文件内部的 XML（%s）嵌套超过 %u 层，不像正常的 Excel 文件。请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。",
		         g->part, g->max_depth);
		return false;
	}
	return true;
}

void XMLCALL xml_any_end(void *ud, const XML_Char *name)
{
	(void)name;
	struct xml_guard *g = ud;
	g->depth--;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	struct xml_guard *g = ud;
	xml_fail(g, "SHEET_XML_DTD",
	         "文件内部的 XML（%s）带有 DTD/实体声明，正常的 Excel 文件不会这样，出于安全原因拒绝读取。请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。",
	         g->part);
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param,
                              const XML_Char *value, int value_len, const XML_Char *base,
                              const XML_Char *sysid, const XML_Char *pubid,
                              const XML_Char *notation)
{
	(void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid,
		(void)pubid, (void)notation;
	on_doctype(ud, NULL, NULL, NULL, 0);
}

XML_Parser xml_parser_new(struct xml_guard *g, const char *encoding, XML_StartElementHandler start,
                          XML_EndElementHandler end, XML_CharacterDataHandler text)
{
	XML_Parser p = XML_ParserCreate(encoding);
	if (!p)
		abort();
	XML_SetUserData(p, g);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, text);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetEntityDeclHandler(p, on_entity);
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	g->p = p;
	return p;
}
