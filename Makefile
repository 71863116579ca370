# What people type.  CMake does the building; this file only names the
# everyday tasks.  Each target installs what it needs first.

BUILD   := build
RELEASE := build-release
DB      ?= qitong.db
LISTEN  ?= 127.0.0.1:8080
JOBS    ?= $(shell nproc)
MAKEFLAGS += --no-print-directory

.PHONY: all deps build release run test clean

all: build

deps:
	@scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

release: deps
	@cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(RELEASE) -j $(JOBS)

# Serve the demo: a Weifang-sized city, made once into $(DB).
run: release
	@if [ ! -f $(DB) ]; then \
	  $(RELEASE)/qitong demo --db $(DB) --scale city; \
	else \
	  $(RELEASE)/qitong demo --accounts; \
	fi
	@echo "Open http://$(LISTEN) and sign in with one of the accounts above."
	$(RELEASE)/qitong serve --db $(DB) --listen $(LISTEN)

# The Release build is compiled too, so that what `make run` builds is
# checked with its optimiser's warnings on.
test: build release
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD) $(RELEASE)
