#!/usr/bin/env python3
"""tokenmill's BERT encoder side by side with Debian's torch (1.13, float32), same threads.

  /usr/bin/python3 benchmarks/compare_torch_bert.py [--shared ../shared/bert] [--base-dir build/bert-base-random]
        [--threads 1,2] [--rounds 3] [--markdown] [--json out.json]

Timed, as ../shared/bert/bench.py times torch: embeddings + encoder + pooler on random ids with
a full attention mask, batch 1 x 128 and 8 x 128, for random-tiny (../shared/bert) and a
BERT-base-sized random model (12 layers, hidden 768, make_random.py's recipe, seed 1234; written
to --base-dir as safetensors on first use, ~440 MB). Three implementations:
  tokenmill      tokenmill.bert.BertModel(...)(ids, types, mask, output_mlm=False) from Python
                 (also computes the NSP logits; the numpy outputs are included in the time)
  torch ref      reference.py's op sequence (HF BertModel's ops, eager)
  torch fused    nn.TransformerEncoderLayer under inference_mode (torch's fused fast path)
Each runs in its own worker process (no shared BLAS or OpenMP pools; torch with
OMP_WAIT_POLICY=PASSIVE and openblas_set_num_threads(n) as bench.py). Rounds interleave
implementations and thread counts so machine load hits them alike; reported: median (min) wall
ms over all timed runs, and for 1 thread the median CPU time of the calling thread (robust
against other processes). Ratio = torch median / tokenmill median (> 1: tokenmill faster).
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


# ----------------------------------------------------------------------------- workers

def timeit(fn, reps, warmup=2):
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(reps):
        c0, t0 = time.thread_time(), time.perf_counter()
        fn()
        wall.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.thread_time() - c0) * 1e3)
    return wall, cpu


def inputs(np, vocab_size, batch, length):
    rng = np.random.default_rng(0)
    ids = rng.integers(999, vocab_size, size=(batch, length))
    return ids, np.zeros_like(ids), np.ones_like(ids)


def torch_worker(shared):
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    sys.path.insert(0, shared)
    import numpy as np
    import torch
    from bench import fused_model, openblas, set_threads
    from make_random import make_config, random_bert_weights
    from reference import BertReference, load_config, load_safetensors

    blas = openblas()
    cache = {}

    def model(name, path):
        if name not in cache:
            if name == "base":
                cfg = make_config(12, 768, 12, 3072)
                W = random_bert_weights(cfg, 1234)
            else:
                cfg = load_config(path)
                W, _ = load_safetensors(os.path.join(path, "model.safetensors"))
            cache[name] = (cfg, BertReference(cfg, W, torch.float32), fused_model(cfg, W))
        return cache[name]

    for line in sys.stdin:
        req = json.loads(line)
        cfg, ref, fused = model(req["model"], req["path"])
        ids, tt, am = (torch.from_numpy(a) for a in inputs(np, cfg["vocab_size"], req["batch"], req["length"]))
        set_threads(req["threads"], blas)
        with torch.inference_mode():
            if req["impl"] == "torch ref":
                fn = lambda: ref.forward(ids, tt, am, want_mlm=False, want_nsp=False)
            else:
                fn = lambda: fused(ids, tt)
            if req.get("output"):
                out = fn()
                h = out["last_hidden_state"] if isinstance(out, dict) else out[0]
                print(json.dumps({"hidden": h.numpy().ravel()[:4096].tolist()}), flush=True)
                continue
            wall, cpu = timeit(fn, req["reps"])
        print(json.dumps({"wall": wall, "cpu": cpu}), flush=True)


def tokenmill_worker(module_dir):
    sys.path.insert(0, module_dir)
    import numpy as np
    import tokenmill.bert

    cache = {}
    for line in sys.stdin:
        req = json.loads(line)
        if req["model"] not in cache:
            cache[req["model"]] = tokenmill.bert.BertModel.from_pretrained(req["path"])
        m = cache[req["model"]]
        ids, tt, am = inputs(np, m.config["vocab_size"], req["batch"], req["length"])
        tokenmill.bert.set_num_threads(req["threads"])
        fn = lambda: m(ids, tt, am, output_mlm=False)
        if req.get("output"):
            print(json.dumps({"hidden": fn()["last_hidden_state"].ravel()[:4096].tolist(),
                              "kernels": tokenmill.bert.kernels()}), flush=True)
            continue
        wall, cpu = timeit(fn, req["reps"])
        print(json.dumps({"wall": wall, "cpu": cpu}), flush=True)


# ----------------------------------------------------------------------------- driver

class Worker:
    def __init__(self, kind, arg):
        self.p = subprocess.Popen([sys.executable, __file__, "--worker", kind, "--worker-arg", arg],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, **req):
        self.p.stdin.write(json.dumps(req) + "\n")
        self.p.stdin.flush()
        line = self.p.stdout.readline()
        if not line:
            raise RuntimeError("worker died")
        return json.loads(line)

    def close(self):
        self.p.stdin.close()
        self.p.wait()


def write_base(shared, base_dir):
    sys.path.insert(0, shared)
    from make_random import make_config, random_bert_weights
    from reference import save_safetensors
    os.makedirs(base_dir, exist_ok=True)
    cfg = make_config(12, 768, 12, 3072)
    save_safetensors(os.path.join(base_dir, "model.safetensors"), random_bert_weights(cfg, 1234),
                     {"generator": "make_random.py recipe", "seed": 1234})
    with open(os.path.join(base_dir, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--worker-arg", help=argparse.SUPPRESS)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "bert"))
    ap.add_argument("--module-dir", default=os.environ.get("TOKENMILL_PYTHON_PATH",
                                                           os.path.join(ROOT, "build", "bindings", "python")))
    ap.add_argument("--base-dir", default=os.path.join(ROOT, "build", "bert-base-random"))
    ap.add_argument("--models", default="tiny,base")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--json")
    a = ap.parse_args()
    if a.worker == "torch":
        return torch_worker(a.worker_arg)
    if a.worker == "tokenmill":
        return tokenmill_worker(a.worker_arg)

    shared = os.path.abspath(a.shared)
    models = []
    for name in a.models.split(","):
        if name == "tiny":
            models.append(("tiny", "random-tiny (2L/128H)", os.path.join(shared, "random-tiny"), [(1, 128, 40), (8, 128, 12)]))
        elif name == "base":
            if not os.path.exists(os.path.join(a.base_dir, "model.safetensors")):
                print(f"writing the BERT-base-sized random model to {a.base_dir} ...", file=sys.stderr)
                write_base(shared, a.base_dir)
            models.append(("base", "BERT-base-sized (12L/768H)", a.base_dir, [(1, 128, 5), (8, 128, 2)]))
    threads = [int(t) for t in a.threads.split(",")]
    impls = ["tokenmill", "torch ref", "torch fused"]
    workers = {"tokenmill": Worker("tokenmill", os.path.abspath(a.module_dir)), "torch": Worker("torch", shared)}
    worker_of = lambda impl: workers["tokenmill" if impl == "tokenmill" else "torch"]

    rows, info = [], {}
    for key, label, path, shapes in models:
        for B, L, reps in shapes:
            # sanity: tokenmill and torch compute the same thing on this input
            got = workers["tokenmill"].ask(model=key, path=path, batch=B, length=L, threads=1, output=True)
            want = workers["torch"].ask(model=key, path=path, batch=B, length=L, threads=1, output=True, impl="torch ref")
            diff = max(abs(x - y) for x, y in zip(got["hidden"], want["hidden"]))
            info["kernels"] = got["kernels"]
            acc = {(t, i): {"wall": [], "cpu": [], "load": []} for t in threads for i in impls}
            for r in range(a.rounds):
                order = impls[r % len(impls):] + impls[:r % len(impls)]
                for t in threads:
                    for impl in order:
                        z = acc[(t, impl)]
                        z["load"].append(os.getloadavg()[0])
                        res = worker_of(impl).ask(model=key, path=path, batch=B, length=L, threads=t, reps=reps, impl=impl)
                        z["wall"] += res["wall"]
                        z["cpu"] += res["cpu"]
            for t in threads:
                row = {"model": label, "batch": B, "length": L, "threads": t, "max_abs_diff_vs_torch": diff}
                for impl in impls:
                    z = acc[(t, impl)]
                    row[impl] = {"median_ms": statistics.median(z["wall"]), "min_ms": min(z["wall"]),
                                 "cpu_median_ms": statistics.median(z["cpu"]), "runs": len(z["wall"]),
                                 "load_max": max(z["load"])}
                rows.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
    for w in workers.values():
        w.close()

    info.update({"python": platform.python_version(), "cpu_count": os.cpu_count(),
                 "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
                 "OMP_WAIT_POLICY (torch worker)": os.environ.get("OMP_WAIT_POLICY", "PASSIVE")})
    print(json.dumps(info))
    if a.markdown:
        print("\n| model | batch x seq | threads | tokenmill ms | torch ref ms | torch fused ms | ratio ref / fused | 1-thread CPU ms tokenmill / ref / fused | load |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            tm, ref, fu = r["tokenmill"], r["torch ref"], r["torch fused"]
            cpu = (f"{tm['cpu_median_ms']:.2f} / {ref['cpu_median_ms']:.2f} / {fu['cpu_median_ms']:.2f}"
                   if r["threads"] == 1 else "-")
            fmt = lambda z: f"{z['median_ms']:.2f} ({z['min_ms']:.2f})"
            print(f"| {r['model']} | {r['batch']} x {r['length']} | {r['threads']} | {fmt(tm)} | {fmt(ref)} | {fmt(fu)} "
                  f"| {ref['median_ms'] / tm['median_ms']:.2f} / {fu['median_ms'] / tm['median_ms']:.2f} | {cpu} "
                  f"| {max(tm['load_max'], ref['load_max'], fu['load_max']):.1f} |")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"info": info, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
