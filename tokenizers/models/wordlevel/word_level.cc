#include "tokenizers/models/wordlevel/word_level.h"

#include <algorithm>

#include "absl/strings/str_format.h"

namespace tokenmill {

WordLevel::WordLevel(Vocab vocab, std::string unk_token)
    : vocab_(std::move(vocab)), unk_token_(std::move(unk_token)), unk_id_(vocab_.Find(unk_token_)) {}

absl::Status WordLevel::Tokenize(std::string_view word, std::vector<Token>& out) const {
  const auto length = static_cast<uint32_t>(word.size());
  if (auto id = vocab_.Find(word)) {
    out.push_back(Token{*id, 0, length});
    return absl::OkStatus();
  }
  if (!unk_id_) {
    // Name the word, but not all of a megabyte-long one.
    constexpr size_t kShown = 40;
    size_t shown = std::min(word.size(), kShown);
    while (shown < word.size() && (static_cast<unsigned char>(word[shown]) & 0xC0) == 0x80) --shown;
    return absl::InvalidArgumentError(absl::StrFormat(
        "WordLevel: \"%s%s\" is not in the vocabulary and the unknown token \"%s\" is not either",
        word.substr(0, shown), shown < word.size() ? "…" : "", unk_token_));
  }
  out.push_back(Token{*unk_id_, 0, length});
  return absl::OkStatus();
}

nlohmann::ordered_json WordLevel::ToJson() const {
  nlohmann::ordered_json vocab = vocab_.ToJson();
  return {{"type", "WordLevel"}, {"vocab", std::move(vocab)}, {"unk_token", unk_token_}};
}

}  // namespace tokenmill
