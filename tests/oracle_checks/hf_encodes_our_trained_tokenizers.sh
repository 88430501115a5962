#!/usr/bin/env bash
# Trains every `tokenmill train` kind on ../shared/corpus/train-small.txt with its default
# set-up (and extra options), saves tokenizer.json, then encodes ../shared/corpus/{dev,edge}.jsonl
# with HF tokenizers (the oracle) on that file and with tokenmill, and compares ids, tokens and
# byte offsets line by line. Needs the oracles (bash ../shared/oracles/install.sh) and a build
# (build/tokenizers/tokenmill), so it is not part of CI; run by hand:
#   bash tests/oracle_checks/hf_encodes_our_trained_tokenizers.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=../shared
bin=build/tokenizers/tokenmill
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
declare -A setups=(
  [bpe]="bpe --vocab-size 20000"
  [byte-bpe]="byte-bpe --vocab-size 20000 --special-tokens <|endoftext|>"
  [wordpiece]="wordpiece --vocab-size 20000"
  [bpe-suffix]="bpe --vocab-size 12000 --end-of-word-suffix </w> --min-frequency 2"
  [wordpiece-limited]="wordpiece --vocab-size 8000 --limit-alphabet 500 --min-frequency 3"
  # Unigram with an unk token: without one (HF's default) neither HF nor tokenmill can encode
  # the characters dev/edge have and train-small lacks.
  [unigram-unk]="unigram --unk-token <unk>"
  [unigram-6k-specials]="unigram --vocab-size 6000 --unk-token <unk> --special-tokens <pad>"
)
# ONLY="unigram unigram-unk" runs just those set-ups.
if [ -n "${ONLY:-}" ]; then
  for name in "${!setups[@]}"; do
    [[ " $ONLY " == *" $name "* ]] || unset "setups[$name]"
  done
fi
status=0
for name in "${!setups[@]}"; do
  # shellcheck disable=SC2086
  $bin train ${setups[$name]} -q -o "$out/$name.json" "$shared/corpus/train-small.txt"
  for set in dev edge; do
    node "$shared/oracles/hf_encode.js" --tokenizer "$out/$name.json" \
      --input "$shared/corpus/$set.jsonl" > "$out/hf.$set.jsonl"
    $bin encode --tokenizer "$out/$name.json" --input "$shared/corpus/$set.jsonl" > "$out/tm.$set.jsonl"
    /usr/bin/python3 - "$out/hf.$set.jsonl" "$out/tm.$set.jsonl" "$name.$set" <<'PY' || status=1
import json, sys
hf = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
tm = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
bad = [i for i, (a, b) in enumerate(zip(hf, tm))
       if a["ids"] != b["ids"] or a["tokens"] != b["tokens"] or a["byte_offsets"] != b["offsets"]]
print(f"{sys.argv[3]}: {len(hf)} lines, {len(bad)} differ" + (f" (first: line {bad[0] + 1})" if bad else ""))
sys.exit(1 if bad or len(hf) != len(tm) else 0)
PY
  done
done
exit $status
