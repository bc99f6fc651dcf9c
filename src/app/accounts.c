/* Password generation, hashing and verification (libsodium). */
#include "app/accounts.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

static void ensure_sodium(void)
{
	if (sodium_init() < 0)
		abort();
}

void accounts_random_password(char out[ACCOUNT_PASSWORD_LEN + 1])
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
	ensure_sodium();
	for (int i = 0; i < ACCOUNT_PASSWORD_LEN; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[ACCOUNT_PASSWORD_LEN] = '\0';
}

int accounts_hash_password(const char *pw, char out[128], struct err *e)
{
	char h[crypto_pwhash_STRBYTES];
	ensure_sodium();
	if (crypto_pwhash_str(h, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return err_set(e, "ACCOUNT_HASH", "无法计算密码摘要（内存不足），请稍后重试");
	if (strlen(h) >= 128)
		return err_set(e, "ACCOUNT_HASH", "密码摘要过长");
	memcpy(out, h, strlen(h) + 1);
	return 0;
}

bool accounts_verify_password(const char *hash, const char *pw)
{
	ensure_sodium();
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}
