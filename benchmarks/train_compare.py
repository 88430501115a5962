#!/usr/bin/python3
"""Training speed and memory: tokenmill vs HF tokenizers' trainers vs spm_train, side by side.

Each trainer runs as its own process under /usr/bin/time -v (wall time, peak RSS), with the
same thread budget (default 2): tokenmill --threads, HF through ../shared/oracles/hf_train.js
with RAYON_NUM_THREADS, spm_train --num_threads. HF's Node binding only trains with its default
trainer (vocab 30000, min_frequency 0), so the HF-comparable rows use exactly that; tokenmill
trains the same set-up (`--like` the HF output) and the script checks that both wrote the same
model. spm_train (SentencePiece BPE, Debian 0.1.97) is the third anchor, against tokenmill's own
SentencePiece BPE trainer (same flags, same .vocab expected).

    /usr/bin/python3 benchmarks/train_compare.py ../shared/corpus/train-small.txt \
        --tokenmill build/tokenizers/tokenmill --markdown
    # options: --threads N, --setups bpe-bytelevel,bpe-whitespace,wordpiece-bert (or ""),
    #          --no-hf, --no-spm, --no-sp, --repeat N (rounds interleaving the tools; medians),
    #          --baseline OLD_TOKENMILL (same rows with another build), --vocab-size N (SP BPE),
    #          --spm-sentences N (--input_sentence_size on both SentencePiece sides), --json out.json

The SentencePiece rows run spm_train and `tokenmill train sentencepiece` with the same flags
and check that both wrote the same .vocab.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
KINDS = {"bpe-bytelevel": "bpe", "bpe-whitespace": "bpe", "wordpiece-bert": "wordpiece"}


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time -v; returns (wall seconds, peak RSS MB, stderr)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.monotonic()
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", report.name] + cmd, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.monotonic() - start
        text = report.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", text).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", text).group(1))
    return {"wall": wall, "rss_mb": rss_kb / 1024, "cpu": user + system}


def median(runs):
    """The run with the median wall time (runs of one tool, interleaved with the others')."""
    runs = sorted(runs, key=lambda r: r["wall"])
    return runs[len(runs) // 2]


def load_average():
    return float(Path("/proc/loadavg").read_text().split()[0])


def compare_models(a, b):
    """'yes' when the models are identical; else the share of vocabulary in common (HF's
    WordPiece trainer numbers its ##x characters in hash order, so two HF runs differ too)."""
    ja, jb = json.loads(Path(a).read_text()), json.loads(Path(b).read_text())
    if ja["model"] == jb["model"] and ja["added_tokens"] == jb["added_tokens"]:
        return "yes"
    va, vb = set(ja["model"]["vocab"]), set(jb["model"]["vocab"])
    return f"no ({100 * len(va & vb) / max(len(vb), 1):.2f} % of tokens in common)"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--tokenmill", default=str(REPO / "build" / "tokenizers" / "tokenmill"))
    ap.add_argument("--baseline", help="another tokenmill binary (e.g. an older commit) run beside it")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--setups", default="bpe-bytelevel,bpe-whitespace,wordpiece-bert")
    ap.add_argument("--vocab-size", type=int, default=32000,
                    help="SentencePiece BPE vocabulary (HF's rows are fixed at 30000)")
    ap.add_argument("--repeat", type=int, default=1, help="rounds, tools interleaved; medians")
    ap.add_argument("--no-hf", action="store_true")
    ap.add_argument("--no-spm", action="store_true", help="skip spm_train (tokenmill's SP rows still run)")
    ap.add_argument("--no-sp", action="store_true", help="skip the SentencePiece BPE rows altogether")
    ap.add_argument("--spm-sentences", type=int, default=0,
                    help="--input_sentence_size for both SentencePiece trainers (0 = all, spm's default)")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args()
    corpus_bytes = sum(os.path.getsize(c) for c in args.corpus)
    oracles = os.environ.get("TOKENMILL_ORACLES_DIR", str(Path.home() / ".cache" / "tokenmill-oracles"))
    env = dict(os.environ, TOKENMILL_ORACLES_DIR=oracles, RAYON_NUM_THREADS=str(args.threads),
               RAYON_RS_NUM_CPUS=str(args.threads))
    tmp = Path(tempfile.mkdtemp(prefix="train_compare-"))
    binaries = {"tokenmill": args.tokenmill}
    if args.baseline:
        binaries["baseline"] = args.baseline
    loads = [load_average()]
    rows = []

    # HF-style trainers: HF's run first (its output is tokenmill's template), then the rounds.
    for setup in [s for s in args.setups.split(",") if s]:
        hf_out = tmp / f"hf.{setup}.json"
        row = {"setup": setup, "runs": {}}
        template = None
        if not args.no_hf:
            row["runs"]["hf"] = [timed(["node", str(SHARED / "oracles" / "hf_train.js"), "--setup", setup,
                                        "--output", str(hf_out)] + args.corpus, env)]
            template = hf_out
        if template is None:  # the golden of the same set-up serves as the template
            import gzip
            golden = SHARED / "golden" / "train" / f"hf.{setup}.train-small.json.gz"
            template = tmp / f"template.{setup}.json"
            template.write_bytes(gzip.open(golden).read())
        for r in range(args.repeat):
            if r > 0 and not args.no_hf:
                row["runs"]["hf"].append(timed(["node", str(SHARED / "oracles" / "hf_train.js"), "--setup",
                                                setup, "--output", str(hf_out)] + args.corpus, env))
            for name, binary in binaries.items():
                out = tmp / f"{name}.{setup}.json"
                row["runs"].setdefault(name, []).append(timed(
                    [binary, "train", KINDS[setup], "--like", str(template), "--vocab-size", "30000",
                     "--threads", str(args.threads), "-q", "-o", str(out)] + args.corpus))
        if hf_out.exists():
            row["same_as_hf"] = compare_models(tmp / f"tokenmill.{setup}.json", hf_out)
        rows.append(row)

    # SentencePiece BPE: spm_train and `tokenmill train sentencepiece`, same flags, interleaved.
    if not args.no_sp:
        flags = [f"--input={','.join(args.corpus)}", f"--vocab_size={args.vocab_size}", "--model_type=bpe",
                 f"--num_threads={args.threads}"]
        if args.spm_sentences:
            flags.append(f"--input_sentence_size={args.spm_sentences}")
        row = {"setup": f"sentencepiece bpe {args.vocab_size}"
                        + (f", {args.spm_sentences} sentences" if args.spm_sentences else ""), "runs": {}}
        for r in range(args.repeat):
            if not args.no_spm:
                row["runs"].setdefault("spm", []).append(
                    timed(["spm_train"] + flags + [f"--model_prefix={tmp / 'spm'}", "--minloglevel=2"]))
            for name, binary in binaries.items():
                row["runs"].setdefault(name, []).append(timed(
                    [binary, "train", "sentencepiece"] + flags + [f"--model_prefix={tmp / name}", "--quiet"]))
        if not args.no_spm:
            same = (tmp / "spm.vocab").read_bytes() == (tmp / "tokenmill.vocab").read_bytes()
            row["same_as_spm"] = "yes (.vocab identical)" if same else "NO: .vocab differs"
        rows.append(row)
    loads.append(load_average())

    shutil.rmtree(tmp, ignore_errors=True)
    for row in rows:
        row["median"] = {name: median(runs) for name, runs in row["runs"].items()}
    result = {"corpus": args.corpus, "corpus_mb": corpus_bytes / 1e6, "threads": args.threads,
              "repeat": args.repeat, "load_average": loads, "rows": rows}
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    if not args.markdown:
        print(json.dumps(result, indent=2))
        return
    print(f"Corpus: {', '.join(args.corpus)} ({corpus_bytes / 1e6:.1f} MB), {args.threads} threads each, "
          f"{args.repeat} interleaved round(s), medians; load average {loads[0]:.1f} → {loads[1]:.1f}.\n")
    names = ["tokenmill"] + (["baseline"] if args.baseline else [])
    print("| set-up | tool | wall s | CPU s | peak RSS MB | RSS / corpus | tokenmill wall × faster | same model |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for row in rows:
        tm = row["median"]["tokenmill"]
        for name in names + ["hf", "spm"]:
            if name not in row["median"]:
                continue
            m = row["median"][name]
            label = {"hf": "HF tokenizers", "spm": "spm_train", "baseline": "tokenmill (baseline)"}.get(name, name)
            speed = f"**{m['wall'] / tm['wall']:.1f}**" if name in ("hf", "spm") else "–"
            same = row.get("same_as_hf", row.get("same_as_spm", "–")) if name == "tokenmill" else ""
            print(f"| {row['setup']} | {label} | {m['wall']:.1f} | {m['cpu']:.1f} | {m['rss_mb']:.0f} | "
                  f"{m['rss_mb'] * 1.048576 / (corpus_bytes / 1e6):.2f} | {speed} | {same} |")


if __name__ == "__main__":
    sys.exit(main())
