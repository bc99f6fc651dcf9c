/*
 * The statement table (statements.h). Column lists of SELECTs match the
 * readers in the concept files (orgs.c: ORG_COLUMNS order, teachers.c:
 * TEACHER_COLUMNS order).
 */
#include "store/statements.h"

#include <stddef.h>

#include "base/banned.h"

#define ORG_COLUMNS "code, name, kind, parent, direct, school_type, covered_by, stages, position"
/* id_number_enc and phone_enc are sealed, id_index the blind index (store/pii.h) */
#define TEACHER_COLUMNS "id, id_number_enc, name, gender, phone_enc, school, subject, stage, position"
#define ACCOUNT_COLUMNS "id, username, role, org, password_hash, must_change_password, disabled"
/* auth and the audit chain (store/auth.c, store/audit.c) */
#define ACCOUNT_STATE_COLUMNS \
	"a.id, a.username, a.role, a.org, a.password_hash, a.must_change_password, a.disabled, " \
	"a.created_at, a.password_changed_at, a.last_login_at, a.locked_until"
#define AUDIT_COLUMNS \
	"id, at, actor, role, unit, ip, action, target, scope, result, detail, prev_hash, hash"
#define AUDIT_FILTER \
	"(? = '' OR at >= ?) AND (? = '' OR at < ?) AND (? = '' OR actor = ?) " \
	"AND (? = '' OR action = ?) AND (? = '' OR unit = ?)"
/* accounts at the subtree of the first parameter */
#define SUBTREE_CTE \
	"WITH RECURSIVE sub (code) AS (SELECT code FROM org_units WHERE code = ? " \
	"UNION ALL SELECT o.code FROM org_units o JOIN sub ON o.parent = sub.code) "
#define ACCOUNT_FILTER \
	"a.org IN (SELECT code FROM sub) AND (? = '' OR a.role = ?) AND (? = '' OR a.org = ?) " \
	"AND a.username LIKE ? ESCAPE '!'"
#define ACCOUNT_FILTER_PG \
	"a.org IN (SELECT code FROM sub) AND (? = '' OR a.role = ?) AND (? = '' OR a.org = ?) " \
	"AND a.username ILIKE ? ESCAPE '!'"

