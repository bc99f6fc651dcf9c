-- 0012 result submissions (issue 7; docs/internals/RESULTS.md): Attachment 3
-- (考核情况汇总表) goes up the same cascade as the rosters. One row per plan,
-- phase and unit, with the states of roster submissions (core/submission.h):
-- draft, submitted, accepted, returned (with a reason). A quota unit may
-- submit with trainees still lacking a result only with a note naming them;
-- an aggregate (city) may submit with children not accepted only with a note.
-- The counts are a snapshot taken at submission (trainees on the accepted
-- roster, assessed, passed, failed, missing) so a reviewer sees what was sent.
CREATE TABLE result_submissions (
	id {{ID}},
	plan TEXT NOT NULL,
	phase TEXT NOT NULL,
	unit TEXT NOT NULL REFERENCES org_units (code),
	state TEXT NOT NULL DEFAULT 'draft'
		CHECK (state IN ('draft', 'submitted', 'accepted', 'returned')),
	reason TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	trainees INTEGER NOT NULL DEFAULT 0 CHECK (trainees >= 0),
	assessed INTEGER NOT NULL DEFAULT 0 CHECK (assessed >= 0),
	passed INTEGER NOT NULL DEFAULT 0 CHECK (passed >= 0),
	failed INTEGER NOT NULL DEFAULT 0 CHECK (failed >= 0),
	missing INTEGER NOT NULL DEFAULT 0 CHECK (missing >= 0),
	created_at TEXT NOT NULL DEFAULT {{NOW}},
	submitted_at TEXT,
	submitted_by TEXT NOT NULL DEFAULT '',
	decided_at TEXT,
	decided_by TEXT NOT NULL DEFAULT '',
	UNIQUE (plan, phase, unit),
	FOREIGN KEY (plan, phase) REFERENCES phases (plan, phase)
);
