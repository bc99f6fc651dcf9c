/* Unique (region, birth day, sequence) triples for demo ID numbers. */
#include "app/demo_ids.h"

#include <stdlib.h>

#include "app/demo_names.h"
#include "base/alloc.h"
#include "base/banned.h"

struct demo_id_slot {
	uint64_t key;  /* region << 18 | day offset << 1 | male; 0 = empty */
	uint32_t used; /* sequence numbers handed out for this key */
};

void demo_ids_init(struct demo_ids *ids, size_t expected, int64_t first_day,
                   int64_t last_day, uint64_t seed)
{
	ids->cap = 1024;
	while (ids->cap < expected * 2)
		ids->cap <<= 1;
	ids->slots = xcalloc(ids->cap, sizeof *ids->slots);
	ids->first = first_day;
	ids->last = last_day;
	ids->seed = seed;
}

void demo_ids_release(struct demo_ids *ids)
{
	free(ids->slots);
	ids->slots = NULL;
	ids->cap = 0;
}

/* The slot of key, claimed if new. Keys never exceed the takes, so the table
 * (twice `expected`) always has room. */
static struct demo_id_slot *slot_of(struct demo_ids *ids, uint64_t key)
{
	size_t i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 20) & (ids->cap - 1);
	while (ids->slots[i].key && ids->slots[i].key != key)
		i = (i + 1) & (ids->cap - 1);
	ids->slots[i].key = key;
	return &ids->slots[i];
}

unsigned demo_ids_take(struct demo_ids *ids, uint32_t region, int64_t *day, bool male)
{
	uint32_t cap = male ? 500 : 499; /* 001..999 odd, 002..998 even */
	int64_t span = ids->last - ids->first + 1;
	int64_t d = *day < ids->first || *day > ids->last ? ids->first : *day;
	for (int64_t tries = 0; tries < span; tries++) {
		uint64_t key = (uint64_t)region << 18 | (uint64_t)(d - ids->first) << 1 | male;
		struct demo_id_slot *s = slot_of(ids, key);
		if (s->used < cap) {
			struct demo_rng h = { key ^ ids->seed };
			uint32_t k = (uint32_t)((demo_rng_next(&h) % cap + s->used++) % cap);
			*day = d;
			return male ? 2 * k + 1 : 2 * k + 2;
		}
		d = d >= ids->last ? ids->first : d + 1;
	}
	return 0;
}
