#!/usr/bin/python3
"""How close two SentencePiece models are: pieces in common, and held-out compression.

Issue 6's yardstick for Unigram training when it is not bit-identical (e.g. seeds from a
sample): >= 99 % of pieces in common with spm_train's model, and tokens per character on
../shared/corpus/dev.jsonl within 0.5 %. Both models are encoded by Google's sentencepiece
(Debian's python3-sentencepiece), so the encoder is the same for both.

    /usr/bin/python3 benchmarks/spm_model_agreement.py REFERENCE.model CANDIDATE.model \
        [--dev ../shared/corpus/dev.jsonl]
"""
import argparse
import json
from pathlib import Path

import sentencepiece as spm

SHARED = Path(__file__).resolve().parents[2] / "shared"


def tokens_per_char(model, texts):
    sp = spm.SentencePieceProcessor(model_file=str(model))
    tokens = sum(len(ids) for ids in sp.encode(texts))
    return tokens / sum(len(t) for t in texts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("reference")
    ap.add_argument("candidate")
    ap.add_argument("--dev", default=str(SHARED / "corpus/dev.jsonl"))
    args = ap.parse_args()
    pieces = []
    for path in (args.reference, args.candidate):
        sp = spm.SentencePieceProcessor(model_file=path)
        pieces.append({sp.id_to_piece(i) for i in range(sp.get_piece_size())})
    common = len(pieces[0] & pieces[1])
    texts = [json.loads(line)["text"] for line in open(args.dev, encoding="utf-8")]
    ref, cand = (tokens_per_char(m, texts) for m in (args.reference, args.candidate))
    print(f"pieces in common: {common}/{len(pieces[0])} ({100 * common / len(pieces[0]):.2f} %)")
    print(f"dev tokens/char: reference {ref:.5f}, candidate {cand:.5f} "
          f"({100 * (cand / ref - 1):+.3f} %) on {len(texts)} texts")


if __name__ == "__main__":
    main()
