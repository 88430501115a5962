// Pre-training examples as google-research/bert's create_pretraining_data.py makes them:
// documents of sentences → sentence pairs (50 % random next sentence), cut to max_seq_length,
// with masked-LM positions (80 % [MASK], 10 % random token, 10 % unchanged), optionally
// whole-word masking, dupe_factor passes; seeded. The random choices follow the script's
// exactly (CPython's random.Random(seed), see python_random.h), so with the same seed and the
// same tokens the output is the same.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/tokenizer.h"

namespace tokenmill::bert {

struct PretrainingOptions {
  size_t max_seq_length = 128;
  size_t max_predictions_per_seq = 20;
  double masked_lm_prob = 0.15;
  double short_seq_prob = 0.1;
  size_t dupe_factor = 10;
  bool do_whole_word_mask = false;
  uint64_t seed = 12345;
};

// A document: its sentences, each a list of token ids.
using Document = std::vector<std::vector<uint32_t>>;

// What the algorithm needs to know about the vocabulary.
struct PretrainingVocab {
  uint32_t cls_id = 0, sep_id = 0, mask_id = 0;
  size_t size = 0;                      // random replacements are drawn from [0, size)
  std::vector<uint8_t> is_continuation; // per id: a "##" word piece (whole-word masking)

  // From a WordPiece tokenizer: [CLS], [SEP], [MASK] and "##" pieces.
  static absl::StatusOr<PretrainingVocab> FromTokenizer(const Tokenizer& tokenizer);
};

struct PretrainingInstance {
  std::vector<uint32_t> input_ids;      // [CLS] A [SEP] B [SEP], after masking
  std::vector<uint32_t> segment_ids;
  bool is_random_next = false;
  std::vector<uint32_t> masked_lm_positions;  // ascending
  std::vector<uint32_t> masked_lm_labels;     // the original ids there
};

// Splits text into documents: one sentence per line, blank lines between documents (the
// script's input format); each line tokenized without special tokens.
absl::StatusOr<std::vector<Document>> ReadDocuments(std::string_view text, const Tokenizer& tokenizer);

absl::StatusOr<std::vector<PretrainingInstance>> CreatePretrainingInstances(
    std::vector<Document> documents, const PretrainingVocab& vocab,
    const PretrainingOptions& options);

// The instances as the script writes its features, padded: int32 [n, max_seq_length]
// input_ids / input_mask / segment_ids, [n, max_predictions_per_seq] masked_lm_positions /
// masked_lm_ids (int32) / masked_lm_weights (float), [n] next_sentence_labels (1 = random).
struct PretrainingArrays {
  size_t count = 0, max_seq_length = 0, max_predictions_per_seq = 0;
  std::vector<int32_t> input_ids, input_mask, segment_ids;
  std::vector<int32_t> masked_lm_positions, masked_lm_ids;
  std::vector<float> masked_lm_weights;
  std::vector<int32_t> next_sentence_labels;
};
PretrainingArrays ToArrays(const std::vector<PretrainingInstance>& instances,
                           const PretrainingOptions& options);

}  // namespace tokenmill::bert
