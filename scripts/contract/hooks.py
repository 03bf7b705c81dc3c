"""Schemathesis hooks for scripts/contract/run.sh: sign what is sent, forge some on purpose, count it all.

Loaded with SCHEMATHESIS_HOOKS=scripts/contract/hooks.py (schemathesis 4.x). Settings come from the
environment run.sh exports:

  CLUBOS_WEBHOOK_SECRET, TWILIO_AUTH_TOKEN, BOOKING_PUBLIC_URL   the server's own secrets and public URL
  CONTRACT_NOW_UNIX        the server's --now as Unix seconds: ClubOS timestamps are checked against its clock
  CONTRACT_FORGE_EVERY     every Nth request per route goes out unsigned or forged (default 8)
  CONTRACT_COUNTS          a JSON file written at exit: requests sent per route and status

Every request's body is turned into its final bytes here (`case.body` becomes those bytes, which the
transport sends as they are), and the signature is computed over exactly those bytes:

  POST /v1/clubos/messages  X-ClubOS-Timestamp, X-ClubOS-Signature: sha256=<hex HMAC-SHA256 of "<ts>.<body>">
  POST /v1/sms/twilio       X-Twilio-Signature: base64 HMAC-SHA1 of BOOKING_PUBLIC_URL + path + the form's
                            parameters (decoded as the server decodes them) sorted by name then value

Unsigned and forged requests: a case in which the coverage phase made a signature header missing or
malformed on purpose goes out as generated; of the fuzzing phase's negative cases that lack a signature header
(most of the Twilio ones), one in four goes out unsigned and the rest are signed (schemathesis then judges them
by what is sent); and every CONTRACT_FORGE_EVERY-th request gets a forged signature (wrong secret, another body,
stale, future or malformed timestamp, upper-case hex, no headers). All of these carry `X-Contract-Forged: <how>`.

Checks added to schemathesis's own:
  forged_signature_refused    an unsigned or forged request gets 401 (or the refusal the server gives before it
                              looks at the signature: 413 over 16 kB, 400 for a form that does not decode)
  signed_request_not_refused  a correctly signed request is never 401, so a broken signer cannot pass the run
                              off as a wall of refusals
  every_route_answered        each webhook answered at least one signed request with 200: real turns ran

`map_body` gives three generated bodies in four a real phone (the schema allows any string, which the server
refuses as "not a phone number"), and a third of those a customer's words in one of six threads, so that
conversations book, offer alternatives and confirm; everything else stays as generated.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import hmac
import json
import os
import threading
import time
import zlib
from collections import Counter
from typing import Any
from urllib.parse import quote, quote_plus

import schemathesis
from schemathesis.core.parameters import ParameterLocation

CLUBOS_PATH = "/v1/clubos/messages"
TWILIO_PATH = "/v1/sms/twilio"
FORGED_HEADER = "X-Contract-Forged"
MAX_BODY_BYTES = 16 * 1024

CLUBOS_SECRET = os.environ["CLUBOS_WEBHOOK_SECRET"].encode()
TWILIO_TOKEN = os.environ["TWILIO_AUTH_TOKEN"].encode()
PUBLIC_URL = os.environ["BOOKING_PUBLIC_URL"].rstrip("/")
NOW = int(os.environ.get("CONTRACT_NOW_UNIX") or time.time())
FORGE_EVERY = int(os.environ.get("CONTRACT_FORGE_EVERY", "8"))
COUNTS_FILE = os.environ.get("CONTRACT_COUNTS")

_lock = threading.Lock()
_sent: Counter[str] = Counter()  # requests per route, to pick every Nth for forging
_answered: Counter[tuple[str, str, int, str, str]] = Counter()  # method, path, status, signed|forged, error


def _route(case: Any) -> str:
    return f"{case.method.upper()} {case.operation.path}"


# --- the bytes on the wire ---------------------------------------------------------------------------


def _wire_text(value: Any) -> str:
    """A form value as text: strings as they are, anything else in its JSON spelling (as schemathesis does)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return json.dumps(value, ensure_ascii=False)


def _json_bytes(value: Any, variant: int) -> bytes:
    """JSON in one of three spellings, all valid: ASCII with \\u escapes, raw UTF-8, and compact raw UTF-8."""
    if variant % 3 == 0:
        return json.dumps(value).encode()
    if variant % 3 == 1:
        return json.dumps(value, ensure_ascii=False).encode("utf-8", errors="surrogatepass")
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", errors="surrogatepass")


