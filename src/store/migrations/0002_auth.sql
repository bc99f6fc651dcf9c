-- 0002 auth: login state of accounts, login sessions, login failures,
-- password history, and the hash chain of the audit log (issue 5).
--
-- Times are ISO-8601 UTC text with milliseconds, written by the application
-- ('' = never). The tables are named login_* because "sessions" (0001) are
-- training sessions.

ALTER TABLE accounts ADD COLUMN password_changed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN last_login_at TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN locked_until TEXT NOT NULL DEFAULT '';

-- One row per signed-in browser. Only hashes of the session token and of its
-- CSRF token are kept: a copy of the database lets nobody sign in.
CREATE TABLE login_sessions (
	token_hash TEXT PRIMARY KEY,
	account_id BIGINT NOT NULL REFERENCES accounts (id),
	csrf_hash TEXT NOT NULL,
	created_at TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX login_sessions_account ON login_sessions (account_id);

-- Failed sign-ins, by the username typed (which may name no account) and the
-- client address: the account lockout and the per-address throttle count them.
CREATE TABLE login_failures (
	id {{ID}},
	username TEXT NOT NULL,
	ip TEXT NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

-- Earlier password hashes of an account (no reuse of the last N).
CREATE TABLE password_history (
	id {{ID}},
	account_id BIGINT NOT NULL REFERENCES accounts (id),
	password_hash TEXT NOT NULL,
	changed_at TEXT NOT NULL
);
CREATE INDEX password_history_account ON password_history (account_id, id);

-- The audit log gains who/where/what fields and the hash chain: hash is
-- sha256 over prev_hash and the canonical entry (docs/internals/AUDIT.md).
-- prev_hash is UNIQUE, so the chain cannot fork. Entries written before
-- this migration have no hash and stand before the chain.
ALTER TABLE audit_log ADD COLUMN role TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN unit TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN ip TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN scope TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN result TEXT NOT NULL DEFAULT 'ok';
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_log_prev_hash ON audit_log (prev_hash);
CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE INDEX audit_log_unit ON audit_log (unit, id);
