// HF's TemplateProcessing: "[CLS] $A [SEP]" / "[CLS] $A [SEP] $B:1 [SEP]:1" templates.
#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "tokenizers/processors/post_processor.h"

namespace tokenmill {

struct TemplatePiece {
  enum Kind { kSequenceA, kSequenceB, kSpecialToken } kind;
  std::string special_id;  // for kSpecialToken: key into the special tokens
  uint32_t type_id = 0;
};

struct TemplateSpecialToken {
  std::string id;
  std::vector<uint32_t> ids;
  std::vector<std::string> tokens;
};

class TemplateProcessing : public PostProcessor {
 public:
  static absl::StatusOr<std::unique_ptr<TemplateProcessing>> Create(
      std::vector<TemplatePiece> single, std::vector<TemplatePiece> pair,
      std::vector<TemplateSpecialToken> special_tokens);

  size_t AddedTokens(bool is_pair) const override;
  // HF's apply_template: one part per template piece, the sequences with the piece's type id
  // (their overflowing parts keep theirs, as in HF).
  absl::StatusOr<std::vector<Encoding>> ProcessEncodings(std::vector<Encoding> encodings,
                                                         bool add_special_tokens) const override;
  nlohmann::ordered_json ToJson() const override;

 private:
  TemplateProcessing() = default;
  Encoding SpecialTokenPart(const TemplatePiece& piece) const;
  // The same result as merging the parts, built inside the first sequence's buffers (no
  // part encodings), for inputs without overflowing parts that use each sequence once.
  std::optional<Encoding> ApplyInPlace(const std::vector<TemplatePiece>& pieces,
                                       std::vector<Encoding>& encodings,
                                       bool add_special_tokens) const;

  std::vector<TemplatePiece> single_;
  std::vector<TemplatePiece> pair_;
  std::vector<TemplateSpecialToken> special_tokens_;
  absl::flat_hash_map<std::string, size_t> special_by_id_;
};

}  // namespace tokenmill
