#!/bin/bash
# Regenerates tests/data/golden/byte_level_splits/hf.gpt2-<name>.jsonl.gz with HF tokenizers
# 0.22 (../shared/oracles, installed by its install.sh): GPT-2's tokenizer.json with the
# pre_tokenizer section <name>.pre_tokenizer.json (Qwen2's and DeepSeek-V3's, whose Split
# regexes use the `\s+(?!\S)` lookahead), encoded without special tokens on dev lines 1-600
# and the edge lines of at most 4 KiB. Each record: {"set", "line", "ids", "offsets" (bytes)}.
#
#   TOKENMILL_ORACLES_DIR=/root/.cache/tokenmill-oracles tests/parity/gen_byte_level_split_goldens.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${TOKENMILL_SHARED_DIR:-$root/../shared}"
out="$root/tests/data/golden/byte_level_splits"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for name in qwen2 deepseek_v3; do
  /usr/bin/python3 - "$shared" "$out" "$work" "$name" <<'PY'
import json, sys
shared, out, work, name = sys.argv[1:]
tokenizer = json.load(open(f"{shared}/vocab/gpt2/tokenizer.json"))
tokenizer["pre_tokenizer"] = json.load(open(f"{out}/{name}.pre_tokenizer.json"))
json.dump(tokenizer, open(f"{work}/{name}.json", "w"))
for corpus, max_lines in (("dev", 600), ("edge", None)):
    with open(f"{work}/{corpus}.jsonl", "w") as selected:
        for i, line in enumerate(open(f"{shared}/corpus/{corpus}.jsonl")):
            if max_lines is not None and i >= max_lines:
                break
            text = json.loads(line)["text"]
            if len(text.encode()) <= 4096:
                selected.write(json.dumps({"text": text, "line": i + 1}) + "\n")
PY
  for corpus in dev edge; do
    node "$shared/oracles/hf_encode.js" --tokenizer "$work/$name.json" --no-add-special-tokens \
      --threads 1 --input "$work/$corpus.jsonl" --output "$work/$name.$corpus.out.jsonl"
  done
  /usr/bin/python3 - "$work" "$out" "$name" <<'PY'
import gzip, json, sys
work, out, name = sys.argv[1:]
rows = []
for corpus in ("dev", "edge"):
    for line in open(f"{work}/{name}.{corpus}.out.jsonl"):
        g = json.loads(line)
        rows.append(json.dumps({"set": corpus, "line": g["line"], "ids": g["ids"],
                                "offsets": g["byte_offsets"]}, separators=(",", ":")))
with open(f"{out}/hf.gpt2-{name}.jsonl.gz", "wb") as f:
    f.write(gzip.compress(("\n".join(rows) + "\n").encode(), 9))
print(name, len(rows), "lines")
PY
done
