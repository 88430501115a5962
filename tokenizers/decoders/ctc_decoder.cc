#include "tokenizers/decoders/ctc_decoder.h"

#include "tokenizers/base/rust_replace.h"
#include "tokenizers/decoders/wordpiece_decoder.h"

namespace tokenmill {

void CtcDecoder::DecodeChain(std::vector<std::string>& tokens) const {
  std::vector<std::string> out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0 && tokens[i] == tokens[i - 1]) continue;  // itertools' dedup: runs of equal tokens
    std::string token = RustReplace(tokens[i], pad_token_, "");
    if (cleanup_) {
      token = RustReplace(WordPieceDecoder::Cleanup(std::move(token)), word_delimiter_token_, " ");
    }
    if (!token.empty()) out.push_back(std::move(token));
  }
  tokens = std::move(out);
}

}  // namespace tokenmill
