// BERT vocab.txt (one token per line, id = line number) and the BERT tokenizer around it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/models/vocab.h"
#include "tokenizers/tokenizer.h"

namespace tokenmill {

struct BertVocabOptions {
  bool lowercase = true;                 // uncased models
  std::optional<bool> strip_accents;     // unset: follows lowercase
  bool clean_text = true;
  bool handle_chinese_chars = true;
  std::string unk_token = "[UNK]";
  std::string sep_token = "[SEP]";
  std::string cls_token = "[CLS]";
  std::string pad_token = "[PAD]";
  std::string mask_token = "[MASK]";
  std::string continuing_subword_prefix = "##";
  size_t max_input_chars_per_word = 100;
};

// Reads vocab.txt; errors name the file and line.
absl::StatusOr<Vocab> ReadVocabTxt(const std::string& path);
// Parses vocab.txt text (`source` names it in errors).
absl::StatusOr<Vocab> ParseVocabTxt(std::string_view text, std::string_view source);

// The tokenizer HF's BERT converter builds for this vocabulary.
absl::StatusOr<std::unique_ptr<Tokenizer>> LoadBertVocabTxt(const std::string& path,
                                                            const BertVocabOptions& options);

// Writes the model's vocabulary as vocab.txt (ids must be dense).
absl::Status SaveVocabTxt(const Tokenizer& tokenizer, const std::string& path);

}  // namespace tokenmill
