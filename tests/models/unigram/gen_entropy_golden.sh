#!/bin/sh
# sentencepiece 0.1.97's CalculateEntropy (../shared/oracles/spm/spm_encode.py --entropy) for
# unigram_8k on the 116 sampling texts plus 20 dev lines, at alpha 0.1, 0.5 and 1.0, with the
# normalized text: tests/data/unigram/spm_entropy.unigram_8k.jsonl.gz. Run from the project root.
set -e
SHARED=../shared
TMP=$(mktemp)
{ cat $SHARED/golden/spm/sampling_texts.jsonl; head -n 20 $SHARED/corpus/dev.jsonl; } > "$TMP"
/usr/bin/python3 $SHARED/oracles/spm/spm_encode.py --model $SHARED/vocab/spm/unigram_8k.model \
  "$TMP" --normalized --no-echo > "$TMP.normalized"
for alpha in 0.1 0.5 1.0; do
  /usr/bin/python3 $SHARED/oracles/spm/spm_encode.py --model $SHARED/vocab/spm/unigram_8k.model \
    "$TMP" --entropy --alpha $alpha > "$TMP.$alpha"
done
/usr/bin/python3 - "$TMP" <<'PY' | gzip -9 > tests/data/unigram/spm_entropy.unigram_8k.jsonl.gz
import json, sys
tmp = sys.argv[1]
normalized = [json.loads(l)["normalized"] for l in open(tmp + ".normalized", encoding="utf-8")]
for alpha in ("0.1", "0.5", "1.0"):
    for line, norm in zip(open(tmp + "." + alpha, encoding="utf-8"), normalized):
        d = json.loads(line)
        print(json.dumps({"text": d["text"], "normalized": norm, "alpha": float(alpha),
                          "entropy": d["entropy"]}, ensure_ascii=False))
PY
rm -f "$TMP" "$TMP".*
