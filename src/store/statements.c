/*
 * The statement table (statements.h). Column lists of SELECTs match the
 * readers in the concept files (orgs.c: ORG_COLUMNS order, teachers.c:
 * TEACHER_COLUMNS order).
 */
#include "store/statements.h"

#include <stddef.h>

#include "base/banned.h"

#define ORG_COLUMNS "code, name, kind, parent, direct, school_type, covered_by, stages, position"
/* rosters in: the placeholder lists of the batched statements (64 ID
 * indexes; 32 rows of 9 and of 5 values) */
#define REG_Q8 "?, ?, ?, ?, ?, ?, ?, ?"
#define REG_Q64 REG_Q8 ", " REG_Q8 ", " REG_Q8 ", " REG_Q8 ", " REG_Q8 ", " REG_Q8 ", " \
	REG_Q8 ", " REG_Q8
#define REG_TV "(?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define REG_TV4 REG_TV ", " REG_TV ", " REG_TV ", " REG_TV
#define REG_TV32 REG_TV4 ", " REG_TV4 ", " REG_TV4 ", " REG_TV4 ", " REG_TV4 ", " REG_TV4 ", " \
	REG_TV4 ", " REG_TV4
#define REG_RV "(?, ?, ?, ?, ?)"
#define REG_RV4 REG_RV ", " REG_RV ", " REG_RV ", " REG_RV
#define REG_RV32 REG_RV4 ", " REG_RV4 ", " REG_RV4 ", " REG_RV4 ", " REG_RV4 ", " REG_RV4 ", " \
	REG_RV4 ", " REG_RV4

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

/* roster editing (store/roster_edit.c): the schools of a unit's list, a
 * teacher's columns with the table prefix, and "on no list of the phase" */
#define RED_SCOPE \
	"WITH RECURSIVE sub (code) AS (SELECT code FROM org_units WHERE code = ? " \
	"UNION ALL SELECT o.code FROM org_units o JOIN sub ON o.parent = sub.code), " \
	"scope (code) AS (SELECT code FROM sub UNION SELECT o.code FROM org_units o " \
	"WHERE ? = 1 AND o.covered_by IN (SELECT code FROM sub)) "
#define RED_TEACHER \
	"t.id, t.id_number_enc, t.name, t.gender, t.phone_enc, t.school, t.subject, t.stage, t.position"
#define RED_FREE \
	"NOT EXISTS (SELECT 1 FROM roster_entries r WHERE r.plan = ? AND r.phase = ? " \
	"AND r.teacher_id = t.id) AND NOT EXISTS (SELECT 1 FROM roster_exceptions x " \
	"WHERE x.plan = ? AND x.phase = ? AND x.teacher_id = t.id)"

/* sessions (issue 7): a session row with its organiser's name and counts;
 * the list's filter (store/sessions.c binds it: unit three times, all-units flag,
 * ancestors flag, phase twice, from twice, to twice, expert twice) */
#define SESSION_INFO_COLUMNS \
	"s.id, s.plan, s.phase, s.organiser, s.held_on, s.place, s.capacity, s.title, " \
	"s.created_by, o.name, (SELECT count(*) FROM session_trainees x WHERE x.session_id = s.id), " \
	"(SELECT count(*) FROM attendance y WHERE y.session_id = s.id)"
/* A session's trainees (notice A2): teachers of the organiser's subtree
 * and of the schools covered by one of its schools (a central school's
 * village schools and teaching points) — scope — on an accepted list of
 * the phase; a list's unit lies between such a school and the organiser
 * (sub) or above it (anc), which lets the roster index find the lists.
 * Binds the organiser twice, then plan and phase. */
#define SESSION_SCOPE_CTE \
	"WITH RECURSIVE sub (code) AS (SELECT code FROM org_units WHERE code = ? " \
	"UNION ALL SELECT o.code FROM org_units o JOIN sub ON o.parent = sub.code), " \
	"scope (code) AS (SELECT code FROM sub UNION SELECT o.code FROM org_units o " \
	"WHERE o.covered_by IN (SELECT code FROM sub)), " \
	"anc (code) AS (SELECT parent FROM org_units WHERE code = ? AND parent IS NOT NULL " \
	"UNION ALL SELECT o.parent FROM org_units o JOIN anc ON o.code = anc.code " \
	"WHERE o.parent IS NOT NULL) "
#define SESSION_ACCEPTED_IN_SCOPE \
	"FROM roster_entries r JOIN submissions b ON b.plan = r.plan AND b.phase = r.phase " \
	"AND b.unit = r.unit AND b.state = 'accepted' JOIN teachers t ON t.id = r.teacher_id " \
	"JOIN org_units o ON o.code = t.school WHERE r.plan = ? AND r.phase = ? " \
	"AND r.unit IN (SELECT code FROM sub UNION ALL SELECT code FROM anc) " \
	"AND t.school IN (SELECT code FROM scope) "
/* who a session could take by hand (store_training_session_candidates binds
 * as SESSION_SCOPE_CTE, then the name pattern, today, the session) */
#define SESSION_CANDIDATES \
	SESSION_ACCEPTED_IN_SCOPE "AND t.name LIKE ? ESCAPE '!' " \
	"AND NOT EXISTS (SELECT 1 FROM session_trainees x JOIN sessions s ON s.id = x.session_id " \
	"WHERE x.teacher_id = r.teacher_id AND s.plan = r.plan AND s.phase = r.phase " \
	"AND (s.held_on >= ? OR s.id = ?)) AND NOT EXISTS (SELECT 1 FROM attendance a " \
	"JOIN sessions s ON s.id = a.session_id WHERE a.teacher_id = r.teacher_id " \
	"AND s.plan = r.plan AND s.phase = r.phase)"
/* anc: the unit's ancestors and the central school covering it (a village
 * school sees the all-staff sessions its teachers go to, notice A2) */
#define SESSION_LIST_CTE \
	"WITH RECURSIVE sub (code) AS (SELECT code FROM org_units WHERE code = ? " \
	"UNION ALL SELECT o.code FROM org_units o JOIN sub ON o.parent = sub.code), " \
	"anc (code) AS (SELECT parent FROM org_units WHERE code = ? AND parent IS NOT NULL " \
	"UNION ALL SELECT o.parent FROM org_units o JOIN anc ON o.code = anc.code " \
	"WHERE o.parent IS NOT NULL), " \
	"above (code) AS (SELECT code FROM anc UNION ALL SELECT covered_by FROM org_units " \
	"WHERE code = ? AND covered_by IS NOT NULL) "
#define SESSION_LIST_WHERE \
	"FROM sessions s JOIN org_units o ON o.code = s.organiser WHERE (? = 1 OR " \
	"s.organiser IN (SELECT code FROM sub) OR (? = 1 AND s.organiser IN (SELECT code FROM above))) " \
	"AND (? = '' OR s.phase = ?) AND (? = '' OR s.held_on >= ?) AND (? = '' OR s.held_on <= ?) " \
	"AND (? = 0 OR s.id IN (SELECT session_id FROM session_experts WHERE account_id = ?))"
#define MATERIAL_COLUMNS \
	"id, session_id, kind, file_name, content_type, size, sha256, uploaded_by, uploaded_at"
