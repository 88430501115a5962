// The tokenizer that belongs to a model folder: tokenizer.json when present, else vocab.txt
// (lowercased unless tokenizer_config.json says "do_lower_case": false). When it sets no
// truncation of its own, it truncates to `max_length` tokens (the model's
// max_position_embeddings), as google-research/bert's extract_features cuts to max_seq_length.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tokenizers/tokenizer.h"

namespace tokenmill::bert {

absl::StatusOr<std::unique_ptr<Tokenizer>> LoadModelTokenizer(const std::string& dir,
                                                              size_t max_length);

}  // namespace tokenmill::bert
