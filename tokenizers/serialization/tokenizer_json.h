// Hugging Face tokenizer.json: read every supported component, write a file HF loads.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "tokenizers/tokenizer.h"

namespace tokenmill {

// Errors name `path` and the field that is wrong.
absl::StatusOr<std::unique_ptr<Tokenizer>> LoadTokenizerJson(const std::string& path);
// `source` names the text in errors (a path, or e.g. "<string>").
absl::StatusOr<std::unique_ptr<Tokenizer>> ParseTokenizerJson(std::string_view json,
                                                              std::string_view source);

std::string ToTokenizerJson(const Tokenizer& tokenizer, bool pretty = true);
absl::Status SaveTokenizerJson(const Tokenizer& tokenizer, const std::string& path);

// Reads a whole file; errors name the path.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace tokenmill
