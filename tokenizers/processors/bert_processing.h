// HF's BertProcessing: "[CLS] A [SEP]" and "[CLS] A [SEP] B [SEP]" with fixed type ids
// ({"type":"BertProcessing","sep":["[SEP]",102],"cls":["[CLS]",101]}).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tokenizers/processors/post_processor.h"

namespace tokenmill {

struct SpecialTokenId {
  std::string token;
  uint32_t id = 0;
};

class BertProcessing : public PostProcessor {
 public:
  BertProcessing(SpecialTokenId sep, SpecialTokenId cls)
      : sep_(std::move(sep)), cls_(std::move(cls)) {}

  size_t AddedTokens(bool is_pair) const override { return is_pair ? 3 : 2; }
  absl::StatusOr<std::vector<Encoding>> ProcessEncodings(std::vector<Encoding> encodings,
                                                         bool add_special_tokens) const override;
  nlohmann::ordered_json ToJson() const override;

 private:
  // Surrounds one sequence (first: [CLS] … [SEP], second: … [SEP]). As in HF, the sequence's
  // tokens get special_tokens_mask 0 and attention 1 whatever they had.
  Encoding Wrap(const Encoding& sequence, bool is_first) const;

  SpecialTokenId sep_;
  SpecialTokenId cls_;
};

}  // namespace tokenmill
