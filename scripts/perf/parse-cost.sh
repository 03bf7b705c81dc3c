#!/usr/bin/env bash
# Instructions per parse of the benchmarks' SMS texts: a figure that repeats exactly for the same binary and
# text, whatever else the machine is doing (issues 12 and 13 judge the parsers by a p50 in microseconds, which
# on this shared machine moves by more than the changes being judged). Runs ParseCost under
# `valgrind --tool=callgrind` once with no parses (set-up only) and once per text with --times N, and prints
# (Ir(N) - Ir(0)) / N for each text: the full parse (UnderstandingBenchmarks' texts) and the temporal parse
# alone (TimeExpressionsBenchmarks' texts).
#
#   scripts/perf/parse-cost.sh [--times N] [--only full|time] [--top K] [--check | --write]
#
#   --top K   also list the K functions with the most instructions per parse over all texts of each kind
#             (their own instructions; demangled)
#   --check   count only the mean over each kind's texts (one run each) and fail (exit 1) when it is more than
#             10 % above scripts/perf/parse-cost.baseline
#   --write   write those two means to scripts/perf/parse-cost.baseline (commit it, and say why)
#
# PARSE_COST_BIN=<dir> uses a ParseCost binary built elsewhere (a worktree of another commit).
# Needs valgrind and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."

times=100
only=""
top=0
mode=""
while [ $# -gt 0 ]; do
    case "$1" in
        --times) times="$2"; shift 2 ;;
        --only) only="$2"; shift 2 ;;
        --top) top="$2"; shift 2 ;;
        --check) mode=check; shift ;;
        --write) mode=write; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
command -v valgrind >/dev/null || { echo "parse-cost.sh needs valgrind (apt-get install valgrind)" >&2; exit 2; }
if [ -z "${PARSE_COST_BIN:-}" ]; then
    swift build -c release --product ParseCost >&2
fi
bin="${PARSE_COST_BIN:-$(swift build -c release --show-bin-path)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$bin/ParseCost" "$work/ParseCost"
strip --strip-debug "$work/ParseCost"  # valgrind 3.19 cannot read Swift 6's DWARF 5
export SWIFT_DETERMINISTIC_HASHING=1

total() { sed -n 's/^summary: //p; s/^totals: //p' "$1" | head -1; }
count() {  # name kind times [text]
    local name="$1" kind="$2" n="$3"
    shift 3
    local extra=()
    [ $# -gt 0 ] && extra=(--text "$1")
    valgrind --tool=callgrind --callgrind-out-file="$work/$name.out" --dump-instr=no --dump-line=no \
        "$work/ParseCost" --only "$kind" --times "$n" "${extra[@]}" >"$work/$name.txt" 2>"$work/$name.log" \
        || { cat "$work/$name.log" >&2; exit 1; }
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); binary: release, $(swift --version 2>/dev/null | head -1), valgrind $(valgrind --version | sed 's/valgrind-//')"
for kind in full time; do
    [ -n "$only" ] && [ "$only" != "$kind" ] && continue
    count "$kind-0" "$kind" 0
    base="$(total "$work/$kind-0.out")"
    if [ "$kind" = full ]; then
        mapfile -t texts < <(sed -n '/static let understanding/,/]/p' scripts/perf/BenchmarkTexts/BenchmarkTexts.swift | sed -n 's/^ *"\(.*\)",$/\1/p')
    else
        mapfile -t texts < <(sed -n '/static let time = /,/]/p' scripts/perf/BenchmarkTexts/BenchmarkTexts.swift | sed -n 's/^ *"\(.*\)",$/\1/p')
    fi
    if [ -n "$mode" ]; then
        count "$kind-all" "$kind" "$times"
        mean=$(( ($(total "$work/$kind-all.out") - base) / (times * ${#texts[@]}) ))
        echo "$kind parse: $mean instructions per parse, mean of ${#texts[@]} texts"
        echo "$kind $mean" >>"$work/means"
        continue
    fi
    echo "$kind parse, instructions per parse ($times parses of each text):"
    sum=0
    for i in "${!texts[@]}"; do
        count "$kind-$i" "$kind" "$times" "${texts[$i]}"
        per=$(( ($(total "$work/$kind-$i.out") - base) / times ))
        sum=$((sum + per))
        printf '  %9d  %s\n' "$per" "${texts[$i]}"
    done
    printf '  %9d  mean of %d texts\n' $((sum / ${#texts[@]})) "${#texts[@]}"
    if [ "$top" -gt 0 ]; then
        count "$kind-all" "$kind" "$times"
        echo "  costliest functions, own instructions per parse over all texts:"
        python3 - "$work/$kind-all.out" "$work/$kind-0.out" "$((times * ${#texts[@]}))" "$top" <<'PY' | swift demangle --simplified | cut -c1-160
import re, sys
from collections import defaultdict
def own(path):
    costs = defaultdict(int); names = {}; current = None; in_call = False
    for line in open(path):
        m = re.match(r"(c?)fn=\((\d+)\)(?: (.*))?", line)
        if m:
            if m.group(3): names[m.group(2)] = m.group(3)
            if not m.group(1): current = names.get(m.group(2)); in_call = False
            continue
        if line.startswith("calls="): in_call = True; continue
        if current and line[:1] in "0123456789+-*":
            if in_call: in_call = False; continue
            parts = line.split()
            if len(parts) > 1: costs[current] += int(parts[1])
    return costs
with_parses, setup = own(sys.argv[1]), own(sys.argv[2])
n, k = int(sys.argv[3]), int(sys.argv[4])
rows = sorted(((c - setup.get(f, 0)) / n, f) for f, c in with_parses.items())[::-1][:k]
for cost, name in rows: print(f"  {cost:9.0f}  {name}")
PY
    fi
done

baseline_file=scripts/perf/parse-cost.baseline
case "$mode" in
    write)
        {
            echo "# Instructions per parse (mean over the benchmarks' SMS texts) of scripts/perf/parse-cost.sh --times $times,"
            echo "# written by --write. .ci/run fails when a kind costs more than 10 % above its line; raise it in the commit that means to."
            cat "$work/means"
        } >"$baseline_file"
        echo "wrote $baseline_file"
        ;;
    check)
        status=0
        while read -r kind measured; do
            baseline="$(awk -v k="$kind" '$1 == k { print $2 }' "$baseline_file")"
            [ -n "$baseline" ] || { echo "no baseline for $kind in $baseline_file" >&2; status=1; continue; }
            limit=$((baseline + baseline / 10))
            if [ "$measured" -gt "$limit" ]; then
                echo "$kind parse costs $measured instructions, more than 10 % above the baseline $baseline" >&2
                status=1
            else
                echo "$kind parse $measured instructions: within 10 % of the baseline $baseline"
            fi
        done <"$work/means"
        exit "$status"
        ;;
esac