#define MATERIAL_HAS(k) \
	"(SELECT count(*) FROM session_materials m WHERE m.session_id = s.id AND m.kind = '" k "')"

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
	[STMT_AUTH_SESSION_DELETE_OTHERS] = {
		"DELETE FROM login_sessions WHERE account_id = ? AND token_hash <> ?", NULL, STMT_WRITE },
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
		"r.result FROM roster_entries r JOIN teachers t ON t.id = r.teacher_id "
		"JOIN org_units s ON s.code = t.school LEFT JOIN org_units c ON c.code = s.parent "
		"WHERE r.plan = ? AND r.phase = ? AND r.unit = ? ORDER BY r.id", NULL, 0 },
	[STMT_FORMS_CHILDREN] = {
		"SELECT code FROM org_units WHERE parent = ? ORDER BY position, code", NULL, 0 },

	/* training sessions and their trainees (store/sessions.h); the trainee
	 * rows match read_trainee in sessions.c */
	[STMT_SESSION_CREATE] = {
		"INSERT INTO sessions (plan, phase, organiser, held_on, place, capacity, title, "
		"created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) {{RETURNING_ID}}", NULL, STMT_WRITE },
	[STMT_SESSION_GET] = {
		"SELECT id, plan, phase, organiser, held_on, place, capacity, title, created_by "
		"FROM sessions WHERE id = ?",
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

	/* sessions (issue 7): lists, changes, experts, trainees, sign-in
	 * (store/sessions.c, SESSION_INFO_COLUMNS matches read_info) and
	 * materials (store/materials.c) */
	[STMT_SESSION_INFO] = {
		"SELECT " SESSION_INFO_COLUMNS " FROM sessions s JOIN org_units o ON o.code = s.organiser "
		"WHERE s.id = ?", NULL, 0 },
	[STMT_SESSION_LIST] = {
		SESSION_LIST_CTE "SELECT " SESSION_INFO_COLUMNS " " SESSION_LIST_WHERE
		" ORDER BY s.held_on, s.id LIMIT ? OFFSET ?", NULL, 0 },
	[STMT_SESSION_LIST_COUNT] = {
		SESSION_LIST_CTE "SELECT count(*) " SESSION_LIST_WHERE, NULL, 0 },
	[STMT_SESSION_UPDATE] = {
		"UPDATE sessions SET held_on = ?, place = ?, capacity = ?, title = ? WHERE id = ?",
		NULL, STMT_WRITE },
	[STMT_SESSION_DELETE_TRAINEES] = {
		"DELETE FROM session_trainees WHERE session_id = ?", NULL, STMT_WRITE },
	[STMT_SESSION_DELETE_EXPERTS] = {
		"DELETE FROM session_experts WHERE session_id = ?", NULL, STMT_WRITE },
	[STMT_SESSION_DELETE_MATERIALS] = {
		"DELETE FROM session_materials WHERE session_id = ?", NULL, STMT_WRITE },
	[STMT_SESSION_DELETE] = {
		"DELETE FROM sessions WHERE id = ?", NULL, STMT_WRITE },
	[STMT_SESSION_ACTIVITY] = {
		"SELECT (SELECT count(*) FROM attendance WHERE session_id = ?) + "
		"(SELECT count(*) FROM assessments WHERE session_id = ?)", NULL, 0 },
	[STMT_SESSION_EXPERT_REMOVE] = {
		"DELETE FROM session_experts WHERE session_id = ? AND account_id = ? "
		"RETURNING account_id", NULL, STMT_WRITE },
	[STMT_SESSION_EXPERTS] = {
		"SELECT a.id, a.username, a.org FROM session_experts x JOIN accounts a "
		"ON a.id = x.account_id WHERE x.session_id = ? ORDER BY a.username", NULL, 0 },
	[STMT_SESSION_TRAINEE_HAS] = {
		"SELECT count(*) FROM session_trainees WHERE session_id = ? AND teacher_id = ?",
		NULL, 0 },
	[STMT_SESSION_TRAINEE_REMOVE] = {
		"DELETE FROM session_trainees WHERE session_id = ? AND teacher_id = ? "
		"RETURNING teacher_id", NULL, STMT_WRITE },
	[STMT_SESSION_TRAINEE_BUSY] = {
		"SELECT s.id FROM session_trainees x JOIN sessions s ON s.id = x.session_id "
		"WHERE x.teacher_id = ? AND s.plan = ? AND s.phase = ? AND s.held_on >= ? "
		"AND s.id <> ? ORDER BY s.held_on, s.id LIMIT 1", NULL, 0 },
	[STMT_SESSION_ACCEPTED] = {
		"SELECT t.school FROM roster_entries r JOIN submissions b ON b.plan = r.plan "
		"AND b.phase = r.phase AND b.unit = r.unit AND b.state = 'accepted' "
		"JOIN teachers t ON t.id = r.teacher_id "
		"WHERE r.plan = ? AND r.phase = ? AND r.teacher_id = ?", NULL, 0 },
	[STMT_SESSION_UNASSIGNED] = {
		SESSION_SCOPE_CTE "SELECT r.teacher_id " SESSION_ACCEPTED_IN_SCOPE
		"AND NOT EXISTS (SELECT 1 FROM session_trainees x "
		"JOIN sessions s ON s.id = x.session_id WHERE x.teacher_id = r.teacher_id "
		"AND s.plan = r.plan AND s.phase = r.phase) ORDER BY t.school, r.id", NULL, 0 },
	[STMT_SESSION_ATTENDEES] = {
		"SELECT t.id, t.name, t.school, o.name, t.subject, a.signed_at, a.signed_by "
		"FROM session_trainees x JOIN teachers t ON t.id = x.teacher_id "
		"JOIN org_units o ON o.code = t.school LEFT JOIN attendance a "
		"ON a.session_id = x.session_id AND a.teacher_id = x.teacher_id "
		"WHERE x.session_id = ? ORDER BY t.school, t.id LIMIT ? OFFSET ?", NULL, 0 },
	[STMT_SESSION_IDENTIFY] = {
		"SELECT t.id, t.id_number_enc FROM session_trainees x JOIN teachers t "
		"ON t.id = x.teacher_id WHERE x.session_id = ? AND t.name = ? ORDER BY t.id",
		NULL, 0 },
	[STMT_ATTENDANCE_REMOVE] = {
		"DELETE FROM attendance WHERE session_id = ? AND teacher_id = ? RETURNING teacher_id",
		NULL, STMT_WRITE },
	[STMT_ATTENDANCE_ASSESSED] = {
		"SELECT count(*) FROM assessments WHERE session_id = ? AND teacher_id = ?", NULL, 0 },
	[STMT_ATTENDANCE_GET] = {
		"SELECT signed_at FROM attendance WHERE session_id = ? AND teacher_id = ?", NULL, 0 },
	[STMT_MATERIAL_ADD] = {
		"INSERT INTO session_materials (session_id, kind, file_name, content_type, size, "
		"sha256, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?) {{RETURNING_ID}}", NULL, STMT_WRITE },
	[STMT_MATERIAL_GET] = {
		"SELECT " MATERIAL_COLUMNS " FROM session_materials WHERE session_id = ? AND id = ?",
		NULL, 0 },
	[STMT_MATERIAL_LIST] = {
		"SELECT " MATERIAL_COLUMNS " FROM session_materials WHERE session_id = ? "
		"ORDER BY kind, id", NULL, 0 },
	[STMT_MATERIAL_DELETE] = {
		"DELETE FROM session_materials WHERE session_id = ? AND id = ? RETURNING id",
		NULL, STMT_WRITE },
	[STMT_MATERIAL_REFS] = {
		"SELECT count(*) FROM session_materials WHERE sha256 = ?", NULL, 0 },
	[STMT_MATERIAL_MISSING] = {
		SUBTREE_CTE ", m AS (SELECT s.id, s.phase, s.organiser, o.name, s.title, s.held_on, "
		MATERIAL_HAS("notice") " AS n1, " MATERIAL_HAS("timetable") " AS n2, "
		MATERIAL_HAS("signin") " AS n3, " MATERIAL_HAS("assessment") " AS n4 FROM sessions s "
		"JOIN org_units o ON o.code = s.organiser WHERE s.organiser IN (SELECT code FROM sub) "
		"AND (? = '' OR s.phase = ?)) SELECT * FROM m WHERE n1 = 0 OR n2 = 0 OR n3 = 0 "
		"OR n4 = 0 ORDER BY held_on, id", NULL, 0 },
	/* the SQLite database file, beside which the materials' blobs live */
	[STMT_MATERIAL_DB_FILE] = {
		"SELECT file FROM pragma_database_list WHERE name = 'main'", "SELECT ''", 0 },
	/* serialise changes to one session's list and one teacher's sessions on
	 * PostgreSQL (SQLite's BEGIN IMMEDIATE already holds the write lock) */
	[STMT_SESSION_LOCK] = {
		"SELECT id FROM sessions WHERE id = ?",
		"SELECT id FROM sessions WHERE id = ? FOR UPDATE", 0 },
	[STMT_SESSION_LOCK_TEACHER] = {
		"SELECT id FROM teachers WHERE id = ?",
		"SELECT id FROM teachers WHERE id = ? FOR UPDATE", 0 },
	/* a session's trainees whose school lies in a unit's subtree (a school
	 * below the organiser sees its own teachers only) */
	[STMT_SESSION_ATTENDEES_IN] = {
		SUBTREE_CTE "SELECT t.id, t.name, t.school, o.name, t.subject, a.signed_at, a.signed_by "
		"FROM session_trainees x JOIN teachers t ON t.id = x.teacher_id "
		"JOIN org_units o ON o.code = t.school LEFT JOIN attendance a "
		"ON a.session_id = x.session_id AND a.teacher_id = x.teacher_id "
		"WHERE x.session_id = ? AND t.school IN (SELECT code FROM sub) "
		"ORDER BY t.school, t.id LIMIT ? OFFSET ?", NULL, 0 },
	[STMT_SESSION_ATTENDEES_IN_COUNT] = {
		SUBTREE_CTE "SELECT count(*) FROM session_trainees x JOIN teachers t "
		"ON t.id = x.teacher_id WHERE x.session_id = ? AND t.school IN (SELECT code FROM sub)",
		NULL, 0 },
	[STMT_SESSION_CANDIDATES] = {
		SESSION_SCOPE_CTE "SELECT t.id, t.name, t.school, o.name, t.subject, NULL, NULL "
		SESSION_CANDIDATES " ORDER BY t.school, t.id LIMIT ? OFFSET ?", NULL, 0 },
	[STMT_SESSION_CANDIDATES_COUNT] = {
		SESSION_SCOPE_CTE "SELECT count(*) " SESSION_CANDIDATES, NULL, 0 },

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
	/* batches of an import: STMT_REGISTRY_FIND_N ID indexes per lookup
	 * (REGISTRY_FIND's columns, then t.id_index), STMT_REGISTRY_INSERT_N
	 * rows per insert; the page cache of a bulk import, its statement
	 * journals in memory and its foreign keys taken on by the caller
	 * (SQLite, store/registry.h; nothing on PostgreSQL) */
	[STMT_REGISTRY_FIND_BATCH] = {
		"SELECT t.id, t.id_number_enc, t.name, t.gender, t.phone_enc, t.school, t.subject, t.stage, "
		"t.position, r.id, r.unit, t.id_index FROM teachers t LEFT JOIN roster_entries r "
		"ON r.teacher_id = t.id AND r.plan = ? AND r.phase = ? WHERE t.id_index IN ("
		REG_Q64 ")", NULL, 0 },
	[STMT_REGISTRY_LISTED_BATCH] = {
		"SELECT t.id_index, COALESCE(r.unit, '') FROM teachers t LEFT JOIN roster_entries r "
		"ON r.teacher_id = t.id AND r.plan = ? AND r.phase = ? WHERE t.id_index IN ("
		REG_Q64 ")", NULL, 0 },
	[STMT_REGISTRY_INSERT_BATCH] = {
		"INSERT INTO teachers (id_index, id_number_enc, name, gender, phone_enc, school, subject, "
		"stage, position) VALUES " REG_TV32 " ON CONFLICT (id_index) DO NOTHING "
		"RETURNING id, id_index", NULL, STMT_WRITE },
	[STMT_REGISTRY_INSERT_NEW] = {
		"INSERT INTO teachers (id_index, id_number_enc, name, gender, phone_enc, school, subject, "
		"stage, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id_index) DO NOTHING "
		"RETURNING id", NULL, STMT_WRITE },
	[STMT_ROSTER_ADD_BATCH] = {
		"INSERT INTO roster_entries (plan, phase, unit, teacher_id, added_by) VALUES " REG_RV32,
		NULL, STMT_WRITE },
	[STMT_REGISTRY_CACHE_BULK] = {
		"PRAGMA cache_size = -24576; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF", "SELECT 1", STMT_SCRIPT },
	[STMT_REGISTRY_CACHE_DEFAULT] = {
		"PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT; PRAGMA foreign_keys = ON", "SELECT 1", STMT_SCRIPT },
	[STMT_REGISTRY_DELETE] = { "DELETE FROM teachers WHERE id = ?", NULL, STMT_WRITE },

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
		"SELECT secret, confirmed, last_step, must_enrol FROM totp_secrets WHERE account_id = ?",
		NULL, 0 },
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
		"INSERT INTO api_tokens (account_id, name, token_hash, created_at, expires_at) "
		"VALUES (?, ?, ?, ?, ?) {{RETURNING_ID}}", NULL, STMT_WRITE },
	[STMT_CRED_TOKEN_FIND] = {
		"SELECT id, account_id, name, created_at, last_used_at, revoked_at, expires_at "
		"FROM api_tokens WHERE token_hash = ? AND revoked_at = ''", NULL, 0 },
	[STMT_CRED_TOKEN_TOUCH] = {
		"UPDATE api_tokens SET last_used_at = ? WHERE id = ?", NULL, STMT_WRITE },
	[STMT_CRED_TOKEN_REVOKE] = {
		"UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND account_id = ? "
		"AND revoked_at = '' RETURNING id", NULL, STMT_WRITE },
	[STMT_CRED_TOKEN_COUNT] = {
		"SELECT count(*) FROM api_tokens WHERE account_id = ?", NULL, 0 },
	[STMT_CRED_TOKEN_LIST] = {
		"SELECT id, account_id, name, created_at, last_used_at, revoked_at, expires_at "
		"FROM api_tokens WHERE account_id = ? ORDER BY id DESC LIMIT ? OFFSET ?", NULL, 0 },
	/* auth hardening, migration 0010: second-factor reset, sealing the secrets
	 * of before it, expiry of the tokens of before it */
	[STMT_CRED_TOTP_RESET] = {
		"INSERT INTO totp_secrets (account_id, secret, confirmed, last_step, created_at, "
		"must_enrol) VALUES (?, '', 0, 0, ?, 1) ON CONFLICT (account_id) DO UPDATE SET "
		"secret = '', confirmed = 0, last_step = 0, created_at = excluded.created_at, "
		"must_enrol = 1", NULL, STMT_WRITE },
	[STMT_CRED_TOTP_LEGACY] = {
		"SELECT account_id, secret FROM totp_secrets WHERE secret <> '' ORDER BY account_id",
		NULL, 0 },
	[STMT_CRED_TOTP_SEAL] = {
		"UPDATE totp_secrets SET secret = ? WHERE account_id = ?", NULL, STMT_WRITE },
	[STMT_CRED_TOKEN_LEGACY_EXPIRY] = {
		"UPDATE api_tokens SET expires_at = ? WHERE expires_at = ''", NULL, STMT_WRITE },
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
	/* the teacher page's cache (store/teacher_list.h): a value that changes
	 * whenever any connection commits. SQLite: this connection's count of
	 * commits by others (it never writes); PostgreSQL: the snapshot, whose
	 * xmax or in-progress list moves with every completed write */
	[STMT_TEACHER_DATA_VERSION] = {
		"PRAGMA data_version",
		"SELECT pg_current_snapshot()::text", 0 },

	/* personal data at rest: migration 0005's data step (store/pii.h) seals
	 * rows written before it, whose id_index still holds the clear number */
	[STMT_PII_LEGACY_TEACHERS] = {
		"SELECT id, id_index, phone_enc FROM teachers WHERE id_number_enc = '' ORDER BY id",
		NULL, 0 },
	[STMT_PII_LEGACY_SEAL] = {
		"UPDATE teachers SET id_index = ?, id_number_enc = ?, phone_enc = ? WHERE id = ?",
		NULL, STMT_WRITE },
	/* roster editing (store/roster_edit.c, migration 0011). RED_SCOPE: the
	 * schools whose teachers a unit may list — its subtree and, when the
	 * second parameter is 1, the schools covered by a school of it */
	[STMT_RED_TEACHER_GET] = {
		"SELECT " TEACHER_COLUMNS " FROM teachers WHERE id = ?", NULL, 0 },
	[STMT_RED_SCOPE_SCHOOLS] = {
		RED_SCOPE "SELECT code, name, parent, stages FROM org_units WHERE code IN "
		"(SELECT code FROM scope) AND kind = 'school' ORDER BY code", NULL, 0 },
	[STMT_RED_ENTRY_DELETE] = {
		"DELETE FROM roster_entries WHERE plan = ? AND phase = ? AND unit = ? AND teacher_id = ?",
		NULL, STMT_WRITE },
	[STMT_RED_EXC_PUT] = {
		"INSERT INTO roster_exceptions (plan, phase, unit, teacher_id, reason, entry_id, "
		"excepted_by) VALUES (?, ?, ?, ?, ?, ?, ?)", NULL, STMT_WRITE },
	[STMT_RED_EXC_FIND] = {
		"SELECT unit, reason, entry_id FROM roster_exceptions WHERE plan = ? AND phase = ? "
		"AND teacher_id = ?", NULL, 0 },
	[STMT_RED_EXC_DELETE] = {
		"DELETE FROM roster_exceptions WHERE plan = ? AND phase = ? AND teacher_id = ?",
		NULL, STMT_WRITE },
	[STMT_RED_EXC_COUNT] = {
		"SELECT count(*) FROM roster_exceptions WHERE plan = ? AND phase = ? AND unit = ?",
		NULL, 0 },
	[STMT_RED_ROWS] = {
		"SELECT t.id, t.id_number_enc, t.name, t.gender, t.phone_enc, t.school, t.subject, "
		"t.stage, t.position, s.name, COALESCE(c.name, ''), x.excepted, x.reason FROM "
		"(SELECT teacher_id, id AS k, 0 AS excepted, '' AS reason FROM roster_entries "
		"WHERE plan = ? AND phase = ? AND unit = ? UNION ALL "
		"SELECT teacher_id, entry_id, 1, reason FROM roster_exceptions "
		"WHERE plan = ? AND phase = ? AND unit = ?) x JOIN teachers t ON t.id = x.teacher_id "
		"JOIN org_units s ON s.code = t.school LEFT JOIN org_units c ON c.code = s.parent "
		"ORDER BY x.k, x.excepted LIMIT ? OFFSET ?", NULL, 0 },
	[STMT_RED_CANDIDATES] = {
		RED_SCOPE "SELECT " RED_TEACHER ", s.name FROM teachers t JOIN org_units s "
		"ON s.code = t.school WHERE t.school IN (SELECT code FROM scope) "
		"AND instr(t.name, ?) > 0 AND (? = '' OR t.id_index = ?) AND " RED_FREE
		" ORDER BY t.school, t.id LIMIT ? OFFSET ?",
		RED_SCOPE "SELECT " RED_TEACHER ", s.name FROM teachers t JOIN org_units s "
		"ON s.code = t.school WHERE t.school IN (SELECT code FROM scope) "
		"AND strpos(t.name, ?) > 0 AND (? = '' OR t.id_index = ?) AND " RED_FREE
		" ORDER BY t.school, t.id LIMIT ? OFFSET ?", 0 },
	[STMT_RED_CANDIDATES_COUNT] = {
		RED_SCOPE "SELECT count(*) FROM teachers t WHERE t.school IN (SELECT code FROM scope) "
		"AND instr(t.name, ?) > 0 AND (? = '' OR t.id_index = ?) AND " RED_FREE,
		RED_SCOPE "SELECT count(*) FROM teachers t WHERE t.school IN (SELECT code FROM scope) "
		"AND strpos(t.name, ?) > 0 AND (? = '' OR t.id_index = ?) AND " RED_FREE, 0 },
	[STMT_RED_PREFILL] = {
		RED_SCOPE "SELECT t.id FROM teachers t WHERE t.school IN (SELECT code FROM scope) "
		"AND t.subject <> '' AND " RED_FREE " ORDER BY t.school, t.id", NULL, 0 },
	[STMT_RED_PREFILL_ELSEWHERE] = {
		RED_SCOPE "SELECT t.id, t.name, r.unit, o.name FROM teachers t JOIN roster_entries r "
		"ON r.teacher_id = t.id AND r.plan = ? AND r.phase = ? JOIN org_units o ON o.code = r.unit "
		"WHERE t.school IN (SELECT code FROM scope) AND t.subject <> '' AND r.unit <> ? "
		"ORDER BY t.school, t.id", NULL, 0 },
	[STMT_RED_UNIT_ADMINS] = {
		"SELECT count(*) FROM accounts WHERE org = ? AND disabled = 0 AND role IN "
		"('province-admin', 'city-admin', 'county-admin', 'school-admin')", NULL, 0 },

	/* assessments, retraining, credits and transcripts (store/assessments.c,
	 * store/credits.c, migration 0008). ASSESS_COLUMNS match read_assessment
	 * in assessments.c; CREDIT_COLUMNS read_credit in credits.c. Ids that
	 * may be absent are bound as 0 and stored as NULL. */
