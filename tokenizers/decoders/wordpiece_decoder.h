// HF's WordPiece decoder: strips the continuing prefix, spaces the rest, optional cleanup.
#pragma once

#include <string>

#include "tokenizers/decoders/decoder.h"

namespace tokenmill {

class WordPieceDecoder : public Decoder {
 public:
  explicit WordPieceDecoder(std::string prefix = "##", bool cleanup = true)
      : prefix_(std::move(prefix)), cleanup_(cleanup) {}
  void DecodeChain(std::vector<std::string>& tokens) const override;
  nlohmann::ordered_json ToJson() const override {
    return {{"type", "WordPiece"}, {"prefix", prefix_}, {"cleanup", cleanup_}};
  }

  // HF's cleanup of tokenization spaces (" ." → ".", " n't" → "n't", ...).
  static std::string Cleanup(std::string text);

 private:
  std::string prefix_;
  bool cleanup_;
};

}  // namespace tokenmill
