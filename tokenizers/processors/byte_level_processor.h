// HF's ByteLevel post-processor: with trim_offsets, moves each token's offsets inward past
// its leading and trailing spaces (Ġ or whitespace characters), keeping the space
// add_prefix_space put before the first token; adds no tokens.
// {"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":true}
#pragma once

#include "tokenizers/processors/post_processor.h"

namespace tokenmill {

class ByteLevelProcessor : public PostProcessor {
 public:
  explicit ByteLevelProcessor(bool add_prefix_space = true, bool trim_offsets = true,
                              bool use_regex = true)
      : add_prefix_space_(add_prefix_space), trim_offsets_(trim_offsets), use_regex_(use_regex) {}

  size_t AddedTokens(bool) const override { return 0; }
  absl::StatusOr<std::vector<Encoding>> ProcessEncodings(std::vector<Encoding> encodings,
                                                         bool add_special_tokens) const override;
  nlohmann::ordered_json ToJson() const override;

  // HF's process_offsets on one encoding (not its overflowing parts).
  static void TrimOffsets(Encoding& encoding, bool add_prefix_space);

 private:
  bool add_prefix_space_;
  bool trim_offsets_;
  bool use_regex_;  // unused here; kept so tokenizer.json round-trips
};

}  // namespace tokenmill
