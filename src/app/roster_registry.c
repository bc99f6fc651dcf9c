/*
 * The registry step of a roster check or import (app/roster_run.h): a
 * second thread holds the accepted rows against the teacher registry, and
 * when importing writes them, while the first thread reads on.
 *
 * Hand-over: the reader fills a batch of REGISTRY_FIND_MAX rows (copies:
 * its buffers move on) and queues it; the step runs the queued batches in
 * order and puts them back. PIPE_DEPTH batches exist, so the reader waits
 * when the step is that far behind: memory stays bounded whatever the file.
 * The step's own results (what it wrote for which record, the rows on
 * another unit's roster, the deferred updates) are read by the reader's
 * thread only after the join.
 */
#include "app/roster_run.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "core/idcard.h"
#include "store/registry.h"
#include "store/roster.h"
#include "store/roster_edit.h"
#include "base/banned.h"

/* An accepted row as the reader hands it over. */
struct pend {
	uint32_t rec;                    /* record index */
	uint32_t school;                 /* index into scope.schools */
	const struct subject *subject;
	uint8_t gender;
	char id[19];
	char name[TEACHER_NAME_MAX];
	char phone[TEACHER_PHONE_MAX];
	struct registry_sealed sealed;   /* sealed by the reader (registry.h) */
};

struct handoff {
	struct handoff *next;
	size_t n;
	struct pend p[REGISTRY_FIND_MAX];
};

#define PIPE_DEPTH 16
/* The step is woken when this many batches wait (or at the end), the
 * reader when this many are free again (or the step runs out of work):
 * waking a thread per batch cost ~6 % in the kernel. < PIPE_DEPTH - 1. */
#define PIPE_WAKE 4

/* What the step did for a record (registry_pipe.flags[rec]). */
enum { W_ROSTER = 1, W_FRESH = 2, W_UNCHANGED = 4 };

struct other {                       /* a row on another unit's roster */
	uint32_t rec;
	char unit[ORG_CODE_MAX];
};

struct deferred {                    /* a registered teacher whose details changed */
	uint32_t rec;
	uint32_t text;                   /* "name\0phone\0" at registry_pipe.text + text */
	uint32_t school;                 /* the row's, as in struct pend */
	const struct subject *subject;
	uint8_t gender;
	unsigned changes;                /* REGISTRY_* */
	unsigned stage;                  /* as the update writes them */
	enum position position;
	int64_t id;
};

struct registry_pipe {
	pthread_mutex_t lock;            /* guards the queue and the flags below */
	pthread_cond_t work, room;       /* batches queued / a batch free again */
	struct handoff *spare, *head, **tail;
	size_t queued, freed;
	bool step_waits, reader_waits;
	struct handoff *fill;            /* the reader's batch being filled */
	bool done, stop, failed;
	bool threaded;
	pthread_t thread;
	struct handoff bufs[PIPE_DEPTH];

	/* the reader's: a failure to seal (then nothing more is sealed) */
	struct err seal_e;
	bool seal_failed;

	/* the step's, read by the reader after the join */
	struct err e;
	uint8_t *flags;                  /* W_* by record index */
	size_t aflags;
	struct other *other;
	size_t nother, aother;
	struct deferred *def;
	size_t ndef, adef;
	char *text;                      /* the deferred rows' names and phones */
	size_t ntext, atext;
	long teachers_added, roster_added, unchanged;

	/* scratch of the batch being run */
	const char *idp[REGISTRY_FIND_MAX], *idxp[REGISTRY_FIND_MAX];
	struct registry_hit hits[REGISTRY_FIND_MAX];
	bool found[REGISTRY_FIND_MAX];
	char units[REGISTRY_FIND_MAX][ORG_CODE_MAX];
	struct teacher fresh[REGISTRY_FIND_MAX];
	struct registry_sealed fresh_sealed[REGISTRY_FIND_MAX];
	int64_t add[REGISTRY_FIND_MAX];
};

/* The teacher as the row gives it, over the registered record old if any. */
static void teacher_from(const struct run *r, uint32_t school, const struct subject *subject,
                         unsigned gender, const char *id, const char *name, const char *phone,
                         const struct teacher *old, struct teacher *t)
{
	const struct school_ent *s = &r->scope.schools[school];
	memset(t, 0, sizeof *t);
	if (old)
		*t = *old;
	else
		t->position = POSITION_TEACHER;
	memcpy(t->id_number, id, sizeof t->id_number);
	snprintf(t->name, sizeof t->name, "%s", name);
	t->gender = (enum gender)gender;
	snprintf(t->phone, sizeof t->phone, "%s", phone);
	snprintf(t->school, sizeof t->school, "%s", s->u.code);
	snprintf(t->subject, sizeof t->subject, "%s", subject->name);
	unsigned stage = subject_stage_for(subject, s->u.stages);
	if (stage)
		t->stage = stage;
}

