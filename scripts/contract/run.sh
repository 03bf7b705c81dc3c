#!/usr/bin/env bash
# The webhook contract under attack (issue 16): schemathesis generates requests from
# openapi/clubos-webhook.yaml and sends them to a real `booking serve` (a fresh SQLite file, a fixed --now,
# a rate limit high enough that every request is a real turn), signed over the exact bytes sent by
# scripts/contract/hooks.py, both webhooks (ClubOS V3 JSON and Twilio forms) plus /healthz and /metrics.
#
#   scripts/contract/run.sh [--examples N] [--seed S]
#
# Two schemathesis runs, each with its coverage and fuzzing phases: one of valid requests (N generated per
# route, default 800: real turns with arbitrary ids, names, text and extra fields, a few real phones and
# customer words mixed in by the hooks) and one of schema-violating requests (N/2 per route: wrong types,
# missing fields, over-long strings, malformed JSON). About 1 in 8 requests goes out with a forged or
# missing signature. Fails (exit 1, with schemathesis's curl reproduction) when any response
#   - is a 5xx, or no response comes within 10 s                   (not_a_server_error, request timeout)
#   - has a status, content type, headers or body the schema does not declare
#                        (status_code_conformance, content_type_conformance, response_headers_conformance,
#                         response_schema_conformance)
#   - accepts a request the schema forbids, or a request missing a required header  (negative_data_rejection,
#                                                                                    missing_required_header)
#   - answers a forged or unsigned request with anything but 401   (forged_signature_refused, hooks.py)
#   - refuses a correctly signed one with 401                      (signed_request_not_refused, hooks.py)
#   - or when neither webhook answered a signed request with 200   (every_route_answered, hooks.py),
# or when, after all that, GET /healthz is not 200 {"status":"ok"} or the server does not exit 0 on SIGTERM.
# It prints the requests sent per route and status.
#
# BOOKING_BIN=<path to booking> uses a binary built elsewhere (.ci/run passes its debug build); otherwise
# this builds `booking` (debug). The schemathesis venv is .venv-contract (created on first use; needs
# python3-venv and PyPI). CONTRACT_SEED=<n> repeats a run's generation (schemathesis prints its seed).
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"

examples=800
seed="${CONTRACT_SEED:-}"
while [ $# -gt 0 ]; do
    case "$1" in
        --examples) examples="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
schemathesis_version=4.32.5
venv="$root/.venv-contract"
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -qF "$schemathesis_version"; then
    python3 -m venv "$venv" \
        || { echo "run.sh needs python3's venv module (Debian: apt-get install python3-venv)" >&2; exit 2; }
    "$venv/bin/pip" install --quiet "schemathesis==$schemathesis_version"
fi

if [ -z "${BOOKING_BIN:-}" ]; then
    swift build --product booking
fi
bin="${BOOKING_BIN:-$(swift build --show-bin-path)/booking}"
[ -x "$bin" ] || { echo "run.sh: no booking binary at $bin" >&2; exit 2; }
SECONDS=0  # the contract step's time, without the venv and the build

work="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
        kill -TERM "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

now=2026-11-25T10:00:00-04:00
export CLUBOS_WEBHOOK_SECRET="contract-clubos-secret"
export TWILIO_AUTH_TOKEN="contract-twilio-token"
export BOOKING_PUBLIC_URL="https://agent.example.com"
# The server checks ClubOS timestamps against its own clock, which --now fixes.
CONTRACT_NOW_UNIX=$(python3 -c "import datetime, sys; print(int(datetime.datetime.fromisoformat(sys.argv[1]).timestamp()))" \
    "$now")
export CONTRACT_NOW_UNIX

: >"$work/serve.log"
"$bin" serve --port 0 --db "$work/contract.sqlite" --config Config/club.yaml --grammars Grammars \
    --now "$now" --tz America/Halifax --no-outbox --rate-limit 1000000 --rate-burst 1000000 \
    >"$work/serve.log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 300); do
    port=$(sed -n 's/.*listening host=[^ ]* port=\([0-9]*\).*/\1/p' "$work/serve.log" | head -1)
    [ -n "$port" ] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$port" ]; then
    echo "run.sh: booking serve did not start:" >&2
    cat "$work/serve.log" >&2
    exit 1