const struct stmt_def stmt_defs[STMT__COUNT] = {
	/* SQLite takes the write lock at BEGIN so that a transaction never fails
	 * half-way for want of it (busy_timeout then applies). */
	[STMT_BEGIN] = { "BEGIN IMMEDIATE", "BEGIN", STMT_SCRIPT },
	[STMT_COMMIT] = { "COMMIT", NULL, STMT_SCRIPT },
	[STMT_ROLLBACK] = { "ROLLBACK", NULL, STMT_SCRIPT },
	[STMT_SCHEMA_PEIXUN] = {
		"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
		"SELECT count(*) FROM information_schema.tables "
		"WHERE table_schema = current_schema() AND table_name = 'schema_migrations'", 0 },
	[STMT_SCHEMA_TABLES] = {
		"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
		"SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()", 0 },
	[STMT_MIGRATIONS_TABLE] = {
		"CREATE TABLE IF NOT EXISTS schema_migrations ("
		"version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
		NULL, STMT_SCRIPT },
	/* Serialises concurrent migrators; on SQLite BEGIN IMMEDIATE already has. */
	[STMT_MIGRATIONS_LOCK] = { NULL, "LOCK TABLE schema_migrations IN EXCLUSIVE MODE", STMT_SCRIPT },
	[STMT_MIGRATIONS_VERSION] = { "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", NULL, 0 },
	[STMT_MIGRATIONS_RECORD] = {
		"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, {{NOW}})",
		NULL, STMT_WRITE },

	[STMT_META_SET] = {
		"INSERT INTO meta (key, value) VALUES (?, ?) "
		"ON CONFLICT (key) DO UPDATE SET value = excluded.value", NULL, STMT_WRITE },
	[STMT_META_GET] = { "SELECT value FROM meta WHERE key = ?", NULL, 0 },

	[STMT_ORG_INSERT] = {
		"INSERT INTO org_units (" ORG_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		NULL, STMT_WRITE },
	[STMT_ORG_UPDATE] = {
		"UPDATE org_units SET name = ?, parent = ?, direct = ?, school_type = ?, "
		"covered_by = ?, stages = ?, position = ? WHERE code = ? RETURNING code",
		NULL, STMT_WRITE },
	[STMT_ORG_GET] = { "SELECT " ORG_COLUMNS " FROM org_units WHERE code = ?", NULL, 0 },
	[STMT_ORG_CHILDREN] = {
		"SELECT " ORG_COLUMNS " FROM org_units WHERE parent = ? ORDER BY position, code",
		NULL, 0 },
	[STMT_ORG_ROOTS] = {
		"SELECT " ORG_COLUMNS " FROM org_units WHERE parent IS NULL ORDER BY position, code",
		NULL, 0 },
	[STMT_ORG_COUNT] = { "SELECT count(*) FROM org_units", NULL, 0 },
	[STMT_ORG_COUNT_KIND] = { "SELECT count(*) FROM org_units WHERE kind = ?", NULL, 0 },

	[STMT_TEACHER_INSERT] = {
		"INSERT INTO teachers (id_index, id_number_enc, name, gender, phone_enc, school, subject, "
		"stage, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) {{RETURNING_ID}}", NULL, STMT_WRITE },
	[STMT_TEACHER_BY_ID_NUMBER] = {
		"SELECT " TEACHER_COLUMNS " FROM teachers WHERE id_index = ?", NULL, 0 },
	[STMT_TEACHER_BY_SCHOOL] = {
		"SELECT " TEACHER_COLUMNS " FROM teachers WHERE school = ? ORDER BY id", NULL, 0 },
	[STMT_TEACHER_COUNT] = { "SELECT count(*) FROM teachers", NULL, 0 },

	[STMT_ACCOUNT_INSERT] = {
		"INSERT INTO accounts (username, role, org, password_hash, must_change_password, disabled) "
		"VALUES (?, ?, ?, ?, ?, ?) {{RETURNING_ID}}", NULL, STMT_WRITE },
	[STMT_ACCOUNT_GET] = {
		"SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE username = ?", NULL, 0 },

	[STMT_PLAN_PUT] = {
		"INSERT INTO plans (key, json, updated_at) VALUES (?, ?, {{NOW}}) "
		"ON CONFLICT (key) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at",
		NULL, STMT_WRITE },
	[STMT_PLAN_GET] = { "SELECT json FROM plans WHERE key = ?", NULL, 0 },
	[STMT_PHASE_PUT] = {
		"INSERT INTO phases (plan, phase, position, title, starts_on, ends_on, roster_due) "
		"VALUES (?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (plan, phase) DO UPDATE SET position = excluded.position, "
		"title = excluded.title, starts_on = excluded.starts_on, ends_on = excluded.ends_on, "
		"roster_due = excluded.roster_due",
		NULL, STMT_WRITE },

	/* roster entries (store/roster.h) */
	[STMT_ROSTER_ADD] = {
		"INSERT INTO roster_entries (plan, phase, unit, teacher_id, added_by) "
		"VALUES (?, ?, ?, ?, ?) {{RETURNING_ID}}", NULL, STMT_WRITE },
	[STMT_ROSTER_COUNT] = {
		"SELECT count(*) FROM roster_entries WHERE plan = ? AND phase = ? AND unit = ?",
		NULL, 0 },

	/* the audit chain and auth (store/audit.h, store/auth.h) */
	[STMT_AUDIT_APPEND] = {
		"INSERT INTO audit_log (at, actor, role, unit, ip, action, target, scope, result, "
		"detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		NULL, STMT_WRITE },
	[STMT_AUDIT_COUNT] = { "SELECT count(*) FROM audit_log", NULL, 0 },
	/* Serialises chain writers; on SQLite BEGIN IMMEDIATE already has. */
	[STMT_AUDIT_LOCK] = { NULL, "LOCK TABLE audit_log IN EXCLUSIVE MODE", STMT_SCRIPT },
	[STMT_AUDIT_LAST_HASH] = {
		"SELECT hash FROM audit_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1", NULL, 0 },
	[STMT_AUDIT_LIST] = {
		"SELECT " AUDIT_COLUMNS " FROM audit_log WHERE " AUDIT_FILTER
		" ORDER BY id DESC LIMIT ? OFFSET ?", NULL, 0 },
	[STMT_AUDIT_LIST_COUNT] = { "SELECT count(*) FROM audit_log WHERE " AUDIT_FILTER, NULL, 0 },
	[STMT_AUDIT_ALL] = { "SELECT " AUDIT_COLUMNS " FROM audit_log ORDER BY id", NULL, 0 },
	[STMT_AUTH_ACCOUNT_BY_NAME] = {
		"SELECT " ACCOUNT_STATE_COLUMNS " FROM accounts a WHERE a.username = ?", NULL, 0 },
	[STMT_AUTH_ACCOUNT_BY_ID] = {
		"SELECT " ACCOUNT_STATE_COLUMNS " FROM accounts a WHERE a.id = ?", NULL, 0 },
	[STMT_AUTH_SET_PASSWORD] = {
		"UPDATE accounts SET password_hash = ?, must_change_password = ?, "
		"password_changed_at = ?, locked_until = '' WHERE id = ? RETURNING id", NULL, STMT_WRITE },
	[STMT_AUTH_SET_DISABLED] = {
		"UPDATE accounts SET disabled = ? WHERE id = ? RETURNING id", NULL, STMT_WRITE },
	[STMT_AUTH_SET_LAST_LOGIN] = {
		"UPDATE accounts SET last_login_at = ? WHERE id = ? RETURNING id", NULL, STMT_WRITE },
	[STMT_AUTH_SET_LOCKED] = {
		"UPDATE accounts SET locked_until = ? WHERE id = ? RETURNING id", NULL, STMT_WRITE },
	[STMT_AUTH_ACCOUNT_LIST] = {
		SUBTREE_CTE "SELECT " ACCOUNT_STATE_COLUMNS " FROM accounts a WHERE " ACCOUNT_FILTER
		" ORDER BY a.username LIMIT ? OFFSET ?",
		SUBTREE_CTE "SELECT " ACCOUNT_STATE_COLUMNS " FROM accounts a WHERE " ACCOUNT_FILTER_PG
		" ORDER BY a.username LIMIT ? OFFSET ?", 0 },
	[STMT_AUTH_ACCOUNT_LIST_COUNT] = {
		SUBTREE_CTE "SELECT count(*) FROM accounts a WHERE " ACCOUNT_FILTER,
		SUBTREE_CTE "SELECT count(*) FROM accounts a WHERE " ACCOUNT_FILTER_PG, 0 },
	[STMT_AUTH_UNIT_WITHIN] = {
		"WITH RECURSIVE up (code, parent) AS ("
		"SELECT code, parent FROM org_units WHERE code = ? "
		"UNION ALL SELECT o.code, o.parent FROM org_units o JOIN up ON o.code = up.parent) "
		"SELECT count(*) FROM up WHERE code = ?", NULL, 0 },
	[STMT_AUTH_SESSION_INSERT] = {
		"INSERT INTO login_sessions (token_hash, account_id, csrf_hash, created_at, "
		"last_seen_at, ip) VALUES (?, ?, ?, ?, ?, ?)", NULL, STMT_WRITE },
	[STMT_AUTH_SESSION_GET] = {
		"SELECT s.csrf_hash, s.created_at, s.last_seen_at, " ACCOUNT_STATE_COLUMNS
		" FROM login_sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?",
		NULL, 0 },
	[STMT_AUTH_SESSION_TOUCH] = {
		"UPDATE login_sessions SET last_seen_at = ? WHERE token_hash = ?", NULL, STMT_WRITE },
	[STMT_AUTH_SESSION_DELETE] = {
		"DELETE FROM login_sessions WHERE token_hash = ?", NULL, STMT_WRITE },
	[STMT_AUTH_SESSION_DELETE_ACCOUNT] = {
		"DELETE FROM login_sessions WHERE account_id = ?", NULL, STMT_WRITE },
	[STMT_AUTH_SESSION_COUNT_ACCOUNT] = {
		"SELECT count(*) FROM login_sessions WHERE account_id = ?", NULL, 0 },
	[STMT_AUTH_FAILURE_ADD] = {
		"INSERT INTO login_failures (username, ip, at) VALUES (?, ?, ?)", NULL, STMT_WRITE },
	[STMT_AUTH_FAILURES_USER] = {
		"SELECT count(*) FROM login_failures WHERE username = ? AND at >= ?", NULL, 0 },
	[STMT_AUTH_FAILURES_IP] = {
		"SELECT count(*) FROM login_failures WHERE ip = ? AND at >= ?", NULL, 0 },
	[STMT_AUTH_FAILURES_CLEAR] = {
		"DELETE FROM login_failures WHERE username = ?", NULL, STMT_WRITE },
	[STMT_AUTH_HISTORY_ADD] = {
		"INSERT INTO password_history (account_id, password_hash, changed_at) VALUES (?, ?, ?)",
		NULL, STMT_WRITE },
	[STMT_AUTH_HISTORY_LIST] = {
		"SELECT password_hash FROM password_history WHERE account_id = ? "
		"ORDER BY id DESC LIMIT ?", NULL, 0 },

	/* official forms (store/forms.h): one unit's roster rows with teacher,
	 * school, the school's parent unit and the latest assessment result of
	 * the phase; then the unit's children in tree order */
	[STMT_FORMS_ROWS] = {
		"SELECT t.name, t.gender, t.id_number_enc, t.phone_enc, t.subject, t.stage, t.position, "
		"s.code, s.name, COALESCE(c.name, ''), "
		"(SELECT a.result FROM assessments a JOIN sessions x ON x.id = a.session_id "
		"WHERE a.teacher_id = r.teacher_id AND x.plan = r.plan AND x.phase = r.phase "
		"ORDER BY a.created_at DESC, a.id DESC LIMIT 1) "
		"FROM roster_entries r JOIN teachers t ON t.id = r.teacher_id "
		"JOIN org_units s ON s.code = t.school LEFT JOIN org_units c ON c.code = s.parent "
		"WHERE r.plan = ? AND r.phase = ? AND r.unit = ? ORDER BY r.id", NULL, 0 },
	[STMT_FORMS_CHILDREN] = {
		"SELECT code FROM org_units WHERE parent = ? ORDER BY position, code", NULL, 0 },

	/* training sessions and their trainees (store/sessions.h); the trainee
	 * rows match read_trainee in sessions.c */
	[STMT_SESSION_CREATE] = {
		"INSERT INTO sessions (plan, phase, organiser, held_on, place, capacity) "
		"VALUES (?, ?, ?, ?, ?, ?) {{RETURNING_ID}}", NULL, STMT_WRITE },
	[STMT_SESSION_GET] = {
		"SELECT id, plan, phase, organiser, held_on, place, capacity FROM sessions WHERE id = ?",
		NULL, 0 },
	[STMT_SESSION_TRAINEE_ADD] = {
		"INSERT INTO session_trainees (session_id, teacher_id) VALUES (?, ?)", NULL, STMT_WRITE },
	[STMT_SESSION_TRAINEES] = {
		"SELECT t.id, t.name, t.school, o.name, t.subject, t.stage, t.position "
		"FROM session_trainees s JOIN teachers t ON t.id = s.teacher_id "
		"JOIN org_units o ON o.code = t.school WHERE s.session_id = ? ORDER BY t.school, t.id",
		NULL, 0 },
	[STMT_SESSION_TRAINEE_COUNT] = {
		"SELECT count(*) FROM session_trainees WHERE session_id = ?", NULL, 0 },
	[STMT_SESSION_EXPERT_ADD] = {
		"INSERT INTO session_experts (session_id, account_id) VALUES (?, ?)", NULL, STMT_WRITE },
	[STMT_SESSION_EXPERT_HAS] = {
		"SELECT count(*) FROM session_experts WHERE session_id = ? AND account_id = ?", NULL, 0 },
	[STMT_ATTENDANCE_ADD] = {
		"INSERT INTO attendance (session_id, teacher_id, signed_by) VALUES (?, ?, ?)",
		NULL, STMT_WRITE },
	[STMT_ATTENDANCE_HAS] = {
		"SELECT count(*) FROM attendance WHERE session_id = ? AND teacher_id = ?", NULL, 0 },

	/* rosters in: teacher registry and roster lookups (store/registry.h,
	 * store/roster.h). REGISTRY_FIND: TEACHER_COLUMNS, then the teacher's
	 * roster entry (id, unit) for the phase, NULL if none. */
	[STMT_REGISTRY_FIND] = {
		"SELECT t.id, t.id_number_enc, t.name, t.gender, t.phone_enc, t.school, t.subject, t.stage, "
		"t.position, r.id, r.unit FROM teachers t LEFT JOIN roster_entries r "
		"ON r.teacher_id = t.id AND r.plan = ? AND r.phase = ? WHERE t.id_index = ?",
		NULL, 0 },
	[STMT_REGISTRY_UPDATE] = {
		"UPDATE teachers SET name = ?, gender = ?, phone_enc = ?, school = ?, subject = ?, "
		"stage = ?, position = ? WHERE id = ?", NULL, STMT_WRITE },
	[STMT_ROSTER_FIND] = {
		"SELECT id, unit FROM roster_entries WHERE plan = ? AND phase = ? AND teacher_id = ?",
		NULL, 0 },
	[STMT_ROSTER_UNIT_TEACHERS] = {
		"SELECT teacher_id FROM roster_entries WHERE plan = ? AND phase = ? AND unit = ? "
		"ORDER BY id", NULL, 0 },

/* the cascade's progress: the reporting subtree under unit with each unit's
 * top-level child and earliest session (own or a reporting ancestor's),
 * per-unit roster counts, and whether each unit is overdue. Parameters:
 * plan, phase (sessions); first session of unit's ancestors ("" none);
 * unit; is-province flag; plan, phase (roster); today; fixed-deadline-passed
 * flag; session threshold ("" none); then plan, phase three times
 * (submissions, quotas, extensions). */
#define CASCADE_MINDATE(a, b) \
	"CASE WHEN " a " IS NULL OR " a " = '' THEN " b " WHEN " b " IS NULL OR " a " <= " b \
	" THEN " a " ELSE " b " END"
#define CASCADE_FLAGS \
	"WITH RECURSIVE smin (organiser, d) AS (SELECT organiser, min(held_on) FROM sessions " \
	"WHERE plan = ? AND phase = ? GROUP BY organiser), " \
	"anc (d) AS (SELECT CAST(? AS TEXT)), " \
	"sub (code, top, sess) AS (SELECT o.code, o.code, " CASCADE_MINDATE("anc.d", "sm.d") " " \
	"FROM org_units o CROSS JOIN anc LEFT JOIN smin sm ON sm.organiser = o.code " \
	"WHERE (o.parent = ? AND o.direct = 0) OR (CAST(? AS INTEGER) = 1 AND o.direct = 1) " \
	"UNION ALL SELECT o.code, sub.top, " CASCADE_MINDATE("sub.sess", "sm.d") " " \
	"FROM org_units o JOIN sub ON o.parent = sub.code LEFT JOIN smin sm " \
	"ON sm.organiser = o.code WHERE o.direct = 0), " \
	"per (code, top, sess, n) AS (SELECT sub.code, sub.top, sub.sess, (SELECT count(*) " \
	"FROM roster_entries r WHERE r.plan = ? AND r.phase = ? AND r.unit = sub.code) FROM sub), " \
	"flag (code, top, n, state, overdue) AS (SELECT per.code, per.top, per.n, " \
	"coalesce(s.state, 'draft'), CASE WHEN coalesce(q.count, 0) > 0 " \
	"AND coalesce(s.state, 'draft') IN ('draft', 'returned') " \
	"AND (x.extended_to IS NULL OR x.extended_to < ?) " \
	"AND (CAST(? AS INTEGER) = 1 OR (per.sess IS NOT NULL AND per.sess < ?)) THEN 1 ELSE 0 END " \
	"FROM per LEFT JOIN submissions s ON s.plan = ? AND s.phase = ? AND s.unit = per.code " \
	"LEFT JOIN quotas q ON q.plan = ? AND q.phase = ? AND q.unit = per.code " \
	"LEFT JOIN deadline_extensions x ON x.plan = ? AND x.phase = ? AND x.unit = per.code) "
#define ORG_COLUMNS_O \
	"o.code, o.name, o.kind, o.parent, o.direct, o.school_type, o.covered_by, o.stages, o.position"
	/* the cascade (store/cascade.h, cascade.c). Reporting children of ?:
	 * its children except province-administered counties, plus every
	 * province-administered county when the flag parameter is 1 (the
	 * province). CASCADE_PROGRESS and CASCADE_OVERDUE share CASCADE_FLAGS. */
	[STMT_CASCADE_QUOTA_PUT] = {
		"INSERT INTO quotas (plan, phase, unit, count, reason, set_by) VALUES (?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (plan, phase, unit) DO UPDATE SET count = excluded.count, "
		"reason = excluded.reason, set_by = excluded.set_by, set_at = {{NOW}}", NULL, STMT_WRITE },
	[STMT_CASCADE_QUOTA_GET] = {
		"SELECT count FROM quotas WHERE plan = ? AND phase = ? AND unit = ?", NULL, 0 },
	[STMT_CASCADE_QUOTA_ROWS] = {
		"SELECT count(*) FROM quotas WHERE plan = ? AND phase = ?", NULL, 0 },
	[STMT_CASCADE_QUOTA_CHANGE_ADD] = {
		"INSERT INTO quota_changes (plan, phase, unit, old_count, new_count, reason, actor) "
		"VALUES (?, ?, ?, ?, ?, ?, ?)", NULL, STMT_WRITE },
	[STMT_CASCADE_QUOTA_CHANGES] = {
		"SELECT id, unit, old_count, new_count, reason, actor, at FROM quota_changes "
		"WHERE plan = ? AND phase = ? AND unit = ? ORDER BY id DESC LIMIT ?", NULL, 0 },
	[STMT_CASCADE_UNITS] = {
		"SELECT " ORG_COLUMNS " FROM org_units ORDER BY code", NULL, 0 },
	[STMT_CASCADE_SUBJECT_TEACHERS] = {
		"SELECT school, count(*) FROM teachers WHERE subject <> '' GROUP BY school", NULL, 0 },
	[STMT_CASCADE_CHILDREN] = {
		"SELECT o.code, o.name, o.kind, o.parent, o.direct, o.school_type, o.covered_by, "
		"o.stages, o.position, coalesce(q.count, -1), coalesce(s.state, ''), "
		"coalesce(s.reason, ''), coalesce(s.submitted_at, ''), coalesce(x.extended_to, '') "
		"FROM org_units o "
		"LEFT JOIN quotas q ON q.plan = ? AND q.phase = ? AND q.unit = o.code "
		"LEFT JOIN submissions s ON s.plan = ? AND s.phase = ? AND s.unit = o.code "
		"LEFT JOIN deadline_extensions x ON x.plan = ? AND x.phase = ? AND x.unit = o.code "
		"WHERE (o.parent = ? AND o.direct = 0) OR (CAST(? AS INTEGER) = 1 AND o.direct = 1) "
		"ORDER BY o.position, o.code", NULL, 0 },
	[STMT_CASCADE_SUBMISSION_GET] = {
		"SELECT state, reason, note, created_at, coalesce(submitted_at, ''), submitted_by, "
		"coalesce(decided_at, ''), decided_by FROM submissions "
		"WHERE plan = ? AND phase = ? AND unit = ?", NULL, 0 },
	[STMT_CASCADE_SUBMISSION_PUT] = {
		"INSERT INTO submissions (plan, phase, unit, state, reason, note, submitted_at, "
		"submitted_by, decided_at, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (plan, phase, unit) DO UPDATE SET state = excluded.state, "
		"reason = excluded.reason, note = excluded.note, submitted_at = excluded.submitted_at, "
		"submitted_by = excluded.submitted_by, decided_at = excluded.decided_at, "
		"decided_by = excluded.decided_by", NULL, STMT_WRITE },
	[STMT_CASCADE_EXTENSION_PUT] = {
		"INSERT INTO deadline_extensions (plan, phase, unit, extended_to, reason, granted_by) "
		"VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (plan, phase, unit) DO UPDATE SET "
		"extended_to = excluded.extended_to, reason = excluded.reason, "
		"granted_by = excluded.granted_by, granted_at = {{NOW}}", NULL, STMT_WRITE },
	[STMT_CASCADE_EXTENSION_GET] = {
		"SELECT extended_to FROM deadline_extensions WHERE plan = ? AND phase = ? AND unit = ?",
		NULL, 0 },
	[STMT_CASCADE_FIRST_SESSION] = {
		"SELECT min(held_on) FROM sessions WHERE plan = ? AND phase = ? AND organiser = ?",
		NULL, 0 },
	[STMT_CASCADE_PHASE_DUE] = {
		"SELECT coalesce(roster_due, '') FROM phases WHERE plan = ? AND phase = ?", NULL, 0 },
	[STMT_CASCADE_PROGRESS] = {
		CASCADE_FLAGS "SELECT top, sum(n), sum(CASE WHEN state IN ('submitted', 'accepted') "
		"THEN n ELSE 0 END), sum(CASE WHEN state = 'accepted' THEN n ELSE 0 END), sum(overdue) "
		"FROM flag GROUP BY top", NULL, 0 },
	[STMT_CASCADE_OVERDUE] = {
		CASCADE_FLAGS "SELECT " ORG_COLUMNS_O ", flag.top FROM flag JOIN org_units o "
		"ON o.code = flag.code WHERE flag.overdue = 1 ORDER BY o.code", NULL, 0 },
	[STMT_CASCADE_ROSTER_TRAINEES] = {
		"SELECT t.subject, t.stage, t.position FROM roster_entries r "
		"JOIN teachers t ON t.id = r.teacher_id "
		"WHERE r.plan = ? AND r.phase = ? AND r.unit = ? ORDER BY r.id", NULL, 0 },
	/* PostgreSQL only: its planner overestimates the recursive walk (110,720
	 * rows for 14,394 units), so the progress statements cross the JIT
	 * threshold and spend over a second compiling a 0.15 s query */
	[STMT_CASCADE_NO_JIT] = { NULL, "SET LOCAL jit = off", STMT_SCRIPT },
	/* second factor and API tokens (store/credentials.c, migration 0006) */
	[STMT_CRED_TOTP_GET] = {
		"SELECT secret, confirmed, last_step FROM totp_secrets WHERE account_id = ?", NULL, 0 },
	[STMT_CRED_TOTP_PUT] = {
		"INSERT INTO totp_secrets (account_id, secret, confirmed, last_step, created_at) "
		"VALUES (?, ?, 0, 0, ?) ON CONFLICT (account_id) DO UPDATE SET secret = excluded.secret, "
		"confirmed = 0, last_step = 0, created_at = excluded.created_at", NULL, STMT_WRITE },
	[STMT_CRED_TOTP_CONFIRM] = {
		"UPDATE totp_secrets SET confirmed = 1, last_step = ? WHERE account_id = ? "
		"AND confirmed = 0 RETURNING account_id", NULL, STMT_WRITE },
	[STMT_CRED_TOTP_USE_STEP] = {
		"UPDATE totp_secrets SET last_step = ? WHERE account_id = ? AND confirmed = 1 "
		"AND last_step < ? RETURNING account_id", NULL, STMT_WRITE },
	[STMT_CRED_TOTP_DELETE] = {
		"DELETE FROM totp_secrets WHERE account_id = ?", NULL, STMT_WRITE },
	[STMT_CRED_RECOVERY_CLEAR] = {
		"DELETE FROM totp_recovery WHERE account_id = ?", NULL, STMT_WRITE },
	[STMT_CRED_RECOVERY_ADD] = {
		"INSERT INTO totp_recovery (account_id, code_hash) VALUES (?, ?) {{RETURNING_ID}}",
		NULL, STMT_WRITE },
	[STMT_CRED_RECOVERY_USE] = {
		"UPDATE totp_recovery SET used_at = ? WHERE id = (SELECT min(id) FROM totp_recovery "
		"WHERE account_id = ? AND code_hash = ? AND used_at = '') RETURNING id", NULL, STMT_WRITE },
	[STMT_CRED_RECOVERY_LEFT] = {
		"SELECT count(*) FROM totp_recovery WHERE account_id = ? AND used_at = ''", NULL, 0 },
	[STMT_CRED_TOKEN_INSERT] = {
		"INSERT INTO api_tokens (account_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) "
		"{{RETURNING_ID}}", NULL, STMT_WRITE },
	[STMT_CRED_TOKEN_FIND] = {
		"SELECT id, account_id, name, created_at, last_used_at, revoked_at FROM api_tokens "
		"WHERE token_hash = ? AND revoked_at = ''", NULL, 0 },
	[STMT_CRED_TOKEN_TOUCH] = {
		"UPDATE api_tokens SET last_used_at = ? WHERE id = ?", NULL, STMT_WRITE },
	[STMT_CRED_TOKEN_REVOKE] = {
		"UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND account_id = ? "
		"AND revoked_at = '' RETURNING id", NULL, STMT_WRITE },
	[STMT_CRED_TOKEN_COUNT] = {
		"SELECT count(*) FROM api_tokens WHERE account_id = ?", NULL, 0 },
	[STMT_CRED_TOKEN_LIST] = {
		"SELECT id, account_id, name, created_at, last_used_at, revoked_at FROM api_tokens "
		"WHERE account_id = ? ORDER BY id DESC LIMIT ? OFFSET ?", NULL, 0 },
	[STMT_CRED_SUBTREE_SCHOOLS] = {
		SUBTREE_CTE "SELECT code, name FROM org_units WHERE code IN (SELECT code FROM sub) "
		"AND kind = 'school' ORDER BY code", NULL, 0 },
	/* the teacher list (store/teacher_list.c): a subtree, a name filter, a page */
	[STMT_CRED_TEACHER_PAGE] = {
		SUBTREE_CTE "SELECT " TEACHER_COLUMNS " FROM teachers WHERE school IN "
		"(SELECT code FROM sub) AND instr(name, ?) > 0 ORDER BY school, id LIMIT ? OFFSET ?",
		SUBTREE_CTE "SELECT " TEACHER_COLUMNS " FROM teachers WHERE school IN "
		"(SELECT code FROM sub) AND strpos(name, ?) > 0 ORDER BY school, id LIMIT ? OFFSET ?",
		0 },
	[STMT_CRED_TEACHER_COUNT] = {
		SUBTREE_CTE "SELECT count(*) FROM teachers WHERE school IN (SELECT code FROM sub) "
		"AND instr(name, ?) > 0",
		SUBTREE_CTE "SELECT count(*) FROM teachers WHERE school IN (SELECT code FROM sub) "
		"AND strpos(name, ?) > 0", 0 },

	/* personal data at rest: migration 0005's data step (store/pii.h) seals
	 * rows written before it, whose id_index still holds the clear number */
	[STMT_PII_LEGACY_TEACHERS] = {
		"SELECT id, id_index, phone_enc FROM teachers WHERE id_number_enc = '' ORDER BY id",
		NULL, 0 },
	[STMT_PII_LEGACY_SEAL] = {
		"UPDATE teachers SET id_index = ?, id_number_enc = ?, phone_enc = ? WHERE id = ?",
		NULL, STMT_WRITE },
};
