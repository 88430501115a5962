#!/bin/bash
# Regenerates tests/data/golden/decode/hf_decoders.jsonl.gz with HF tokenizers 0.22
# (../shared/oracles): GPT-2's tokenizer.json with each decoder of hf_decoders.configs.json,
# decoding the ids of the first 150 lines of hf.gpt2.dev and 250 seeded random sequences over
# tokens that exercise the decoders (pad "!", delimiter "Ġ", cleanup's " ." " n't" ...).
# Records: {"config", "ids", "text"}.
#
#   TOKENMILL_ORACLES_DIR=/root/.cache/tokenmill-oracles tests/decoders/gen_decoder_goldens.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${TOKENMILL_SHARED_DIR:-$root/../shared}"
out="$root/tests/data/golden/decode"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 - "$shared" "$out" "$work" <<'PY'
import gzip, json, random, sys
shared, out, work = sys.argv[1:]
random.seed(20261126)
tokenizer = json.load(open(f"{shared}/vocab/gpt2/tokenizer.json"))
vocab = tokenizer["model"]["vocab"]
alphabet = [vocab[t] for t in ["!", "Ġ", "Ġ.", "Ġ,", "n't", "Ġthe", "h", "e", "l", "o", "Ġ'", "s",
                               "'m", "Ġdo", "Ġnot", "ing", "Ġ?", "'ve", "'re", "'s", "Ġ!"] if t in vocab]
with gzip.open(f"{shared}/golden/hf.gpt2.dev.jsonl.gz", "rt") as f:
    sequences = [json.loads(line)["ids"] for _, line in zip(range(150), f)]
sequences += [[random.choice(alphabet) for _ in range(random.randint(0, 30))] for _ in range(250)]
with open(f"{work}/ids.jsonl", "w") as f:
    for ids in sequences:
        f.write(json.dumps({"ids": ids}) + "\n")
for name, decoder in json.load(open(f"{out}/hf_decoders.configs.json")).items():
    json.dump(dict(tokenizer, decoder=decoder), open(f"{work}/{name}.json", "w"))
PY
for config in $(/usr/bin/python3 -c "import json,sys; print(' '.join(json.load(open(sys.argv[1]))))" "$out/hf_decoders.configs.json"); do
  node "$shared/oracles/hf_encode.js" --tokenizer "$work/$config.json" --decode \
    --input "$work/ids.jsonl" --output "$work/$config.out.jsonl"
done
/usr/bin/python3 - "$out" "$work" <<'PY'
import gzip, json, sys
out, work = sys.argv[1:]
ids = [json.loads(line)["ids"] for line in open(f"{work}/ids.jsonl")]
rows = []
for name in json.load(open(f"{out}/hf_decoders.configs.json")):
    for sequence, line in zip(ids, open(f"{work}/{name}.out.jsonl")):
        rows.append(json.dumps({"config": name, "ids": sequence, "text": json.loads(line)["text"]},
                               ensure_ascii=False, separators=(",", ":")))
with open(f"{out}/hf_decoders.jsonl.gz", "wb") as f:
    f.write(gzip.compress(("\n".join(rows) + "\n").encode(), 9))
print(len(rows), "records")
PY
