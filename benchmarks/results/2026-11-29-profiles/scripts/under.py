#!/usr/bin/env python3
"""under.py file.jfr METHOD_SUFFIX: for measured-call samples with METHOD on the stack, inclusive counts of
the frames above it (callees, top 25) and of the self frames, as share of all measured-call samples."""
import json,subprocess,collections,sys
f,target=sys.argv[1],sys.argv[2]
out=subprocess.run(["jfr","print","--json","--stack-depth","64","--events","jdk.ExecutionSample",f],capture_output=True,text=True).stdout
ev=json.loads(out)["recording"]["events"]
n=0;hit=0;inc=collections.Counter();slf=collections.Counter();child=collections.Counter()
for e in ev:
  t=(e["values"]["sampledThread"] or {}).get("javaName") or ""
  if "worker" not in t: continue
  import os
  F=os.environ.get("FILTER")
  if F and not any((x["method"]["type"]["name"]+"."+x["method"]["name"]).replace("/",".").endswith(F) for x in e["values"]["stackTrace"]["frames"]): continue
  n+=1
  fr=[(x["method"]["type"]["name"]+"."+x["method"]["name"]).replace("/",".") for x in e["values"]["stackTrace"]["frames"]]
  idx=[i for i,x in enumerate(fr) if x.endswith(target)]
  if not idx: continue
  hit+=1; i=idx[-1]
  above=fr[:i]
  for m in set(above): inc[m]+=1
  if above: child[above[-1]]+=1; slf[fr[0]]+=1
print(f"# {f}: {hit} of {n} measured-call samples ({100*hit/n:.1f}%) have {target} on the stack")
print("\n## direct callees of it (share of all measured-call samples)")
for m,v in child.most_common(15): print(f"{100*v/n:6.1f}%  {m}")
print("\n## inclusive below it")
for m,v in inc.most_common(30): print(f"{100*v/n:6.1f}%  {m}")
print("\n## self frames below it")
for m,v in slf.most_common(15): print(f"{100*v/n:6.1f}%  {m}")
