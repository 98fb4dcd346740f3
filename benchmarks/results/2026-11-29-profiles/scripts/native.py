#!/usr/bin/env python3
"""native.py file.jfr FILTER: jdk.NativeMethodSample of JMH worker threads with FILTER on the stack, by top frame."""
import json,subprocess,collections,sys
f,F=sys.argv[1],sys.argv[2]
ev=json.loads(subprocess.run(["jfr","print","--json","--stack-depth","64","--events","jdk.NativeMethodSample",f],capture_output=True,text=True).stdout)["recording"]["events"]
c=collections.Counter();n=0
for e in ev:
  t=(e["values"]["sampledThread"] or {}).get("javaName") or ""
  if "worker" not in t: continue
  fr=[(x["method"]["type"]["name"]+"."+x["method"]["name"]).replace("/",".") for x in e["values"]["stackTrace"]["frames"]]
  if not any(x.endswith(F) for x in fr): continue
  n+=1; own=next((x for x in fr if x.startswith("ai.oceum")),"?"); c[fr[0]+"  <-  "+own]+=1
print(f"# {f}: {n} native-method samples of the measured call (JFR samples threads in native code separately, every 20 ms by default in 'profile')")
for k,v in c.most_common(10): print(v,k)
