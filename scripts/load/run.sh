#!/usr/bin/env bash
# The webhook load run: a release `booking serve` on a fresh SQLite file with a fixed --now, driven by
# AgentLoad (1000 concurrent ClubOS conversations, each booking in 3-4 turns: "can i book a bay at
# <location> <day>", a time, then YES to the summary or "1" to the alternatives and YES; for 60 s), then checked
# from the database: no bay has overlapping confirmed bookings, and every confirmed booking's ref was
# in a reply the load generator received.
#
#   scripts/load/run.sh [--conversations N] [--seconds S] [--rate TURNS_PER_SECOND] [--postgres]
#
# --postgres serves from a throwaway PostgreSQL server (initdb + pg_ctl from Debian's postgresql, default
# settings, as user postgres when run as root) instead of a SQLite file.
#
# Everything stays on 127.0.0.1. Needs sqlite3 (Debian: sqlite3), or psql with --postgres.
set -euo pipefail
cd "$(dirname "$0")/../.."

conversations=1000
seconds=60
rate=3000
postgres=""
while [ $# -gt 0 ]; do
    case "$1" in
        --postgres) postgres=1; shift ;;
        --conversations) conversations="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --rate) rate="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

. scripts/lib/throwaway-postgres.sh
if [ -z "$postgres" ]; then
    command -v sqlite3 >/dev/null || { echo "scripts/load/run.sh needs sqlite3 (apt-get install sqlite3)" >&2; exit 2; }
fi
# LOAD_BIN=<dir> reuses release binaries built elsewhere (a second build folder) instead of building here.
if [ -z "${LOAD_BIN:-}" ]; then
    swift build -c release --product booking
    swift build -c release --product AgentLoad
fi
bin="${LOAD_BIN:-$(swift build -c release --show-bin-path)}"

work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; stop_throwaway_postgres; rm -rf "$work"' EXIT
db="$work/load.sqlite"
port=18080
# The checks below, in the database's own client.
query() { sqlite3 "$db" "$1"; }
if [ -n "$postgres" ]; then
    start_throwaway_postgres "$work" 18432
    db="$(throwaway_database load)"
    query() { "$pg_bin/psql" -h 127.0.0.1 -p 18432 -U booking -d load -At -c "$1"; }
fi
now="2026-11-25T10:00:00-04:00"
timestamp="$(date -d "$now" +%s)"
export CLUBOS_WEBHOOK_SECRET="load-run-secret"
export TWILIO_AUTH_TOKEN="load-run-token"

# One flow is 4 turns from a new phone, so the per-sender limit is not what is measured here.
"$bin/booking" serve --db "$db" --config Config/club.yaml --grammars Grammars --now "$now" \
    --port "$port" --log-level warning >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done

# Which machine, and how busy, heads every report: a load figure means little without it.
echo "machine            $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
TIMEFORMAT="generator CPU        %U s user + %S s system over %R s"
time "$bin/AgentLoad" --port "$port" --conversations "$conversations" --seconds "$seconds" --rate "$rate" \
    --secret "$CLUBOS_WEBHOOK_SECRET" --timestamp "$timestamp" --refs "$work/refs.txt" --timeline "$work/timeline.txt"
echo "slowest seconds (second, turns sent, p50, p99, max in ms):"
sed 1d "$work/timeline.txt" | sort -k4 -g -r | head -3 | sed 's/^/    /'

# utime + stime of the server, in clock ticks: how much of the two cores the server took.
ticks="$(awk '{print $14 + $15}' "/proc/$server/stat")"
echo "server CPU           $((ticks / $(getconf CLK_TCK))) s"
kill -TERM "$server"; wait "$server" || true

echo "--- checks from the database"
overlaps="$(query "
    SELECT COUNT(*) FROM bookings a JOIN bookings b
      ON a.location_id = b.location_id AND a.bay = b.bay AND a.ref < b.ref
     AND a.start_utc < b.end_utc AND b.start_utc < a.end_utc
     WHERE a.status = 'confirmed' AND b.status = 'confirmed';")"
confirmed="$(query "SELECT COUNT(*) FROM bookings WHERE status = 'confirmed';")"
query "SELECT ref FROM bookings WHERE status = 'confirmed' ORDER BY ref;" | LC_ALL=C sort >"$work/db-refs.txt"
LC_ALL=C sort -u "$work/refs.txt" | sed '/^$/d' >"$work/delivered.txt"
undelivered="$(LC_ALL=C comm -23 "$work/db-refs.txt" "$work/delivered.txt" | wc -l)"
answered="$(query "SELECT COUNT(*) FROM processed_messages;")"
echo "confirmed bookings       $confirmed"
echo "overlapping pairs        $overlaps"
echo "booked without a reply   $undelivered"
echo "messages in the log      $answered"
[ "$overlaps" = 0 ] && [ "$undelivered" = 0 ] || { echo "FAILED"; exit 1; }
echo "OK"
