#!/usr/bin/env bash
# Goldens for the SentencePiece Unigram trainer tests, made with Debian's spm_train 0.1.97 and
# python3-sentencepiece (apt-get install -y sentencepiece python3-sentencepiece). Tests never
# run these tools.
#
#   tests/trainers/sentencepiece/gen_spm_unigram_goldens.sh
#
# For each set-up NAME (flags in NAME.flags): tests/data/spm_train/NAME.pieces — one line per
# id: piece TAB score (the float, printed exactly) TAB type (ModelProto's enum) — read from
# spm_train's .model, and NAME.ids (spm_encode --output_format=id of encode-lines.txt).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../data/spm_train"
declare -A flags=(
  [unigram_default]="--vocab_size=2000"
  [unigram_bytefallback]="--vocab_size=2500 --byte_fallback=true --split_digits=true --character_coverage=0.9995"
  [unigram_symbols_suffix]="--vocab_size=2000 --user_defined_symbols=foo,<sep>,▁the --control_symbols=<cls> --treat_whitespace_as_suffix=true --max_sentencepiece_length=6 --num_sub_iterations=3 --shrinking_factor=0.8"
  [unigram_identity_nosplit]="--vocab_size=2000 --normalization_rule_name=identity --remove_extra_whitespaces=false --split_by_whitespace=false --split_by_unicode_script=false --seed_sentencepiece_size=5000"
  [unigram_threads5]="--vocab_size=2200 --num_threads=5 --split_by_number=false"
)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in "${!flags[@]}"; do
  echo "${flags[$name]}" > "$name.flags"
  # --num_threads=2 first: a later --num_threads in the flags wins.
  spm_train --input=train-slice.txt --model_prefix="$tmp/$name" --model_type=unigram --num_threads=2 \
    --minloglevel=2 ${flags[$name]} > /dev/null 2>&1
  /usr/bin/python3 - "$tmp/$name.model" > "$name.pieces" <<'PY'
# Reads ModelProto.pieces (field 1: piece = 1, score = 2 (float), type = 3) with a minimal
# protobuf decoder; python3-sentencepiece cannot tell user-defined pieces apart.
import struct, sys
def varint(b, i):
    v = s = 0
    while True:
        c = b[i]; i += 1; v |= (c & 0x7F) << s; s += 7
        if c < 0x80: return v, i
def fields(b):
    i = 0
    while i < len(b):
        key, i = varint(b, i); f, w = key >> 3, key & 7
        if w == 0: v, i = varint(b, i)
        elif w == 5: v = b[i:i + 4]; i += 4
        elif w == 1: v = b[i:i + 8]; i += 8
        elif w == 2: n, i = varint(b, i); v = b[i:i + n]; i += n
        yield f, w, v
for f, w, v in fields(open(sys.argv[1], 'rb').read()):
    if f != 1: continue
    piece, score, kind = '', 0.0, 1
    for g, _, x in fields(v):
        if g == 1: piece = x.decode()
        elif g == 2: score = struct.unpack('<f', x)[0]
        elif g == 3: kind = x
    print(f"{piece}\t{score!r}\t{kind}")
PY
  spm_encode --model="$tmp/$name.model" --output_format=id < encode-lines.txt > "$name.ids"
done
