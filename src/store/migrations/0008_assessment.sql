-- 0008 assessment (issue 7; docs/internals/ASSESSMENT.md): on-site
-- assessments with their timer, attempts, duration flags and corrections;
-- credits with the history of reversed ones; the link from a teacher's
-- account to the teacher record (for "my transcript").
--
-- assessments (0001) holds finished results only (result is NOT NULL), so
-- Attachment 3 (store/forms.c) reads nothing half done. A started
-- assessment (the timer) lives in assessment_starts until it is finished.
-- plan and phase are copied from the session so that attempts are numbered
-- per teacher and phase under a UNIQUE index (rows from before this
-- migration have NULL there and are not constrained).
--   flag               '' (5–10 minutes), 'short' (< min), 'long' (> max)
--   corrected_*        the last correction ('' if none); every correction
--                      is in the audit log with old and new values

ALTER TABLE assessments ADD COLUMN plan TEXT;
ALTER TABLE assessments ADD COLUMN phase TEXT;
ALTER TABLE assessments ADD COLUMN flag TEXT NOT NULL DEFAULT ''
	CHECK (flag IN ('', 'short', 'long'));
ALTER TABLE assessments ADD COLUMN corrected_at TEXT NOT NULL DEFAULT '';
ALTER TABLE assessments ADD COLUMN corrected_by TEXT NOT NULL DEFAULT '';
ALTER TABLE assessments ADD COLUMN correction_reason TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX assessments_attempt ON assessments (teacher_id, plan, phase, attempt);
CREATE INDEX assessments_session ON assessments (session_id, teacher_id);

-- At most one running timer per teacher and phase.
CREATE TABLE assessment_starts (
	id {{ID}},
	session_id BIGINT NOT NULL REFERENCES sessions (id),
	teacher_id BIGINT NOT NULL REFERENCES teachers (id),
	plan TEXT NOT NULL,
	phase TEXT NOT NULL,
	assessor_id BIGINT REFERENCES accounts (id),
	started_at TEXT NOT NULL,
	UNIQUE (teacher_id, plan, phase)
);
CREATE INDEX assessment_starts_session ON assessment_starts (session_id);

-- credits (0001) holds exactly the credits currently valid (one row per
-- teacher, plan and phase). A reversed credit is deleted from it and kept
-- here with its original fields, the reason, who and when — so a pass after
-- a reversal writes a fresh row.
ALTER TABLE credits ADD COLUMN source TEXT NOT NULL DEFAULT 'assessment';
CREATE TABLE credit_reversals (
	id {{ID}},
	credit_id BIGINT NOT NULL,          -- credits.id the deleted row had (SQLite may reuse it)
	teacher_id BIGINT NOT NULL REFERENCES teachers (id),
	plan TEXT NOT NULL,
	phase TEXT NOT NULL,
	credits INTEGER NOT NULL,
	academic_year TEXT NOT NULL,
	tier TEXT NOT NULL,
	assessment_id BIGINT REFERENCES assessments (id),
	source TEXT NOT NULL,
	awarded_at TEXT NOT NULL,
	reason TEXT NOT NULL,
	reversed_by TEXT NOT NULL,
	reversed_at TEXT NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX credit_reversals_teacher ON credit_reversals (teacher_id);

-- A teacher's own account (role teacher) names its teacher record; at most
-- one account per teacher.
ALTER TABLE accounts ADD COLUMN teacher_id BIGINT REFERENCES teachers (id);
CREATE UNIQUE INDEX accounts_teacher ON accounts (teacher_id);
