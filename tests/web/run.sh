#!/bin/sh
# Browser tests of the web UI (tests/web/ui.mjs), run by tests/run.sh from the
# repository root with B set to the build directory. Prints TAP; when a
# prerequisite is missing (Node.js, Debian's chromium, a binary built with
# the UI, playwright-core from `npm ci`) it reports one skipped test and why.
B=${B:-build}
skip() {
	echo "not ok 1 - web UI browser tests # SKIP $1"
	exit 0
}
command -v node >/dev/null 2>&1 || skip "node is not installed"
[ -x "${PEIXUN_CHROMIUM:-/usr/bin/chromium}" ] || skip "chromium is not installed (tools/deps.sh --test)"
[ -f "$B/web/dist/index.html" ] || skip "the binary was built without the web UI"
[ -d web/node_modules/playwright-core ] || skip "web/node_modules/playwright-core is missing (npm ci)"
exec node tests/web/ui.mjs "$B/peixun"