#define ASSESS_COLUMNS \
	"a.id, a.session_id, a.teacher_id, COALESCE(a.assessor_id, 0), s.plan, s.phase, t.name, " \
	"t.school, o.name, COALESCE(c.username, ''), COALESCE(a.started_at, ''), " \
	"COALESCE(a.ended_at, ''), a.contents, a.result, a.attempt, a.flag, a.comment, " \
	"a.corrected_at, a.corrected_by, a.correction_reason, s.held_on, s.organiser, a.created_at, " \
	"a.source "
#define ASSESS_FROM \
	"FROM assessments a JOIN sessions s ON s.id = a.session_id " \
	"JOIN teachers t ON t.id = a.teacher_id JOIN org_units o ON o.code = t.school " \
	"LEFT JOIN accounts c ON c.id = a.assessor_id "
#define ASSESS_START_COLUMNS \
	"id, session_id, teacher_id, plan, phase, COALESCE(assessor_id, 0), started_at "
#define ASSESS_PHASE_OF_TEACHER \
	"FROM assessments a JOIN sessions s ON s.id = a.session_id " \
	"WHERE a.teacher_id = ? AND s.plan = ? AND s.phase = ?"
#define CREDIT_COLUMNS \
	"id, teacher_id, plan, phase, credits, academic_year, tier, COALESCE(assessment_id, 0), " \
	"source, awarded_at "
	[STMT_ASSESS_START_GET] = {
		"SELECT " ASSESS_START_COLUMNS "FROM assessment_starts "
		"WHERE teacher_id = ? AND plan = ? AND phase = ?", NULL, 0 },
	[STMT_ASSESS_START_BY_ID] = {
		"SELECT " ASSESS_START_COLUMNS "FROM assessment_starts WHERE id = ?", NULL, 0 },
	[STMT_ASSESS_START_INSERT] = {
		"INSERT INTO assessment_starts (session_id, teacher_id, plan, phase, assessor_id, "
		"started_at) VALUES (?, ?, ?, ?, NULLIF(?, CAST(0 AS BIGINT)), ?) {{RETURNING_ID}}",
		NULL, STMT_WRITE },
	[STMT_ASSESS_START_DELETE] = {
		"DELETE FROM assessment_starts WHERE id = ?", NULL, STMT_WRITE },
	[STMT_ASSESS_INSERT] = {
		"INSERT INTO assessments (session_id, teacher_id, assessor_id, started_at, ended_at, "
		"contents, result, attempt, comment, plan, phase, flag) "
		"VALUES (?, ?, NULLIF(?, CAST(0 AS BIGINT)), ?, ?, ?, ?, ?, ?, ?, ?, ?) {{RETURNING_ID}}",
		NULL, STMT_WRITE },
	[STMT_ASSESS_GET] = {
		"SELECT " ASSESS_COLUMNS ASSESS_FROM "WHERE a.id = ?", NULL, 0 },
	[STMT_ASSESS_CORRECT] = {
		"UPDATE assessments SET result = ?, contents = ?, comment = ?, corrected_at = ?, "
		"corrected_by = ?, correction_reason = ? WHERE id = ?", NULL, STMT_WRITE },
	/* a teacher's assessments in a phase: how many, passes, the highest
	 * attempt, the latest session date */
	[STMT_ASSESS_TALLY] = {
		"SELECT count(*), COALESCE(sum(CASE WHEN a.result = 'pass' THEN 1 ELSE 0 END), 0), "
		"COALESCE(max(a.attempt), 0), COALESCE(max(s.held_on), '') " ASSESS_PHASE_OF_TEACHER,
		NULL, 0 },
	[STMT_ASSESS_IN_SESSION] = {
		"SELECT count(*) FROM assessments WHERE session_id = ? AND teacher_id = ?", NULL, 0 },
	[STMT_ASSESS_OF_SESSION] = {
		"SELECT " ASSESS_COLUMNS ASSESS_FROM "WHERE a.session_id = ? ORDER BY a.id", NULL, 0 },
	[STMT_ASSESS_OF_TEACHER] = {
		"SELECT " ASSESS_COLUMNS ASSESS_FROM "WHERE a.teacher_id = ? ORDER BY s.held_on, a.id",
		NULL, 0 },
	/* an expert's sessions: today's first, then upcoming ones (soonest
	 * first), then past ones (latest first); params account, today x3 */
	[STMT_ASSESS_ASSESSOR_SESSIONS] = {
		"SELECT s.id, s.plan, s.phase, s.organiser, o.name, s.held_on, s.place, s.capacity, "
		"(SELECT count(*) FROM session_trainees x WHERE x.session_id = s.id), "
		"(SELECT count(*) FROM attendance x WHERE x.session_id = s.id), "
		"(SELECT count(*) FROM assessments x WHERE x.session_id = s.id) "
		"FROM sessions s JOIN session_experts e ON e.session_id = s.id "
		"JOIN org_units o ON o.code = s.organiser WHERE e.account_id = ? "
		"ORDER BY CASE WHEN s.held_on = ? THEN 0 WHEN s.held_on > ? THEN 1 ELSE 2 END, "
		"CASE WHEN s.held_on > ? THEN s.held_on ELSE '' END, s.held_on DESC, s.id", NULL, 0 },
	/* signed-in trainees not yet assessed in the session, with a running
	 * timer's id and start, and the attempt they would make */
	[STMT_ASSESS_QUEUE] = {
		"SELECT t.id, t.name, t.school, o.name, t.subject, x.signed_at, "
		"COALESCE((SELECT y.id FROM assessment_starts y WHERE y.session_id = x.session_id "
		"AND y.teacher_id = t.id), 0), "
		"COALESCE((SELECT y.started_at FROM assessment_starts y WHERE y.session_id = x.session_id "
		"AND y.teacher_id = t.id), ''), "
		"COALESCE((SELECT max(a.attempt) FROM assessments a JOIN sessions z ON z.id = a.session_id "
		"WHERE a.teacher_id = t.id AND z.plan = s.plan AND z.phase = s.phase), 0) + 1 "
		"FROM attendance x JOIN sessions s ON s.id = x.session_id "
		"JOIN teachers t ON t.id = x.teacher_id JOIN org_units o ON o.code = t.school "
		"WHERE x.session_id = ? AND NOT EXISTS (SELECT 1 FROM assessments a "
		"WHERE a.session_id = x.session_id AND a.teacher_id = x.teacher_id) "
		"ORDER BY x.signed_at, t.id", NULL, 0 },
	/* teachers of a subtree assessed in the phase without any pass; with a
	 * later session of the phase they are listed in and not yet assessed at
	 * (their re-enrolment); params unit, plan, phase, plan, phase, plan, phase */
	[STMT_ASSESS_RETRAINING] = {
		SUBTREE_CTE ", f (teacher_id, fails, last_on) AS (SELECT a.teacher_id, count(*), "
		"max(s.held_on) FROM assessments a JOIN sessions s ON s.id = a.session_id "
		"WHERE s.plan = ? AND s.phase = ? GROUP BY a.teacher_id "
		"HAVING sum(CASE WHEN a.result = 'pass' THEN 1 ELSE 0 END) = 0) "
		"SELECT t.id, t.name, t.school, o.name, t.subject, f.fails, f.last_on, "
		"COALESCE((SELECT min(s.id) FROM session_trainees x JOIN sessions s ON s.id = x.session_id "
		"WHERE x.teacher_id = t.id AND s.plan = ? AND s.phase = ? AND s.held_on > f.last_on "
		"AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.session_id = s.id "
		"AND a.teacher_id = t.id)), 0), "
		"COALESCE((SELECT min(s.held_on) FROM session_trainees x JOIN sessions s "
		"ON s.id = x.session_id WHERE x.teacher_id = t.id AND s.plan = ? AND s.phase = ? "
		"AND s.held_on > f.last_on AND NOT EXISTS (SELECT 1 FROM assessments a "
		"WHERE a.session_id = s.id AND a.teacher_id = t.id)), '') "
		"FROM f JOIN teachers t ON t.id = f.teacher_id JOIN org_units o ON o.code = t.school "
		"WHERE t.school IN (SELECT code FROM sub) ORDER BY t.school, t.id", NULL, 0 },
	[STMT_CREDIT_GET] = {
		"SELECT " CREDIT_COLUMNS "FROM credits WHERE teacher_id = ? AND plan = ? AND phase = ?",
		NULL, 0 },
	[STMT_CREDIT_INSERT] = {
		"INSERT INTO credits (teacher_id, plan, phase, credits, academic_year, tier, "
		"assessment_id, source, awarded_at) "
		"VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, CAST(0 AS BIGINT)), ?, ?) {{RETURNING_ID}}",
		NULL, STMT_WRITE },
	/* keep the original fields, then delete (store_credit_reverse) */
	[STMT_CREDIT_REVERSAL_ADD] = {
		"INSERT INTO credit_reversals (credit_id, teacher_id, plan, phase, credits, "
		"academic_year, tier, assessment_id, source, awarded_at, reason, reversed_by, "
		"reversed_at) SELECT id, teacher_id, plan, phase, credits, academic_year, tier, "
		"assessment_id, source, awarded_at, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT) "
		"FROM credits WHERE id = ?", NULL, STMT_WRITE },
	[STMT_CREDIT_DELETE] = {
		"DELETE FROM credits WHERE id = ?", NULL, STMT_WRITE },
	[STMT_CREDIT_OF_TEACHER] = {
		"SELECT " CREDIT_COLUMNS "FROM credits WHERE teacher_id = ? ORDER BY awarded_at, id",
		NULL, 0 },
	[STMT_CREDIT_REVERSALS_OF_TEACHER] = {
		"SELECT credit_id, teacher_id, plan, phase, credits, academic_year, tier, "
		"COALESCE(assessment_id, 0), source, awarded_at, reason, reversed_by, reversed_at "
		"FROM credit_reversals WHERE teacher_id = ? ORDER BY id", NULL, 0 },
	[STMT_TRANSCRIPT_TEACHER] = {
		"SELECT " TEACHER_COLUMNS " FROM teachers WHERE id = ?", NULL, 0 },
	[STMT_TRANSCRIPT_ROSTERS] = {
		"SELECT r.plan, r.phase, r.unit, o.name, r.status, r.added_at FROM roster_entries r "
		"JOIN org_units o ON o.code = r.unit WHERE r.teacher_id = ? ORDER BY r.id", NULL, 0 },
	[STMT_TRANSCRIPT_SESSIONS] = {
		"SELECT s.id, s.plan, s.phase, s.held_on, s.place, s.organiser, o.name, "
		"COALESCE((SELECT y.signed_at FROM attendance y WHERE y.session_id = s.id "
		"AND y.teacher_id = x.teacher_id), '') "
		"FROM session_trainees x JOIN sessions s ON s.id = x.session_id "
		"JOIN org_units o ON o.code = s.organiser WHERE x.teacher_id = ? "
		"ORDER BY s.held_on, s.id", NULL, 0 },
	[STMT_ACCOUNT_TEACHER_GET] = {
		"SELECT COALESCE(teacher_id, 0) FROM accounts WHERE id = ?", NULL, 0 },
	[STMT_ACCOUNT_TEACHER_SET] = {
		"UPDATE accounts SET teacher_id = NULLIF(?, CAST(0 AS BIGINT)) WHERE id = ?", NULL,
		STMT_WRITE },

