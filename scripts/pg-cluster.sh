#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: made in a directory of its
# own, listening on 127.0.0.1 only, on a free port, with its socket in
# that directory, and removed again with the directory.  It never touches
# another cluster: every action goes through pg_ctl -D on this
# directory's data, and a directory is only ever removed when it carries
# this script's marker.
#
#   scripts/pg-cluster.sh start DIR    make and start a cluster in DIR
#                                      (a stale one there is replaced);
#                                      prints its URL
#   scripts/pg-cluster.sh url DIR      print the URL of the cluster in DIR
#   scripts/pg-cluster.sh stop DIR     stop it and remove DIR
#   scripts/pg-cluster.sh run [DIR] -- COMMAND...
#                                      start, run COMMAND with
#                                      QITONG_TEST_PG=<url>, then stop and
#                                      remove, whatever COMMAND did; exits
#                                      with COMMAND's status
#
# The URL is postgresql://postgres@127.0.0.1:PORT/postgres (trust
# authentication, superuser postgres).  PostgreSQL refuses to run as root,
# so as root the cluster belongs to the system user postgres (made by
# Debian's postgresql package) and runs as it; as anyone else it runs as
# that user.  `run` without DIR uses one directory per checkout under
# /tmp, so a run killed before it could clean up is cleaned up by the
# next one.  PG_BINDIR names the server's programs (initdb, pg_ctl) when
# they are not found on their own.
set -euo pipefail

MARKER=.qitong-pg-cluster

die() {
  echo "pg-cluster: $*" >&2
  exit 1
}

# The command summary at the top of this file; to standard error and
# status 2 for a mistake, to standard output for --help.
usage() {
  local status=${1:-2}
  if [ "$status" -eq 0 ]; then
    sed -n '9,19p' "$0" | sed 's/^# \{0,1\}//'
  else
    sed -n '9,19p' "$0" | sed 's/^# \{0,1\}//' >&2
  fi
  exit "$status"
}

# Debian keeps initdb and pg_ctl out of PATH, in /usr/lib/postgresql/N/bin.
find_bindir() {
  local d
  if [ -n "${PG_BINDIR:-}" ]; then
    [ -x "$PG_BINDIR/initdb" ] || die "no initdb in PG_BINDIR=$PG_BINDIR"
    echo "$PG_BINDIR"
    return
  fi
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then
      echo "$d"
      return
    fi
  fi
  d=$( (ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true) | sort -V |
    tail -n 1)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then
    echo "$d"
    return
  fi
  d=$(command -v initdb 2>/dev/null || true)
  [ -n "$d" ] || die "PostgreSQL's server programs (initdb, pg_ctl) are" \
    "not installed: run scripts/deps.sh, or set PG_BINDIR"
  dirname "$d"
}

# Run a command as the cluster's owner (from /, which postgres may enter
# where root's working directory it may not).
as_owner() {
  if [ "$(id -u)" -ne 0 ]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && su -s /bin/sh postgres -c "$(printf '%q ' "$@")")
  fi
}