static void flag(struct registry_pipe *p, uint32_t rec, uint8_t bits)
{
	if (rec >= p->aflags) {
		size_t n = p->aflags ? p->aflags : 4096;
		while (n <= rec)
			n *= 2;
		p->flags = xrealloc(p->flags, n);
		memset(p->flags + p->aflags, 0, n - p->aflags);
		p->aflags = n;
	}
	p->flags[rec] |= bits;
}

static uint8_t flags_of(const struct registry_pipe *p, uint32_t rec)
{
	return rec < p->aflags ? p->flags[rec] : 0;
}

/* A row on another unit's roster: reported at the end. */
static void listed_elsewhere(struct registry_pipe *p, uint32_t rec, const char *unit)
{
	XGROW(p->other, p->aother, p->nother + 1);
	p->other[p->nother].rec = rec;
	snprintf(p->other[p->nother].unit, sizeof p->other[0].unit, "%s", unit);
	p->nother++;
}

/* An imported row whose teacher is registered: on another unit's roster
 * (reported at the end), or its details compared (a change waits for the
 * end) and added to the roster unless on it (into p->add). */
static void registered(struct run *r, struct registry_pipe *p, const struct pend *x,
                       const struct registry_hit *hit, size_t *nadd)
{
	if (hit->roster_id && strcmp(hit->roster_unit, r->job->unit)) {
		listed_elsewhere(p, x->rec, hit->roster_unit);
		return;
	}
	struct teacher t;
	teacher_from(r, x->school, x->subject, x->gender, x->id, x->name, x->phone, &hit->teacher, &t);
	unsigned changes = registry_diff(&hit->teacher, &t);
	if (changes) {
		size_t ln = strlen(x->name) + 1, lp = strlen(x->phone) + 1;
		XGROW(p->text, p->atext, p->ntext + ln + lp);
		memcpy(p->text + p->ntext, x->name, ln);
		memcpy(p->text + p->ntext + ln, x->phone, lp);
		XGROW(p->def, p->adef, p->ndef + 1);
		p->def[p->ndef++] = (struct deferred){ .rec = x->rec, .text = (uint32_t)p->ntext,
		                                       .school = x->school, .subject = x->subject,
		                                       .gender = x->gender,
		                                       .changes = changes, .stage = t.stage,
		                                       .position = t.position, .id = hit->teacher.id };
		p->ntext += ln + lp;
	}
	if (hit->roster_id) {
		if (!changes) {
			flag(p, x->rec, W_UNCHANGED);
			p->unchanged++;
		}
		return;
	}
	flag(p, x->rec, W_ROSTER);
	p->add[(*nadd)++] = hit->teacher.id;
}

/* A check: one lookup for the batch, of the roster units only. */
static int batch_check(struct run *r, struct registry_pipe *p, const struct handoff *h)
{
	for (size_t i = 0; i < h->n; i++)
		p->idp[i] = h->p[i].id;
	if (store_registry_listed_batch(r->st, r->plan->key, r->job->phase, p->idp, h->n, p->found,
	                                p->units, &p->e) < 0)
		return -1;
	for (size_t i = 0; i < h->n; i++)
		if (p->found[i] && p->units[i][0] && strcmp(p->units[i], r->job->unit))
			listed_elsewhere(p, h->p[i].rec, p->units[i]);
	return 0;
}

/* An import: the batch's teachers go in where new (in file order, so their
 * ids follow it; the unique index of the ID number tells the registered
 * ones, which are then looked up together), then the batch's roster
 * entries, in file order. */
static int batch_import(struct run *r, struct registry_pipe *p, const struct handoff *h)
{
	const char *plan = r->plan->key, *phase = r->job->phase, *unit = r->job->unit;
	size_t nold = 0, nadd = 0, k = 0;
	for (size_t i = 0; i < h->n; i++) {
		const struct pend *x = &h->p[i];
		teacher_from(r, x->school, x->subject, x->gender, x->id, x->name, x->phone, NULL,
		             &p->fresh[i]);
		p->fresh_sealed[i] = x->sealed;
	}
	if (store_registry_insert_batch(r->st, p->fresh, p->fresh_sealed, h->n, &p->e) < 0)
		return -1;
	for (size_t i = 0; i < h->n; i++)
		if (!p->fresh[i].id) {
			p->idp[nold] = h->p[i].id;
			p->idxp[nold++] = h->p[i].sealed.idx;
		}
	if (nold && store_registry_find_indexed(r->st, plan, phase, p->idp, p->idxp, nold, p->hits,
	                                        p->found, &p->e) < 0)
		return -1;
	for (size_t i = 0; i < h->n; i++) {
		const struct pend *x = &h->p[i];
		if (p->fresh[i].id) {
			flag(p, x->rec, W_FRESH | W_ROSTER);
			p->add[nadd++] = p->fresh[i].id;
			p->teachers_added++;
			continue;
		}
		if (!p->found[k])
			return err_set(&p->e, "STORE_INTERNAL",
			               "内部错误：已登记的教师查不到，请报告此问题");
		registered(r, p, x, &p->hits[k++], &nadd);
	}
	if (nadd && store_roster_add_batch(r->st, plan, phase, unit, p->add, nadd, r->job->actor,
	                                   &p->e) < 0)
		return -1;
	p->roster_added += (long)nadd;
	return 0;
}

