#!/usr/bin/env python3
"""The three measures issue 12 takes on a public reservation corpus, over our look-alike working file.

Reads an utterance fixture file (default Fixtures/utterances/en/wild/other-domain.yaml), parses every text
with `booking parse --json`, and prints: reservation requests recognised as book/availability, out-of-domain
requests kept out (unknown, help, greeting, thanks or human), and party size right where one is given.
Usage: scripts/corpus/reservation-measures.py [--booking .build/debug/booking] [file.yaml]
"""
import json, subprocess, sys

try:
    import yaml
except ImportError:
    sys.exit("needs PyYAML (pip install pyyaml)")

args = sys.argv[1:]
booking = ".build/debug/booking"
if args[:1] == ["--booking"]:
    booking, args = args[1], args[2:]
path = args[0] if args else "Fixtures/utterances/en/wild/other-domain.yaml"
doc = yaml.safe_load(open(path))
defaults = doc.get("defaults", {})
cases = doc["cases"]
lines = "\n".join(case["text"].replace("\n", " ") for case in cases) + "\n"
out = subprocess.run(
    [booking, "parse", "--json", "--now", defaults["now"], "--tz", defaults["tz"]],
    input=lines, capture_output=True, text=True, check=True,
).stdout.splitlines()
requests = recognised = ood = rejected = parties = parties_right = 0
for case, line in zip(cases, out):
    got = json.loads(line)
    if case["intent"] in ("book", "availability"):
        requests += 1
        recognised += got["intent"] in ("book", "availability")
        want = (case.get("slots") or {}).get("party_size")
        if want is not None:
            parties += 1
            parties_right += got.get("slots", {}).get("party_size") == want
    else:
        ood += 1
        rejected += got["intent"] in ("unknown", "help", "greeting", "thanks", "human")
pct = lambda a, b: f"{100 * a / max(b, 1):.1f} % ({a}/{b})"
print(f"reservation requests recognised as book/availability: {pct(recognised, requests)}")
print(f"out-of-domain requests kept out: {pct(rejected, ood)}")
print(f"party size right where given: {pct(parties_right, parties)}")
