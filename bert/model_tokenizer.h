// The tokenizer that belongs to a model folder: tokenizer.json when present, else vocab.txt
// (lowercased unless tokenizer_config.json says "do_lower_case": false).
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tokenizers/tokenizer.h"

namespace tokenmill::bert {

absl::StatusOr<std::unique_ptr<Tokenizer>> LoadModelTokenizer(const std::string& dir);

}  // namespace tokenmill::bert
