/*
 * roster_run — what the two halves of a roster check or import share
 * (internal to app/: roster_import.c reads and checks the rows,
 * roster_registry.c holds them against the registry and writes them).
 *
 * The registry step runs beside the reading, on a second thread: the
 * reader hands over each batch of REGISTRY_FIND_MAX rows that passed the
 * row checks (registry_hand) and goes on reading while the step looks
 * them up and, when importing, inserts the new teachers and the roster
 * entries in file order, inside the run's one transaction. A row found to
 * be a duplicate only later in the file is taken back at the end
 * (registry_finish): its roster entry deleted, and its teacher when this
 * import inserted it. Updates of registered teachers whose details
 * changed wait for the end, when the file-wide checks are complete, so
 * that nothing needs undoing but what this import inserted.
 */
#ifndef PEIXUN_APP_ROSTER_RUN_H
#define PEIXUN_APP_ROSTER_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/roster_import.h"
#include "core/plan.h"
#include "core/roster_row.h"
#include "store/store.h"

/* ---- the unit's schools ------------------------------------------------ */

struct county_ent {
	char code[ORG_CODE_MAX];
	char name[ORG_NAME_MAX];
	char key[ROSTER_TEXT_MAX];       /* name as roster_text_key */
	char city_key[ROSTER_TEXT_MAX];  /* city name + name */
};

struct school_ent {
	struct org_unit u;
	char key[ROSTER_TEXT_MAX];
	size_t county;                   /* index into counties, SIZE_MAX if none */
	size_t next;                     /* hash chain, SIZE_MAX ends */
};

struct scope {
	struct org_unit unit;
	struct county_ent *counties;
	size_t ncounties, acounties;
	struct school_ent *schools;
	size_t nschools, aschools;
	size_t *buckets;
	size_t nbuckets;                 /* power of two */
};

/* ---- the rows kept for the database step ---------------------------------
 *
 * One compact record per row with a valid ID number (16 bytes, in blocks so
 * that growth never copies) and an open-addressing hash of record indices
 * by ID number, each slot with a 32-bit fingerprint of the ID so that a
 * number not seen before costs one probe of the table and no visit to the
 * records: about 35 bytes a row, so 450,000 rows take ~16 MB. The names and
 * phones go to the registry step with the rows (roster_registry.c), which
 * keeps those of the deferred updates only. */

struct registry_pipe;

#define REC_BLOCK 65536

enum { REC_REJECTED = 1, REC_DUP_NOTED = 2 };

struct slot {
	uint32_t fp;                     /* fingerprint of the ID, never 0; 0: empty */
	uint32_t rec;                    /* record index */
};

struct rec {
	uint64_t id;                     /* ID number packed (id_pack) */
	int32_t line;
	uint8_t flags;                   /* REC_* */
};

static inline void id_unpack(uint64_t v, char out[19])
{
	unsigned c = (unsigned)(v % 11);
	v /= 11;
	out[17] = c == 10 ? 'X' : (char)('0' + c);
	for (int i = 16; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
	out[18] = '\0';
}

struct run {
	struct app *app;
	const struct roster_job *job;
	struct form_source *src;
	struct roster_report *rep;
	struct err *e;
	bool importing;

	struct plan *plan;
	const struct plan_phase *phase;
	struct store *st;
	bool in_tx, bulk;                /* the run's transaction; store_registry_bulk on */
	struct scope scope;
	bool have_scope;
	struct form_layout L;
	struct roster_rules rules;

	struct rec **blocks;             /* records in file order */
	size_t nblocks, ablocks;
	uint32_t nrecs;
	struct slot *table;              /* ID hash of record indices, power of two */
	size_t ntable;
	long rejected;                   /* rows with errors */

	struct registry_pipe *pipe;      /* the registry step beside the reading */
};

static inline struct rec *rec_at(const struct run *r, uint32_t i)
{
	return &r->blocks[i / REC_BLOCK][i % REC_BLOCK];
}

/* Shared by both halves (roster_import.c). */
void run_report_add(struct roster_report *rep, bool warning, long row, int col,
                    const char *column, const char *code, const char *message,
                    const char *value);
const char *run_title(const struct run *r, enum roster_field f);
int run_col(const struct run *r, enum roster_field f);

/* The registry step (roster_registry.c), for a run with a scope, inside
 * its transaction. registry_start before the first row: -1 on failure
 * (r->e). registry_hand for each record i that passed the row checks, in
 * file order (row gives its fields, school its index in r->scope.schools).
 * registry_finish after the last row
 * (ok) or a failure to read (!ok: the step is stopped and nothing more is
 * written): it waits for the step, reports the rows found on another
 * unit's roster, takes back what the file-wide checks rejected late and
 * writes the deferred updates; -1 on failure (r->e). */
int registry_start(struct run *r);
void registry_hand(struct run *r, uint32_t i, const struct roster_row *row, uint32_t school);
int registry_finish(struct run *r, bool ok);

#endif