/* list paging: a session's assessments a page at a time (store/assessments.h).
 * Params: session, q x4 ('' for all; then LIKE patterns with '!' escapes),
 * then for a page the text sort key and the attempt sort key (CASE on the
 * sort name, '' / 0 for recording order), limit, offset. Ties keep the
 * order of recording (a.id) in both directions. */
#define ASSESS_PAGE_WHERE \
	"WHERE a.session_id = ? AND (CAST(? AS TEXT) = '' OR t.name LIKE ? ESCAPE '!' " \
	"OR t.school LIKE ? ESCAPE '!' OR o.name LIKE ? ESCAPE '!') "
#define ASSESS_PAGE_ORDER(dir) \
	"ORDER BY CASE CAST(? AS TEXT) WHEN 'name' THEN t.name WHEN 'school' THEN t.school " \
	"WHEN 'result' THEN a.result WHEN 'started_at' THEN COALESCE(a.started_at, '') " \
	"WHEN 'flag' THEN a.flag ELSE '' END " dir ", " \
	"CASE CAST(? AS TEXT) WHEN 'attempt' THEN a.attempt ELSE 0 END " dir ", a.id " \
	"LIMIT ? OFFSET ?"
	[STMT_ASSESS_SESSION_PAGE] = {
		"SELECT " ASSESS_COLUMNS ASSESS_FROM ASSESS_PAGE_WHERE ASSESS_PAGE_ORDER("ASC"), NULL, 0 },
	[STMT_ASSESS_SESSION_PAGE_DESC] = {
		"SELECT " ASSESS_COLUMNS ASSESS_FROM ASSESS_PAGE_WHERE ASSESS_PAGE_ORDER("DESC"), NULL, 0 },
	[STMT_ASSESS_SESSION_COUNT] = {
		"SELECT count(*) " ASSESS_FROM ASSESS_PAGE_WHERE, NULL, 0 },
