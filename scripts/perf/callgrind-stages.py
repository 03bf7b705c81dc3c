#!/usr/bin/env python3
"""Instructions per turn by stage, from two callgrind files of TurnCost: one with N turns, one with none.

Every function's own instructions (exclusive Ir) are given to a stage by the module that compiled it (the
module in its Swift mangled name, else the shared object it lives in); the setup run's counts are taken
away, and the rest divided by N. The runtime, allocator and Foundation get lines of their own: they are
spent on behalf of every stage, and cutting them (fewer allocations, retains, copies) is part of the work.

    callgrind-stages.py TURNS WITH_TURNS.out SETUP.out [--top K]

--top K also lists the K functions of the stages with the most instructions per turn, their own plus the
shared code charged to them (names as mangled; pipe through `swift demangle --simplified`).
"""
import re
import sys
from collections import defaultdict

# Stage of a Swift module, read from "$s<length><Module>" at the start of a mangled name.
MODULE_STAGES = {
    "AgentServer": "http", "Hummingbird": "http", "HummingbirdCore": "http", "HTTPTypes": "http",
    "NIOCore": "http", "NIOPosix": "http", "NIOEmbedded": "http", "NIOHTTP1": "http", "NIOHTTPTypes": "http",
    "NIOHTTPTypesHTTP1": "http", "NIOConcurrencyHelpers": "http", "NIOExtras": "http", "Crypto": "http",
    "CryptoBoringWrapper": "http", "Logging": "http", "Metrics": "http", "CoreMetrics": "http",
    "Prometheus": "http", "ServiceLifecycle": "http", "Tracing": "http", "Instrumentation": "http",
    "ServiceContextModule": "http", "AsyncAlgorithms": "http", "Atomics": "http", "DequeModule": "http",
    "_NIODataStructures": "http", "_NIOBase64": "http", "NIOTLS": "http", "HummingbirdRouter": "http",
    "Understanding": "parse", "TimeExpressions": "parse",
    "Dialogue": "dialogue",
    "BookingEngine": "rules", "BookingCore": "rules", "ClubConfig": "rules",
    "BookingStoreSQLite": "store", "GRDB": "store",
    # PostgreSQL's client; the NIO it runs on is counted with HTTP (the module cannot tell them apart).
    "BookingStorePostgres": "store", "PostgresNIO": "store", "_ConnectionPoolModule": "store",
    "TurnCost": "client", "Yams": "client",
    "Foundation": "foundation", "FoundationEssentials": "foundation", "FoundationInternationalization": "foundation",
}
OBJECT_STAGES = [
    (r"libsqlite3", "store"),
    (r"libFoundation|lib_Foundation|libicu", "foundation"),
    (r"libswiftCore|libswift_Concurrency|libswift_StringProcessing|libswiftSynchronization|libdispatch|libBlocksRuntime|libswiftDispatch|libswift_RegexParser", "runtime"),
    (r"libc\.so|libc-|ld-linux|libm\.so|libstdc\+\+|libgcc|vdso", "libc"),
]
STAGE_NAMES = [
    ("http", "HTTP, signature and JSON (AgentServer, Hummingbird, NIO, Crypto, logging)"),
    ("parse", "parse (Understanding, TimeExpressions)"),
    ("dialogue", "dialogue (machine, driver, wording, state JSON)"),
    ("rules", "rules and availability (BookingEngine, BookingCore)"),
    ("store", "store (BookingStoreSQLite, GRDB, SQLite; or BookingStorePostgres, PostgresNIO)"),
    ("runtime", "Swift runtime and standard library (retain/release, generics, tasks)"),
    ("foundation", "Foundation (JSON, dates, formatting)"),
    ("libc", "libc (malloc/free, memcpy)"),
    ("client", "the replay's own requests (building and signing them)"),
    ("other", "other"),
]
# A C function compiled into the binary: name prefixes that say whose it is.
C_STAGES = [("CCryptoBoringSSL", "http"), ("c_nio", "http"), ("sqlite3", "store")]


def stage_of(function: str, obj: str) -> str:
    match = re.match(r"_?\$s(\d+)([A-Za-z_][A-Za-z0-9_]*)", function)
    if match:
        length = int(match.group(1))
        module = match.group(2)[:length]
        if module in MODULE_STAGES:
            return MODULE_STAGES[module]
    elif function.startswith(("$sS", "_$sS")):
        return "runtime"
    for prefix, stage in C_STAGES:
        if function.startswith(prefix):
            return stage
    for pattern, stage in OBJECT_STAGES:
        if re.search(pattern, obj):
            return stage
    if function.startswith(("$s", "_$s")):
        return "runtime"  # a standard-library generic specialised into the binary ($sSa..., $sSD...)
    return "other"


