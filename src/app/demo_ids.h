/*
 * demo_ids — collision-free synthetic ID numbers for the demo generator
 * (internal to src/app/demo*.c and its tests).
 *
 * An ID number is unique when its (region, birth day, sequence) is. For each
 * (region, birth day, gender) a counter hands out the sequence numbers of
 * that gender (odd 001..999 for men, even 002..998 for women) starting at an
 * offset hashed from the seed, so they look scattered; when a day's 500 (499)
 * numbers are used up, the birth day moves on by one, wrapping inside the
 * allowed window. Nothing is ever retried against the database.
 */
#ifndef PEIXUN_APP_DEMO_IDS_H
#define PEIXUN_APP_DEMO_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct demo_id_slot;

struct demo_ids {
	struct demo_id_slot *slots; /* open addressing, linear probing */
	size_t cap;                 /* power of two, at least twice `expected` */
	int64_t first, last;        /* allowed birth days (days since 1970-01-01) */
	uint64_t seed;
};

/* Prepare for at most `expected` calls of demo_ids_take with birth days in
 * [first_day, last_day] (a window shorter than 2^17 days). */
void demo_ids_init(struct demo_ids *ids, size_t expected, int64_t first_day,
                   int64_t last_day, uint64_t seed);
void demo_ids_release(struct demo_ids *ids);

/* A free sequence number (1..999, odd for men) for someone from region
 * (six digits as a number) born on *day; *day may move forward (wrapping
 * within the window) when that day is full. Returns 0 when every day of the
 * window is full for that region and gender. */
unsigned demo_ids_take(struct demo_ids *ids, uint32_t region, int64_t *day, bool male);

#endif