#undef ASSESS_PAGE_WHERE
#undef ASSESS_PAGE_ORDER
#undef ASSESS_COLUMNS
#undef ASSESS_FROM
#undef ASSESS_START_COLUMNS
#undef ASSESS_PHASE_OF_TEACHER
#undef CREDIT_COLUMNS

	/* online hours, experts, credits export, progress activity (migration
	 * 0009; store/online_hours.c, store/experts.c, store/credits_export.c,
	 * store/cascade.c). Hours are hundredths (centi_hours). A trainee of
	 * the subtree: on a roster of the phase whose unit, or whose school, lies
	 * in the subtree of the first parameter. */
#define HOURS_FROM \
	"FROM roster_entries r JOIN teachers t ON t.id = r.teacher_id " \
	"JOIN org_units s ON s.code = t.school LEFT JOIN online_hours h ON h.plan = r.plan " \
	"AND h.phase = r.phase AND h.teacher_id = r.teacher_id WHERE r.plan = ? AND r.phase = ? " \
	"AND (r.unit IN (SELECT code FROM sub) OR t.school IN (SELECT code FROM sub)) " \
	"AND (CAST(? AS INTEGER) < 0 OR (CASE WHEN coalesce(h.centi_hours, -1) >= CAST(? AS BIGINT) " \
	"THEN 1 ELSE 0 END) = CAST(? AS INTEGER)) "
	[STMT_HOURS_IMPORT_ADD] = {
		"INSERT INTO online_hours_imports (plan, phase, file_sha256, file_name, actor) "
		"VALUES (?, ?, ?, ?, ?) {{RETURNING_ID}}", NULL, STMT_WRITE },
	[STMT_HOURS_IMPORT_DONE] = {
		"UPDATE online_hours_imports SET rows_total = ?, matched = ?, changed = ?, errors = ? "
		"WHERE id = ?", NULL, STMT_WRITE },
	[STMT_HOURS_GET] = {
		"SELECT centi_hours, certificate FROM online_hours WHERE plan = ? AND phase = ? "
		"AND teacher_id = ?", NULL, 0 },
	[STMT_HOURS_PUT] = {
		"INSERT INTO online_hours (plan, phase, teacher_id, centi_hours, certificate, import_id) "
		"VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (plan, phase, teacher_id) DO UPDATE SET "
		"centi_hours = excluded.centi_hours, certificate = excluded.certificate, "
		"import_id = excluded.import_id, updated_at = {{NOW}}", NULL, STMT_WRITE },
	[STMT_HOURS_LIST] = {
		SUBTREE_CTE "SELECT t.id, t.id_number_enc, t.name, t.school, s.name, r.unit, "
		"coalesce(h.centi_hours, -1), coalesce(h.certificate, ''), coalesce(h.updated_at, '') "
		HOURS_FROM "ORDER BY r.unit, t.school, t.id LIMIT ? OFFSET ?", NULL, 0 },
	[STMT_HOURS_COUNT] = { SUBTREE_CTE "SELECT count(*) " HOURS_FROM, NULL, 0 },
	[STMT_EXPERT_ACCOUNT_TEACHER] = {
		"SELECT coalesce(teacher_id, 0), role FROM accounts WHERE id = ?", NULL, 0 },
	[STMT_EXPERT_CONSENT_PUT] = {
		"INSERT INTO expert_consents (plan, teacher_id, account_id) VALUES (?, ?, ?) "
		"ON CONFLICT (plan, teacher_id) DO NOTHING", NULL, STMT_WRITE },
	[STMT_EXPERT_CONSENT_GET] = {
		"SELECT consented_at FROM expert_consents WHERE plan = ? AND teacher_id = ?", NULL, 0 },
	/* consenting trainees of (plan, phase) with at least the threshold */
	[STMT_EXPERT_CANDIDATES] = {
		"SELECT c.teacher_id, t.name, t.school, s.name, h.centi_hours, c.consented_at, "
		"coalesce(x.id, 0), coalesce(x.active, 0) FROM expert_consents c "
		"JOIN teachers t ON t.id = c.teacher_id JOIN org_units s ON s.code = t.school "
		"JOIN online_hours h ON h.plan = c.plan AND h.phase = ? AND h.teacher_id = c.teacher_id "
		"LEFT JOIN experts x ON x.plan = c.plan AND x.teacher_id = c.teacher_id "
		"WHERE c.plan = ? AND h.centi_hours >= CAST(? AS BIGINT) ORDER BY t.school, t.id",
		NULL, 0 },
