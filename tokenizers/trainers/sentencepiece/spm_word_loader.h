// The corpus of a split_by_whitespace trainer as words with counts, streamed: lines are read
// in batches, normalized and split into words on --num_threads workers, and only the table of
// distinct words is kept (spm_train holds every sentence, then builds the same table). The
// result equals LoadSpmSentences + SplitSpmSentencesByWhitespace: character coverage is
// counted on the words (their characters are the sentences'), and characters below it become
// ▅ in the words, merging words that then read the same.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/trainers/progress.h"
#include "tokenizers/trainers/sentencepiece/spm_trainer_spec.h"

namespace tokenmill {

struct SpmWordTable {
  SpmSentences words;  // split_into_words set
  // Set when the bound was reached (see WordCounts): distinct words dropped, all seen at most
  // prune_threshold times.
  uint64_t pruned_words = 0;
  uint64_t pruned_occurrences = 0;
  uint64_t prune_threshold = 0;
};

// Sees the usable lines while LoadSpmWords streams them (the Unigram trainer keeps a sample
// to mine seed pieces from). Keep and Add are called from the worker threads.
class SpmLineSample {
 public:
  virtual ~SpmLineSample() = default;
  // Once, before any line: the size of the input.
  virtual void Begin(uint64_t total_bytes) = 0;
  // Whether usable line `line` (1-based) of input `source` is wanted.
  virtual bool Keep(uint32_t source, uint64_t line) = 0;
  // The wanted lines of one batch in order: their numbers, and their text normalized with meta
  // pieces as tabs, each followed by NUL.
  virtual void Add(uint32_t source, std::vector<uint64_t> lines, std::string sentences) = 0;
};

// Whether LoadSpmWords applies: split_by_whitespace and no --input_sentence_size sampling
// (a sample is bounded already, and must be drawn from whole lines as spm does).
bool CanStreamSpmWords(const spm::TrainerSpec& spec);

// `max_memory` bounds the word table in bytes (0 = unbounded); past it the rarest words are
// dropped (WordCounts' pruning). `sample`, if given, sees the lines. Errors name the file.
absl::StatusOr<SpmWordTable> LoadSpmWords(const spm::TrainerSpec& spec,
                                          const spm::NormalizerSpec& normalizer_spec,
                                          const SpmMetaPieces& meta_pieces, size_t max_memory,
                                          Progress& progress, SpmLineSample* sample = nullptr);

}  // namespace tokenmill
