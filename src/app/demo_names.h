/*
 * demo_names — the demo generator's randomness and word tables (internal to
 * src/app/demo*.c and its tests): a splitmix64 PRNG, person names, village
 * names and subjects by stage. Everything here is a pure function of the
 * PRNG state passed in; the tables are constant.
 */
#ifndef PEIXUN_APP_DEMO_NAMES_H
#define PEIXUN_APP_DEMO_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "core/teacher.h"

/* splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and any seed is good. */
struct demo_rng {
	uint64_t s;
};

static inline uint64_t demo_rng_next(struct demo_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) (n > 0; the modulo bias is below 2^-40 for our n). */
static inline uint32_t demo_rng_below(struct demo_rng *r, uint32_t n)
{
	return (uint32_t)(demo_rng_next(r) % n);
}

/* An independent stream derived from seed and a label. */
struct demo_rng demo_rng_stream(uint64_t seed, const char *label);

/* A plausible Chinese name for a person of that gender into out (at least
 * TEACHER_NAME_MAX bytes): weighted common surnames (a few compound), one-
 * or two-character given names, rarely a minority name with "·". */
void demo_name_person(struct demo_rng *r, enum gender g, char *out, size_t size);

/* A plausible two-character village name ("李家", "上坪", "石塘"). */
void demo_name_village(struct demo_rng *r, char *out, size_t size);

/* A canonical subject name (data/subjects.csv) taught at stage (one
 * STAGE_* bit), weighted so 语文 and 数学 dominate. */
const char *demo_subject(struct demo_rng *r, unsigned stage);

#endif