fi
url="http://127.0.0.1:$port"

healthy() {  # GET /healthz is 200 {"status": "ok", "database": "ok"}
    python3 - "$url/healthz" <<'EOF'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=10) as response:
    document = json.load(response)
    assert response.status == 200 and document == {"status": "ok", "database": "ok"}, (response.status, document)
EOF
}
for _ in $(seq 1 100); do healthy 2>/dev/null && break; sleep 0.1; done
healthy

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance
checks+=,response_schema_conformance,negative_data_rejection,missing_required_header
checks+=,forged_signature_refused,signed_request_not_refused
status=0
attack() {  # attack MODE EXAMPLES CHECKS: one schemathesis run, its counts in $work/counts-MODE.json
    local mode="$1" n="$2" checks="$3"
    echo "== schemathesis: $mode requests, $n per route"
    # Run from $work, so that schemathesis's and Hypothesis's caches stay out of the repository.
    (cd "$work" && CONTRACT_COUNTS="$work/counts-$mode.json" SCHEMATHESIS_HOOKS="$root/scripts/contract/hooks.py" \
        timeout 600 "$venv/bin/schemathesis" run "$root/openapi/clubos-webhook.yaml" --url "$url" \
        --phases coverage,fuzzing --mode "$mode" --max-examples "$n" --checks "$checks" \
        --workers 2 --request-timeout 10 --generation-database none ${seed:+--seed "$seed"}) || status=1
}
# Valid requests must also have run real turns on both webhooks (every_route_answered).
attack positive "$examples" "$checks,every_route_answered"
attack negative "$((examples / 2))" "$checks"

echo "== after the attack"
if healthy; then
    echo "GET /healthz: 200 {\"status\":\"ok\",\"database\":\"ok\"}"
else
    echo "FAIL: GET /healthz is not 200 ok after the run" >&2
    status=1
fi
kill -TERM "$server"
exit_code=0
wait "$server" || exit_code=$?
server=""
if [ "$exit_code" -ne 0 ]; then
    echo "FAIL: booking serve exited $exit_code on SIGTERM; its log ends:" >&2
    tail -20 "$work/serve.log" >&2
    status=1
else
    echo "booking serve stopped on SIGTERM with exit 0"
fi

# Fewer requests than 2.5 per example asked for means generation stopped short: say so, and fail.
python3 - "$((examples * 5 / 2))" "$work"/counts-*.json <<'EOF' || status=1
import collections, json, sys
routes, statuses, forged = collections.Counter(), collections.Counter(), collections.Counter()
least = int(sys.argv[1])
for path in sys.argv[2:]:
    try:
        rows = json.load(open(path))
    except (OSError, ValueError):
        continue
    for row in rows:
        route = f"{row['method']} {row['path']}"
        routes[route] += row["count"]
        statuses[(route, row["status"])] += row["count"]
        if row["kind"] != "signed":
            forged[route] += row["count"]
print(f"requests sent: {sum(routes.values())}")
for route, count in routes.most_common():
    if count < 5:
        continue
    split = ", ".join(f"{s}: {c}" for (r, s), c in sorted(statuses.items()) if r == route)
    extra = f"; {forged[route]} forged or unsigned" if forged[route] else ""
    print(f"  {route}: {count} ({split}{extra})")
others = sum(c for c in routes.values() if c < 5)
if others:
    print(f"  other methods and routes (undeclared-method probes, health, metrics): {others}")
if sum(routes.values()) < least:
    sys.exit(f"FAIL: {sum(routes.values())} requests sent, fewer than the {least} expected")
EOF
echo "contract step: ${SECONDS} s on $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1))"
if [ "$status" -ne 0 ]; then
    echo "FAIL: the webhook contract does not hold (see above)" >&2
fi
exit "$status"
