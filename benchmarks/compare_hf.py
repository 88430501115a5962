#!/usr/bin/python3
"""tokenmill vs Hugging Face tokenizers, side by side, one thread each, same text.

    /usr/bin/python3 benchmarks/compare_hf.py TEXT [--tokenmill BUILD/tokenizers/tokenmill]
        [--models bert-base-uncased,bert-base-cased,bert-base-multilingual-cased]
        [--repeat 3] [--json out.json] [--markdown] [--with-bench-oracles]

TEXT is a plain text file (one text per non-empty line) or a .jsonl with "text" fields,
e.g. ../shared/corpus/dev.jsonl or the output of ../shared/oracles/make_bench_corpus.py.
For each model: `tokenmill bench` (one Encode per line) and benchmarks/hf_bench.js (HF's
Rust library through its Node binding: one encode per line, and encodeBatch of 1000 lines,
HF's fastest single-thread mode), each in its own process. HF is pinned to one thread with
TOKENIZERS_PARALLELISM=false, RAYON_NUM_THREADS=1, RAYON_RS_NUM_CPUS=1, UV_THREADPOOL_SIZE=1.
Both add special tokens ([CLS]/[SEP]) unless --no-special-tokens. MB = 10^6 bytes of line
text; best of --repeat passes. The ratio is tokenmill MB/s over HF MB/s (per wall second,
and per CPU second, the fairer one on a shared machine). --with-bench-oracles also runs
../shared/oracles/bench_oracles.js for the models it knows, as a cross-check of hf_bench.js.
"""
import argparse, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
HF_ENV = {"TOKENIZERS_PARALLELISM": "false", "RAYON_NUM_THREADS": "1",
          "RAYON_RS_NUM_CPUS": "1", "UV_THREADPOOL_SIZE": "1"}
BENCH_ORACLE_NAMES = {"bert-base-uncased": "hf-bert-base-uncased",
                      "bert-base-multilingual-cased": "hf-bert-multilingual-cased"}


def tokenizer_json(model):
    for d in (os.path.join(SHARED, "vocab"), os.path.join(ROOT, "vocab")):
        p = os.path.join(d, model, "tokenizer.json")
        if os.path.exists(p):
            return p
    sys.exit(f"error: {model}/tokenizer.json not found in ../shared/vocab or vocab/")


def run_json(cmd, env=None):
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} failed:\n{r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def default_tokenmill():
    for build in sorted(d for d in os.listdir(ROOT) if d.startswith("build")):
        p = os.path.join(ROOT, build, "tokenizers", "tokenmill")
        if os.path.exists(p):
            return p
    return "tokenmill"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("text")
    ap.add_argument("--tokenmill", default=default_tokenmill())
    ap.add_argument("--models", default="bert-base-uncased,bert-base-cased,bert-base-multilingual-cased")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-special-tokens", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--with-bench-oracles", action="store_true")
    a = ap.parse_args()

    results = []
    for model in a.models.split(","):
        tj = tokenizer_json(model)
        special = ["--no-special-tokens"] if a.no_special_tokens else []
        tm = run_json([a.tokenmill, "bench", "-t", tj, "-i", a.text, "-n", str(a.repeat)] + special)
        hf = run_json(["node", "--expose-gc", os.path.join(HERE, "hf_bench.js"), "--tokenizer", tj,
                       "--input", a.text, "--repeat", str(a.repeat)] + special,
                      env={**os.environ, **HF_ENV})
        if tm["tokens"] != hf["modes"]["batch"]["tokens"]:
            print(f"warning: {model}: token counts differ: tokenmill {tm['tokens']}, "
                  f"HF {hf['modes']['batch']['tokens']}", file=sys.stderr)
        results.append({"model": model, "tokenmill": tm, "hf": hf})
        print(f"done: {model}", file=sys.stderr)

    head = ["model", "tokenmill MB/s", "HF batch MB/s", "HF line MB/s", "x batch", "x batch (cpu)",
            "x line", "tokenmill Mtok/s", "HF batch Mtok/s", "tm load ms (1st/best)", "tm load+1st encode ms", "HF load ms",
            "tm RSS MB", "HF RSS MB"]
    rows = []
    for r in results:
        tm, hb, hl = r["tokenmill"], r["hf"]["modes"]["batch"], r["hf"]["modes"]["line"]
        rows.append([r["model"], f"{tm['mb_per_s']:.2f}", f"{hb['mb_per_s']:.2f}", f"{hl['mb_per_s']:.2f}",
                     f"{tm['mb_per_s'] / hb['mb_per_s']:.1f}",
                     f"{tm['mb_per_cpu_s'] / hb['mb_per_cpu_s']:.1f}",
                     f"{tm['mb_per_s'] / hl['mb_per_s']:.1f}",
                     f"{tm['tokens_per_s'] / 1e6:.2f}", f"{hb['tokens_per_s'] / 1e6:.2f}",
                     f"{tm['load_ms']:.1f} / {tm['load_ms_best']:.1f}",
                     f"{tm['load_ms'] + tm.get('first_encode_ms', 0):.1f}", f"{r['hf']['load_ms']:.1f}",
                     f"{tm['max_rss_mb']:.0f}", f"{r['hf']['max_rss_mb']:.0f}"])
    info = results[0]["tokenmill"] if results else {}
    print(f"text: {a.text}  {info.get('lines', 0)} lines, {info.get('bytes', 0) / 1e6:.2f} MB; "
          f"one thread each; best of {a.repeat}")
    if a.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        w = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
        fmt = lambda row: "  ".join(c.ljust(w[i]) if i == 0 else c.rjust(w[i]) for i, c in enumerate(row))
        print(fmt(head))
        print("  ".join("-" * x for x in w))
        for row in rows:
            print(fmt(row))
    if a.with_bench_oracles:
        names = [BENCH_ORACLE_NAMES[m] for m in a.models.split(",") if m in BENCH_ORACLE_NAMES]
        if names:
            print("\ncross-check, ../shared/oracles/bench_oracles.js (no special tokens):", flush=True)
            subprocess.run(["node", os.path.join(SHARED, "oracles", "bench_oracles.js"), a.text,
                            "--oracles", ",".join(names), "--repeat", str(a.repeat)], check=False)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"text": a.text, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
