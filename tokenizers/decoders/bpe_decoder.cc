#include "tokenizers/decoders/bpe_decoder.h"

#include "tokenizers/base/rust_replace.h"

namespace tokenmill {

void BpeDecoder::DecodeChain(std::vector<std::string>& tokens) const {
  for (size_t i = 0; i < tokens.size(); ++i) {
    tokens[i] = RustReplace(tokens[i], suffix_, i + 1 == tokens.size() ? "" : " ");
  }
}

}  // namespace tokenmill
