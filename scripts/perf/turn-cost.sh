#!/usr/bin/env bash
# Instructions per turn: a figure that repeats exactly for the same binary and input, whatever else the
# machine is doing (issue 15). Runs TurnCost — the load run's booking flows replayed through the real ClubOS
# route, dialogue, engine and a fresh SQLite file, one turn at a time at a fixed --now — under
# `valgrind --tool=callgrind`, once with no turns (set-up only) and once with --turns N, and prints
# (Ir(N) - Ir(0)) / N with its split by stage (scripts/perf/callgrind-stages.py).
#
#   scripts/perf/turn-cost.sh [--turns N] [--check] [--write] [--debug] [--through driver]
#
#   --check   fail (exit 1) when a turn costs more than 10 % above scripts/perf/turn-cost.baseline
#   --write   write the measured figure to scripts/perf/turn-cost.baseline (commit it, and say why)
#   --debug   count the debug build instead of release (faster to build; not the figure we publish)
#   --through driver   the dialogue driver's respond (the REPL's path) instead of the ClubOS route
#
# TURN_COST_BIN=<dir> uses a TurnCost binary built elsewhere (a worktree of another commit);
# TURN_COST_KEEP=<dir> keeps the two callgrind files there (callgrind_annotate reads them).
# Needs valgrind (Debian: valgrind) and python3. The count depends on the binary: the same commit built by
# another Swift toolchain or run against another libsqlite3 counts differently, so the baseline names both.
set -euo pipefail
cd "$(dirname "$0")/../.."

turns=1000
mode=""
configuration=release
through=server
while [ $# -gt 0 ]; do
    case "$1" in
        --turns) turns="$2"; shift 2 ;;
        --check) mode=check; shift ;;
        --write) mode=write; shift ;;
        --debug) configuration=debug; shift ;;
        --through) through="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
if [ "$configuration" = debug ] && [ -n "$mode" ]; then
    echo "turn-cost.sh: the baseline is a release figure; --check and --write do not take --debug" >&2
    exit 2
fi
command -v valgrind >/dev/null || { echo "turn-cost.sh needs valgrind (apt-get install valgrind)" >&2; exit 2; }

if [ -z "${TURN_COST_BIN:-}" ]; then
    swift build -c "$configuration" --product TurnCost >&2
fi
bin="${TURN_COST_BIN:-$(swift build -c "$configuration" --show-bin-path)}"
work="$(mktemp -d)"
trap '[ -n "${TURN_COST_KEEP:-}" ] && cp "$work"/*.out "$TURN_COST_KEEP"/ 2>/dev/null; rm -rf "$work"' EXIT
# valgrind 3.19 cannot read the DWARF 5 debug information Swift 6 writes; the symbols are enough.
cp "$bin/TurnCost" "$work/TurnCost"
strip --strip-debug "$work/TurnCost"

now="2026-11-25T10:00:00-04:00"
export SWIFT_DETERMINISTIC_HASHING=1  # the same hash seed every run, so dictionaries do the same work
count() {
    valgrind --tool=callgrind --callgrind-out-file="$work/$1.out" --dump-instr=no --dump-line=no \
        "$work/TurnCost" --turns "$1" --now "$now" --config Config/club.yaml --grammars Grammars/en \
        --through "$through" \
        >"$work/$1.txt" 2>"$work/$1.log" || { cat "$work/$1.log" >&2; exit 1; }
}
count 0
count "$turns"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $configuration, $(swift --version 2>/dev/null | head -1), libsqlite3 $(dpkg-query -W -f '${Version}' libsqlite3-0 2>/dev/null), valgrind $(valgrind --version | sed 's/valgrind-//')"
echo "replay: $(tr '\n' ',' <"$work/$turns.txt" | sed 's/,$//; s/,/, /g')"
report="$(python3 scripts/perf/callgrind-stages.py "$turns" "$work/$turns.out" "$work/0.out")"
echo "$report"
measured="$(echo "$report" | sed -n 's/^instructions per turn: //p' | tr -d ',')"

baseline_file=scripts/perf/turn-cost.baseline
case "$mode" in
    write)
        {
            echo "# Instructions per turn of scripts/perf/turn-cost.sh --turns $turns ($configuration), written by --write."
            echo "# .ci/run fails when a change costs more than 10 % above this; raise it in the commit that means to."
            echo "$measured"
        } >"$baseline_file"
        echo "wrote $baseline_file: $measured"
        ;;
    check)
        baseline="$(grep -v '^#' "$baseline_file" | head -1)"
        limit=$((baseline + baseline / 10))
        if [ "$measured" -gt "$limit" ]; then
            echo "turn cost $measured instructions is more than 10 % above the baseline $baseline (limit $limit)" >&2
            exit 1
        fi
        echo "turn cost $measured instructions: within 10 % of the baseline $baseline"
        ;;
esac
