-- 0004 session trainees: the teachers expected at a training session (issue
-- 4, the printed sign-in and assessment sheets). A teacher is listed at most
-- once per session. Sign-in records stay in attendance (0001).

CREATE TABLE session_trainees (
	session_id BIGINT NOT NULL REFERENCES sessions (id),
	teacher_id BIGINT NOT NULL REFERENCES teachers (id),
	added_at TEXT NOT NULL DEFAULT {{NOW}},
	PRIMARY KEY (session_id, teacher_id)
);
CREATE INDEX session_trainees_teacher ON session_trainees (teacher_id);
