// spm_train --model_type=unigram (unigram_model_trainer.cc, 0.1.97): seed pieces from the
// suffix array of the sentences, EM with the Bayesian (digamma) M-step for
// --num_sub_iterations rounds, then pruning by likelihood loss to --shrinking_factor of the
// pieces, until 1.1 × vocab_size are left; the final vocabulary takes the required characters
// and the best-scored pieces. Float arithmetic in spm's order; the E-step stripes follow
// --num_threads (as spm's threads do), so the same flags give spm_train's result whatever the
// number of cores. The core lives in trainers/unigram/ (shared with the HF trainer).
// A streamed corpus (a word table) whose sentences outgrew the seed budget is not spm's
// setting: seeds then come from the distinct words, weighted by their counts (SpmSeedText).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/trainers/sentencepiece/spm_trainer_spec.h"

namespace tokenmill {

// What seed pieces are mined from when `sentences` are already words (a streamed corpus).
struct SpmSeedText {
  // The sentences, each followed by NUL, characters outside the required ones as ▅
  // (SpmSeedSample) — as spm_train mines them.
  std::string text;
  // Non-zero when the sentences outgrew the budget: seeds are mined instead from every
  // distinct word (SpmWordText, word ends kept as spm's text has them), each substring counted
  // with its words' counts — the corpus' count of every substring that may be a piece — their
  // suffixes sorted a bucket at a time within this many bytes. The seeds are then spm_train's
  // (whitespace as a prefix; as a suffix, close).
  uint64_t word_text_budget = 0;
};

// Pieces (without meta pieces) with their scores, in vocabulary order. `sentences` is consumed:
// whole sentences, or (split_into_words) the word table, then `seed` gives the seed text.
absl::StatusOr<std::vector<std::pair<std::string, float>>> TrainSpmUnigram(
    const spm::TrainerSpec& spec, size_t meta_piece_count, SpmSentences sentences,
    Progress& progress, SpmSeedText seed = {});

}  // namespace tokenmill