def _form_bytes(value: Any, variant: int) -> bytes:
    """A form body: `+` or `%20` for spaces in turn; lists give repeated names."""
    pairs: list[tuple[str, str]] = []
    for name, item in value.items():
        for one in item if isinstance(item, list) else [item]:
            pairs.append((_wire_text(name), _wire_text(one)))
    encode = quote_plus if variant % 2 == 0 else quote
    return "&".join(
        f"{encode(n.encode('utf-8', errors='surrogatepass'), safe='')}"
        f"={encode(v.encode('utf-8', errors='surrogatepass'), safe='')}"
        for n, v in pairs
    ).encode("ascii")


def _final_body(case: Any, variant: int) -> bytes | None:
    """The exact bytes this case will send (None: no body), after making `case.body` those bytes."""
    sent = case.as_transport_kwargs()
    if "json" in sent:
        body = _json_bytes(sent["json"], variant)
    elif "data" in sent and sent["data"] is not None:
        data = sent["data"]
        if isinstance(data, bytes):
            body = data
        elif isinstance(data, str):
            body = data.encode("utf-8", errors="surrogatepass")
        elif isinstance(data, dict):
            body = _form_bytes(data, variant)
        else:  # not a body this script knows how to pin down: leave it to schemathesis, sign nothing
            return None
    else:
        return None
    # Whether the request is valid or deliberately invalid is judged on the generated value (after `map_body`
    # gave it a real phone, which can turn a negative case into a positive one), not on its bytes, which the
    # schema cannot read: `negative_data_rejection` relies on that verdict. Private API of the pinned version,
    # the same calls schemathesis makes for a value a `before_call` hook edits.
    meta = case._meta
    if meta is not None and ParameterLocation.BODY in meta.components:
        if isinstance(case.body, dict) and case.media_type == "application/x-www-form-urlencoded":
            # A form carries only text, and the server reads a name's first value: judge what it will see, not
            # the generated types (a number 0.0 arrives as the string "0.0", which the schema allows).
            seen: dict[str, str] = {}
            for name, value in form_parameters(body) or []:
                seen.setdefault(name, value)
            case.body = seen
        meta.mark_dirty(ParameterLocation.BODY)
        case.operation.schema.revalidate_case_metadata(case)
    case.body = body  # the transport sends bytes as they are: what is signed is what goes out
    if meta is not None and ParameterLocation.BODY in meta.components:
        meta.clear_dirty(ParameterLocation.BODY)  # assigning marked it; the verdict above stands
    return body


# --- signatures --------------------------------------------------------------------------------------


def clubos_signature(timestamp: str, body: bytes, secret: bytes = CLUBOS_SECRET) -> str:
    return "sha256=" + hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _form_decode(part: bytes) -> str | None:
    """One name or value as Sources/AgentServer/SMS/FormBody.swift decodes it; None where it refuses."""
    out = bytearray()
    i = 0
    while i < len(part):
        byte = part[i]
        if byte == ord("+"):
            out.append(ord(" "))
        elif byte == ord("%"):
            hexdigits = part[i + 1 : i + 3]
            if len(hexdigits) < 2 or not all(chr(c) in "0123456789abcdefABCDEF" for c in hexdigits):
                return None
            out.append(int(hexdigits, 16))
            i += 2
        else:
            out.append(byte)
        i += 1
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        return None


def form_parameters(body: bytes) -> list[tuple[str, str]] | None:
    """The form's name/value pairs as the server reads them; None for a body it refuses (400)."""
    pairs = []
    for pair in body.split(b"&"):
        if not pair:
            continue
        name, sep, value = pair.partition(b"=")
        decoded_name = _form_decode(name)
        decoded_value = _form_decode(value) if sep else ""
        if decoded_name is None or decoded_value is None:
            return None
        pairs.append((decoded_name, decoded_value))
    return pairs


def twilio_signature(url: str, parameters: list[tuple[str, str]], token: bytes = TWILIO_TOKEN) -> str:
    ordered = sorted(parameters, key=lambda p: (p[0].encode(), p[1].encode()))
    text = url + "".join(name + value for name, value in ordered)
    return base64.b64encode(hmac.new(token, text.encode(), hashlib.sha1).digest()).decode()


# --- the hooks ---------------------------------------------------------------------------------------

# A phone the schema allows is any string, so nearly every generated one is refused (400, "not a phone number")
# and no turn would run. Three generated bodies in four get one of a few real phones instead, and one in three
# of those a customer's words, so that conversations book, offer alternatives and confirm, and those replies
# meet the schema too; the rest of each body stays as generated.
PHONES = [f"+1902555{n:04d}" for n in range(1, 13)] + ["(902) 555-0199", "902.555.0188", "1-902-555-0177"]
WORDS = [
    "can i book a bay at bedford tomorrow at 7", "book dartmouth friday 6pm for 2 hrs, 4 of us", "yes", "YES",
    "1", "2", "no", "cancel", "cancel my booking", "move it to 8", "extend by an hour", "what are your hours",
    "how much is a bay", "my bookings", "hi", "thanks", "help", "talk to a person", "tmrw 7pm", "at 9",
    "no, Dartmouth", "STOP", "START", "HELP", "can i get a bay tmrw at 7 for 2 hrs, 4 of us",
]
LOCATIONS = ["bedford", "dartmouth", "nowhere"]


