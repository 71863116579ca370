#!/usr/bin/env bash
# Install what qitong needs to build, run and test, from Debian's packages
# (and npm for the web UI's libraries).  Idempotent and quiet when all is
# there, so `make run` and `make test` can call it every time.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev
  libxlsxwriter-dev libcmocka-dev valgrind
  sqlite3 unzip libc-bin
  chromium fonts-noto-cjk
  postgresql postgresql-contrib libpq-dev
  clang libclang-rt-14-dev
  wrk
)
# libpq-dev builds the PostgreSQL backend; postgresql (the server, with
# its contrib modules) lets `make test` run the suite against a throwaway
# cluster of its own (scripts/pg-cluster.sh).  Debian's package also
# makes a cluster "main" on port 5432 and starts it where services may
# start; qitong's tests neither use nor touch it.
# valgrind runs the unit and store tests under memcheck (make valgrind);
# the sanitizers' runtimes (libasan, libubsan) come with gcc.
# clang builds the libFuzzer targets (tests/fuzz, `make fuzz`);
# libclang-rt-14-dev holds the libFuzzer, ASan and UBSan runtimes that
# `clang -fsanitize=fuzzer,address,undefined` links, which Debian 12's
# clang only recommends (and we install without recommends).
# wrk drives the server under `make bench` (bench/*.lua).
# chromium (/usr/bin/chromium) runs the browser tests (tests/e2e) through
# playwright-core; fonts-noto-cjk lets it draw Chinese in their screenshots.
# Node.js runs the API tests; keep a newer one if the machine has it.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
    missing+=("$p")
done

if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi

# The web UI's libraries, pinned by package-lock.json.
cd "$(dirname "$0")/.."
if [ -f package-lock.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    npm ci --no-audit --no-fund --loglevel=error
    touch node_modules
  fi
fi
