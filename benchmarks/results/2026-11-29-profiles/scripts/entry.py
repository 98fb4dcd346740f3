#!/usr/bin/env python3
"""entry.py file.jfr THREAD FILTER: share of the measured call's execution samples with any Oceum
(ai.oceum, not ai.oceum.bench) frame on the stack, by outermost Oceum frame (the entry point) and by
outermost Oceum frame + its next two callees."""
import json,subprocess,collections,sys
f,T,F=sys.argv[1:4]
ev=json.loads(subprocess.run(["jfr","print","--json","--stack-depth","64","--events","jdk.ExecutionSample",f],capture_output=True,text=True).stdout)["recording"]["events"]
n=0;o=0;ent=collections.Counter();ent3=collections.Counter();trunc=0
for e in ev:
  t=(e["values"]["sampledThread"] or {}).get("javaName") or ""
  if T not in t: continue
  st=e["values"]["stackTrace"]; fr=[(x["method"]["type"]["name"]+"."+x["method"]["name"]).replace("/",".") for x in st["frames"]]
  if not any(x.endswith(F) for x in fr): continue
  n+=1; trunc+=bool(st.get("truncated"))
  idx=[i for i,x in enumerate(fr) if x.startswith("ai.oceum") and ".bench." not in x]
  if not idx: continue
  o+=1; i=idx[-1]; ent[fr[i]]+=1
  ent3[" > ".join(fr[max(0,i-2):i+1][::-1])]+=1
print(f"# {f}: {n} samples of the measured call ({trunc} with truncated stacks), {o} ({100*o/max(n,1):.1f}%) inside Oceum code")
print("\n## by entry point (outermost Oceum frame)")
for k,v in ent.most_common(15): print(f"{100*v/n:6.1f}%  {k}")
print("\n## entry point and the next two frames")
for k,v in ent3.most_common(25): print(f"{100*v/n:6.1f}%  {k}")
