-- 0010 auth hardening (issue 5; docs/internals/CREDENTIALS.md): expiry of
-- API tokens and second-factor resets. The C data step after this script
-- (store_credentials_harden, store/credentials.h) seals the TOTP secrets
-- written before it (clear hex until now) with the personal-data key, and
-- gives the tokens made before it an expiry 90 days from the migration.

-- When a token stops working: ISO-8601 UTC text with milliseconds; '' only
-- for rows the data step has not reached yet.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';

-- 1: an administrator reset this account's second factor; it must enrol
-- again before doing anything else, whatever its role (kept until a new
-- secret is confirmed).
ALTER TABLE totp_secrets ADD COLUMN must_enrol INTEGER NOT NULL DEFAULT 0
	CHECK (must_enrol IN (0, 1));
