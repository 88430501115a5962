#!/usr/bin/python3
"""The sentencepiece anchor of benchmarks/compare: Debian's sentencepiece (C++ through its
Python binding) measured the way `tokenmill bench` measures tokenmill, same JSON fields.

    /usr/bin/python3 benchmarks/spm_bench.py --model M.model --input TEXT [--threads 1]
        [--batch-size 1000] [--repeat 1]

TEXT: plain lines or .jsonl {"text"}; empty texts are skipped. The text is read into memory,
the model loaded, one untimed pass computes the tokens and the ids digest (the FNV-1a of
tokenizers/cli/bench_command.cc), then --repeat timed passes of encode(batch of --batch-size
texts, out_type=int, num_threads=--threads): sentencepiece's own thread pool.
"""
import argparse
import json
import resource
import time

import sentencepiece as spm


def read_texts(path, jsonl):
    with open(path, encoding="utf-8", newline="\n") as f:
        lines = [l for l in f.read().split("\n") if l]
    if jsonl:
        lines = [json.loads(l).get("text", "") for l in lines]
        lines = [t for t in lines if t]
    return lines


def digest_text(h, ids):
    for i in ids:
        h = ((h ^ i) * 16777619) & 0xFFFFFFFF
    return ((h ^ 0xFFFFFFFF) * 16777619) & 0xFFFFFFFF


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--input", required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--jsonl", action="store_true")
    a = ap.parse_args()

    texts = read_texts(a.input, a.jsonl or a.input.endswith(".jsonl"))
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    t0 = time.perf_counter()
    sp = spm.SentencePieceProcessor(model_file=a.model)
    load_ms = (time.perf_counter() - t0) * 1e3

    digest, tokens = 2166136261, 0
    for ids in sp.encode(texts, out_type=int, num_threads=1):
        tokens += len(ids)
        digest = digest_text(digest, ids)

    batches = [texts[i:i + a.batch_size] for i in range(0, len(texts), a.batch_size)]
    passes, cpu, wall = [], 0.0, 0.0
    for r in range(max(1, a.repeat)):
        c0, t0 = time.process_time(), time.perf_counter()
        n = sum(len(ids) for b in batches for ids in sp.encode(b, out_type=int, num_threads=a.threads))
        seconds = time.perf_counter() - t0
        cpu += time.process_time() - c0
        wall += seconds
        if n != tokens:
            raise SystemExit(f"error: pass {r + 1} gave {n} tokens, the first pass {tokens}")
        passes.append(seconds)
    s = sorted(passes)
    best, median = s[0], (s[(len(s) - 1) // 2] + s[len(s) // 2]) / 2
    print(json.dumps({
        "tokenizer": a.model, "impl": "sentencepiece",
        "encoder": f"sentencepiece {spm.__version__} encode(batch of {a.batch_size}, num_threads={a.threads})",
        "input": a.input, "texts": len(texts), "bytes": nbytes, "tokens": tokens,
        "threads": a.threads, "batch_size": a.batch_size, "repeat": len(passes),
        "add_special_tokens": False, "seconds": best, "seconds_median": median,
        "mb_per_s": nbytes / 1e6 / best, "mb_per_s_median": nbytes / 1e6 / median,
        "tokens_per_s": tokens / best, "cpu_per_wall": cpu / wall,
        "mb_per_cpu_s": nbytes / 1e6 * len(passes) / cpu, "pass_seconds": passes,
        "load_ms": load_ms, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "ids_digest": f"{digest:08x}"}))


if __name__ == "__main__":
    main()
