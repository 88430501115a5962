#!/bin/bash
# Regenerates tests/data/golden/byte_level/hf.gpt2-<name>.jsonl.gz with HF tokenizers 0.22
# (../shared/oracles, installed by its install.sh): GPT-2's tokenizer.json with <name>.overlay.json
# merged in (JSON merge patch): Qwen2's and DeepSeek-V3's pre-tokenizers, whose Split regexes use
# the `\s+(?!\S)` lookahead; RoBERTa's RobertaProcessing; Llama 3's set-up (its split, a
# ByteLevel + template post-processor with a BOS token, ignore_merges). Encoded with special tokens on dev
# lines 1-600 and the edge lines of at most 4 KiB. Each record: {"set", "line", "ids",
# "offsets" (bytes), "type_ids", "special_tokens_mask"}. For roberta also
# hf.gpt2-roberta.pairs.jsonl.gz: hf_pairs.js's configs on the first 150 pairs, in
# PairsParityTest's order, tokens left out (ids say it), without
# only_second_48_s4 (with RoBERTa's four special tokens HF panics on a pair there: stride ≥ the
# room left for the second sequence, and the panic aborts the oracle).
#
#   TOKENMILL_ORACLES_DIR=/root/.cache/tokenmill-oracles tests/parity/gen_byte_level_goldens.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${TOKENMILL_SHARED_DIR:-$root/../shared}"
out="$root/tests/data/golden/byte_level"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/tests/testing/select_corpus_lines.py" "$shared" "$work"
for name in qwen2 deepseek_v3 roberta llama3; do
  /usr/bin/python3 - "$shared" "$out" "$work" "$name" <<'PY'
import json, sys
shared, out, work, name = sys.argv[1:]
tokenizer = json.load(open(f"{shared}/vocab/gpt2/tokenizer.json"))
def merge_patch(target, patch):  # RFC 7386, as nlohmann's merge_patch in the test
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            merge_patch(target[key], value)
        elif value is None:
            target.pop(key, None)
        else:
            target[key] = value
merge_patch(tokenizer, json.load(open(f"{out}/{name}.overlay.json")))
json.dump(tokenizer, open(f"{work}/{name}.json", "w"))
PY
  for corpus in dev edge; do
    node "$shared/oracles/hf_encode.js" --tokenizer "$work/$name.json" --extra \
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
                                "offsets": g["byte_offsets"], "type_ids": g["type_ids"],
                                "special_tokens_mask": g["special_tokens_mask"]},
                               separators=(",", ":")))
with open(f"{out}/hf.gpt2-{name}.jsonl.gz", "wb") as f:
    f.write(gzip.compress(("\n".join(rows) + "\n").encode(), 9))
print(name, len(rows), "lines")
PY
done
pairs="$work/roberta.pairs.jsonl"
: > "$pairs"
for config in plain longest_first_64 only_first_96_left; do
  head -n 150 "$shared/corpus/pairs.jsonl" |
    node "$shared/oracles/hf_pairs.js" --tokenizer "$work/roberta.json" --config "$config" >> "$pairs"
done
/usr/bin/python3 - "$pairs" "$out/hf.gpt2-roberta.pairs.jsonl.gz" <<'PY'
import gzip, json, sys
def drop_tokens(record):
    record.pop("tokens", None)
    for over in record.get("overflowing", []):
        drop_tokens(over)
    return record
rows = [json.dumps(drop_tokens(json.loads(line)), separators=(",", ":")) for line in open(sys.argv[1])]
with open(sys.argv[2], "wb") as f:
    f.write(gzip.compress(("\n".join(rows) + "\n").encode(), 9))
print("roberta pairs:", len(rows), "lines")
PY
