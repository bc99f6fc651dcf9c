/*
 * Personal data at rest (store/pii.h): the key file, sealing and opening
 * values, the blind index, the key check and migration 0005's data step.
 * No clear value ever goes into a message.
 */
#include "store/pii.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "store/internal.h"
#include "base/banned.h"

#define KEY_MAGIC "peixun-key v1 "
#define KEY_CONTEXT "peixunPI" /* crypto_kdf_CONTEXTBYTES == 8 */
#define KEY_LINE_MAX 128
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES
#define INDEX_BYTES 16
#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define CHECK_META "pii_key_check"
#define CHECK_TEXT "peixun key check v1"

_Static_assert(crypto_kdf_CONTEXTBYTES == sizeof KEY_CONTEXT - 1, "kdf context length");
_Static_assert(crypto_kdf_KEYBYTES == 32, "kdf master key length");
_Static_assert(NONCE_BYTES == sizeof ((struct pii_keys *)0)->nonce, "nonce length");
_Static_assert(sodium_base64_ENCODED_LEN(NONCE_BYTES + PII_CLEAR_MAX + TAG_BYTES, B64) <=
	               PII_SEALED_SIZE, "sealed buffer");
_Static_assert(sodium_base64_ENCODED_LEN(INDEX_BYTES, B64) <= PII_INDEX_SIZE, "index buffer");

/* URL-safe base64 without padding (libsodium's
 * sodium_base64_VARIANT_URLSAFE_NO_PADDING, byte for byte), table-driven:
 * libsodium's codec is constant-time, for secrets, and was ~6% of a
 * re-import opening the sealed values; what is encoded here — nonce,
 * ciphertext and tag, and the blind index — is what the database stores
 * anyway. */
static const char b64_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void b64_encode(char *out, const unsigned char *in, size_t n)
{
	size_t o = 0, i = 0;
	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		out[o++] = b64_chars[v >> 18];
		out[o++] = b64_chars[v >> 12 & 63];
		out[o++] = b64_chars[v >> 6 & 63];
		out[o++] = b64_chars[v & 63];
	}
	if (n - i == 1) {
		out[o++] = b64_chars[in[i] >> 2];
		out[o++] = b64_chars[(in[i] & 3) << 4];
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)in[i] << 8 | in[i + 1];
		out[o++] = b64_chars[v >> 10];
		out[o++] = b64_chars[v >> 4 & 63];
		out[o++] = b64_chars[(v & 15) << 2];
	}
	out[o] = '\0';
}

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '-' ? 62 : c == '_' ? 63 : -1;
}

/* 0 with *len bytes in out (at most cap), -1 for anything libsodium
 * refuses too: a character outside the alphabet, a length of 4k+1, bits
 * left over that are not zero, or more than cap bytes. */
static int b64_decode(unsigned char *out, size_t cap, const char *in, size_t n, size_t *len)
{
	uint32_t acc = 0;
	unsigned bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int v = b64_value((unsigned char)in[i]);
		if (v < 0)
			return -1;
		acc = (acc << 6 | (uint32_t)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= cap)
				return -1;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	if (bits > 4 || (acc & ((1u << bits) - 1)) != 0)
		return -1;
	*len = o;
	return 0;
}

static const char *const field_ad[] = { [PII_ID_NUMBER] = "id_number", [PII_PHONE] = "phone",
                                         [PII_TOTP_SECRET] = "totp_secret" };

int pii_key_path(const char *sqlite_path, char *buf, size_t size, struct err *e)
{
	const char *env = getenv(PII_KEY_ENV);
	int n;
	if (env && *env)
		n = snprintf(buf, size, "%s", env);
	else if (sqlite_path)
		n = snprintf(buf, size, "%s.key", sqlite_path);
	else
		n = snprintf(buf, size, "%s", PII_KEY_DEFAULT_PG);
	if (n < 0 || (size_t)n >= size)
		return err_set(e, "STORE_KEY", "密钥文件路径过长：请用环境变量 %s 指定一个较短的路径",
		               PII_KEY_ENV);
	return 0;
}

/* Make a new key file at path (O_EXCL). 0 made, 1 it already exists, -1. */
static int key_create(const char *path, struct err *e)
{
	unsigned char master[crypto_kdf_KEYBYTES];
	char line[KEY_LINE_MAX];
	int rc = -1;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return 1;
		return err_set(e, "STORE_KEY", "无法创建密钥文件 %s（%s）：请检查目录是否存在且可写", path,
		               strerror(errno));
	}
	crypto_kdf_keygen(master);
	size_t n = strlen(KEY_MAGIC);
	memcpy(line, KEY_MAGIC, n);
	sodium_bin2hex(line + n, sizeof line - n, master, sizeof master);
	n += 2 * sizeof master;
	line[n++] = '\n';
	if (fchmod(fd, 0600) < 0 || write(fd, line, n) != (ssize_t)n || fsync(fd) < 0) {
		err_set(e, "STORE_KEY", "写入密钥文件 %s 失败（%s）：请检查磁盘空间和权限", path,
		        strerror(errno));
		close(fd);
		unlink(path);
		goto out;
	}
	if (close(fd) < 0) {
		err_set(e, "STORE_KEY", "写入密钥文件 %s 失败（%s）：请检查磁盘空间和权限", path,
		        strerror(errno));
		unlink(path);
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(master, sizeof master);
	sodium_memzero(line, sizeof line);
	return rc;
}