SHARED = {"runtime", "foundation", "libc", "other"}


def read(path: str):
    """Instructions per stage from a callgrind output file, and the file's total.

    A stage's figure is the instructions of its own code plus the shared code it called: every
    function of the runtime, libc or Foundation passes its own instructions up to its callers in
    proportion to what each call cost, until they reach a stage's function. What reaches no stage
    (a worker thread's scheduling loop) stays on its shared line.
    """
    names = {"ob": {}, "fn": {}}
    own = defaultdict(int)  # (object, function) -> exclusive Ir
    callers = defaultdict(lambda: defaultdict(int))  # callee -> caller -> inclusive Ir of those calls
    total = 0
    obj = function = callee_obj = callee = ""
    in_call = False
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                continue
            head, _, value = line.partition("=")
            if head in ("ob", "fn", "cob", "cfn"):
                table = "ob" if head in ("ob", "cob") else "fn"
                match = re.match(r"\((\d+)\)(?: (.*))?", value)
                if match:
                    key, text = match.group(1), match.group(2)
                    if text is not None:
                        names[table][key] = text
                    value = names[table].get(key, "")
                if head == "ob":
                    obj = value
                    callee_obj = value
                elif head == "fn":
                    function = value
                    callee_obj = obj
                elif head == "cob":
                    callee_obj = value
                else:
                    callee = value
                continue
            if head == "calls":
                in_call = True
                continue
            if line[0].isdigit() or line[0] in "+-*":
                parts = line.split()
                if len(parts) < 2:
                    continue
                cost = int(parts[1])
                if in_call:
                    in_call = False
                    callers[(callee_obj, callee)][(obj, function)] += cost
                    callee_obj = obj
                else:
                    own[(obj, function)] += cost
                    total += cost
    stages = defaultdict(int)
    charged = defaultdict(float)  # a stage's function -> its own Ir plus the shared Ir charged to it
    pending = defaultdict(float)
    for key, cost in own.items():
        stage = stage_of(key[1], key[0])
        stages[("own", stage)] += cost
        if stage in SHARED:
            pending[key] += cost
        else:
            stages[("all", stage)] += cost
            charged[key] += cost
    for _ in range(60):
        if not pending:
            break
        moving, pending = pending, defaultdict(float)
        for key, amount in moving.items():
            inbound = callers.get(key)
            weight = sum(inbound.values()) if inbound else 0
            if not weight:
                stages[("all", stage_of(key[1], key[0]))] += amount
                continue
            for caller, cost in inbound.items():
                share = amount * cost / weight
                stage = stage_of(caller[1], caller[0])
                if stage in SHARED:
                    if caller != key:
                        pending[caller] += share
                    else:
                        stages[("all", stage)] += share
                else:
                    stages[("all", stage)] += share
                    charged[caller] += share
    for key, amount in pending.items():
        stages[("all", stage_of(key[1], key[0]))] += amount
    return stages, total, charged


def main() -> int:
    turns = int(sys.argv[1])
    with_turns, with_total, with_own = read(sys.argv[2])
    setup, setup_total, setup_own = read(sys.argv[3])
    per_turn = (with_total - setup_total) / turns
    print(f"instructions per turn: {per_turn:,.0f}")
    print(f"  {'with what it calls':>18}  {'share':>7}  {'own code':>10}  stage")
    for key, title in STAGE_NAMES:
        spent = (with_turns[("all", key)] - setup[("all", key)]) / turns
        mine = (with_turns[("own", key)] - setup[("own", key)]) / turns
        if abs(spent) < 1 and abs(mine) < 1:
            continue
        if key in SHARED:  # charged to the stages above; what reached none stays here
            spent = max(spent, 0)
        share = 100 * spent / per_turn if per_turn else 0
        print(f"  {spent:>18,.0f}  {share:5.1f} %  {mine:>10,.0f}  {title}")
    if "--top" in sys.argv:
        count = int(sys.argv[sys.argv.index("--top") + 1])
        rows = sorted(
            ((cost - setup_own.get(key, 0)) / turns, key) for key, cost in with_own.items()
        )[::-1][:count]
        print(f"the {count} functions with the most instructions per turn (own and shared code charged to them):")
        for cost, (obj, function) in rows:
            print(f"  {cost:>10,.0f}  {stage_of(function, obj):<10} {function} [{obj.rsplit('/', 1)[-1]}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
