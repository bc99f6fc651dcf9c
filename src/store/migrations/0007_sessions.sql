-- 0007 sessions (issue 7): a session's title and creator, and the materials
-- uploaded for it (DESIGN §2 B5: 培训通知, 日程安排, 签到表, 考核表). The files
-- themselves live outside the database (app/materials.h): a row names the
-- blob by its SHA-256. Experts (session_experts) and sign-ins (attendance)
-- are in 0001, the trainee lists (session_trainees) in 0003.

ALTER TABLE sessions ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_held_on ON sessions (held_on, id);

CREATE TABLE session_materials (
	id {{ID}},
	session_id BIGINT NOT NULL REFERENCES sessions (id),
	kind TEXT NOT NULL
		CHECK (kind IN ('notice', 'timetable', 'signin', 'assessment', 'other')),
	file_name TEXT NOT NULL DEFAULT '',
	content_type TEXT NOT NULL,
	size BIGINT NOT NULL CHECK (size >= 0),
	sha256 TEXT NOT NULL,
	uploaded_by TEXT NOT NULL DEFAULT '',
	uploaded_at TEXT NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX session_materials_session ON session_materials (session_id, kind);
CREATE INDEX session_materials_sha256 ON session_materials (sha256);