#define EXPERT_COLUMNS \
	"x.id, x.plan, x.teacher_id, x.account_id, x.active, x.appointed_by, x.appointed_at, " \
	"x.withdrawn_by, x.withdrawn_at, x.reason"
	[STMT_EXPERT_BY_TEACHER] = {
		"SELECT " EXPERT_COLUMNS " FROM experts x WHERE x.plan = ? AND x.teacher_id = ?", NULL, 0 },
	[STMT_EXPERT_GET] = { "SELECT " EXPERT_COLUMNS " FROM experts x WHERE x.id = ?", NULL, 0 },
	[STMT_EXPERT_INSERT] = {
		"INSERT INTO experts (plan, teacher_id, account_id, appointed_by) VALUES (?, ?, ?, ?) "
		"{{RETURNING_ID}}", NULL, STMT_WRITE },
	[STMT_EXPERT_REAPPOINT] = {
		"UPDATE experts SET active = 1, account_id = ?, appointed_by = ?, appointed_at = {{NOW}}, "
		"withdrawn_by = '', withdrawn_at = '', reason = '' WHERE id = ? AND active = 0 "
		"RETURNING id", NULL, STMT_WRITE },
	[STMT_EXPERT_WITHDRAW] = {
		"UPDATE experts SET active = 0, withdrawn_by = ?, withdrawn_at = {{NOW}}, reason = ? "
		"WHERE id = ? AND active = 1 RETURNING id", NULL, STMT_WRITE },
	/* the experts of a plan with their workload: sessions assigned to the
	 * assessor account, distinct trainees and assessments recorded by it */
	[STMT_EXPERT_LIST] = {
		"SELECT " EXPERT_COLUMNS ", t.name, t.school, s.name, a.username, a.org, "
		"(SELECT count(*) FROM session_experts se WHERE se.account_id = x.account_id), "
		"coalesce(w.trainees, 0), coalesce(w.n, 0) FROM experts x "
		"JOIN teachers t ON t.id = x.teacher_id JOIN org_units s ON s.code = t.school "
		"JOIN accounts a ON a.id = x.account_id LEFT JOIN (SELECT m.assessor_id AS acc, "
		"count(DISTINCT m.teacher_id) AS trainees, count(*) AS n FROM assessments m "
		"WHERE m.assessor_id IN (SELECT account_id FROM experts WHERE plan = ?) "
		"GROUP BY m.assessor_id) w ON w.acc = x.account_id "
		"WHERE x.plan = ? AND (CAST(? AS INTEGER) = 0 OR x.active = 1) ORDER BY x.id", NULL, 0 },
	[STMT_EXPERT_TEACHER_SCHOOL] = { "SELECT school FROM teachers WHERE id = ?", NULL, 0 },
	/* credits of the teachers of a subtree, a page after credit id ?; the
	 * assessment date is the session's day (the award day if none) */
	[STMT_CREDITS_EXPORT_PAGE] = {
		SUBTREE_CTE "SELECT c.id, t.name, t.id_number_enc, s.name, c.academic_year, c.credits, "
		"c.tier, c.plan, c.phase, coalesce(x.held_on, substr(c.awarded_at, 1, 10)) "
		"FROM credits c JOIN teachers t ON t.id = c.teacher_id JOIN org_units s ON s.code = t.school "
		"LEFT JOIN assessments a ON a.id = c.assessment_id LEFT JOIN sessions x "
		"ON x.id = a.session_id WHERE t.school IN (SELECT code FROM sub) "
		"AND (? = '' OR c.academic_year = ?) AND c.id > ? ORDER BY c.id LIMIT ?", NULL, 0 },
	/* progress activity: per reporting child of the unit (and '' for the
	 * unit's own list) the trainees of the phase who signed in, were
	 * assessed (latest attempt: passed or failed) and hold the credit, from
	 * the roster entries' status columns (migration 0013; an index-only scan
	 * of roster_entries_unit, migration 0017). Parameters: unit, unit,
	 * is-province flag, plan, phase. */
	[STMT_PROGRESS_ACTIVITY] = {
		"WITH RECURSIVE sub (code, top) AS (SELECT code, CAST('' AS TEXT) FROM org_units "
		"WHERE code = ? "
		"UNION ALL SELECT o.code, o.code FROM org_units o WHERE (o.parent = ? AND o.direct = 0) "
		"OR (CAST(? AS INTEGER) = 1 AND o.direct = 1) "
		"UNION ALL SELECT o.code, sub.top FROM org_units o JOIN sub ON o.parent = sub.code "
		"WHERE o.direct = 0 AND sub.top <> '') "
		"SELECT sub.top, sum(r.signed_in), sum(CASE WHEN r.result IS NULL THEN 0 ELSE 1 END), "
		"sum(CASE WHEN r.result = 'pass' THEN 1 ELSE 0 END), "
		"sum(CASE WHEN r.result = 'fail' THEN 1 ELSE 0 END), sum(r.credited) "
		"FROM sub CROSS JOIN roster_entries r WHERE r.plan = ? AND r.phase = ? AND r.unit = sub.code "
		"GROUP BY sub.top HAVING sum(r.signed_in) > 0 OR sum(CASE WHEN r.result IS NULL THEN 0 "
		"ELSE 1 END) > 0 OR sum(r.credited) > 0", NULL, 0 },
	/* a teacher's roster entries recomputed from attendance, assessments and
	 * credits (store/roster_status.h, migration 0013); the three variants
	 * find the teacher by id, by assessment and by the latest reversal of a
	 * credit */
