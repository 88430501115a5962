// sentencepiece's CHAR and WORD models (char_model.cc, word_model.cc): one piece per
// character (user-defined symbols whole), or per ▁-started word; each looked up with
// PieceToId (so text outside the vocabulary is unknown).
#pragma once

#include "tokenizers/sentencepiece/model_interface.h"
#include "tokenizers/sentencepiece/piece_table.h"
#include "tokenizers/sentencepiece/prefix_matcher.h"

namespace tokenmill {

class SentencePieceCharModel : public SentencePieceModelInterface {
 public:
  explicit SentencePieceCharModel(const SentencePieceTable& table)
      : table_(table), user_defined_(table.UserDefinedSymbols()) {}
  void Encode(std::string_view normalized, std::vector<Token>& out) const override;

 private:
  const SentencePieceTable& table_;
  PrefixMatcher user_defined_;
};

class SentencePieceWordModel : public SentencePieceModelInterface {
 public:
  explicit SentencePieceWordModel(const SentencePieceTable& table) : table_(table) {}
  // Words as sentencepiece's SplitIntoWords with its defaults (▁ starts a word), which is
  // what WORD models use whatever the trainer spec says.
  void Encode(std::string_view normalized, std::vector<Token>& out) const override;

 private:
  const SentencePieceTable& table_;
};

}  // namespace tokenmill
