/*
 * statements — the store's statement table: every SQL statement the store
 * runs, declared once with a stable id (STYLE.md: "SQL text lives only in
 * src/store"). Text is portable SQL with `?` parameters and {{...}}
 * placeholders (dialect.h); where the dialects truly differ a statement
 * carries a PostgreSQL variant. Statements are prepared lazily, once per
 * connection, and reused (query.c).
 */
#ifndef PEIXUN_STORE_STATEMENTS_H
#define PEIXUN_STORE_STATEMENTS_H

enum stmt_id {
	/* connection and schema */
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_SCHEMA_PEIXUN,      /* 1 if schema_migrations exists */
	STMT_SCHEMA_TABLES,      /* number of user tables */
	STMT_MIGRATIONS_TABLE,
	STMT_MIGRATIONS_LOCK,
	STMT_MIGRATIONS_VERSION,
	STMT_MIGRATIONS_RECORD,
	/* meta */
	STMT_META_SET,
	STMT_META_GET,
	/* organisation units */
	STMT_ORG_INSERT,
	STMT_ORG_UPDATE,
	STMT_ORG_GET,
	STMT_ORG_CHILDREN,
	STMT_ORG_ROOTS,
	STMT_ORG_COUNT,
	STMT_ORG_COUNT_KIND,
	/* teachers */
	STMT_TEACHER_INSERT,
	STMT_TEACHER_BY_ID_NUMBER,
	STMT_TEACHER_BY_SCHOOL,
	STMT_TEACHER_COUNT,
	/* accounts */
	STMT_ACCOUNT_INSERT,
	STMT_ACCOUNT_GET,
	/* plans */
	STMT_PLAN_PUT,
	STMT_PLAN_GET,
	STMT_PHASE_PUT,
	/* roster entries (store/roster.h) */
	STMT_ROSTER_ADD,
	STMT_ROSTER_COUNT,
	/* audit log */
	STMT_AUDIT_APPEND,
	STMT_AUDIT_COUNT,
	/* auth and the audit chain (store/auth.h, store/audit.h) */
	STMT_AUTH_ACCOUNT_BY_NAME,
	STMT_AUTH_ACCOUNT_BY_ID,
	STMT_AUTH_SET_PASSWORD,
	STMT_AUTH_SET_DISABLED,
	STMT_AUTH_SET_LAST_LOGIN,
	STMT_AUTH_SET_LOCKED,
	STMT_AUTH_ACCOUNT_LIST,
	STMT_AUTH_ACCOUNT_LIST_COUNT,
	STMT_AUTH_UNIT_WITHIN,
	STMT_AUTH_SESSION_INSERT,
	STMT_AUTH_SESSION_GET,
	STMT_AUTH_SESSION_TOUCH,
	STMT_AUTH_SESSION_DELETE,
	STMT_AUTH_SESSION_DELETE_ACCOUNT,
	STMT_AUTH_SESSION_COUNT_ACCOUNT,
	STMT_AUTH_FAILURE_ADD,
	STMT_AUTH_FAILURES_USER,
	STMT_AUTH_FAILURES_IP,
	STMT_AUTH_FAILURES_CLEAR,
	STMT_AUTH_HISTORY_ADD,
	STMT_AUTH_HISTORY_LIST,
	STMT_AUDIT_LOCK,
	STMT_AUDIT_LAST_HASH,
	STMT_AUDIT_LIST,
	STMT_AUDIT_LIST_COUNT,
	STMT_AUDIT_ALL,
	/* official forms (store/forms.h) */
	STMT_FORMS_ROWS,
	STMT_FORMS_CHILDREN,

	/* training sessions and their trainees (store/sessions.h) */
	STMT_SESSION_CREATE,
	STMT_SESSION_GET,
	STMT_SESSION_TRAINEE_ADD,
	STMT_SESSION_TRAINEES,
	STMT_SESSION_TRAINEE_COUNT,
	STMT_SESSION_EXPERT_ADD,
	STMT_SESSION_EXPERT_HAS,
	STMT_ATTENDANCE_ADD,
	STMT_ATTENDANCE_HAS,

	/* rosters in: teacher registry and roster lookups (store/registry.h, store/roster.h) */
	STMT_REGISTRY_FIND,
	STMT_REGISTRY_UPDATE,
	STMT_ROSTER_FIND,
	STMT_ROSTER_UNIT_TEACHERS,

	/* the cascade: quotas, submissions, extensions, progress (store/cascade.h) */
	STMT_CASCADE_QUOTA_PUT,
	STMT_CASCADE_QUOTA_GET,
	STMT_CASCADE_QUOTA_ROWS,
	STMT_CASCADE_QUOTA_CHANGE_ADD,
	STMT_CASCADE_QUOTA_CHANGES,
	STMT_CASCADE_UNITS,
	STMT_CASCADE_SUBJECT_TEACHERS,
	STMT_CASCADE_CHILDREN,
	STMT_CASCADE_SUBMISSION_GET,
	STMT_CASCADE_SUBMISSION_PUT,
	STMT_CASCADE_EXTENSION_PUT,
	STMT_CASCADE_EXTENSION_GET,
	STMT_CASCADE_FIRST_SESSION,
	STMT_CASCADE_PHASE_DUE,
	STMT_CASCADE_PROGRESS,
	STMT_CASCADE_OVERDUE,
	STMT_CASCADE_ROSTER_TRAINEES,
	STMT_CASCADE_NO_JIT,

	/* second factor and API tokens (store/credentials.h, migration 0006) */
	STMT_CRED_TOTP_GET,
	STMT_CRED_TOTP_PUT,
	STMT_CRED_TOTP_CONFIRM,
	STMT_CRED_TOTP_USE_STEP,
	STMT_CRED_TOTP_DELETE,
	STMT_CRED_RECOVERY_CLEAR,
	STMT_CRED_RECOVERY_ADD,
	STMT_CRED_RECOVERY_USE,
	STMT_CRED_RECOVERY_LEFT,
	STMT_CRED_TOKEN_INSERT,
	STMT_CRED_TOKEN_FIND,
	STMT_CRED_TOKEN_TOUCH,
	STMT_CRED_TOKEN_REVOKE,
	STMT_CRED_TOKEN_COUNT,
	STMT_CRED_TOKEN_LIST,
	STMT_CRED_SUBTREE_SCHOOLS,
	STMT_CRED_TEACHER_PAGE,      /* store/teacher_list.h */
	STMT_CRED_TEACHER_COUNT,

	/* personal data at rest: migration 0005's data step (store/pii.h) */
	STMT_PII_LEGACY_TEACHERS,
	STMT_PII_LEGACY_SEAL,

	STMT__COUNT
};

enum {
	STMT_WRITE = 1,   /* changes data: counted by the fault injector */
	STMT_SCRIPT = 2,  /* parameterless, run with driver.exec, never prepared */
};

struct stmt_def {
	const char *sql;  /* portable text; NULL only if the statement is PG-only */
	const char *pg;   /* PostgreSQL text when it differs, else NULL */
	unsigned flags;   /* STMT_WRITE, STMT_SCRIPT */
};

extern const struct stmt_def stmt_defs[STMT__COUNT];

#endif
