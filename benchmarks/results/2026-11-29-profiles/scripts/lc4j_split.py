#!/usr/bin/env python3
"""lc4j_split.py file.jfr: samples of ListenerOverheadBenchmark.chat outside Oceum code, grouped by
the frame called by DefaultAiServices$1.invoke and the one after it."""
import json,subprocess,collections,sys
f=sys.argv[1]
ev=json.loads(subprocess.run(["jfr","print","--json","--stack-depth","64","--events","jdk.ExecutionSample",f],capture_output=True,text=True).stdout)["recording"]["events"]
n=0;out=0;c=collections.Counter()
for e in ev:
  t=(e["values"]["sampledThread"] or {}).get("javaName") or ""
  if "worker" not in t: continue
  fr=[(x["method"]["type"]["name"]+"."+x["method"]["name"]).replace("/",".") for x in e["values"]["stackTrace"]["frames"]]
  if not any(x.endswith("ListenerOverheadBenchmark.chat") for x in fr): continue
  n+=1
  if any(x.startswith("ai.oceum") and ".bench." not in x for x in fr): continue
  out+=1
  idx=[i for i,x in enumerate(fr) if x.endswith("DefaultAiServices$1.invoke")]
  k=" > ".join(y.split(".")[-2]+"."+y.split(".")[-1] for y in fr[max(0,idx[-1]-2):idx[-1]][::-1]) if idx else fr[0]
  c[k]+=1
print(f"# {f}: {n} samples of the call, {out} ({100*out/n:.1f}%) outside Oceum code; by the frames under DefaultAiServices$1.invoke (share of all samples of the call)")
for k,v in c.most_common(20): print(f"{100*v/n:6.1f}%  {k}")
