// HF's BPEDecoder, for BPE models with an end-of-word suffix (CLIP's "</w>"): the suffix becomes
// a space in every token but the last, where it is dropped.
// {"type":"BPEDecoder","suffix":"</w>"}
#pragma once

#include <string>

#include "tokenizers/decoders/decoder.h"

namespace tokenmill {

class BpeDecoder : public Decoder {
 public:
  explicit BpeDecoder(std::string suffix = "</w>") : suffix_(std::move(suffix)) {}
  void DecodeChain(std::vector<std::string>& tokens) const override;
  nlohmann::ordered_json ToJson() const override {
    return {{"type", "BPEDecoder"}, {"suffix", suffix_}};
  }

 private:
  std::string suffix_;
};

}  // namespace tokenmill
