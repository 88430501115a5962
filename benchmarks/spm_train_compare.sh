#!/usr/bin/env bash
# SentencePiece BPE training: tokenmill vs Debian's spm_train 0.1.97, same corpus and flags,
# alternating runs, /usr/bin/time -v (wall, user CPU, peak RSS), and a check that both wrote
# the same .vocab.
#
#   benchmarks/spm_train_compare.sh [CORPUS] [VOCAB_SIZES] [RUNS]
#   (defaults: ../shared/corpus/train-small.txt, "8000 32000", 2; needs build/tokenizers/tokenmill)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${1:-$root/../shared/corpus/train-small.txt}
sizes=${2:-"8000 32000"}
runs=${3:-2}
threads=${THREADS:-2}
tokenmill=${TOKENMILL:-$root/build/tokenizers/tokenmill}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "vocab tool wall_s user_s peak_rss_MiB load"
for v in $sizes; do
  for ((r = 0; r < runs; ++r)); do
    for tool in spm_train tokenmill; do
      if [ $tool = spm_train ]; then
        cmd=(spm_train --input="$corpus" --model_prefix="$out/spm_$v" --vocab_size="$v" --model_type=bpe --num_threads="$threads" --minloglevel=2)
      else
        cmd=("$tokenmill" train sentencepiece --input="$corpus" --model_prefix="$out/tm_$v" --vocab_size="$v" --model_type=bpe --num_threads="$threads" --quiet)
      fi
      /usr/bin/time -v -o "$out/time" "${cmd[@]}" > /dev/null 2>&1
      awk -v v="$v" -v t="$tool" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
        /Elapsed/ { n = split($NF, a, ":"); wall = (n == 3 ? a[1] * 3600 + a[2] * 60 + a[3] : a[1] * 60 + a[2]) }
        /User time/ { user = $NF }
        /Maximum resident/ { rss = $NF / 1024 }
        END { printf "%s %s %.2f %.2f %.0f %s\n", v, t, wall, user, rss, load }' "$out/time"
    done
  done
  cmp -s "$out/spm_$v.vocab" "$out/tm_$v.vocab" && echo "$v: identical .vocab" || echo "$v: .vocab DIFFERS"
done
