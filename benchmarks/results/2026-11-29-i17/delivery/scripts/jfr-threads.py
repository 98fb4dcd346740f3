#!/usr/bin/env python3
"""Where the background CPU of delivery goes, from a JFR recording of DeliveryCpu (--clients sdk).
jdk.ExecutionSample by thread group (the groups of ThreadCpu.group), then per group: the share by
category of the innermost frame that belongs to a known layer (ours by class, Jackson, the JDK
HTTP client, NIO, java.util.concurrent), the top self frames, and the inclusive ai.oceum frames.
Usage: jfr-threads.py file.jfr"""
import json, subprocess, sys, collections
f = sys.argv[1]
def events(name):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "96", "--events", name, f],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]
def fr(x):
    m = x["method"]; return (m["type"]["name"] + "." + m["name"]).replace("/", ".")
def thr(e):
    t = e["values"].get("sampledThread") or e["values"].get("eventThread") or {}
    return (t or {}).get("javaName") or (t or {}).get("osName") or "?"
def group(n):
    if n.startswith("oceum-sender"): return "oceum sender"
    if n.startswith("oceum-http"): return "oceum http (blocking send)"
    if n.startswith("oceum-io"): return "oceum io (HttpClient executor)"
    if n.startswith("oceum-"): return "oceum other"
    if n.startswith("HttpClient-") and "-Se" in n: return "HttpClient selector"
    if n.startswith("HttpClient-"): return "HttpClient worker"
    if n == "main": return "producer (main)"
    return "other: " + n.split("-")[0]
def layer(frames):
    for m in frames:
        if m.startswith("ai.oceum.bench"): return "benchmark (producer loop)"
        if m.startswith("ai.oceum."):
            cls = m.rsplit(".", 2)[-2]; return "ours: " + cls
        if m.startswith("com.fasterxml.jackson"): return "Jackson (JSON)"
        if m.startswith("jdk.internal.net.http"): return "JDK HttpClient"
        if m.startswith("sun.nio.ch") or m.startswith("java.nio"): return "NIO (sockets, selector)"
        if m.startswith("java.util.concurrent"): return "java.util.concurrent (queues, locks, futures, pools)"
        if m.startswith("java.net.http") or m.startswith("java.net."): return "JDK HttpClient"
    return "other JDK: " + (frames[0].rsplit(".", 1)[0] if frames else "?")
import os, datetime
ev = events("jdk.ExecutionSample")
# LAST=seconds keeps only the samples of the last N seconds of the recording (the measured window,
# after the warm-up): ISO timestamps of one recording compare as strings.
LAST = os.environ.get("LAST")
if LAST:
    end = max(e["values"]["startTime"] for e in ev)
    t_end = datetime.datetime.fromisoformat(end[:19])
    cut = (t_end - datetime.timedelta(seconds=int(LAST))).isoformat()
    ev = [e for e in ev if e["values"]["startTime"][:19] >= cut]
by = collections.defaultdict(list)
for e in ev:
    by[group(thr(e))].append([fr(x) for x in e["values"]["stackTrace"]["frames"]])
total = len(ev)
print(f"# {f}: {total} execution samples (Java code only; time in native code and the kernel is not sampled here)")
print("\n## samples by thread group")
for g, s in sorted(by.items(), key=lambda kv: -len(kv[1])):
    print(f"{100*len(s)/total:6.1f}%  {len(s):6d}  {g}")
for g, s in sorted(by.items(), key=lambda kv: -len(kv[1])):
    if len(s) < 20: continue
    n = len(s)
    print(f"\n## {g}: {n} samples")
    print("### by layer (innermost frame of a known layer)")
    for k, v in collections.Counter(layer(x) for x in s).most_common(25): print(f"{100*v/n:6.1f}%  {v:6d}  {k}")
    print("### top self frames")
    for k, v in collections.Counter(x[0] for x in s if x).most_common(15): print(f"{100*v/n:6.1f}%  {v:6d}  {k}")
    inc = collections.Counter()
    for x in s:
        for m in set(x):
            if m.startswith("ai.oceum") or m.startswith("com.fasterxml.jackson.databind.ObjectMapper") or m.startswith("java.util.concurrent.locks.LockSupport") or m.startswith("java.util.concurrent.ThreadPoolExecutor.execute") or m.startswith("java.util.concurrent.SynchronousQueue") or m.startswith("java.net.http.HttpClient.send") or m.startswith("jdk.internal.net.http.HttpClientImpl.send"):
                inc[m] += 1
    print("### inclusive (ours and a few hand-off frames)")
    for k, v in inc.most_common(30): print(f"{100*v/n:6.1f}%  {v:6d}  {k}")
for name in ("jdk.ThreadPark", "jdk.JavaMonitorWait", "jdk.ThreadStart"):
    try:
        pe = events(name)
    except subprocess.CalledProcessError:
        continue
    c = collections.Counter(group(thr(e)) for e in pe)
    print(f"\n## {name} (recorded above its threshold only): {len(pe)} events; by thread group: {c.most_common(8)}")