static int batch_run(struct run *r, struct registry_pipe *p, const struct handoff *h)
{
	return r->importing ? batch_import(r, p, h) : batch_check(r, p, h);
}

static void *step_main(void *arg)
{
	struct run *r = arg;
	struct registry_pipe *p = r->pipe;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->head && !p->done) {
			p->step_waits = true;
			pthread_cond_wait(&p->work, &p->lock);
			p->step_waits = false;
		}
		struct handoff *h = p->head;
		if (!h)
			break;
		p->head = h->next;
		if (!p->head)
			p->tail = &p->head;
		p->queued--;
		bool skip = p->failed || p->stop;
		pthread_mutex_unlock(&p->lock);
		int rc = skip ? 0 : batch_run(r, p, h);
		pthread_mutex_lock(&p->lock);
		if (rc < 0)
			p->failed = true;
		h->next = p->spare;
		p->spare = h;
		/* the waiting reader is woken when it can fill PIPE_WAKE batches,
		 * or before the step waits itself */
		if (p->reader_waits && (++p->freed >= PIPE_WAKE || !p->head)) {
			p->freed = 0;
			pthread_cond_signal(&p->room);
		}
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

int registry_start(struct run *r)
{
	struct registry_pipe *p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->room, NULL);
	p->tail = &p->head;
	for (size_t k = 0; k < PIPE_DEPTH; k++) {
		p->bufs[k].next = p->spare;
		p->spare = &p->bufs[k];
	}
	r->pipe = p;
	/* without a thread (a test's one_thread, or none to be had) each batch
	 * runs as soon as it is full: the same results */
	p->threaded = !r->job->one_thread && pthread_create(&p->thread, NULL, step_main, r) == 0;
	return 0;
}

static void push(struct run *r, struct registry_pipe *p)
{
	struct handoff *h = p->fill;
	if (!p->threaded) {
		if (!p->failed && batch_run(r, p, h) < 0)
			p->failed = true;
		h->n = 0;
		return;
	}
	p->fill = NULL;
	h->next = NULL;
	pthread_mutex_lock(&p->lock);
	*p->tail = h;
	p->tail = &h->next;
	if (++p->queued >= PIPE_WAKE && p->step_waits)
		pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
}

void registry_hand(struct run *r, uint32_t i, const struct roster_row *row, uint32_t school)
{
	struct registry_pipe *p = r->pipe;
	if (!p->fill) {
		pthread_mutex_lock(&p->lock);
		while (!p->spare) {
			if (p->step_waits)
				pthread_cond_signal(&p->work);
			p->reader_waits = true;
			pthread_cond_wait(&p->room, &p->lock);
			p->reader_waits = false;
		}
		p->fill = p->spare;
		p->spare = p->fill->next;
		pthread_mutex_unlock(&p->lock);
		p->fill->n = 0;
	}
	struct pend *d = &p->fill->p[p->fill->n++];
	d->rec = i;
	d->school = school;
	d->subject = row->subject;
	d->gender = (uint8_t)row->gender;
	memcpy(d->id, row->id_number, sizeof d->id);
	if (r->importing) { /* a check needs the ID number only */
		snprintf(d->name, sizeof d->name, "%s", row->name);
		snprintf(d->phone, sizeof d->phone, "%s", row->phone);
		/* the step seals nothing while it runs: the reader is the only sealer */
		if (!p->seal_failed &&
		    store_registry_seal(r->st, d->id, d->phone, &d->sealed, &p->seal_e) < 0)
			p->seal_failed = true;
	}
	if (p->fill->n == REGISTRY_FIND_MAX)
		push(r, p);
}

/* ---- after the reading -------------------------------------------------------- */

static int unit_name(struct run *r, const char *code, char name[ORG_NAME_MAX])
{
	struct org_unit u;
	int rc = store_org_get(r->st, code, &u, r->e);
	if (rc < 0)
		return -1;
	snprintf(name, ORG_NAME_MAX, "%s", rc == 0 ? u.name : code);
	return 0;
}

/* The rows on another unit's roster for the phase, in file order; not a
 * row the file-wide checks rejected (its own error says enough). */
