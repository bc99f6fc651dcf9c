-- 0006 cascade (issue 6): quotas down, lists up. Adds what migration 0001's
-- quotas and submissions tables lack: the history of quota changes with their
-- reasons, the note a unit sends with an aggregate that misses children, who
-- submitted, and deadline extensions granted by a higher level
-- (docs/internals/CASCADE.md). No index on org_units.direct: the reporting
-- walk must follow the parent index (an index on a 0/1 column misleads
-- SQLite's planner into scanning every unit at each step).

-- Every change of a quota after generation: old and new number, why, by whom.
CREATE TABLE quota_changes (
	id {{ID}},
	plan TEXT NOT NULL,
	phase TEXT NOT NULL,
	unit TEXT NOT NULL REFERENCES org_units (code),
	old_count INTEGER NOT NULL,
	new_count INTEGER NOT NULL CHECK (new_count >= 0),
	reason TEXT NOT NULL,
	actor TEXT NOT NULL,
	at TEXT NOT NULL DEFAULT {{NOW}},
	FOREIGN KEY (plan, phase) REFERENCES phases (plan, phase)
);
CREATE INDEX quota_changes_unit ON quota_changes (plan, phase, unit, id);

ALTER TABLE submissions ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN submitted_by TEXT NOT NULL DEFAULT '';

-- A later deadline for one unit's list, granted by a higher level.
CREATE TABLE deadline_extensions (
	plan TEXT NOT NULL,
	phase TEXT NOT NULL,
	unit TEXT NOT NULL REFERENCES org_units (code),
	extended_to TEXT NOT NULL,       -- YYYY-MM-DD, last day the list may be submitted
	reason TEXT NOT NULL,
	granted_by TEXT NOT NULL,
	granted_at TEXT NOT NULL DEFAULT {{NOW}},
	PRIMARY KEY (plan, phase, unit),
	FOREIGN KEY (plan, phase) REFERENCES phases (plan, phase)
);
