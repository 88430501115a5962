#!/usr/bin/python3
"""Unigram training: tokenmill vs spm_train (and HF's UnigramTrainer), side by side.

Interleaved rounds (spm_train, tokenmill, spm_train, tokenmill, ...), each a process under
/usr/bin/time -v (wall, CPU, peak RSS), both with --num_threads=N. Checks that tokenmill's .vocab
equals spm_train's. With --hf, also HF's trainer through ../shared/oracles/hf_train.js
(RAYON_NUM_THREADS=N; its Node binding offers only the defaults: vocab 8000, Metaspace) against
`tokenmill train unigram` with the same defaults, once each (HF is slow).

    /usr/bin/python3 benchmarks/train_unigram_compare.py ../shared/corpus/train-small.txt \
        --vocab-size 8000 --rounds 2 [--hf] [--threads 2] [--spm-flags "--byte_fallback=true"]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def timed(cmd, env=None):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.monotonic()
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", report.name] + cmd, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.monotonic() - start
        text = report.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
    cpu = sum(float(re.search(rf"{k} time \(seconds\): ([\d.]+)", text).group(1))
              for k in ("User", "System"))
    return {"wall": wall, "cpu": cpu, "rss_mb": rss}


def summary(name, runs):
    med = {k: statistics.median(r[k] for r in runs) for k in ("wall", "cpu", "rss_mb")}
    print(f"  {name:10s} wall {med['wall']:7.2f} s  cpu {med['cpu']:7.2f} s  "
          f"peak RSS {med['rss_mb']:7.1f} MB  (runs: "
          + ", ".join(f"{r['wall']:.1f}" for r in runs) + ")")
    return med


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--vocab-size", type=int, default=8000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--spm-flags", default="")
    ap.add_argument("--tokenmill", default=str(REPO / "build/tokenizers/tokenmill"))
    ap.add_argument("--hf", action="store_true")
    args = ap.parse_args()
    corpus = os.path.abspath(args.corpus)
    with open("/proc/loadavg") as f:
        print(f"load average at start: {f.read().split()[:3]}")
    work = Path(tempfile.mkdtemp(prefix="unigram-compare-"))
    flags = [f"--input={corpus}", f"--num_threads={args.threads}", "--model_type=unigram",
             f"--vocab_size={args.vocab_size}"] + args.spm_flags.split()
    runs = {"spm_train": [], "tokenmill": []}
    for _ in range(args.rounds):
        runs["spm_train"].append(timed(["spm_train", f"--model_prefix={work}/spm", "--minloglevel=2"] + flags))
        runs["tokenmill"].append(timed([args.tokenmill, "train", "sentencepiece", "--quiet",
                                        f"--model_prefix={work}/tm"] + flags))
    same = (work / "spm.vocab").read_bytes() == (work / "tm.vocab").read_bytes()
    spm_pieces = [l.split("\t")[0] for l in (work / "spm.vocab").read_text().splitlines()]
    tm_pieces = [l.split("\t")[0] for l in (work / "tm.vocab").read_text().splitlines()]
    common = len(set(spm_pieces) & set(tm_pieces)) / max(len(spm_pieces), 1)
    print(f"SentencePiece Unigram, vocab {args.vocab_size}, {args.threads} threads, "
          f"{os.path.getsize(corpus) / 1e6:.1f} MB corpus:")
    s = summary("spm_train", runs["spm_train"])
    t = summary("tokenmill", runs["tokenmill"])
    print(f"  tokenmill: {s['wall'] / t['wall']:.2f}x faster (wall), {s['cpu'] / t['cpu']:.2f}x "
          f"less CPU, {t['rss_mb'] / s['rss_mb']:.2f}x the peak RSS; .vocab identical: {same} "
          f"({100 * common:.2f} % of pieces in common)")
    if args.hf:
        env = dict(os.environ, RAYON_NUM_THREADS=str(args.threads))
        hf = timed(["node", str(SHARED / "oracles/hf_train.js"), "--setup", "unigram-metaspace",
                    "--output", str(work / "hf.json"), corpus], env=env)
        tm = timed([args.tokenmill, "train", "unigram", "-q", "--threads", str(args.threads),
                    "-o", str(work / "tm.json"), corpus])
        a = dict(map(tuple, json.loads((work / "tm.json").read_text())["model"]["vocab"]))
        b = dict(map(tuple, json.loads((work / "hf.json").read_text())["model"]["vocab"]))
        close = sum(1 for p in b if p in a and abs(a[p] - b[p]) <= 1e-9)
        print(f"HF Unigram (defaults), {args.threads} threads:")
        summary("HF", [hf])
        summary("tokenmill", [tm])
        print(f"  tokenmill: {hf['wall'] / tm['wall']:.2f}x faster (wall), "
              f"{hf['cpu'] / tm['cpu']:.2f}x less CPU, {tm['rss_mb'] / hf['rss_mb']:.2f}x the "
              f"peak RSS; pieces in common {len(set(a) & set(b))}/{len(b)}, same score (1e-9) {close}")
    with open("/proc/loadavg") as f:
        print(f"load average at end: {f.read().split()[:3]}")


if __name__ == "__main__":
    main()
