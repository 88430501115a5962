#include "tokenizers/models/wordpiece/wordpiece.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {

absl::StatusOr<std::unique_ptr<WordPiece>> WordPiece::Create(Vocab vocab,
                                                             WordPieceOptions options) {
  // An empty vocabulary is allowed, as in HF (a model to train); encoding then needs the unk
  // token and fails without it.
  auto model = std::unique_ptr<WordPiece>(new WordPiece(std::move(vocab), std::move(options)));
  return model;
}

WordPiece::WordPiece(Vocab vocab, WordPieceOptions options)
    : vocab_(std::move(vocab)), options_(std::move(options)) {
  if (auto id = vocab_.Find(options_.unk_token)) {
    unk_id_ = *id;
    has_unk_ = true;
  }
}

const LinMaxMatchTrie& WordPiece::Trie() const {
  absl::call_once(trie_once_, [this] {
    trie_ = std::make_unique<LinMaxMatchTrie>(vocab_, options_.continuing_subword_prefix);
  });
  return *trie_;
}

absl::Status WordPiece::Tokenize(std::string_view word, std::vector<Token>& out) const {
  const auto length = static_cast<uint32_t>(word.size());
  // A word has at most as many code points as bytes: count only when it could be too long.
  if (word.size() <= options_.max_input_chars_per_word ||
      utf8::CountCodePoints(word) <= options_.max_input_chars_per_word) {
    if (auto id = vocab_.Find(word)) {  // most words are whole tokens
      out.push_back(Token{*id, 0, length});
      return absl::OkStatus();
    }
    if (Trie().Match(word, out)) return absl::OkStatus();
  }
  if (!has_unk_) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "WordPiece: the unk token \"%s\" is not in the vocabulary", options_.unk_token));
  }
  out.push_back(Token{unk_id_, 0, length});
  return absl::OkStatus();
}

nlohmann::ordered_json WordPiece::ToJson() const {
  nlohmann::ordered_json vocab = vocab_.ToJson();
  return {{"type", "WordPiece"},
          {"unk_token", options_.unk_token},
          {"continuing_subword_prefix", options_.continuing_subword_prefix},
          {"max_input_chars_per_word", options_.max_input_chars_per_word},
          {"vocab", std::move(vocab)}};
}

}  // namespace tokenmill