/* Read and parse the key file into master. */
static int key_read(const char *path, unsigned char *master, struct err *e)
{
	char line[KEY_LINE_MAX + 1];
	struct stat sb;
	ssize_t got;
	size_t n = strlen(KEY_MAGIC), bin = 0;
	int rc = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return err_set(e, "STORE_KEY",
			               "找不到密钥文件 %s：该数据库中的身份证号和手机号已加密，必须使用 peixun init "
			               "创建数据库时生成的密钥文件。请把备份的密钥文件放回该位置（或用环境变量 %s "
			               "指定其路径）；程序不会为已有数据库生成新密钥",
			               path, PII_KEY_ENV);
		return err_set(e, "STORE_KEY", "无法读取密钥文件 %s（%s）：请检查文件权限", path,
		               strerror(errno));
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		err_set(e, "STORE_KEY", "密钥文件 %s 不是普通文件：请检查密钥文件路径", path);
		goto out;
	}
	if (sb.st_mode & 077) {
		err_set(e, "STORE_KEY",
		        "密钥文件 %s 的权限过宽（其他用户可读）：请运行 chmod 600 %s，只允许运行 peixun "
		        "的用户读取",
		        path, path);
		goto out;
	}
	got = read(fd, line, KEY_LINE_MAX);
	if (got < 0) {
		err_set(e, "STORE_KEY", "无法读取密钥文件 %s（%s）：请检查文件权限", path, strerror(errno));
		goto out;
	}
	line[got] = '\0';
	while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
		line[--got] = '\0';
	if ((size_t)got != n + 2 * crypto_kdf_KEYBYTES || memcmp(line, KEY_MAGIC, n) ||
	    sodium_hex2bin(master, crypto_kdf_KEYBYTES, line + n, 2 * crypto_kdf_KEYBYTES, NULL,
	                   &bin, NULL) < 0 ||
	    bin != crypto_kdf_KEYBYTES) {
		err_set(e, "STORE_KEY", "密钥文件 %s 格式不正确（可能已损坏）：请从备份恢复 peixun init 生成的密钥文件",
		        path);
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(line, sizeof line);
	close(fd);
	return rc;
}

int pii_keys_load(struct pii_keys *k, const char *path, bool create, struct err *e)
{
	unsigned char master[crypto_kdf_KEYBYTES];
	int rc = -1;
	memset(k, 0, sizeof *k);
	if (sodium_init() < 0)
		return err_set(e, "STORE_KEY", "加密库初始化失败：请检查系统随机数设备 /dev/urandom");
	if (create && key_create(path, e) < 0)
		return -1;
	if (key_read(path, master, e) < 0)
		goto out;
	if (crypto_kdf_derive_from_key(k->enc, sizeof k->enc, 1, KEY_CONTEXT, master) < 0 ||
	    crypto_kdf_derive_from_key(k->idx, sizeof k->idx, 2, KEY_CONTEXT, master) < 0) {
		err_set(e, "STORE_KEY", "内部错误：无法从密钥派生子密钥，请报告此问题");
		goto out;
	}
	randombytes_buf(k->nonce, sizeof k->nonce);
	k->loaded = true;
	rc = 0;
out:
	sodium_memzero(master, sizeof master);
	if (rc < 0)
		pii_keys_wipe(k);
	return rc;
}

void pii_keys_wipe(struct pii_keys *k)
{
	sodium_memzero(k, sizeof *k);
}

