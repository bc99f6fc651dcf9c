/*
 * fuzz/idcard — arbitrary bytes into idcard_parse (and the small helpers).
 *
 * Invariants checked (abort on violation):
 *   - success: number is 17 digits and a digit or X, idcard_check_char
 *     agrees, the birth date and gender match the digits, only known warning
 *     bits are set, and parsing the number again succeeds with no warning;
 *   - failure: an ID_* code and a non-empty, valid UTF-8 message;
 *   - idcard_mask always yields 18 characters; idcard_upgrade15 of a
 *     15-digit input yields 18 characters with a matching check character.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/idcard.h"
#include "base/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int cond)
{
	if (!cond)
		abort();
}

static void check_success(const struct idcard *id, struct ymd today)
{
	struct idcard again;
	struct err e = ERR_INIT;
	require(strlen(id->number) == 18);
	for (int i = 0; i < 17; i++)
		require(id->number[i] >= '0' && id->number[i] <= '9');
	require((id->number[17] >= '0' && id->number[17] <= '9') || id->number[17] == 'X');
	require(idcard_check_char(id->number) == id->number[17]);
	require(id->birth_year == (id->number[6] - '0') * 1000 + (id->number[7] - '0') * 100 +
				   (id->number[8] - '0') * 10 + (id->number[9] - '0'));
	require(id->birth_month >= 1 && id->birth_month <= 12);
	require(id->birth_day >= 1 && id->birth_day <= 31);
	require(id->gender == ((id->number[16] - '0') % 2 ? GENDER_MALE : GENDER_FEMALE));
	require((id->warnings & ~(unsigned)(IDCARD_WARN_TRIMMED | IDCARD_WARN_FULLWIDTH |
					    IDCARD_WARN_LOWER_X)) == 0);
	require(idcard_parse(id->number, today, &again, &e) == 0);
	require(again.warnings == 0 && strcmp(again.number, id->number) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct ymd today = { 2026, 11, 29 };
	struct idcard id;
	struct err e = ERR_INIT;
	char masked[19], up[19];
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	if (idcard_parse(s, today, &id, &e) == 0) {
		check_success(&id, today);
	} else {
		require(strncmp(e.code, "ID_", 3) == 0);
		require(e.msg[0] != '\0' && utf8_valid(e.msg, strlen(e.msg)));
		require(id.number[0] == '\0');
	}

	idcard_mask(s, masked);
	require(strlen(masked) == 18);
	if (idcard_upgrade15(s, up) == 0) {
		require(strlen(s) == 15 && strlen(up) == 18);
		require(idcard_check_char(up) == up[17]);
	}
	free(s);
	return 0;
}
