"""Copies the bundled SentencePiece slice from ../shared (run from the repository root).

For unigram_8k and bpe_8k: the .model, and from sentencepiece 0.1.97's goldens
(../shared/golden/spm/<model>.<set>.jsonl.gz) the first 300 dev lines, the first 100 edge
lines whose golden is under 4 KB (each with its 0-based `line` in the full file), and all
invalid_utf8 lines. Lines are copied unchanged apart from the added `line` field.
"""
import gzip
import json
import shutil
from pathlib import Path

SHARED = Path("../shared")
OUT = Path("tests/data/spm")

for model in ("unigram_8k", "bpe_8k"):
    shutil.copyfile(SHARED / "vocab/spm" / f"{model}.model", OUT / f"{model}.model")
    for name, keep in (("dev", lambda i, raw: i < 300),
                       ("edge", lambda i, raw: len(raw) < 4096),
                       ("invalid_utf8", lambda i, raw: True)):
        src = SHARED / "golden/spm" / f"{model}.{name}.jsonl.gz"
        kept = []
        with gzip.open(src, "rt", encoding="utf-8") as f:
            for i, raw in enumerate(f):
                if keep(i, raw) and len(kept) < (100 if name == "edge" else 10**9):
                    obj = json.loads(raw)
                    obj["line"] = i
                    kept.append(json.dumps(obj, ensure_ascii=False))
        with gzip.open(OUT / f"{model}.{name}.jsonl.gz", "wt", encoding="utf-8") as f:
            f.write("\n".join(kept) + "\n")
        print(model, name, len(kept))