# DIR made absolute (the owner may run from another working directory).
absolute() {
  case "$1" in
    /*) echo "$1" ;;
    *) echo "$PWD/$1" ;;
  esac
}

# Stop the server of DIR's data if one runs.  pg_ctl finds it by the
# postmaster.pid in that data directory, so no other server is touched.
stop_server() {
  local dir=$1 bindir=$2
  [ -f "$dir/data/postmaster.pid" ] || return 0
  if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop \
    >/dev/null 2>&1; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop \
      >/dev/null 2>&1 || true
  fi
  # pg_ctl reports "not running" for a stale postmaster.pid, which is fine;
  # a server that survived both stops is not, and DIR must then stay.
  if as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    die "the server of $dir/data did not stop"
  fi
}

# Remove DIR, but only one this script made (or an empty one).
remove_dir() {
  local dir=$1
  [ -e "$dir" ] || return 0
  if [ ! -d "$dir" ] || [ -L "$dir" ]; then die "$dir is not a directory"; fi
  if [ -f "$dir/$MARKER" ]; then
    rm -rf -- "$dir"
  elif [ -z "$(ls -A "$dir")" ]; then
    rmdir -- "$dir"
  else
    die "$dir was not made by pg-cluster.sh (no $MARKER): not removing it"
  fi
}

# A TCP port on 127.0.0.1 that nothing listens on now.  The server may
# still lose a race for it, which start() survives by trying again.
free_port() {
  local port _
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free port found on 127.0.0.1"
}

cmd_start() {
  local dir bindir port attempt isready started
  dir=$(absolute "$1")
  bindir=$(find_bindir)
  if [ "$(id -u)" -eq 0 ]; then
    getent passwd postgres >/dev/null ||
      die "running as root needs the system user postgres (Debian's" \
        "postgresql package makes it); or run as an ordinary user"
  fi
  # A stale cluster from a run that was killed: stop it and start afresh.
  if [ -e "$dir" ]; then
    if [ ! -d "$dir" ] || [ -L "$dir" ]; then die "$dir is not a directory"; fi
    if [ -f "$dir/$MARKER" ]; then
      echo "pg-cluster: replacing the stale cluster in $dir" >&2
      stop_server "$dir" "$bindir"
    fi
    remove_dir "$dir"
  fi
  mkdir -m 0755 -- "$dir"
  touch "$dir/$MARKER"
  mkdir -m 0700 "$dir/data" "$dir/sock"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir/data" "$dir/sock"
    as_owner test -x "$dir" ||
      die "the user postgres cannot reach $dir: choose a directory" \
        "under /tmp"
  fi
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust \
    -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    die "initdb failed; see $dir/initdb.log"
  started=no
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    # fsync stays on (the default, said here so nobody turns it off for
    # speed): the suite runs against a server that behaves like a real one.
    # The connections leave room for several test servers at once, each
    # with connections of its own.
    cat >>"$dir/data/postgresql.conf" <<EOF
# pg-cluster.sh (attempt $attempt)
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/sock'
fsync = on
max_connections = 200
EOF
    : >"$dir/server.log"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir/server.log"
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -t 60 start >/dev/null 2>&1; then
      started=yes
      break
    fi
    # Another program took the port between the probe and the bind.
    if grep -q 'could not bind\|could not create any TCP/IP sockets' \
      "$dir/server.log"; then
      stop_server "$dir" "$bindir"
      continue
    fi
    tail -n 20 "$dir/server.log" >&2 || true
    die "the server did not start; see $dir/server.log"
  done
  [ "$started" = yes ] ||
    die "no free port on 127.0.0.1 after five tries; see $dir/server.log"
  isready=$bindir/pg_isready
  [ -x "$isready" ] || isready=pg_isready
  "$isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 30 ||
    die "the server on 127.0.0.1:$port is not ready; see $dir/server.log"
  echo "$port" >"$dir/port"
  cmd_url "$dir"
}

cmd_url() {
  local dir
  dir=$(absolute "$1")
  [ -f "$dir/port" ] || die "no cluster in $dir"
  echo "postgresql://postgres@127.0.0.1:$(cat "$dir/port")/postgres"
}

cmd_stop() {
  local dir
  dir=$(absolute "$1")
  [ -e "$dir" ] || return 0
  [ -f "$dir/$MARKER" ] || [ -z "$(ls -A "$dir" 2>/dev/null)" ] ||
    die "$dir was not made by pg-cluster.sh (no $MARKER): not touching it"
  stop_server "$dir" "$(find_bindir)"
  remove_dir "$dir"
}

# One directory per checkout and user, so two checkouts never share one
# and a killed run's leftovers are found again by the next run here.
default_dir() {
  local root sum
  root=$(cd "$(dirname "$0")/.." && pwd -P)
  sum=$(printf '%s' "$root" | sha256sum | cut -c1-12)
  echo "${TMPDIR:-/tmp}/qitong-pg-$(id -u)-$sum"
}

cleanup() {
  local status=$?
  trap - EXIT
  if ! (cmd_stop "$1"); then
    echo "pg-cluster: could not remove $1; try: $0 stop $1" >&2
    [ "$status" -ne 0 ] || status=1
  fi
  exit "$status"
}

cmd_run() {
  local url status  # dir and child stay global: the traps use them
  if [ "${1:-}" != "--" ]; then
    dir=$(absolute "$1")
    shift
  else
    dir=$(default_dir)
  fi
  [ "${1:-}" = "--" ] || usage
  shift
  [ $# -gt 0 ] || usage
  # Whatever ends this script, a test failure, Ctrl-C or a kill, the
  # cluster goes with it; a failed clean-up fails the run.
  trap 'cleanup "$dir"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  url=$(cmd_start "$dir")
  echo "pg-cluster: PostgreSQL for the tests at $url" >&2
  # COMMAND runs in the background so that a signal to this script is
  # handled at once (bash runs no trap while a foreground command runs):
  # COMMAND is asked to stop, and the cluster is removed once it has.
  QITONG_TEST_PG=$url "$@" &
  child=$!
  trap 'stop_child 130' INT
  trap 'stop_child 143' TERM
  status=0
  wait "$child" || status=$?
  exit "$status"
}

stop_child() {
  kill -TERM "$child" 2>/dev/null || true
  wait "$child" 2>/dev/null || true
  exit "$1"
}

[ $# -ge 1 ] || usage
case "$1" in
  start | url | stop)
    [ $# -eq 2 ] || usage
    "cmd_$1" "$2"
    ;;
  run)
    shift
    [ $# -ge 1 ] || usage
    cmd_run "$@"
    ;;
  -h | --help) usage 0 ;;
  *) usage ;;
esac
