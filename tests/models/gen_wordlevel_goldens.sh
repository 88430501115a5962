#!/bin/bash
# Regenerates tests/data/golden/wordlevel/: a WordLevel tokenizer.json (Lowercase, Whitespace,
# the 3,000 most frequent lowercased words of dev lines 601-4407 plus [UNK], a BERT-style
# template) and HF tokenizers 0.22's encodings of dev lines 1-600 and the edge lines of at most
# 4 KiB: {"set", "line", "ids", "tokens", "offsets" (bytes)}.
#
#   TOKENMILL_ORACLES_DIR=/root/.cache/tokenmill-oracles tests/models/gen_wordlevel_goldens.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${TOKENMILL_SHARED_DIR:-$root/../shared}"
out="$root/tests/data/golden/wordlevel"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 - "$shared" "$out" "$work" <<'PY'
import collections, json, re, sys
shared, out, work = sys.argv[1:]
lines = [json.loads(l)["text"] for l in open(f"{shared}/corpus/dev.jsonl")]
counts = collections.Counter(w for t in lines[600:] for w in re.findall(r"\w+|[^\w\s]+", t.lower()))
vocab = {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2}
for word, _ in counts.most_common(3000):
    vocab.setdefault(word, len(vocab))
tokenizer = {
    "version": "1.0", "truncation": None, "padding": None,
    "added_tokens": [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                      "normalized": False, "special": True} for t, i in list(vocab.items())[:3]],
    "normalizer": {"type": "Lowercase"}, "pre_tokenizer": {"type": "Whitespace"},
    "post_processor": {"type": "TemplateProcessing",
                       "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                                  {"Sequence": {"id": "A", "type_id": 0}},
                                  {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
                       "pair": [{"Sequence": {"id": "A", "type_id": 0}},
                                {"Sequence": {"id": "B", "type_id": 1}}],
                       "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [1], "tokens": ["[CLS]"]},
                                          "[SEP]": {"id": "[SEP]", "ids": [2], "tokens": ["[SEP]"]}}},
    "decoder": None,
    "model": {"type": "WordLevel", "vocab": vocab, "unk_token": "[UNK]"},
}
json.dump(tokenizer, open(f"{out}/tokenizer.json", "w"), ensure_ascii=False, indent=1)
PY
/usr/bin/python3 "$root/tests/testing/select_corpus_lines.py" "$shared" "$work"
for corpus in dev edge; do
  node "$shared/oracles/hf_encode.js" --tokenizer "$out/tokenizer.json" --threads 1 \
    --input "$work/$corpus.jsonl" --output "$work/$corpus.out.jsonl"
done
/usr/bin/python3 - "$out" "$work" <<'PY'
import gzip, json, sys
out, work = sys.argv[1:]
rows = []
for corpus in ("dev", "edge"):
    for line in open(f"{work}/{corpus}.out.jsonl"):
        g = json.loads(line)
        rows.append(json.dumps({"set": corpus, "line": g["line"], "ids": g["ids"], "tokens": g["tokens"],
                                "offsets": g["byte_offsets"]}, ensure_ascii=False, separators=(",", ":")))
with open(f"{out}/hf.wordlevel.jsonl.gz", "wb") as f:
    f.write(gzip.compress(("\n".join(rows) + "\n").encode(), 9))
print(len(rows), "lines")
PY
