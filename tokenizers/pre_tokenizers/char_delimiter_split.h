// HF's CharDelimiterSplit pre-tokenizer: splits on one character, removing it.
// {"type":"CharDelimiterSplit","delimiter":"_"}
#pragma once

#include <string>

#include "tokenizers/pre_tokenizers/pre_tokenizer.h"

namespace tokenmill {

class CharDelimiterSplitPreTokenizer : public PreTokenizer {
 public:
  // `delimiter`: one character, UTF-8.
  explicit CharDelimiterSplitPreTokenizer(std::string delimiter)
      : delimiter_(std::move(delimiter)) {}

  void PreTokenize(PreTokenizedString& text) const override;
  nlohmann::ordered_json ToJson() const override {
    return {{"type", "CharDelimiterSplit"}, {"delimiter", delimiter_}};
  }

 private:
  std::string delimiter_;
};

}  // namespace tokenmill
