#!/usr/bin/env python3
import json, collections, sys, pathlib
H = pathlib.Path(__file__).parent
def read(p):
    rows = []
    with open(p, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            assert line.endswith("\n"), (p, i)
            rows.append(json.loads(line))
    return rows
pos, neg, meta = read(H/"positives.jsonl"), read(H/"negatives.jsonl"), read(H/"meta/positives_secrets.jsonl")
ok = True
def check(c, msg):
    global ok
    if not c: ok = False; print("FAIL:", msg)
check(len(pos) == 400, "pos count"); check(len(neg) == 400, "neg count")
check(collections.Counter(r["lang"] for r in pos) == {"en": 160, "de": 80, "fr": 80, "es": 80}, "pos langs")
check(collections.Counter(r["lang"] for r in neg) == {"en": 160, "de": 80, "fr": 80, "es": 80}, "neg langs")
check(all(set(r) == {"text", "category", "lang", "shape"} and r["category"] == "password" for r in pos), "pos keys")
check(all(set(r) == {"text", "category", "kind", "lang"} and r["category"] == "negative" for r in neg), "neg keys")
texts = [r["text"] for r in pos + neg]
check(len(set(texts)) == len(texts), "duplicate texts")
secrets = [m["secret"].lower() for m in meta]
check(len(set(secrets)) == len(secrets), "reused secrets")
for r, m in zip(pos, meta):
    check(r["text"] == m["text"], "meta alignment")
    check(r["text"].count(m["secret_span"]) == 1, f"span count {m['secret_span']!r} in {r['text']!r}")
negtext = "\n".join(r["text"] for r in neg)
for m in meta:
    if len(m["secret_span"]) >= 6:
        check(m["secret_span"] not in negtext, f"secret leaked into negatives {m['secret_span']}")
check(all("⟪" not in t and "\x00" not in t for t in texts), "unfilled placeholder")
print("OK" if ok else "ERRORS")
print("pos by lang", dict(collections.Counter(r["lang"] for r in pos)))
print("neg by lang", dict(collections.Counter(r["lang"] for r in neg)))
print("pos shapes", len(set(r["shape"] for r in pos)), dict(sorted(collections.Counter(r["shape"] for r in pos).items(), key=lambda x: -x[1])))
print("neg kinds", dict(sorted(collections.Counter(r["kind"] for r in neg).items(), key=lambda x: -x[1])))
print("neg kind x lang", dict(collections.Counter((r["kind"], r["lang"]) for r in neg if r["kind"] == "bad-password-example")))
sys.exit(0 if ok else 1)
