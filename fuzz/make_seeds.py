#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from tests/vectors (run from fuzz/).

Small on purpose: a few seeds per target, enough to start libFuzzer inside each format.
"""
import json, os, glob, hashlib

VEC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "vectors")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
ACTIONS = ["AddChatGroup", "AddChatGroupInviteLink", "DeleteChatGroup", "DeleteChatGroupInviteLink",
           "DeleteChatGroupParticipants", "ListChatGroup", "ListChatGroupParticipants", "UpdateChatGroup"]

def write(target, data):
    os.makedirs(os.path.join(OUT, target), exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(OUT, target, name), "wb") as f:
        f.write(data)

rows = []
for path in sorted(glob.glob(os.path.join(VEC, "*.jsonl"))):
    with open(path) as f:
        rows += [json.loads(l) for l in f if l.strip()]

# Requests: the captures of the chat-group actions (V3 and V1), as `METHOD URI\nheaders\n\nbody`.
chat = [r for r in rows if r.get("action", "ListChatGroupParticipants") in ACTIONS][:24]
for r in chat:
    headers = r["headers"]
    if isinstance(headers, str):
        headers = json.loads(headers.replace("'", '"'))
    head = "%s %s\n" % (r["method"], r["raw_target"])
    head += "".join("%s: %s\n" % (k, v) for k, v in headers)
    data = (head + "\n" + (r.get("body") or "")).encode()
    write("verifier", data)
    write("sandbox_engine", data)
    write("query_encoding", (r.get("query") or "").encode())

# Responses: the parsed bodies of the captures, and the gateway error bodies.
bodies = [json.dumps(r["parsed_response_body"]).encode() for r in chat if r.get("parsed_response_body")]
with open(os.path.join(VEC, "official-python-errors.json")) as f:
    bodies += [json.dumps(e["server_body"]).encode() for e in json.load(f) if isinstance(e.get("server_body"), dict)]
# The first byte picks the operation by its index in the catalog, which keeps the metadata's order.
with open(os.path.join(VEC, "..", "..", "codegen", "cams-2020-06-06.json")) as f:
    CATALOG = [op["action"] for op in json.load(f)["operations"]]
for i, body in enumerate(bodies[:24]):
    write("response_parsers", bytes([CATALOG.index(ACTIONS[i % len(ACTIONS)])]) + body)
# One answer of every operation, as the capture server sent it.
for r in rows:
    if r.get("response_body") and r.get("action") in CATALOG:
        write("response_parsers", bytes([CATALOG.index(r["action"])]) + r["response_body"].encode())

# Fixtures: the documented example and a few rule breakers.
for text in [
    '{"credentials":[{"access_key_id":"ak","access_key_secret":"sk"}],"groups":[{"cust_space_id":"cams-k1","business_number":"86138","group_id":"G1","participants":["8613811110001"]}]}',
    '{"credentials":[{"access_key_id":"a","access_key_secret":"s","security_token":null}],"groups":[]}',
    '{"credentials":[{"access_key_id":"a","access_key_secret":"s"},{"access_key_id":"a","access_key_secret":"t"}]}',
    '{"credentials":[],"groups":[{"cust_space_id":"","business_number":"b","group_id":"g","status":"ACTIVE","invite_link":"x"}]}',
]:
    write("fixture", text.encode())

# Receipts: the first byte picks the route type; see corpus/receipts (written by hand from
# the documented examples and their defects, spec/receipts.md §2-§4).
