#!/usr/bin/env bash
# Goldens for the SentencePiece trainer tests, made with Debian's spm_train / spm_encode 0.1.97
# (apt-get install -y sentencepiece). Tests never run these tools.
#
#   tests/trainers/sentencepiece/gen_spm_train_goldens.sh
#
# For each set-up NAME: tests/data/spm_train/NAME.vocab (piece TAB score, as spm_train writes
# it) and NAME.ids (spm_encode --output_format=id of encode-lines.txt with spm_train's model).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../data/spm_train"
declare -A flags=(
  [bpe_default]="--vocab_size=2500"
  [bpe_bytefallback]="--vocab_size=3000 --byte_fallback=true --split_digits=true --character_coverage=0.9995"
  [bpe_symbols_suffix]="--vocab_size=2500 --user_defined_symbols=foo,<sep>,▁the --control_symbols=<cls> --treat_whitespace_as_suffix=true --max_sentencepiece_length=6"
  [bpe_identity_nosplit]="--vocab_size=2500 --normalization_rule_name=identity --remove_extra_whitespaces=false --split_by_whitespace=false --split_by_unicode_script=false"
  [bpe_sampled]="--vocab_size=2000 --input_sentence_size=1000 --character_coverage=0.9995"
  [bpe_nfkc_cf_pad]="--vocab_size=3500 --normalization_rule_name=nfkc_cf --pad_id=3 --bos_id=-1 --character_coverage=1.0"
)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in "${!flags[@]}"; do
  echo "${flags[$name]}" > "$name.flags"
  spm_train --input=train-slice.txt --model_prefix="$tmp/$name" --model_type=bpe --num_threads=2 \
    --minloglevel=2 ${flags[$name]} > /dev/null 2>&1
  cp "$tmp/$name.vocab" "$name.vocab"
  spm_encode --model="$tmp/$name.model" --output_format=id < encode-lines.txt > "$name.ids"
done
