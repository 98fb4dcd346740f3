#!/usr/bin/env python3
"""Summarise a JFR file: jdk.ExecutionSample of JMH worker threads (inclusive counts per ai.oceum
method, top self frames) and jdk.ObjectAllocationSample by class/top frame. Usage: summ.py file.jfr [thread-substring]"""
import json, subprocess, sys, collections
f = sys.argv[1]; tsub = sys.argv[2] if len(sys.argv) > 2 else "worker"
def events(name):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", name, f],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]
def fr(x):
    m = x["method"]; return (m["type"]["name"] + "." + m["name"]).replace("/", ".")
def thr(e):
    t = e["values"].get("sampledThread") or e["values"].get("eventThread") or {}
    return (t or {}).get("javaName") or (t or {}).get("osName") or "?"
ev = events("jdk.ExecutionSample")
allthreads = collections.Counter(thr(e) for e in ev)
import os
FILT = os.environ.get("FILTER")
def has(e):
    return FILT is None or any(fr(x).endswith(FILT) for x in e["values"]["stackTrace"]["frames"])
sel = [e for e in ev if tsub in thr(e) and has(e)]
n = len(sel)
print(f"# {f}\nexecution samples: {len(ev)} total, {n} on threads matching '{tsub}'")
print("threads:", allthreads.most_common(8))
incl = collections.Counter(); self_ = collections.Counter(); selfo = collections.Counter()
for e in sel:
    frames = [fr(x) for x in e["values"]["stackTrace"]["frames"]]
    if not frames: continue
    self_[frames[0]] += 1
    own = next((x for x in frames if x.startswith("ai.oceum") and ".bench." not in x), None)
    if own: selfo[own] += 1
    for m in set(frames):
        if m.startswith("ai.oceum") or m.startswith("ch.qos") or m.startswith("dev.langchain4j"): incl[m] += 1
def pr(title, c, k=30):
    print(f"\n## {title}")
    for m, v in c.most_common(k): print(f"{100*v/max(n,1):6.1f}%  {v:6d}  {m}")
pr("inclusive (ai.oceum / logback / langchain4j frames on the stack)", incl, 45)
pr("top self frames", self_, 30)
pr("innermost ai.oceum (non-bench) frame on the stack", selfo, 25)
if len(sys.argv) > 3:
    al = events("jdk.ObjectAllocationSample")
    al = [e for e in al if tsub in thr(e) and has(e)]
    tot = sum(e["values"]["weight"] for e in al)
    bycls = collections.Counter(); bysite = collections.Counter()
    for e in al:
        w = e["values"]["weight"]; c = e["values"]["objectClass"]["name"]
        frames = [fr(x) for x in e["values"]["stackTrace"]["frames"]]
        site = next((x for x in frames if x.startswith("ai.oceum") and ".bench." not in x), frames[0] if frames else "?")
        bycls[c] += w; bysite[(c, site)] += w
    print(f"\n## allocation samples (weight) on '{tsub}': {len(al)} samples, {tot/1e6:.1f} MB weight")
    for c, w in bycls.most_common(20): print(f"{100*w/tot:6.1f}%  {c}")
    print("\n## by class and innermost ai.oceum frame")
    for (c, s), w in bysite.most_common(30): print(f"{100*w/tot:6.1f}%  {c}  <-  {s}")
