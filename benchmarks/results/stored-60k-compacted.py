import os, sys, statistics
sys.path.insert(0, "/work/main/benchmarks")
from pathlib import Path
import bench_corpus as b
store = Path("/work/bench-stores/store-60000")
corpus = Path("/work/bench-stores/corpus-60000")
case = sorted((corpus / "cases").rglob("*.yaml"))[30000]
base = ["gaps", "--store", str(store)]
one = [*base, "--case", case.stem, "--format", "json"]
frozen = {"PYTHONPATH": "/work/bench-stores/code-7b71559/src"}
patched = {"PYTHONPATH": "/tmp/code-lead/src"}
def show(label, r):
    print(f"{label}: {r['wall']:.2f} s peak {r['peak_rss']/2**20:.0f} MiB out {r['output_bytes']} load {r['load_average']:.1f} dropped {r['dropped_bytes']}", flush=True)
    return r
print("python -c pass", statistics.median(b.run([sys.executable, "-c", "pass"])["wall"] for _ in range(3)), flush=True)
outs = set()
for i in range(2):
    for name, env in (("before (7b71559)", frozen), ("listing once", patched)):
        r = show(f"quick warm {name} #{i+1}", b.timed_command(base, env={**env, "CASEGRAPH_VERIFY_STORE": "quick"}))
        outs.add(r["output"])
show("quick cold listing once", b.timed_command(base, cold_store=store, env={**patched, "CASEGRAPH_VERIFY_STORE": "quick"}))
show("default check warm listing once", b.timed_command(base, env=patched))
for i in range(3):
    show(f"--case quick listing once #{i+1}", b.timed_command(one, env={**patched, "CASEGRAPH_VERIFY_STORE": "quick"}))
show("--case default check", b.timed_command(one, env=patched))
print("same output every run:", len(outs) == 1, flush=True)
