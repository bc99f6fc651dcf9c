-- 0009 online hours and experts (issue 7; DESIGN §2 P3, P5, C4;
-- docs/internals/EXPERTS.md).
--
-- Online hours: the national platform's completion records of the
-- provincial (online) phase, imported as files. online_hours keeps the
-- latest record per trainee (a later import replaces it: latest wins);
-- online_hours_imports keeps one row per import (who, when, the file's
-- sha256 and the counts), so every record names the import it came from.
-- Hours are stored in hundredths (centi_hours) so that the completion
-- threshold compares exactly on both databases. No ID number is stored
-- here: a record refers to the teacher.
--
-- Experts: a trainee who completed the online phase consents, through
-- their own teacher account, to serve as an expert (expert_consents); the
-- province appoints experts from them (experts), which creates or enables
-- an assessor account for the teacher; a withdrawn appointment keeps its
-- row (active = 0) with who withdrew it, when and why. No fee or payment
-- column exists (notice 四, C4).
--
-- A teacher consents through their own account: accounts.teacher_id
-- (migration 0008) names the teacher record of a teacher account. The
-- assessor account an appointment creates is linked through experts
-- (accounts.teacher_id is UNIQUE and stays with the teacher's own account).
-- assessments_by_assessor serves the experts' workload (assessments per
-- assessor account).

CREATE TABLE online_hours_imports (
	id {{ID}},
	plan TEXT NOT NULL,
	phase TEXT NOT NULL,
	file_sha256 TEXT NOT NULL DEFAULT '',
	file_name TEXT NOT NULL DEFAULT '',
	actor TEXT NOT NULL,
	rows_total INTEGER NOT NULL DEFAULT 0,
	matched INTEGER NOT NULL DEFAULT 0,
	changed INTEGER NOT NULL DEFAULT 0,
	errors INTEGER NOT NULL DEFAULT 0,
	at TEXT NOT NULL DEFAULT {{NOW}},
	FOREIGN KEY (plan, phase) REFERENCES phases (plan, phase)
);

CREATE TABLE online_hours (
	plan TEXT NOT NULL,
	phase TEXT NOT NULL,
	teacher_id BIGINT NOT NULL REFERENCES teachers (id),
	centi_hours BIGINT NOT NULL CHECK (centi_hours >= 0),
	certificate TEXT NOT NULL DEFAULT '',
	import_id BIGINT NOT NULL REFERENCES online_hours_imports (id),
	updated_at TEXT NOT NULL DEFAULT {{NOW}},
	PRIMARY KEY (plan, phase, teacher_id),
	FOREIGN KEY (plan, phase) REFERENCES phases (plan, phase)
);
CREATE INDEX online_hours_teacher ON online_hours (teacher_id);

CREATE TABLE expert_consents (
	plan TEXT NOT NULL,
	teacher_id BIGINT NOT NULL REFERENCES teachers (id),
	account_id BIGINT NOT NULL REFERENCES accounts (id),
	consented_at TEXT NOT NULL DEFAULT {{NOW}},
	PRIMARY KEY (plan, teacher_id)
);

CREATE TABLE experts (
	id {{ID}},
	plan TEXT NOT NULL,
	teacher_id BIGINT NOT NULL REFERENCES teachers (id),
	account_id BIGINT NOT NULL REFERENCES accounts (id),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	appointed_by TEXT NOT NULL,
	appointed_at TEXT NOT NULL DEFAULT {{NOW}},
	withdrawn_by TEXT NOT NULL DEFAULT '',
	withdrawn_at TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '',
	UNIQUE (plan, teacher_id)
);
CREATE INDEX experts_account ON experts (account_id);
CREATE INDEX assessments_by_assessor ON assessments (assessor_id);
