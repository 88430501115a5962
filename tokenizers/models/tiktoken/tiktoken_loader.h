// Loading tiktoken encodings: bundled by name (vocab/tiktoken/<name>.tmranks, OpenAI's rank
// files in tokenmill's binary form, tiktoken_binary.h) or from a `.tiktoken` file whose name
// says the encoding.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "tokenizers/models/tiktoken/tiktoken_encoding.h"

namespace tokenmill {

// "cl100k_base", "o200k_base", "r50k_base" (or "gpt2"), "p50k_base". The rank file
// (<name>.tmranks, else <name>.tiktoken.gz or <name>.tiktoken) is looked for in $TOKENMILL_VOCAB_DIR/tiktoken, then the source tree's vocab/tiktoken, then the
// installed share/tokenmill/vocab/tiktoken.
absl::StatusOr<std::unique_ptr<TiktokenEncoding>> LoadTiktokenEncoding(std::string_view name);

// A `.tiktoken` (or `.tiktoken.gz`, or binary `.tmranks`) file; its name must start with the encoding's name
// (e.g. "cl100k_base.tiktoken"), which gives the split pattern and special tokens.
absl::StatusOr<std::unique_ptr<TiktokenEncoding>> LoadTiktokenFile(const std::string& path);

// A rank file with the given encoding's pattern and special tokens.
absl::StatusOr<std::unique_ptr<TiktokenEncoding>> LoadTiktokenFile(const std::string& path,
                                                                   const TiktokenSpec& spec);

// The encoding a rank file's name says ("o200k_base.tiktoken.gz" → o200k_base), if any.
std::optional<TiktokenSpec> TiktokenSpecFromFileName(std::string_view path);

}  // namespace tokenmill
