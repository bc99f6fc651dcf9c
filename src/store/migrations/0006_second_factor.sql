-- 0006 second factor and machine credentials (issue 5): TOTP secrets
-- (RFC 6238) with their replay guard, single-use recovery codes, and API
-- tokens for machine clients. Times are ISO-8601 UTC text with milliseconds
-- ('' = never).

-- One TOTP secret per account. secret is the raw key in hex; confirmed is 1
-- once a code from it was accepted (enrolment done). last_step is the
-- 30-second time step of the last accepted code: a code of that step or an
-- earlier one is refused (no replay within its window).
CREATE TABLE totp_secrets (
	account_id BIGINT PRIMARY KEY REFERENCES accounts (id),
	secret TEXT NOT NULL,
	confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
	last_step BIGINT NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
);

-- Recovery codes: only a keyed hash of each; used_at is set when one is spent.
CREATE TABLE totp_recovery (
	id {{ID}},
	account_id BIGINT NOT NULL REFERENCES accounts (id),
	code_hash TEXT NOT NULL,
	used_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX totp_recovery_account ON totp_recovery (account_id, code_hash);

-- API tokens (Authorization: Bearer): only the hash of the token is kept.
CREATE TABLE api_tokens (
	id {{ID}},
	account_id BIGINT NOT NULL REFERENCES accounts (id),
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	last_used_at TEXT NOT NULL DEFAULT '',
	revoked_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX api_tokens_account ON api_tokens (account_id, id);