#define ROSTER_STATUS_SET \
	"UPDATE roster_entries SET signed_in = CASE WHEN EXISTS (SELECT 1 FROM attendance a " \
	"JOIN sessions x ON x.id = a.session_id WHERE a.teacher_id = roster_entries.teacher_id " \
	"AND x.plan = roster_entries.plan AND x.phase = roster_entries.phase) THEN 1 ELSE 0 END, " \
	"result = (SELECT a.result FROM assessments a JOIN sessions x ON x.id = a.session_id " \
	"WHERE a.teacher_id = roster_entries.teacher_id AND x.plan = roster_entries.plan " \
	"AND x.phase = roster_entries.phase ORDER BY a.attempt DESC, a.id DESC LIMIT 1), " \
	"credited = CASE WHEN EXISTS (SELECT 1 FROM credits c WHERE c.teacher_id = " \
	"roster_entries.teacher_id AND c.plan = roster_entries.plan AND c.phase = roster_entries.phase) " \
	"THEN 1 ELSE 0 END "
	[STMT_ROSTER_STATUS_ALL] = { ROSTER_STATUS_SET, NULL, STMT_WRITE },
	[STMT_ROSTER_STATUS_BY_TEACHER] = {
		ROSTER_STATUS_SET "WHERE teacher_id = ?", NULL, STMT_WRITE },
	[STMT_ROSTER_STATUS_BY_ASSESSMENT] = {
		ROSTER_STATUS_SET "WHERE teacher_id = (SELECT teacher_id FROM assessments WHERE id = ?)",
		NULL, STMT_WRITE },
	[STMT_ROSTER_STATUS_BY_REVERSAL] = {
		ROSTER_STATUS_SET "WHERE teacher_id = (SELECT teacher_id FROM credit_reversals "
		"WHERE credit_id = ? ORDER BY id DESC LIMIT 1)", NULL, STMT_WRITE },
	/* Attachment 3 going up (store/results.h): results submissions; the
	 * latest result of a trainee is the roster entry's result (migration
	 * 0013), as in STMT_FORMS_ROWS */
	[STMT_RESULTS_GET] = {
		"SELECT state, reason, note, trainees, assessed, passed, failed, missing, created_at, "
		"coalesce(submitted_at, ''), submitted_by, coalesce(decided_at, ''), decided_by "
		"FROM result_submissions WHERE plan = ? AND phase = ? AND unit = ?", NULL, 0 },
	[STMT_RESULTS_PUT] = {
		"INSERT INTO result_submissions (plan, phase, unit, state, reason, note, trainees, "
		"assessed, passed, failed, missing, submitted_at, submitted_by, decided_at, decided_by) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (plan, phase, unit) DO UPDATE SET state = excluded.state, "
		"reason = excluded.reason, note = excluded.note, trainees = excluded.trainees, "
		"assessed = excluded.assessed, passed = excluded.passed, failed = excluded.failed, "
		"missing = excluded.missing, submitted_at = excluded.submitted_at, "
		"submitted_by = excluded.submitted_by, decided_at = excluded.decided_at, "
		"decided_by = excluded.decided_by", NULL, STMT_WRITE },
	[STMT_RESULTS_COUNTS] = {
		"SELECT count(*), coalesce(sum(CASE WHEN l.res IS NULL THEN 0 ELSE 1 END), 0), "
		"coalesce(sum(CASE WHEN l.res = 'pass' THEN 1 ELSE 0 END), 0), "
		"coalesce(sum(CASE WHEN l.res = 'fail' THEN 1 ELSE 0 END), 0) "
		"FROM (SELECT r.result AS res FROM roster_entries r "
		"WHERE r.plan = ? AND r.phase = ? AND r.unit = ?) l", NULL, 0 },
	[STMT_RESULTS_MISSING] = {
		"SELECT t.id, t.name, s.name FROM roster_entries r JOIN teachers t ON t.id = r.teacher_id "
		"JOIN org_units s ON s.code = t.school WHERE r.plan = ? AND r.phase = ? AND r.unit = ? "
		"AND r.result IS NULL ORDER BY r.id LIMIT ?", NULL, 0 },
	[STMT_RESULTS_CHILDREN] = {
		"SELECT o.code, o.name, o.kind, coalesce(q.count, -1), coalesce(s.state, ''), "
		"coalesce(m.state, ''), coalesce(m.reason, ''), coalesce(m.note, ''), "
		"coalesce(m.submitted_at, ''), coalesce(m.trainees, 0), coalesce(m.assessed, 0), "
		"coalesce(m.passed, 0), coalesce(m.failed, 0), coalesce(m.missing, 0) "
		"FROM org_units o "
		"LEFT JOIN quotas q ON q.plan = ? AND q.phase = ? AND q.unit = o.code "
		"LEFT JOIN submissions s ON s.plan = ? AND s.phase = ? AND s.unit = o.code "
		"LEFT JOIN result_submissions m ON m.plan = ? AND m.phase = ? AND m.unit = o.code "
		"WHERE (o.parent = ? AND o.direct = 0) OR (CAST(? AS INTEGER) = 1 AND o.direct = 1) "
		"ORDER BY o.position, o.code", NULL, 0 },
	/* paper Attachment 3 results (store/paper_results.c, migration 0014):
	 * the session a paper result refers to (held by today first, latest
	 * first) with the teacher's latest result and sign-in there */
	[STMT_PAPER_SESSION] = {
		"SELECT s.id, s.held_on, s.organiser, COALESCE((SELECT a.result FROM assessments a "
		"WHERE a.session_id = s.id AND a.teacher_id = x.teacher_id "
		"ORDER BY a.attempt DESC, a.id DESC LIMIT 1), ''), "
		"(SELECT count(*) FROM attendance d WHERE d.session_id = s.id "
		"AND d.teacher_id = x.teacher_id) "
		"FROM session_trainees x JOIN sessions s ON s.id = x.session_id "
		"WHERE x.teacher_id = ? AND s.plan = ? AND s.phase = ? "
		"ORDER BY CASE WHEN s.held_on <= ? THEN 0 ELSE 1 END, s.held_on DESC, s.id DESC "
		"LIMIT 1", NULL, 0 },
	[STMT_PAPER_ATTENDANCE_ADD] = {
		"INSERT INTO attendance (session_id, teacher_id, signed_by, source) "
		"VALUES (?, ?, ?, 'paper')", NULL, STMT_WRITE },
	[STMT_PAPER_ASSESS_INSERT] = {
		"INSERT INTO assessments (session_id, teacher_id, assessor_id, contents, result, "
		"attempt, comment, plan, phase, flag, source) "
		"VALUES (?, ?, NULLIF(?, CAST(0 AS BIGINT)), 0, ?, ?, ?, ?, ?, '', 'paper') "
		"{{RETURNING_ID}}", NULL, STMT_WRITE },
	[STMT_PAPER_ASSESS_SOURCE] = {
		"SELECT source FROM assessments WHERE id = ?", NULL, 0 },
	/* backups (store/snapshot.h): a consistent copy in one read transaction
	 * (the file named must not exist), the full check, the blobs rows name */
	[STMT_SNAPSHOT] = { "VACUUM INTO ?", NULL, 0 },
	[STMT_INTEGRITY] = { "PRAGMA integrity_check", NULL, 0 },
	[STMT_MATERIAL_BLOBS] = {
		"SELECT sha256, max(size) FROM session_materials GROUP BY sha256 ORDER BY sha256",
		NULL, 0 },
};
