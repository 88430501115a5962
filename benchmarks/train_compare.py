#!/usr/bin/python3
"""Training speed and memory: tokenmill vs HF tokenizers' trainers vs spm_train, side by side.

Each trainer runs as its own process under /usr/bin/time -v (wall time, peak RSS), with the
same thread budget (default 2): tokenmill --threads, HF through ../shared/oracles/hf_train.js
with RAYON_NUM_THREADS, spm_train --num_threads. HF's Node binding only trains with its default
trainer (vocab 30000, min_frequency 0), so the HF-comparable rows use exactly that; tokenmill
trains the same set-up (`--like` the HF output) and the script checks that both wrote the same
model. spm_train (SentencePiece BPE, Debian 0.1.97) is the third anchor at the same vocab size.

    /usr/bin/python3 benchmarks/train_compare.py ../shared/corpus/train-small.txt \
        --tokenmill build/tokenizers/tokenmill --markdown
    # options: --threads N, --setups bpe-bytelevel,bpe-whitespace,wordpiece-bert, --no-spm,
    #          --no-hf, --repeat N (best of), --json out.json, --spm-sentences N
"""
import argparse
import json
import os
import re
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


def best(runs):
    return min(runs, key=lambda r: r["wall"])


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
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--setups", default="bpe-bytelevel,bpe-whitespace,wordpiece-bert")
    ap.add_argument("--vocab-size", type=int, default=30000, help="for spm_train (HF is fixed at 30000)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--no-hf", action="store_true")
    ap.add_argument("--no-spm", action="store_true")
    ap.add_argument("--spm-sentences", type=int, default=0,
                    help="spm_train --input_sentence_size (0 = all sentences, its default)")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args()
    corpus_bytes = sum(os.path.getsize(c) for c in args.corpus)
    oracles = os.environ.get("TOKENMILL_ORACLES_DIR", str(Path.home() / ".cache" / "tokenmill-oracles"))
    env = dict(os.environ, TOKENMILL_ORACLES_DIR=oracles, RAYON_NUM_THREADS=str(args.threads),
               RAYON_RS_NUM_CPUS=str(args.threads))
    tmp = Path(tempfile.mkdtemp(prefix="train_compare-"))
    rows = []
    for setup in args.setups.split(","):
        hf_out = tmp / f"hf.{setup}.json"
        row = {"setup": setup}
        if not args.no_hf:
            row["hf"] = best([timed(["node", str(SHARED / "oracles" / "hf_train.js"), "--setup", setup,
                                     "--output", str(hf_out)] + args.corpus, env) for _ in range(args.repeat)])
        template = hf_out if hf_out.exists() else None
        if template is None:  # the golden of the same set-up serves as the template
            import gzip
            golden = SHARED / "golden" / "train" / f"hf.{setup}.train-small.json.gz"
            template = tmp / f"template.{setup}.json"
            template.write_bytes(gzip.open(golden).read())
        tm_out = tmp / f"tm.{setup}.json"
        row["tokenmill"] = best([timed([args.tokenmill, "train", KINDS[setup], "--like", str(template),
                                        "--vocab-size", "30000", "--threads", str(args.threads), "-q",
                                        "-o", str(tm_out)] + args.corpus) for _ in range(args.repeat)])
        if hf_out.exists():
            row["same_as_hf"] = compare_models(tm_out, hf_out)
        rows.append(row)
    if not args.no_spm:
        spm = {"setup": "spm_train --model_type=bpe"}
        prefix = tmp / "spm"
        cmd = ["spm_train", f"--input={','.join(args.corpus)}", f"--model_prefix={prefix}",
               f"--vocab_size={args.vocab_size}", "--model_type=bpe", f"--num_threads={args.threads}",
               "--minloglevel=2"]
        if args.spm_sentences:
            cmd.append(f"--input_sentence_size={args.spm_sentences}")
        spm["spm"] = best([timed(cmd) for _ in range(args.repeat)])
        rows.append(spm)
    result = {"corpus": args.corpus, "corpus_mb": corpus_bytes / 1e6, "threads": args.threads, "rows": rows}
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    if args.markdown:
        print(f"Corpus: {', '.join(args.corpus)} ({corpus_bytes / 1e6:.1f} MB), {args.threads} threads each.\n")
        print("| set-up | tokenmill s | HF s | × HF | spm_train s | × spm | CPU s tokenmill / HF / spm "
              "| RSS MB tokenmill / HF / spm | same model as HF |")
        print("|---|---:|---:|---:|---:|---:|---|---|---|")
        spm_row = next((r["spm"] for r in rows if "spm" in r), None)
        for r in rows:
            if "tokenmill" not in r:
                continue
            tm, hf = r["tokenmill"], r.get("hf")
            cells = [r["setup"], f"{tm['wall']:.2f}",
                     f"{hf['wall']:.2f}" if hf else "–", f"**{hf['wall'] / tm['wall']:.1f}**" if hf else "–",
                     f"{spm_row['wall']:.2f}" if spm_row else "–",
                     f"**{spm_row['wall'] / tm['wall']:.1f}**" if spm_row else "–",
                     " / ".join(f"{x['cpu']:.1f}" if x else "–" for x in (tm, hf, spm_row)),
                     " / ".join(f"{x['rss_mb']:.0f}" if x else "–" for x in (tm, hf, spm_row)),
                     r.get("same_as_hf", "–")]
            print("| " + " | ".join(cells) + " |")
    else:
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    sys.exit(main())
