# peixun — one hand-written GNU Makefile (see docs/internals/BUILD.md).
#
#   make            build ./peixun (and the web UI when web/ exists)
#   make run        install missing Debian packages, build, create var/peixun.db, serve
#   make test       build and run the whole test suite (ends with "N passed, N failed")
#   make asan       the whole test suite under AddressSanitizer + UBSan
#   make fuzz       libFuzzer targets (clang) in build/fuzz/
#
# SANITIZE=address,undefined builds into build-san/ instead of build/.

CC       ?= cc
PKGS     := sqlite3 libmicrohttpd jansson libsodium libpq libzip expat libxml-2.0 freexl xlsxwriter \
            pangocairo libqrencode liboath
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wwrite-strings -Wvla -Wformat-security -fno-common
HARDEN   := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(HARDEN) $(CFLAGS) \
             -Isrc -I$(B)/gen $(PKG_CFLAGS) -MMD -MP
LDFLAGS  ?=
ALL_LDFLAGS = -pie -Wl,-z,relro,-z,now $(LDFLAGS)
LIBS     := $(PKG_LIBS) -lpthread -lm

ifdef SANITIZE
B        := build-san
CFLAGS   := -O1 -g -fno-omit-frame-pointer -fsanitize=$(SANITIZE) -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=$(SANITIZE)
else
B        := build
endif

