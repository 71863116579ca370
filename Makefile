# What people type.  CMake does the building; this file only names the
# everyday tasks.  Each target installs what it needs first.

BUILD   := build
RELEASE := build-release
ASAN    := build-asan
FUZZ    := build-fuzz
DB      ?= qitong.db
LISTEN  ?= 127.0.0.1:8080
JOBS    ?= $(shell nproc)
MAKEFLAGS += --no-print-directory
# ON: `make test` also runs every API test against PostgreSQL (api-pg.*),
# on a throwaway cluster it starts and removes (scripts/pg-cluster.sh).
TEST_PG ?= ON
# Seconds each libFuzzer target runs under `make fuzz`.
FUZZ_SECONDS ?= 60
# The data `make bench` measures: small (a few minutes), medium, province.
BENCH_SIZE ?= small

.PHONY: all deps build release fuzz-build fuzz run bench test test-asan valgrind \
        clean

all: build

deps:
	@scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Debug -DQT_TEST_PG=$(TEST_PG) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

release: deps
	@cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(RELEASE) -j $(JOBS)

# The libFuzzer targets of tests/fuzz, in a build of their own: clang,
# with ASan and UBSan (CMakeLists.txt, QT_FUZZ).
fuzz-build: deps
	@cmake -S . -B $(FUZZ) -DCMAKE_C_COMPILER=clang -DQT_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ) -j $(JOBS)

# Run every fuzz target for FUZZ_SECONDS, one after another, each over a
# copy of its seeds (tests/fuzz/NAME/corpus), printing its executions.
# What crashes is saved under $(FUZZ)/fuzz-artifacts; see
# docs/reliability.md for turning it into a fix and a regression seed.
fuzz: fuzz-build
	@status=0; \
	for dir in tests/fuzz/*/corpus; do \
	  dir=$${dir%/corpus}; name=$${dir#tests/fuzz/}; \
	  scripts/fuzz-run.sh $(FUZZ)/tests/fuzz/fuzz_$$name $$dir \
	    $(FUZZ_SECONDS) $(FUZZ)/fuzz-artifacts || status=1; \
	done; \
	exit $$status

# Serve the demo: a Weifang-sized city, made once into $(DB).
run: release
	@if [ ! -f $(DB) ]; then \
	  $(RELEASE)/qitong demo --db $(DB) --scale city; \
	else \
	  $(RELEASE)/qitong demo --accounts; \
	fi
	@echo "Open http://$(LISTEN) and sign in with one of the accounts above."
	$(RELEASE)/qitong serve --db $(DB) --listen $(LISTEN)

# The figures of docs/performance.md on this machine, against the HTTP
# layer alone (bench/baseline.c): a table, and bench/results.json.
bench: release
	@cmake --build $(RELEASE) -j $(JOBS) --target qitong-baseline
	@node bench/run.mjs --size $(BENCH_SIZE) --bin $(RELEASE)

# The Release build is compiled too, so that what `make run` builds is
# checked with its optimiser's warnings on; so is the fuzz build, whose
# targets then run for a few seconds each over their seeds (ctest label
# fuzz), replaying every input that once found a bug.  With TEST_PG=ON the
# tests run inside `pg-cluster.sh run`, which gives them QITONG_TEST_PG and
# removes the cluster afterwards, whether they pass, fail or are
# interrupted.
PG_RUN := $(if $(filter ON,$(TEST_PG)),../scripts/pg-cluster.sh run --)
test: build release fuzz-build
	@cd $(BUILD) && $(PG_RUN) ctest --output-on-failure -j $(JOBS) -LE valgrind
	@cd $(FUZZ) && ctest --output-on-failure -j $(JOBS)

# The unit, store and API tests (PostgreSQL's too with TEST_PG=ON) once
# more, on a build with AddressSanitizer, LeakSanitizer and
# UndefinedBehaviorSanitizer: any report fails its test, whether from a
# test program or from a qitong an API test started (the harness reads
# their standard error).  CMakeLists.txt sets the options; CI runs this
# after `make test`.  The browser tests (label browser) drive the same
# server through the UI and took five minutes more for no report:
# ASAN_E2E=ON adds them.  docs/reliability.md explains.
ASAN_E2E ?= OFF
test-asan: deps
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DQT_ASAN=ON -DQT_UBSAN=ON \
	  -DQT_TEST_PG=$(TEST_PG) >/dev/null
	@cmake --build $(ASAN) -j $(JOBS)
	@cd $(ASAN) && $(PG_RUN) ctest --output-on-failure -j $(JOBS) \
	  $(if $(filter ON,$(ASAN_E2E)),,-LE browser)

# The unit and store tests under valgrind's memcheck, on the Debug build
# `make test` uses (CMakeLists.txt registers them as valgrind.*): no
# error and no definite or indirect leak.  CI runs this too.
valgrind: build
	@cd $(BUILD) && $(PG_RUN) ctest --output-on-failure -j $(JOBS) -L valgrind

clean:
	rm -rf $(BUILD) $(RELEASE) $(ASAN) $(FUZZ)
