#!/usr/bin/python3
"""tokenmill vs Google sentencepiece (Debian's python3-sentencepiece 0.1.97), side by side in one
process, one thread each, same lines.

    PYTHONPATH=build/bindings/python /usr/bin/python3 benchmarks/compare_spm.py \
        [--text ../shared/corpus/train-small.txt] [--models unigram_8k,bpe_8k] [--repeat 3]

TEXT: a plain text file (one text per line; empty lines kept, as sentencepiece's published
numbers in ../shared/oracles/spm/README.md) or a .jsonl with "text" fields. For each model
(../shared/vocab/spm/<model>.model): load time (median of 20), then, alternating the two
libraries, the best of --repeat passes of
  * batch: encode(all lines, num_threads=1) — sentencepiece's fastest single-thread Python path;
  * line:  encode(line) per line;
  * sample (tokenmill only, unigram nbest_size=-1 or BPE-dropout, alpha 0.1) vs its Viterbi.
Ids must be identical (checked). MB = 10^6 bytes of line text per wall second; the ratio is
tokenmill over sentencepiece; CPU-second figures are printed too (the machine may be shared).
"""
import argparse
import json
import os
import statistics
import sys
import time

import sentencepiece as spm
import tokenmill

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        if path.endswith(".jsonl"):
            return [json.loads(l)["text"] for l in f if l.strip()]
        return f.read().split("\n")[:-1]


def best(fn, repeat):
    wall, cpu, result = [], [], None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return min(wall), min(cpu), result


def load_ms(cls, path, n=20):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        cls(model_file=path)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--text", default=os.path.join(SHARED, "corpus", "train-small.txt"))
    p.add_argument("--models", default="unigram_8k,bpe_8k")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    lines = read_lines(args.text)
    mb = sum(len(l.encode("utf-8")) for l in lines) / 1e6
    print(f"{args.text}: {len(lines)} lines, {mb:.2f} MB; sentencepiece {spm.__version__}")
    print("| model | mode | sentencepiece MB/s | tokenmill MB/s | ratio (wall) | ratio (CPU) |")
    print("|---|---|---|---|---|---|")
    for model in args.models.split(","):
        path = os.path.join(SHARED, "vocab", "spm", model + ".model")
        theirs = spm.SentencePieceProcessor(model_file=path)
        ours = tokenmill.SentencePieceProcessor(model_file=path)
        results = {}
        for mode in ("batch", "line"):
            for name, sp in (("spm", theirs), ("tm", ours)):
                if mode == "batch":
                    fn = lambda sp=sp: sp.encode(lines, num_threads=1)
                else:
                    fn = lambda sp=sp: [sp.encode(l) for l in lines]
                results[(mode, name)] = best(fn, args.repeat)
            if results[(mode, "spm")][2] != results[(mode, "tm")][2]:
                sys.exit(f"{model} {mode}: ids differ from sentencepiece")
            sw, sc, _ = results[(mode, "spm")]
            tw, tc, _ = results[(mode, "tm")]
            print(f"| {model} | {mode} | {mb / sw:.1f} | {mb / tw:.1f} | {sw / tw:.2f}x | {sc / tc:.2f}x |")
        vw, _, _ = best(lambda: [ours.encode(l) for l in lines], args.repeat)
        sw, _, _ = best(lambda: [ours.encode(l, enable_sampling=True, alpha=0.1, nbest_size=-1, seed=1)
                                 for l in lines], args.repeat)
        print(f"| {model} | tokenmill sampled / Viterbi cost | | {mb / sw:.1f} | {sw / vw:.2f}x | |")
        print(f"| {model} | load ms (median of 20) | {load_ms(spm.SentencePieceProcessor, path):.2f}"
              f" | {load_ms(tokenmill.SentencePieceProcessor, path):.2f} | | |")


if __name__ == "__main__":
    main()
