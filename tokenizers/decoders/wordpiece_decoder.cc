#include "tokenizers/decoders/wordpiece_decoder.h"

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"

namespace tokenmill {

std::string WordPieceDecoder::Cleanup(std::string text) {
  // Sequential replacements, in HF's order (each applies to the previous one's output).
  static constexpr std::pair<const char*, const char*> kRules[] = {
      {" .", "."},   {" ?", "?"},   {" !", "!"},   {" ,", ","},         {" ' ", "'"},   {" n't", "n't"},
      {" 'm", "'m"}, {" do not", " don't"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
  for (const auto& [from, to] : kRules) text = absl::StrReplaceAll(text, {{from, to}});
  return text;
}

void WordPieceDecoder::DecodeChain(std::vector<std::string>& tokens) const {
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string& token = tokens[i];
    if (i != 0) {
      if (absl::StartsWith(token, prefix_)) {
        token.erase(0, prefix_.size());
      } else {
        token.insert(token.begin(), ' ');
      }
    }
    if (cleanup_) token = Cleanup(std::move(token));
  }
}

}  // namespace tokenmill
