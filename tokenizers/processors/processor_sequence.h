// HF's processors::Sequence: post-processors applied one after the other on the parts.
#pragma once

#include <memory>
#include <vector>

#include "tokenizers/processors/post_processor.h"

namespace tokenmill {

class ProcessorSequence : public PostProcessor {
 public:
  explicit ProcessorSequence(std::vector<std::unique_ptr<PostProcessor>> processors)
      : processors_(std::move(processors)) {}

  // The sum over the chain, as HF counts it.
  size_t AddedTokens(bool is_pair) const override;
  absl::StatusOr<std::vector<Encoding>> ProcessEncodings(std::vector<Encoding> encodings,
                                                         bool add_special_tokens) const override;
  nlohmann::ordered_json ToJson() const override;

 private:
  std::vector<std::unique_ptr<PostProcessor>> processors_;
};

}  // namespace tokenmill
