// Per-token hidden states of chosen layers, as google-research/bert's extract_features.py,
// with each token's tokenmill offsets so vectors map back to the words of the text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bert/aligned_buffer.h"
#include "absl/status/statusor.h"
#include "bert/model.h"
#include "tokenizers/tokenizer.h"

namespace tokenmill::bert {

struct FeatureOptions {
  // Hidden-state indexes as HF's hidden_states: 0 = embedding output, num_layers = last;
  // negative ones count from the end (-1 = last layer; google-research/bert's default is
  // -1,-2,-3,-4).
  std::vector<int> layers = {-1};
  size_t batch_size = 8;
};

struct TextFeatures {
  Encoding encoding;                // ids, tokens, byte offsets into the text(s), ...
  std::vector<int> layers;          // resolved indexes, in the requested order
  FloatBuffer values;        // [layers.size(), encoding.size(), H]
  size_t hidden_size = 0;
};

// Encodes each text (an optional pair `text_b` of the same length, empty entries meaning no
// pair) with the tokenizer's settings and runs the model in batches.
absl::StatusOr<std::vector<TextFeatures>> ExtractFeatures(
    const BertModel& model, const Tokenizer& tokenizer, const std::vector<std::string_view>& texts,
    const std::vector<std::string_view>* text_b, const FeatureOptions& options);

// Resolves `layers` against num_layers (error when out of range).
absl::StatusOr<std::vector<int>> ResolveLayers(const std::vector<int>& layers, size_t num_layers);

}  // namespace tokenmill::bert
