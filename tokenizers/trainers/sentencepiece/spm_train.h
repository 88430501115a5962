// spm_train in-process: a TrainerSpec + NormalizerSpec (spm's flags) in, a ModelProto with
// the meta pieces at their ids and the trained pieces in between out, as spm_train writes it
// (trainer_interface.cc Serialize): model_type=unigram or bpe.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "tokenizers/sentencepiece/sentencepiece_model.pb.h"
#include "tokenizers/trainers/progress.h"

namespace tokenmill {

// Fills the normalizer spec as spm_train does: rule name (default nmt_nfkc) → its built-in
// precompiled_charsmap.
absl::Status PopulateSpmNormalizerSpec(spm::NormalizerSpec& spec);

// What spm_train has no flag for.
struct SpmTrainOptions {
  // Bound on the word table in bytes (0 = DefaultMaxMemory(), half the RAM). The corpus is
  // streamed (never held whole) when split_by_whitespace is on and --input_sentence_size is
  // 0; past the bound the rarest words are dropped, with a warning. With
  // --input_sentence_size the sample is held as spm holds it (bounded by the sample).
  size_t max_memory = 0;
  // Unigram: the corpus is streamed the same way, and its sentences are kept to mine seed
  // pieces from (the model is then spm_train's) while they fit this many bytes (0 =
  // DefaultSpmSeedSampleBytes(max_memory): 64 MiB, at most an eighth of max_memory). Past it
  // seeds are mined from every distinct word, each substring counted with its words' counts
  // and the words' ends kept as in spm's text, their suffixes sorted in buckets of this many
  // bytes, with a notice: the same seeds (whitespace as a suffix: close), hence the same model
  // unless the word table was pruned (max_memory).
  size_t seed_sample_bytes = 0;
};

absl::StatusOr<spm::ModelProto> TrainSentencePiece(const spm::TrainerSpec& trainer_spec,
                                                   spm::NormalizerSpec normalizer_spec,
                                                   Progress& progress,
                                                   const SpmTrainOptions& options = {});

// The `.vocab` text: "piece\tscore" per line (score as C++ streams print a float), or just
// the piece when vocabulary_output_piece_score is false.
std::string SpmVocabText(const spm::ModelProto& model);

// PREFIX.model and PREFIX.vocab, each written atomically.
absl::Status SaveSpmTraining(const spm::ModelProto& model, const std::string& prefix);

}  // namespace tokenmill
