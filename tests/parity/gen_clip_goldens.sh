#!/bin/bash
# Regenerates tests/data/golden/clip/: a CLIP-shaped tokenizer trained by tokenmill on
# ../shared/corpus/train-small.txt from clip_template.json (NFC + whitespace squeeze + lowercase,
# CLIP's split with invert, ByteLevel without regex, BPE with the "</w>" end-of-word suffix,
# RobertaProcessing without offset trimming, BPEDecoder), and HF tokenizers 0.22's encodings of
# dev lines 1-600 and the edge lines of at most 4 KiB ({"set", "line", "ids", "offsets" (bytes),
# "type_ids", "special_tokens_mask", "decoded"}).
#
#   TOKENMILL_ORACLES_DIR=/root/.cache/tokenmill-oracles tests/parity/gen_clip_goldens.sh [build]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${TOKENMILL_SHARED_DIR:-$root/../shared}"
build="${1:-$root/build}"
out="$root/tests/data/golden/clip"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$build/tokenizers/tokenmill" train bpe --like "$out/clip_template.json" --vocab-size 4000 \
  --end-of-word-suffix "</w>" --initial-alphabet bytes -o "$work/tokenizer.json" \
  "$shared/corpus/train-small.txt"
gzip -9 -n -c "$work/tokenizer.json" > "$out/tokenizer.json.gz"
/usr/bin/python3 "$root/tests/testing/select_corpus_lines.py" "$shared" "$work"
for corpus in dev edge; do
  node "$shared/oracles/hf_encode.js" --tokenizer "$work/tokenizer.json" --extra --threads 1 \
    --input "$work/$corpus.jsonl" --output "$work/$corpus.out.jsonl"
done
/usr/bin/python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
with open(f"{work}/ids.jsonl", "w") as f:
    for corpus in ("dev", "edge"):
        for line in open(f"{work}/{corpus}.out.jsonl"):
            f.write(json.dumps({"ids": json.loads(line)["ids"]}) + "\n")
PY
node "$shared/oracles/hf_encode.js" --tokenizer "$work/tokenizer.json" --decode \
  --input "$work/ids.jsonl" --output "$work/decoded.jsonl"
/usr/bin/python3 - "$work" "$out" <<'PY'
import gzip, json, sys
work, out = sys.argv[1:]
decoded = [json.loads(line)["text"] for line in open(f"{work}/decoded.jsonl")]
rows = []
for corpus in ("dev", "edge"):
    for line in open(f"{work}/{corpus}.out.jsonl"):
        g = json.loads(line)
        rows.append(json.dumps({"set": corpus, "line": g["line"], "ids": g["ids"], "offsets": g["byte_offsets"],
                                "type_ids": g["type_ids"], "special_tokens_mask": g["special_tokens_mask"],
                                "decoded": decoded[len(rows)]}, ensure_ascii=False, separators=(",", ":")))
with open(f"{out}/hf.clip.jsonl.gz", "wb") as f:
    f.write(gzip.compress(("\n".join(rows) + "\n").encode(), 9))
print(len(rows), "lines")
PY
