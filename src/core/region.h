/*
 * region — is a six-digit administrative division code known?
 *
 * The list is the embedded asset "data/region-codes.txt": the union of the
 * NBS 2022 national codes and the GB/T 2260 historical codes 1980–2024
 * (current, abolished, changed and placeholder codes alike), plus the
 * residence-permit prefixes 810000 (Hong Kong), 820000 (Macao) and 830000
 * (Taiwan). Its format is fixed: sorted lines of exactly six ASCII digits and
 * "\n", so a lookup is a binary search over 7-byte records — nothing is parsed
 * at start-up, nothing is allocated, no I/O, no mutable state (thread-safe).
 *
 * A code that did not yet exist, or no longer exists, in some year is still
 * known: ID numbers keep the code of the place that issued them.
 */
#ifndef PEIXUN_CORE_REGION_H
#define PEIXUN_CORE_REGION_H

#include <stdbool.h>
#include <stddef.h>

/* True if code6[0..6) are six ASCII digits listed in the region codes (the
 * residence-permit prefixes included). code6 need not be NUL-terminated;
 * reading stops at the first non-digit, so a shorter C string is safe. */
bool region_known(const char *code6);

/* True if code6[0..6) is one of the residence-permit prefixes 810000, 820000,
 * 830000 (these are valid ID-number regions though 830000 is no GB/T 2260
 * code). Same input rules as region_known. */
bool region_is_permit_prefix(const char *code6);

/* Number of codes in the embedded list (0 if the asset is missing or not in
 * the fixed-width format, in which case region_known is always false). */
size_t region_count(void);

#endif
