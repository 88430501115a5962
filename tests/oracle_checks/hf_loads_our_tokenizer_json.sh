#!/usr/bin/env bash
# Checks that HF tokenizers (the oracle) loads a tokenizer.json written by tokenmill and
# encodes exactly like the reference: builds each BERT tokenizer from its vocab.txt, saves
# it, encodes ../shared/corpus/{dev,edge}.jsonl with HF on that file, and compares with the
# goldens. Needs the oracles (bash ../shared/oracles/install.sh), so it is not part of CI;
# run it by hand after changing a writer:  bash tests/oracle_checks/hf_loads_our_tokenizer_json.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=../shared
out=$(mktemp -d)
for t in bert-base-uncased bert-base-cased bert-base-multilingual-cased; do
  case $t in *uncased) flag="" ;; *) flag="--cased" ;; esac
  /usr/bin/python3 - "$t" "$out/$t.json" "$flag" <<'PY'
import sys, tokenmill
t, out, flag = sys.argv[1], sys.argv[2], sys.argv[3]
tok = tokenmill.Tokenizer.from_bert_vocab(f"../shared/vocab/{t}/vocab.txt", lowercase=(flag == ""))
tok.save(out)
PY
  for set in dev edge; do
    node "$shared/oracles/hf_encode.js" --tokenizer "$out/$t.json" --input "$shared/corpus/$set.jsonl" > "$out/$t.$set.jsonl"
    /usr/bin/python3 - "$out/$t.$set.jsonl" "$shared/golden/hf.$t.$set.jsonl.gz" <<'PY'
import gzip, json, sys
ours = [json.loads(l) for l in open(sys.argv[1])]
gold = [json.loads(l) for l in gzip.open(sys.argv[2])]
bad = sum(1 for a, b in zip(ours, gold) if a["ids"] != b["ids"] or a["byte_offsets"] != b["offsets"])
print(f"{sys.argv[2]}: {len(ours)} lines, {bad} differ")
sys.exit(1 if bad or len(ours) != len(gold) else 0)
PY
  done
done
