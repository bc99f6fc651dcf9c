/* Fuzz target: the untrusted inputs of the sessions area — a material's
 * content (app/materials.h: materials_sniff, zip packages looked into with
 * libzip) and a sign-in token as it arrives from a phone
 * (app/signin.h: signin_token_parse). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/materials.h"
#include "app/signin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct material_type t;
	struct err e = ERR_INIT;
	int rc = materials_sniff(data, size, "x.xls", &t, &e);
	if (rc == 0 && (!t.content_type || !t.ext || !*t.ext))
		abort();
	if (rc < 0 && strcmp(e.code, "MATERIAL_TYPE"))
		abort();
	char token[160];
	size_t n = size < sizeof token - 1 ? size : sizeof token - 1;
	memcpy(token, data, n);
	token[n] = '\0';
	struct signin_token_parts p;
	e = (struct err)ERR_INIT;
	rc = signin_token_parse(token, &p, &e);
	if (rc == 0 && (p.id <= 0 || p.exp <= 0 || strlen(p.date) != 10))
		abort();
	if (rc < 0 && strcmp(e.code, "SIGNIN_TOKEN_INVALID"))
		abort();
	return 0;
}
