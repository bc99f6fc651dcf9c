/*
 * xml_guard — the expat set-up the XML back ends of src/sheet share
 * (xlsx.c, xml2003.c; not for use outside src/sheet).
 *
 * A parser made by xml_parser_new refuses any DTD or entity declaration
 * (SHEET_XML_DTD: no entity can be declared, so none can expand and nothing
 * external is loaded); the element handlers call xml_enter at each start
 * tag, which bounds the depth (SHEET_XML_DEPTH), and decrement depth at each
 * end tag. The first failure is kept in err and stops the parser.
 * Element and attribute names are matched on their local name (after any
 * prefix): programs choose prefixes differently.
 *
 * Expat's user data is the handlers' state, whose first member must be the
 * struct xml_guard (the DTD handlers find it there).
 */
#ifndef PEIXUN_SHEET_XML_GUARD_H
#define PEIXUN_SHEET_XML_GUARD_H

#include <expat.h>
#include <stdbool.h>
#include <string.h>

#include "base/err.h"

struct xml_guard {
	XML_Parser p;
	unsigned depth, max_depth;
	const char *part;  /* what is parsed, for messages */
	bool failed;
	struct err err;
};

/* The local name (after any prefix). Names are short: an inline loop beats
 * a call to strchr on the hot path. */
static inline const char *xml_lname(const char *n)
{
	for (const char *s = n; *s; s++)
		if (*s == ':')
			return s + 1;
	return n;
}

/* The value of the attribute with that local name, or NULL (inline too:
 * called for every cell). */
static inline const char *xml_attr(const char **atts, const char *local)
{
	for (; *atts; atts += 2)
		if (!strcmp(xml_lname(atts[0]), local))
			return atts[1];
	return NULL;
}
/* Keep the first failure and stop the parser. */
void xml_fail(struct xml_guard *g, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* At each start tag: false (and failed) past max_depth. */
bool xml_enter(struct xml_guard *g);
/* An end handler that only counts the depth down. */
void XMLCALL xml_any_end(void *ud, const XML_Char *name);
/* A parser with the handlers and the refusals above; g->p is set.
 * encoding: the document's encoding whatever it declares ("UTF-8"), or
 * NULL to follow its declaration. */
XML_Parser xml_parser_new(struct xml_guard *g, const char *encoding, XML_StartElementHandler start,
                          XML_EndElementHandler end, XML_CharacterDataHandler text);

#endif
