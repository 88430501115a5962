// GPT-2's vocabulary files: vocab.json ({"token": id, ...}) and merges.txt (one "a b"
// merge per line, rank = line order, "#version" lines skipped), read as HF's
// BPE::read_file does, with errors naming the file and the line or token at fault.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "tokenizers/models/bpe/bpe.h"

namespace tokenmill {

// Reads both files and builds the model.
absl::StatusOr<std::unique_ptr<Bpe>> LoadGpt2Bpe(const std::string& vocab_path,
                                                 const std::string& merges_path,
                                                 BpeOptions options = {});

// Same from the files' contents; the names appear in error messages.
absl::StatusOr<std::unique_ptr<Bpe>> Gpt2BpeFromText(std::string_view vocab_json,
                                                     std::string_view merges_txt,
                                                     BpeOptions options,
                                                     std::string_view vocab_name = "vocab.json",
                                                     std::string_view merges_name = "merges.txt");

}  // namespace tokenmill