int pii_seal(struct pii_keys *k, enum pii_field f, const char *clear, char *out,
             struct err *e)
{
	unsigned char buf[NONCE_BYTES + PII_CLEAR_MAX + TAG_BYTES];
	unsigned long long clen = 0;
	size_t n = strlen(clear);
	const char *ad = field_ad[f];
	out[0] = '\0';
	if (!n)
		return 0;
	if (n > PII_CLEAR_MAX)
		return err_set(e, "STORE_INVALID", "个人信息字段过长：请检查身份证号或手机号");
	if (!k->loaded)
		return err_set(e, "STORE_KEY", "内部错误：数据库密钥未加载，请报告此问题");
	sodium_increment(k->nonce, sizeof k->nonce);
	memcpy(buf, k->nonce, NONCE_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(buf + NONCE_BYTES, &clen,
	                                           (const unsigned char *)clear, n,
	                                           (const unsigned char *)ad, strlen(ad), NULL, buf,
	                                           k->enc);
	b64_encode(out, buf, NONCE_BYTES + (size_t)clen);
	return 0;
}

int pii_open(const struct pii_keys *k, enum pii_field f, const char *sealed, char *out,
             size_t size, struct err *e)
{
	unsigned char buf[NONCE_BYTES + PII_CLEAR_MAX + TAG_BYTES];
	unsigned char m[PII_CLEAR_MAX];
	unsigned long long mlen = 0;
	size_t bin = 0;
	const char *ad = field_ad[f];
	int rc = -1;
	out[0] = '\0';
	if (!sealed || !*sealed)
		return 0;
	if (!k->loaded)
		return err_set(e, "STORE_KEY", "内部错误：数据库密钥未加载，请报告此问题");
	if (b64_decode(buf, sizeof buf, sealed, strlen(sealed), &bin) < 0 ||
	    bin < NONCE_BYTES + TAG_BYTES ||
	    crypto_aead_xchacha20poly1305_ietf_decrypt(m, &mlen, NULL, buf + NONCE_BYTES,
	                                               bin - NONCE_BYTES, (const unsigned char *)ad,
	                                               strlen(ad), buf, k->enc) < 0) {
		err_set(e, "STORE_KEY",
		        "无法解密数据库中的身份证号或手机号：密钥文件与该数据库不匹配，或数据已损坏。请使用 "
		        "peixun init 创建该数据库时生成的密钥文件（环境变量 %s 可指定其路径）",
		        PII_KEY_ENV);
		goto out;
	}
	if (mlen >= size) {
		err_set(e, "STORE_INTERNAL", "内部错误：数据库中的个人信息字段超出长度，请报告此问题");
		goto out;
	}
	memcpy(out, m, (size_t)mlen);
	out[mlen] = '\0';
	rc = 0;
out:
	sodium_memzero(m, sizeof m);
	return rc;
}

void pii_index(const struct pii_keys *k, const char *clear, char *out)
{
	unsigned char h[INDEX_BYTES];
	crypto_generichash(h, sizeof h, (const unsigned char *)clear, strlen(clear), k->idx,
	                   sizeof k->idx);
	b64_encode(out, h, sizeof h);
}

int pii_key_check(struct store *st, struct err *e)
{
	char want[PII_INDEX_SIZE], have[PII_INDEX_SIZE];
	pii_index(&st->pii, CHECK_TEXT, want);
	int rc = store_meta_get(st, CHECK_META, have, sizeof have, e);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return store_meta_set(st, CHECK_META, want, e);
	if (strcmp(have, want))
		return err_set(e, "STORE_KEY",
		               "密钥文件与该数据库不匹配：请使用 peixun init 创建该数据库时生成的密钥文件"
		               "（SQLite 默认在数据库文件旁的 .key 文件，或用环境变量 %s 指定）",
		               PII_KEY_ENV);
	return 0;
}

struct legacy {
	int64_t id;
	char id_number[PII_CLEAR_MAX + 1];
	char phone[PII_CLEAR_MAX + 1];
};

int pii_convert_teachers(struct store *st, struct err *e)
{
	struct legacy *rows = NULL;
	size_t n = 0, alloc = 0;
	struct query q;
	int rc;
	if (query_open(&q, st, STMT_PII_LEGACY_TEACHERS, e) < 0)
		return -1;
	while ((rc = query_step(&q, e)) == DB_ROW) {
		XGROW(rows, alloc, n + 1);
		rows[n].id = query_int(&q, 0);
		query_copy(&q, 1, rows[n].id_number, sizeof rows[n].id_number);
		query_copy(&q, 2, rows[n].phone, sizeof rows[n].phone);
		n++;
	}
	query_close(&q);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		char idx[PII_INDEX_SIZE], id_enc[PII_SEALED_SIZE], phone_enc[PII_SEALED_SIZE];
		pii_index(&st->pii, rows[i].id_number, idx);
		if ((rc = pii_seal(&st->pii, PII_ID_NUMBER, rows[i].id_number, id_enc, e)) < 0 ||
		    (rc = pii_seal(&st->pii, PII_PHONE, rows[i].phone, phone_enc, e)) < 0)
			goto out;
		if ((rc = query_open(&q, st, STMT_PII_LEGACY_SEAL, e)) < 0)
			goto out;
		query_bind_text(&q, 1, idx);
		query_bind_text(&q, 2, id_enc);
		query_bind_text(&q, 3, phone_enc);
		query_bind_int(&q, 4, rows[i].id);
		rc = query_step(&q, e);
		query_close(&q);
		if (rc < 0)
			goto out;
	}
	rc = 0;
out:
	if (rows)
		sodium_memzero(rows, alloc * sizeof *rows);
	free(rows);
	return rc < 0 ? -1 : 0;
}