def _pick(items: list, seed: int) -> Any:
    return items[seed % len(items)]


@schemathesis.hook
def map_body(context, body):
    if context.operation is None or not isinstance(body, dict):
        return body
    seed = zlib.crc32(repr(sorted(body.items(), key=lambda kv: repr(kv[0]))).encode("utf-8", "surrogatepass"))
    if seed % 4 == 0:
        return body
    path = context.operation.path
    if path == CLUBOS_PATH and isinstance(body.get("customer"), dict):
        body = dict(body, customer=dict(body["customer"], phone=_pick(PHONES, seed >> 2)))
        if seed % 3 == 0 and isinstance(body.get("content"), str):
            # A few threads, so that "book ..." and a later "yes" meet in one conversation.
            body["content"] = _pick(WORDS, seed >> 4)
            body["thread_id"] = f"contract-{(seed >> 9) % 6}"
            body["message_id"] = f"contract-{seed}"
        if seed % 5 == 0:
            body["location_id"] = _pick(LOCATIONS, seed >> 6)
    elif path == TWILIO_PATH and isinstance(body.get("From"), str):
        body = dict(body, From=_pick(PHONES, seed >> 2))
        if seed % 3 == 0 and isinstance(body.get("Body"), str):
            body["Body"] = _pick(WORDS, seed >> 4)
    return body


CLUBOS_FORGERIES = ["wrong_secret", "other_body", "stale_timestamp", "future_timestamp", "malformed_timestamp",
                    "upper_case_hex", "no_headers"]
TWILIO_FORGERIES = ["wrong_token", "other_url", "other_parameters", "empty_signature", "no_header"]


def _set_header(case: Any, name: str, value: str | None) -> None:
    if value is None:
        for key in [k for k in case.headers if k.lower() == name.lower()]:
            del case.headers[key]
    else:
        _set_header(case, name, None)
        case.headers[name] = value


def _has_header(case: Any, name: str) -> bool:
    return any(k.lower() == name.lower() for k in (case.headers or {}))


SIGNATURE_HEADERS = {"x-clubos-timestamp", "x-clubos-signature", "x-twilio-signature"}


def _signature_probe(case: Any) -> str | None:
    """The coverage phase's scenario when it made a signature header missing or malformed on purpose."""
    data = case.meta.phase.data if case.meta is not None else None
    parameter = getattr(data, "parameter", None)
    if parameter and parameter.lower() in SIGNATURE_HEADERS and getattr(data, "scenario", None):
        return f"{data.scenario}:{parameter}"
    return None


