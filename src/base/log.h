/*
 * log — one structured line per event on stderr:
 *   2026-11-29T12:00:00Z level=info msg="..." key=value ...
 * Never pass personal data (ID numbers, phones, names of teachers) to these
 * functions (DESIGN §7): log codes, counts and unit codes instead.
 * Thread-safe (one write(2) per line).
 */
#ifndef PEIXUN_BASE_LOG_H
#define PEIXUN_BASE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Lines below level are dropped (default LOG_INFO). */
void log_set_level(enum log_level level);
/* fmt is the rest of the line after the level, e.g. "msg=\"listening\" addr=%s". */
void log_write(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_info(...) log_write(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_write(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_write(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_write(LOG_DEBUG, __VA_ARGS__)

#endif