LAYERS   := base core store sheet print app http cli
SRC      := $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.c))
LIBSRC   := $(SRC)
ASSETS   := data/region-codes.txt data/jiangxi-divisions.csv data/jiangxi-townships.csv \
            data/subjects.csv $(wildcard plans/*.json) $(wildcard src/store/migrations/*.sql)
OBJ      := $(LIBSRC:%.c=$(B)/obj/%.o) $(B)/obj/gen/assets.o
TESTSRC  := $(foreach l,$(LAYERS),$(wildcard tests/$(l)/*.c))
TESTBIN  := $(TESTSRC:tests/%.c=$(B)/tests/%)
FUZZSRC  := $(wildcard fuzz/*.c)
FUZZSRC  := $(filter-out fuzz/replay.c,$(FUZZSRC))
REPLAYBIN := $(FUZZSRC:fuzz/%.c=$(B)/replay/%)

ifndef V
Q = @
QCC = @echo "  CC     $<";
QLD = @echo "  LD     $@";
endif

.PHONY: all run test test-run asan fuzz clean deps test-deps
all: peixun

peixun: $(B)/peixun
	$(Q)cp $< $@

$(B)/peixun: $(B)/obj/src/main.o $(B)/libpeixun.a
	$(QLD)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(B)/libpeixun.a: $(OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(QCC)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/obj/gen/assets.o: $(B)/gen/assets.c
	@mkdir -p $(dir $@)
	$(QCC)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Files shipped inside the binary (data, plans, migrations): see src/base/asset.h.
$(B)/gen/assets.c: $(ASSETS) $(B)/gen/assets.list $(B)/tools/embed
	@mkdir -p $(dir $@)
	$(B)/tools/embed $(ASSETS) > $@.tmp && mv $@.tmp $@

# The list itself: a renamed or removed asset (keeping its old mtime) must
# still regenerate assets.c. Rewritten only when the list changes.
$(B)/gen/assets.list: FORCE
	@mkdir -p $(dir $@)
	@echo '$(ASSETS)' | cmp -s - $@ || echo '$(ASSETS)' > $@

.PHONY: FORCE
FORCE:

$(B)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -O2 -Wall -Wextra -Werror -o $@ $<

# Tests: one cmocka program per file, mirroring src/.
$(B)/tests/%: tests/%.c tests/testutil.h $(B)/libpeixun.a
	@mkdir -p $(dir $@)
	$(QLD)$(CC) $(ALL_CFLAGS) -Itests $(ALL_LDFLAGS) -o $@ $< $(B)/libpeixun.a $(LIBS) -lcmocka

# Fuzz targets replayed over their committed corpus in the normal test run.
$(B)/replay/%: fuzz/%.c fuzz/replay.c $(wildcard fuzz/*.h) $(B)/libpeixun.a
	@mkdir -p $(dir $@)
	$(QLD)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< fuzz/replay.c $(B)/libpeixun.a $(LIBS)

# `make test` first installs what the tests need (a fresh machine runs only
# `make run` and `make test`), then builds in a second make so pkg-config sees
# the installed packages.
test: test-deps
	@$(MAKE) --no-print-directory test-run

test-run: $(B)/peixun $(TESTBIN) $(REPLAYBIN) peixun
	@B=$(B) sh tests/run.sh $(TESTBIN) $(WEB_TESTS) -- $(REPLAYBIN)

asan: test-deps
	@$(MAKE) --no-print-directory SANITIZE=address,undefined test-run

# libFuzzer builds (clang): build/fuzz/<target>; run e.g. build/fuzz/idcard fuzz/corpus/idcard
FUZZ_CFLAGS := -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -Isrc -Ibuild-fuzz/gen \
               -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS)
fuzz:
	$(MAKE) B=build-fuzz CC=clang CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address,undefined" \
	  LDFLAGS="-fsanitize=address,undefined" build-fuzz/libpeixun.a
	@mkdir -p build/fuzz
	for f in $(FUZZSRC); do n=$$(basename $$f .c); \
	  clang $(FUZZ_CFLAGS) -o build/fuzz/$$n $$f build-fuzz/libpeixun.a $(LIBS) || exit 1; done

# `make bench-export`: the whole-province Attachment 2 export beside its floor
# (libxlsxwriter writing as many plain rows), time and peak RSS, in one run
# (docs/internals/FORMS.md). Builds a 450,000-teacher demo province once.
BENCH_DB := $(B)/bench/province.db
.PHONY: bench-export
$(B)/bench/%: bench/%.c $(B)/libpeixun.a
	@mkdir -p $(dir $@)
	$(QLD)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(B)/libpeixun.a $(LIBS)

bench-export: $(B)/peixun $(B)/bench/export_province $(B)/bench/xlsx_floor
	@test -f $(BENCH_DB) || { $(B)/peixun init --db $(BENCH_DB) >/dev/null && \
	  $(B)/peixun demo --db $(BENCH_DB) --teachers 450000 --seed 1; }
	$(B)/bench/export_province $(BENCH_DB) $(B)/bench/xlsx_floor $(B)/bench

# `make bench-import`: rosters in (issue 3) — the province's Attachment 2 made
# by bench-export, streamed through expat (the floor), then `peixun roster
# check` and `import` into SQLite, with peers where installed, in one run
# (docs/internals/IMPORT.md).
.PHONY: bench-import
bench-import: $(B)/peixun $(B)/bench/import_province $(B)/bench/xlsx_expat_floor
	@test -f $(B)/bench/bench-province-a2.xlsx || $(MAKE) --no-print-directory bench-export
	$(B)/bench/import_province $(BENCH_DB) $(B)/peixun $(B)/bench/bench-province-a2.xlsx \
	  $(B)/bench/xlsx_expat_floor $(B)/bench

# `make bench`: the HTTP server under wrk (issue 5): an authenticated 50-row
# masked teacher page, the health endpoint and nginx serving a file of the
# same size, server on core 0 and wrk on core 1 (bench/http.sh;
# BENCH_SECONDS=5 for a short run).
.PHONY: bench
bench: $(B)/peixun
	sh bench/http.sh $(B)/peixun $(B)/bench

deps:
	@sh tools/deps.sh

test-deps:
	@sh tools/deps.sh --test

run: deps
	$(MAKE) all
	@mkdir -p var
	@test -f var/peixun.db || { ./peixun init --db var/peixun.db && \
	  ./peixun demo --db var/peixun.db --teachers 20000 --seed 1 --scenario full && \
	  ./peixun plan activate --db var/peixun.db jiangxi-2022; }
	@echo "make run: development server without the second-factor requirement (--no-require-totp);"
	@echo "          deployments omit the flag, so province/city admins and officers must enrol."
	@echo "          The demo plan's dates lie in 2022: the server runs as a drill on 2022-12-01"
	@echo "          (--today), after the demo's backbone training and before the all-staff deadline."
	./peixun serve --db var/peixun.db --listen 127.0.0.1:8080 --base-url http://127.0.0.1:8080 --no-require-totp --today 2022-12-01

clean:
	rm -rf build build-san build-fuzz peixun

# ---------------------------------------------------------------------------
# Web UI (web/, docs/internals/WEB.md). Vite builds web/ into $(B)/web/dist
# (npm ci first when node_modules is missing or package-lock.json changed),
# gzip -9 precompresses it, tools/embed-web.c turns it into $(B)/gen/web.c,
# which is linked into libpeixun.a and served by src/http/static.c. Without
# Node.js >= 20.19 and npm (or with PEIXUN_NO_WEB=1) the table is empty and
# the server shows its landing page instead.
WEB_NODE_OK := $(shell node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>=23||(a===22&&b>=12)||(a===20&&b>=19)?0:1)' 2>/dev/null && command -v npm >/dev/null 2>&1 && echo yes)
WEB_SRC  := web/index.html web/vite.config.js web/package.json web/package-lock.json \
            $(shell find web/src web/public -type f 2>/dev/null)
WEB_TESTS := tests/web/run.sh
# the shipped nginx config in front of peixun (deploy/nginx; TAP, skips without nginx)
WEB_TESTS += tests/deploy/nginx.sh
ifeq ($(WEB_NODE_OK)$(PEIXUN_NO_WEB),yes)
WEB_DIST  := $(B)/web/dist
WEB_STAMP := $(B)/web/dist.stamp

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(WEB_STAMP): $(WEB_SRC) web/node_modules/.package-lock.json
	@rm -rf $(WEB_DIST) && mkdir -p $(WEB_DIST)
	@echo "  VITE   $(WEB_DIST)"
	$(Q)cd web && npx --no-install vite build --logLevel warn --emptyOutDir --outDir $(abspath $(WEB_DIST))
	$(Q)find $(WEB_DIST) -type f \( -name '*.html' -o -name '*.js' -o -name '*.css' -o -name '*.svg' \
	  -o -name '*.json' -o -name '*.geojson' \) -exec gzip -9 -n -k -f {} +
	@touch $@
endif

$(B)/libpeixun.a: $(B)/obj/gen/web.o

$(B)/obj/gen/web.o: $(B)/gen/web.c src/http/webfiles.h
	@mkdir -p $(dir $@)
	$(QCC)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/gen/web.c: $(WEB_STAMP) $(B)/tools/embed-web
	@mkdir -p $(dir $@)
	$(Q)$(B)/tools/embed-web $(WEB_DIST) > $@.tmp && mv $@.tmp $@

$(B)/tools/embed-web: tools/embed-web.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror -o $@ $<
# ---------------------------------------------------------------------------

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
