-- 0001 foundation: the organisation tree, teachers, accounts, plans and the
-- training cycle (quotas, rosters, submissions, sessions, attendance,
-- assessments, credits), the audit log and meta pairs (issue 2).
--
-- Portable SQL for SQLite and PostgreSQL 15. Dialect placeholders, expanded by
-- src/store/dialect.c: {{ID}} a 64-bit auto-assigned primary key, {{NOW}} the
-- database clock as ISO-8601 UTC text. Times and dates are ISO-8601 TEXT;
-- flags are INTEGER 0/1; enumerations are lowercase names with a CHECK.
-- Columns holding personal data (teachers.id_number, teachers.phone) are read
-- and written only through src/store.

CREATE TABLE org_units (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	kind TEXT NOT NULL
		CHECK (kind IN ('province', 'city', 'county', 'zone', 'city-direct', 'school')),
	parent TEXT REFERENCES org_units (code),
	direct INTEGER NOT NULL DEFAULT 0 CHECK (direct IN (0, 1)),
	school_type TEXT CHECK (school_type IN ('central', 'village', 'point')),
	covered_by TEXT REFERENCES org_units (code),
	stages INTEGER NOT NULL DEFAULT 0 CHECK (stages BETWEEN 0 AND 7),
	position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX org_units_parent ON org_units (parent, position, code);
CREATE INDEX org_units_covered_by ON org_units (covered_by);

-- One record per teacher province-wide, keyed by the resident ID number.
CREATE TABLE teachers (
	id {{ID}},
	id_number TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	gender INTEGER NOT NULL DEFAULT 0 CHECK (gender IN (0, 1, 2)),
	phone TEXT NOT NULL DEFAULT '',
	school TEXT NOT NULL REFERENCES org_units (code),
	subject TEXT NOT NULL DEFAULT '',
	stage INTEGER NOT NULL DEFAULT 0 CHECK (stage IN (0, 1, 2, 4)),
	position TEXT NOT NULL DEFAULT 'teacher'
		CHECK (position IN ('teacher', 'backbone', 'middle', 'principal'))
);
CREATE INDEX teachers_school ON teachers (school, id);

CREATE TABLE accounts (
	id {{ID}},
	username TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL,
	org TEXT NOT NULL REFERENCES org_units (code),
	password_hash TEXT NOT NULL,
	must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at TEXT NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX accounts_org ON accounts (org);

-- A plan document (JSON text) and its phases; quotas, rosters and the rest
-- refer to a phase by (plan, phase).
CREATE TABLE plans (
	key TEXT PRIMARY KEY,
	json TEXT NOT NULL,
	updated_at TEXT NOT NULL DEFAULT {{NOW}}
);

CREATE TABLE phases (
	plan TEXT NOT NULL REFERENCES plans (key),
	phase TEXT NOT NULL,
	position INTEGER NOT NULL DEFAULT 0,
	title TEXT NOT NULL DEFAULT '',
	starts_on TEXT,           -- first day of the phase's window (YYYY-MM-DD)
	ends_on TEXT,             -- last day of the window
	roster_due TEXT,          -- fixed roster deadline, if the plan sets one
	PRIMARY KEY (plan, phase)
);

CREATE TABLE quotas (
	plan TEXT NOT NULL,
	phase TEXT NOT NULL,
	unit TEXT NOT NULL REFERENCES org_units (code),
	count INTEGER NOT NULL CHECK (count >= 0),
	reason TEXT NOT NULL DEFAULT '',
	set_by TEXT NOT NULL DEFAULT '',
	set_at TEXT NOT NULL DEFAULT {{NOW}},
	PRIMARY KEY (plan, phase, unit),
	FOREIGN KEY (plan, phase) REFERENCES phases (plan, phase)
);

-- A teacher is listed at most once per phase province-wide.
CREATE TABLE roster_entries (
	id {{ID}},
	plan TEXT NOT NULL,
	phase TEXT NOT NULL,
	unit TEXT NOT NULL REFERENCES org_units (code),
	teacher_id BIGINT NOT NULL REFERENCES teachers (id),
	added_by TEXT NOT NULL DEFAULT '',
	added_at TEXT NOT NULL DEFAULT {{NOW}},
	status TEXT NOT NULL DEFAULT 'listed',
	UNIQUE (plan, phase, teacher_id),
	FOREIGN KEY (plan, phase) REFERENCES phases (plan, phase)
);
CREATE INDEX roster_entries_unit ON roster_entries (plan, phase, unit);
CREATE INDEX roster_entries_teacher ON roster_entries (teacher_id);

CREATE TABLE submissions (
	id {{ID}},
	plan TEXT NOT NULL,
	phase TEXT NOT NULL,
	unit TEXT NOT NULL REFERENCES org_units (code),
	state TEXT NOT NULL DEFAULT 'draft'
		CHECK (state IN ('draft', 'submitted', 'accepted', 'returned')),
	reason TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL DEFAULT {{NOW}},
	submitted_at TEXT,
	decided_at TEXT,
	decided_by TEXT NOT NULL DEFAULT '',
	UNIQUE (plan, phase, unit),
	FOREIGN KEY (plan, phase) REFERENCES phases (plan, phase)
);

CREATE TABLE sessions (
	id {{ID}},
	plan TEXT NOT NULL,
	phase TEXT NOT NULL,
	organiser TEXT NOT NULL REFERENCES org_units (code),
	held_on TEXT NOT NULL,    -- YYYY-MM-DD
	place TEXT NOT NULL DEFAULT '',
	capacity INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),
	created_at TEXT NOT NULL DEFAULT {{NOW}},
	FOREIGN KEY (plan, phase) REFERENCES phases (plan, phase)
);
CREATE INDEX sessions_organiser ON sessions (plan, phase, organiser);

CREATE TABLE session_experts (
	session_id BIGINT NOT NULL REFERENCES sessions (id),
	account_id BIGINT NOT NULL REFERENCES accounts (id),
	PRIMARY KEY (session_id, account_id)
);
CREATE INDEX session_experts_account ON session_experts (account_id);

CREATE TABLE attendance (
	session_id BIGINT NOT NULL REFERENCES sessions (id),
	teacher_id BIGINT NOT NULL REFERENCES teachers (id),
	signed_at TEXT NOT NULL DEFAULT {{NOW}},
	signed_by TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (session_id, teacher_id)
);
CREATE INDEX attendance_teacher ON attendance (teacher_id);

-- contents: bit set of the three assessed contents of the notice 三(一).
CREATE TABLE assessments (
	id {{ID}},
	session_id BIGINT NOT NULL REFERENCES sessions (id),
	teacher_id BIGINT NOT NULL REFERENCES teachers (id),
	assessor_id BIGINT REFERENCES accounts (id),
	started_at TEXT,
	ended_at TEXT,
	contents INTEGER NOT NULL DEFAULT 0 CHECK (contents BETWEEN 0 AND 7),
	result TEXT NOT NULL CHECK (result IN ('pass', 'fail')),
	attempt INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
	comment TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL DEFAULT {{NOW}},
	UNIQUE (session_id, teacher_id, attempt)
);
CREATE INDEX assessments_teacher ON assessments (teacher_id);

-- At most one credit award per teacher and phase.
CREATE TABLE credits (
	id {{ID}},
	teacher_id BIGINT NOT NULL REFERENCES teachers (id),
	plan TEXT NOT NULL,
	phase TEXT NOT NULL,
	credits INTEGER NOT NULL CHECK (credits >= 0),
	academic_year TEXT NOT NULL,   -- "2022-2023"
	tier TEXT NOT NULL,            -- "统筹培训"
	assessment_id BIGINT REFERENCES assessments (id),
	awarded_at TEXT NOT NULL DEFAULT {{NOW}},
	UNIQUE (teacher_id, plan, phase),
	FOREIGN KEY (plan, phase) REFERENCES phases (plan, phase)
);

CREATE TABLE audit_log (
	id {{ID}},
	at TEXT NOT NULL DEFAULT {{NOW}},
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	target TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
