#!/usr/bin/env bash
# Instructions per turn: a figure that repeats exactly for the same binary and input, whatever else the
# machine is doing (issue 15). Runs TurnCost — the load run's booking flows replayed through the real ClubOS
# route, dialogue, engine and a fresh SQLite file, one turn at a time at a fixed --now — under
# `valgrind --tool=callgrind`, once with no turns (set-up only) and once with --turns N, and prints
# (Ir(N) - Ir(0)) / N with its split by stage (scripts/perf/callgrind-stages.py).
#
#   scripts/perf/turn-cost.sh [--turns N] [--check] [--write] [--debug] [--through driver] [--postgres]
#
#   --check   fail (exit 1) when a turn costs more than 10 % above scripts/perf/turn-cost.baseline
#   --write   write the measured figure to scripts/perf/turn-cost.baseline (commit it, and say why)
#   --debug   count the debug build instead of release (faster to build; not the figure we publish)
#   --through driver   the dialogue driver's respond (the REPL's path) instead of the ClubOS route
#   --postgres  replay on a throwaway PostgreSQL server (scripts/lib/throwaway-postgres.sh) instead of SQLite;
#               the count is this process's instructions only, not the server's (its CPU time is printed)
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
postgres=""
while [ $# -gt 0 ]; do
    case "$1" in
        --turns) turns="$2"; shift 2 ;;
        --check) mode=check; shift ;;
        --write) mode=write; shift ;;
        --debug) configuration=debug; shift ;;
        --through) through="$2"; shift 2 ;;
        --postgres) postgres=1; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
if { [ "$configuration" = debug ] || [ -n "$postgres" ]; } && [ -n "$mode" ]; then
    echo "turn-cost.sh: the baseline is a release figure on SQLite; --check and --write take neither --debug nor --postgres" >&2
    exit 2
fi
command -v valgrind >/dev/null || { echo "turn-cost.sh needs valgrind (apt-get install valgrind)" >&2; exit 2; }

if [ -z "${TURN_COST_BIN:-}" ]; then
    swift build -c "$configuration" --product TurnCost >&2
fi
bin="${TURN_COST_BIN:-$(swift build -c "$configuration" --show-bin-path)}"
work="$(mktemp -d)"
. scripts/lib/throwaway-postgres.sh
pgwork="$(mktemp -d)"  # apart from $work: the server runs as user postgres, who may not enter $work
trap '[ -n "${TURN_COST_KEEP:-}" ] && cp "$work"/*.out "$TURN_COST_KEEP"/ 2>/dev/null; stop_throwaway_postgres; rm -rf "$work" "$pgwork"' EXIT
database=()
if [ -n "$postgres" ]; then
    start_throwaway_postgres "$pgwork" 18433
fi
# valgrind 3.19 cannot read the DWARF 5 debug information Swift 6 writes; the symbols are enough.
cp "$bin/TurnCost" "$work/TurnCost"
strip --strip-debug "$work/TurnCost"

now="2026-11-25T10:00:00-04:00"
export SWIFT_DETERMINISTIC_HASHING=1  # the same hash seed every run, so dictionaries do the same work
count() {
    [ -n "$postgres" ] && database=(--db "$(throwaway_database "turns_$1")")
    valgrind --tool=callgrind --callgrind-out-file="$work/$1.out" --dump-instr=no --dump-line=no \
        "$work/TurnCost" --turns "$1" --now "$now" --config Config/club.yaml --grammars Grammars/en \
        --through "$through" "${database[@]}" \
        >"$work/$1.txt" 2>"$work/$1.log" || { cat "$work/$1.log" >&2; exit 1; }
}
# The PostgreSQL server's CPU so far: the postmaster's own and its reaped backends', plus live helpers'.
server_ticks() {
    local postmaster ticks child
    postmaster="$(head -1 "$pgwork/pg/postmaster.pid")"
    ticks="$(awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat")"
    for child in $(pgrep -P "$postmaster"); do
        ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0)))
    done
    echo "$ticks"
}
count 0
[ -n "$postgres" ] && server_ticks_0="$(server_ticks)"
count "$turns"
[ -n "$postgres" ] && server_ticks_n="$(server_ticks)"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $configuration, $(swift --version 2>/dev/null | head -1), libsqlite3 $(dpkg-query -W -f '${Version}' libsqlite3-0 2>/dev/null), valgrind $(valgrind --version | sed 's/valgrind-//')"
if [ -n "$postgres" ]; then
    echo "store: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') (throwaway, default settings);" \
        "server CPU $(awk -v a="$server_ticks_0" -v b="$server_ticks_n" -v n="$turns" -v hz="$(getconf CLK_TCK)" \
            'BEGIN {printf "%.0f", (b - a) / hz / n * 1e6}') µs a turn (timed, not counted: (CPU(N) - CPU(0)) / N)"
fi
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