@schemathesis.hook
def before_call(context, case, kwargs):
    route = _route(case)
    if case.operation.path not in (CLUBOS_PATH, TWILIO_PATH):
        return
    with _lock:
        _sent[route] += 1
        n = _sent[route]
    if case.headers is None:
        case.headers = {}
    body = _final_body(case, n)
    raw = body if body is not None else b""
    forge = None
    if case.operation.path == CLUBOS_PATH:
        unsigned = not (_has_header(case, "X-ClubOS-Timestamp") and _has_header(case, "X-ClubOS-Signature"))
        if _signature_probe(case):
            forge = "as_generated:" + _signature_probe(case)
        elif unsigned and n % 4 == 0:
            forge = "as_generated"
        elif n % FORGE_EVERY == 0:
            forge = CLUBOS_FORGERIES[(n // FORGE_EVERY) % len(CLUBOS_FORGERIES)]
        timestamp = str(NOW)
        signature = clubos_signature(timestamp, raw)
        if forge == "wrong_secret":
            signature = clubos_signature(timestamp, raw, secret=b"not-" + CLUBOS_SECRET)
        elif forge == "other_body":
            signature = clubos_signature(timestamp, raw + b" ")
        elif forge == "stale_timestamp":
            timestamp = str(NOW - 301)
            signature = clubos_signature(timestamp, raw)
        elif forge == "future_timestamp":
            timestamp = str(NOW + 301)
            signature = clubos_signature(timestamp, raw)
        elif forge == "malformed_timestamp":
            timestamp = f"{NOW}.0"
            signature = clubos_signature(timestamp, raw)
        elif forge == "upper_case_hex":
            signature = "sha256=" + signature[7:].upper()
        if forge is not None and forge.startswith("as_generated"):
            pass  # whatever schemathesis generated (one header or none, or a malformed one) goes out as it is
        elif forge == "no_headers":
            _set_header(case, "X-ClubOS-Timestamp", None)
            _set_header(case, "X-ClubOS-Signature", None)
        else:
            _set_header(case, "X-ClubOS-Timestamp", timestamp)
            _set_header(case, "X-ClubOS-Signature", signature)
    else:
        parameters = form_parameters(raw)
        if _signature_probe(case):
            forge = "as_generated:" + _signature_probe(case)
        elif not _has_header(case, "X-Twilio-Signature") and n % 4 == 0:
            forge = "as_generated"
        elif n % FORGE_EVERY == 0:
            forge = TWILIO_FORGERIES[(n // FORGE_EVERY) % len(TWILIO_FORGERIES)]
        url = PUBLIC_URL + TWILIO_PATH
        params = parameters or []
        signature = twilio_signature(url, params)
        if forge == "wrong_token":
            signature = twilio_signature(url, params, token=b"not-" + TWILIO_TOKEN)
        elif forge == "other_url":
            signature = twilio_signature("http://127.0.0.1" + TWILIO_PATH, params)
        elif forge == "other_parameters":
            signature = twilio_signature(url, params + [("Forged", "1")])
        elif forge == "empty_signature":
            signature = ""
        if forge is not None and forge.startswith("as_generated"):
            pass
        elif forge == "no_header":
            _set_header(case, "X-Twilio-Signature", None)
        else:
            _set_header(case, "X-Twilio-Signature", signature)
    _set_header(case, FORGED_HEADER, forge)


def _forgery(case: Any) -> str | None:
    for key, value in (case.headers or {}).items():
        if key.lower() == FORGED_HEADER.lower():
            return value
    return None


@schemathesis.hook
def after_call(context, case, response):
    forged = _forgery(case)
    detail = ""  # the error code and sentence of a refusal, the conversation's state after a ClubOS turn
    try:
        if response.status_code >= 400:
            document = json.loads(response.content)
            detail = f"{document.get('error')}: {document.get('message')}"
        elif case.operation.path == CLUBOS_PATH:
            detail = "state=" + str(json.loads(response.content).get("state"))
    except Exception:
        detail = "(not JSON)"
    with _lock:
        _answered[(case.method.upper(), case.operation.path, response.status_code,
                   f"forged:{forged}" if forged else "signed", detail)] += 1


@schemathesis.check
def forged_signature_refused(ctx, response, case):
    """An unsigned or forged webhook request is refused with 401 (or refused earlier for its body)."""
    forged = _forgery(case)
    if forged is None or case.operation.path not in (CLUBOS_PATH, TWILIO_PATH):
        return None
    body = case.body if isinstance(case.body, bytes) else b""
    allowed = {401}
    if len(body) > MAX_BODY_BYTES:
        allowed.add(413)
    if case.operation.path == TWILIO_PATH and form_parameters(body) is None:
        allowed.add(400)  # the form is decoded before the signature over its parameters can be checked
    if response.status_code not in allowed:
        raise AssertionError(
            f"A request with a forged signature ({forged}) got {response.status_code}, not 401"
        )
    return None


@schemathesis.check
def signed_request_not_refused(ctx, response, case):
    """A request signed with the right secret over the bytes sent is never refused as unauthorized."""
    if _forgery(case) is None and case.operation.path in (CLUBOS_PATH, TWILIO_PATH) and response.status_code == 401:
        raise AssertionError("A correctly signed request got 401: the signer and the server disagree")
    return None


@schemathesis.check
class every_route_answered:
    """Each webhook answered at least one signed request with 200, i.e. real turns ran."""

    def __init__(self):
        self.tested: set[str] = set()
        self.answered: set[str] = set()

    def after_response(self, ctx, response, case):
        if case.operation.path in (CLUBOS_PATH, TWILIO_PATH):
            self.tested.add(case.operation.path)
            if response.status_code == 200 and _forgery(case) is None:
                self.answered.add(case.operation.path)

    def after_run(self, ctx):
        missing = self.tested - self.answered
        if missing:
            raise AssertionError(f"No signed request got 200 from: {', '.join(sorted(missing))}")


def _write_counts() -> None:
    if not COUNTS_FILE:
        return
    rows = [
        {"method": m, "path": p, "status": s, "kind": k, "detail": e, "count": c}
        for (m, p, s, k, e), c in sorted(_answered.items())
    ]
    with open(COUNTS_FILE, "w") as out:
        json.dump(rows, out)


atexit.register(_write_counts)
