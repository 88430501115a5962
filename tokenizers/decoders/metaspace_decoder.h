// HF's Metaspace decoder: ▁ becomes a space, except in the first token when the
// pre-tokenizer prepends one (prepend_scheme other than "never"), where it is dropped.
#pragma once

#include <string>

#include "tokenizers/decoders/decoder.h"
#include "tokenizers/pre_tokenizers/metaspace.h"

namespace tokenmill {

class MetaspaceDecoder : public Decoder {
 public:
  MetaspaceDecoder(char32_t replacement, PrependScheme scheme, bool split);
  void DecodeChain(std::vector<std::string>& tokens) const override;
  nlohmann::ordered_json ToJson() const override;

 private:
  std::string replacement_utf8_;
  PrependScheme scheme_;
  bool split_;
};

}  // namespace tokenmill