static int report_others(struct run *r, struct registry_pipe *p)
{
	for (size_t i = 0; i < p->nother; i++) {
		struct rec *x = rec_at(r, p->other[i].rec);
		const char *code = p->other[i].unit;
		char name[ORG_NAME_MAX], id[19], masked[19], msg[512];
		if (x->flags & REC_REJECTED)
			continue;
		if (unit_name(r, code, name) < 0)
			return -1;
		id_unpack(x->id, id);
		idcard_mask(id, masked);
		snprintf(msg, sizeof msg,
		         "该教师已在%s（%s）的本阶段参训名单中：同一阶段每位教师全省只能报名一次，"
		         "请删除此行，或请%s先将其移出名单", name, code, name);
		run_report_add(r->rep, false, x->line, run_col(r, RF_ID), run_title(r, RF_ID),
		               "ROSTER_ON_OTHER_UNIT", msg, masked);
		x->flags |= REC_REJECTED;
		r->rejected++;
	}
	return 0;
}

/* What the step wrote for a row the file-wide checks rejected after it was
 * handed over (a duplicate further down): its roster entry goes, and its
 * teacher when this import inserted them. */
static int take_back(struct run *r, struct registry_pipe *p)
{
	const char *plan = r->plan->key, *phase = r->job->phase, *unit = r->job->unit;
	for (uint32_t i = 0; i < r->nrecs; i++) {
		const struct rec *x = rec_at(r, i);
		uint8_t w = flags_of(p, i);
		if (!(x->flags & REC_REJECTED) || !w)
			continue;
		if (w & W_UNCHANGED)
			r->rep->unchanged--;
		if (!(w & W_ROSTER))
			continue;
		char id[19];
		struct registry_hit hit;
		id_unpack(x->id, id);
		int rc = store_registry_find(r->st, plan, phase, id, &hit, r->e);
		if (rc < 0)
			return -1;
		if (rc == 1)
			return err_set(r->e, "STORE_INTERNAL", "内部错误：导入中的教师记录不见了，请报告此问题");
		if (store_roster_entry_delete(r->st, plan, phase, unit, hit.teacher.id, r->e) < 0)
			return -1;
		r->rep->roster_added--;
		if (w & W_FRESH) {
			if (store_registry_delete(r->st, hit.teacher.id, r->e) < 0)
				return -1;
			r->rep->teachers_added--;
		}
	}
	return 0;
}

/* One audit entry per changed teacher (registry_update_detail). */
static int audit_update(struct run *r, const struct teacher *t, unsigned changes)
{
	char target[32], detail[512];
	snprintf(target, sizeof target, "%lld", (long long)t->id);
	registry_update_detail(t, changes, "roster.import", r->job->phase, r->job->unit, detail,
	                       sizeof detail);
	return store_audit_append(r->st, r->job->actor, "teacher.update", target, detail, r->e);
}

/* The updates of registered teachers whose details changed, in file order,
 * each with its audit entry. */
static int write_updates(struct run *r, struct registry_pipe *p)
{
	for (size_t i = 0; i < p->ndef; i++) {
		const struct deferred *d = &p->def[i];
		const struct rec *x = rec_at(r, d->rec);
		if (x->flags & REC_REJECTED)
			continue;
		char id[19];
		const char *name = p->text + d->text, *phone = name + strlen(name) + 1;
		struct teacher t;
		id_unpack(x->id, id);
		teacher_from(r, d->school, d->subject, d->gender, id, name, phone, NULL, &t);
		t.id = d->id;
		t.stage = d->stage;
		t.position = d->position;
		if (store_registry_update(r->st, &t, r->e) < 0 || audit_update(r, &t, d->changes) < 0)
			return -1;
		r->rep->teachers_updated++;
	}
	return 0;
}

int registry_finish(struct run *r, bool ok)
{
	struct registry_pipe *p = r->pipe;
	int rc = 0;
	if (ok && p->fill && p->fill->n)
		push(r, p);
	if (p->threaded) {
		pthread_mutex_lock(&p->lock);
		p->done = true;
		p->stop = !ok;
		pthread_cond_signal(&p->work);
		pthread_mutex_unlock(&p->lock);
		pthread_join(p->thread, NULL);
	}
	if (!ok) {
		rc = 0;
	} else if (p->failed || p->seal_failed) {
		*r->e = p->failed ? p->e : p->seal_e;
		rc = -1;
	} else {
		r->rep->teachers_added = p->teachers_added;
		r->rep->roster_added = p->roster_added;
		r->rep->unchanged = p->unchanged;
		rc = report_others(r, p) < 0 || (r->importing && (take_back(r, p) < 0 ||
		                                                  write_updates(r, p) < 0)) ? -1 : 0;
	}
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->room);
	pthread_mutex_destroy(&p->lock);
	free(p->flags);
	free(p->other);
	free(p->def);
	free(p->text);
	free(p);
	r->pipe = NULL;
	return rc;
}
