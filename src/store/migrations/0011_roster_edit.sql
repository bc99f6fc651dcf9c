-- 0011 roster editing (issue 6): a unit's list is built in the app (pick,
-- add, remove, the all-staff pre-fill) and a teacher pre-filled onto an
-- all-staff list may be marked an exception with a reason (长期病假). An
-- excepted teacher leaves roster_entries (so quota, composition and progress
-- do not count them) and is kept here, visible on the unit's list with the
-- reason, until the exception is lifted. entry_id keeps the teacher's place
-- in the list (the id of the roster entry it replaced). One row per teacher
-- and phase province-wide, like roster_entries (docs/internals/CASCADE.md).
CREATE TABLE roster_exceptions (
	id {{ID}},
	plan TEXT NOT NULL,
	phase TEXT NOT NULL,
	unit TEXT NOT NULL REFERENCES org_units (code),
	teacher_id BIGINT NOT NULL REFERENCES teachers (id),
	reason TEXT NOT NULL,
	entry_id BIGINT NOT NULL DEFAULT 0,
	excepted_by TEXT NOT NULL DEFAULT '',
	excepted_at TEXT NOT NULL DEFAULT {{NOW}},
	UNIQUE (plan, phase, teacher_id),
	FOREIGN KEY (plan, phase) REFERENCES phases (plan, phase)
);
CREATE INDEX roster_exceptions_unit ON roster_exceptions (plan, phase, unit, entry_id);
