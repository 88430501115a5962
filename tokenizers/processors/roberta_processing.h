// HF's RobertaProcessing: "<s> A </s>" and "<s> A </s></s> B </s>", every type id 0, offsets
// trimmed as the ByteLevel post-processor trims them (with trim_offsets).
// {"type":"RobertaProcessing","sep":["</s>",2],"cls":["<s>",0],"trim_offsets":true,
//  "add_prefix_space":true}
#pragma once

#include <vector>

#include "tokenizers/processors/bert_processing.h"
#include "tokenizers/processors/post_processor.h"

namespace tokenmill {

class RobertaProcessing : public PostProcessor {
 public:
  RobertaProcessing(SpecialTokenId sep, SpecialTokenId cls, bool trim_offsets,
                    bool add_prefix_space)
      : sep_(std::move(sep)), cls_(std::move(cls)), trim_offsets_(trim_offsets),
        add_prefix_space_(add_prefix_space) {}

  size_t AddedTokens(bool is_pair) const override { return is_pair ? 4 : 2; }
  absl::StatusOr<std::vector<Encoding>> ProcessEncodings(std::vector<Encoding> encodings,
                                                         bool add_special_tokens) const override;
  nlohmann::ordered_json ToJson() const override;

 private:
  // The first sequence between <s> and </s>, any other between </s> and </s>; type ids 0.
  Encoding Wrap(const Encoding& sequence, bool is_first) const;

  SpecialTokenId sep_;
  SpecialTokenId cls_;
  bool trim_offsets_;
  bool add_prefix_space_;
};

}  // namespace tokenmill
