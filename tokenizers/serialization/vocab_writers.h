// Writing a trained vocabulary in the formats other stacks read: GPT-2's vocab.json +
// merges.txt (as HF's BPE::save), BERT's vocab.txt (WordPiece::save) and tiktoken's rank file.
// Files are written atomically (base/atomic_file.h).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "tokenizers/models/bpe/bpe.h"
#include "tokenizers/tokenizer.h"

namespace tokenmill {

// vocab.json: {"token": id, ...} in id order, compact, as serde_json writes it.
std::string Gpt2VocabJson(const Bpe& model);
// merges.txt: "#version: 0.2" then one "left right" line per merge in rank order.
std::string Gpt2MergesTxt(const Bpe& model);
absl::Status SaveGpt2Files(const Bpe& model, const std::string& vocab_path,
                           const std::string& merges_path);

// vocab.txt: the model's tokens one per line in id order (ids must be dense).
absl::StatusOr<std::string> VocabTxt(const Model& model);

// A .tiktoken rank file for a byte-level BPE tokenizer: every model token mapped back to its
// bytes through the ByteLevel alphabet, rank = id; added tokens are left out (tiktoken keeps
// special tokens outside the file). Fails when a token is not byte-level.
absl::StatusOr<std::string> TiktokenRanksText(const Tokenizer& tokenizer);

}  // namespace tokenmill
