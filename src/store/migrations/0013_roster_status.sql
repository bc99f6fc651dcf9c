-- 0013 roster status (issue 6's progress, issue 7's counters): each roster
-- entry carries its trainee's state in the phase — signed in at a session of
-- the phase, the latest assessment result (by attempt), credited — so that
-- progress counts them from roster_entries alone (one index-only scan of the
-- subtree's entries) instead of joining attendance, assessments and credits
-- on every request. The columns are derived data: store/roster_status.c
-- recomputes a teacher's entries in the same transaction as every write to
-- attendance, assessments or credits.

ALTER TABLE roster_entries ADD COLUMN signed_in INTEGER NOT NULL DEFAULT 0
	CHECK (signed_in IN (0, 1));
ALTER TABLE roster_entries ADD COLUMN result TEXT CHECK (result IN ('pass', 'fail'));
ALTER TABLE roster_entries ADD COLUMN credited INTEGER NOT NULL DEFAULT 0
	CHECK (credited IN (0, 1));

UPDATE roster_entries SET
	signed_in = CASE WHEN EXISTS (SELECT 1 FROM attendance a JOIN sessions x ON x.id = a.session_id
		WHERE a.teacher_id = roster_entries.teacher_id AND x.plan = roster_entries.plan
		AND x.phase = roster_entries.phase) THEN 1 ELSE 0 END,
	result = (SELECT a.result FROM assessments a JOIN sessions x ON x.id = a.session_id
		WHERE a.teacher_id = roster_entries.teacher_id AND x.plan = roster_entries.plan
		AND x.phase = roster_entries.phase ORDER BY a.attempt DESC, a.id DESC LIMIT 1),
	credited = CASE WHEN EXISTS (SELECT 1 FROM credits c WHERE c.teacher_id = roster_entries.teacher_id
		AND c.plan = roster_entries.plan AND c.phase = roster_entries.phase) THEN 1 ELSE 0 END;

CREATE INDEX roster_entries_status ON roster_entries (plan, phase, unit, signed_in, result, credited);
