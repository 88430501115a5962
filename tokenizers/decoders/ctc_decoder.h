// HF's CTC decoder (wav2vec2-style character models): repeated tokens collapse to one, the pad
// token is removed, and with `cleanup` the WordPiece cleanup runs and the word delimiter becomes
// a space (HF replaces the delimiter only under cleanup). Tokens left empty are dropped.
// {"type":"CTC","pad_token":"<pad>","word_delimiter_token":"|","cleanup":true}
#pragma once

#include <string>

#include "tokenizers/decoders/decoder.h"

namespace tokenmill {

class CtcDecoder : public Decoder {
 public:
  CtcDecoder(std::string pad_token = "<pad>", std::string word_delimiter_token = "|",
             bool cleanup = true)
      : pad_token_(std::move(pad_token)), word_delimiter_token_(std::move(word_delimiter_token)),
        cleanup_(cleanup) {}
  void DecodeChain(std::vector<std::string>& tokens) const override;
  nlohmann::ordered_json ToJson() const override {
    return {{"type", "CTC"},
            {"pad_token", pad_token_},
            {"word_delimiter_token", word_delimiter_token_},
            {"cleanup", cleanup_}};
  }

 private:
  std::string pad_token_;
  std::string word_delimiter_token_;
  bool cleanup_;
};

}  // namespace tokenmill
