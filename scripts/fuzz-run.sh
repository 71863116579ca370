#!/usr/bin/env bash
# Run one libFuzzer target for a bounded time over a copy of its seeds.
#
#   scripts/fuzz-run.sh BINARY TARGET_DIR SECONDS [ARTIFACT_DIR]
#
# TARGET_DIR is tests/fuzz/NAME: its corpus/ is copied to a temporary
# directory, so that what the run adds never lands in the source tree,
# and its dict, when present, is passed along.  Inputs that crash, leak
# or time out are saved in ARTIFACT_DIR (default: the current directory)
# as NAME-crash-<sha1> and the like.  Prints one line of figures:
#
#   fuzz NAME: 1234567 executions in 60 s (20576/s), corpus 12 -> 340
#
# Exits with libFuzzer's status: 0 when nothing was found.  Runs niced,
# with memory and per-input time capped, since machines running it are
# shared.
set -uo pipefail

if (($# < 3)); then
  echo "usage: $0 BINARY TARGET_DIR SECONDS [ARTIFACT_DIR]" >&2
  exit 2
fi
bin=$1
dir=$2
seconds=$3
artifacts=${4:-.}
name=$(basename "$dir")

work=$(mktemp -d "${TMPDIR:-/tmp}/qitong-fuzz-$name.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$artifacts"
if [ -d "$dir/corpus" ]; then
  cp -p "$dir/corpus/." "$work/corpus/" 2>/dev/null ||
    cp -pr "$dir/corpus/." "$work/corpus/"
fi
seeds=$(find "$work/corpus" -type f | wc -l)

args=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20
      -print_final_stats=1 -artifact_prefix="$artifacts/$name-")
[ -f "$dir/dict" ] && args+=(-dict="$dir/dict")

start=$SECONDS
# TMPDIR: the request targets' database, which a crash leaves behind, is
# removed with the rest.
mkdir -p "$work/tmp"
TMPDIR="$work/tmp" nice -n 10 "$bin" "${args[@]}" "$work/corpus" \
  >"$work/log" 2>&1
status=$?
secs=$((SECONDS - start))

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
found=$(find "$work/corpus" -type f | wc -l)
if [ -n "$execs" ]; then
  echo "fuzz $name: $execs executions in $secs s" \
       "($((execs / (secs > 0 ? secs : 1)))/s), corpus $seeds -> $found"
fi
if ((status != 0)); then
  # What libFuzzer said about the failure, without the run's progress.
  grep -v -E '^#[0-9]+\s' "$work/log" | tail -n 60 >&2
  echo "fuzz $name: FAILED (status $status); inputs saved under" \
       "$artifacts/$name-*" >&2
fi
exit "$status"
