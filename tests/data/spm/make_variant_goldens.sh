#!/usr/bin/env bash
# sentencepiece 0.1.97's output for the variant models of tests/sentencepiece/variant_models.h
# on tests/data/spm/variant_texts.jsonl (14 hand-written lines, then the first 100 lines of the
# edge slice and the first 60 of the dev slice). Run from the repository root with ../shared:
#   bash tests/data/spm/make_variant_goldens.sh
set -euo pipefail
ninja -C build make_spm_variants >/dev/null
models=$(mktemp -d)
trap 'rm -rf "$models"' EXIT
build/tools/make_spm_variants tests/data/spm "$models" >/dev/null
for model in "$models"/*.model; do
  name=$(basename "$model" .model)
  /usr/bin/python3 ../shared/oracles/spm/spm_encode.py --model "$model" --offsets --normalized \
    --no-echo tests/data/spm/variant_texts.jsonl -o "$models/$name.enc.jsonl"
  jq -c '{ids}' "$models/$name.enc.jsonl" |
    /usr/bin/python3 ../shared/oracles/spm/spm_encode.py --model "$model" --decode --no-echo - \
      -o "$models/$name.dec.jsonl"
  /usr/bin/python3 - "$models/$name.enc.jsonl" "$models/$name.dec.jsonl" tests/data/spm/variant_texts.jsonl \
    "tests/data/spm/variant.$name.jsonl.gz" <<'PY'
import gzip, json, sys
enc, dec, texts, out = sys.argv[1:]
rows = []
with open(enc, encoding="utf-8") as e, open(dec, encoding="utf-8") as d, open(texts, encoding="utf-8") as t:
    for a, b, c in zip(e, d, t):
        row = {"text": json.loads(c)["text"]}
        a = json.loads(a)
        row.update({k: a[k] for k in ("ids", "pieces", "offsets", "normalized")})
        decoded = json.loads(b)["text"]
        if decoded != row["text"]:
            row["decoded"] = decoded
        rows.append(json.dumps(row, ensure_ascii=False))
with gzip.GzipFile(out, "wb", mtime=0) as f:
    f.write(("\n".join(rows) + "\n").encode("utf-8"))
print(out, len(rows))
PY
done
