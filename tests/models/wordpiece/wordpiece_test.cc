// WordPiece: HF's greedy longest-match-first semantics, checked on hand-made cases and
// against a naive reference (HF's own quadratic loop, written plainly) on random input.
#include "tokenizers/models/wordpiece/wordpiece.h"

#include <random>

#include "gtest/gtest.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {
namespace {

struct Piece {
  std::string token;
  uint32_t begin, end;
  bool operator==(const Piece&) const = default;
};

std::unique_ptr<WordPiece> Make(const std::vector<std::string>& tokens,
                                WordPieceOptions options = {}) {
  std::vector<std::pair<std::string, uint32_t>> entries;
  for (const std::string& t : tokens) entries.emplace_back(t, entries.size());
  auto vocab = Vocab::Create(std::move(entries));
  EXPECT_TRUE(vocab.ok()) << vocab.status();
  auto model = WordPiece::Create(std::move(*vocab), std::move(options));
  EXPECT_TRUE(model.ok()) << model.status();
  return std::move(*model);
}

std::vector<Piece> Pieces(const WordPiece& model, std::string_view word) {
  std::vector<Token> tokens;
  EXPECT_TRUE(model.Tokenize(word, tokens).ok());
  std::vector<Piece> out;
  for (const Token& t : tokens) out.push_back({std::string(*model.IdToToken(t.id)), t.begin, t.end});
  return out;
}

// HF tokenizers' WordPiece::tokenize, transcribed literally: the obviously-correct reference.
std::vector<Piece> Naive(const std::vector<std::string>& vocab_list, const WordPieceOptions& o,
                         std::string_view word) {
  auto in_vocab = [&](const std::string& s) {
    return std::find(vocab_list.begin(), vocab_list.end(), s) != vocab_list.end();
  };
  const auto length = static_cast<uint32_t>(word.size());
  if (utf8::CountCodePoints(word) > o.max_input_chars_per_word) return {{o.unk_token, 0, length}};
  std::vector<Piece> pieces;
  size_t start = 0;
  while (start < word.size()) {
    size_t end = word.size();
    bool found = false;
    while (start < end) {
      std::string sub(word.substr(start, end - start));
      if (start > 0) sub = o.continuing_subword_prefix + sub;
      if (in_vocab(sub)) {
        pieces.push_back({sub, uint32_t(start), uint32_t(end)});
        found = true;
        break;
      }
      do { --end; } while (end > start && (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80);
    }
    if (!found) return {{o.unk_token, 0, length}};
    start = end;
  }
  return pieces;
}

TEST(WordPiece, GreedyLongestMatchFirst) {
  // The example of BERT's tokenization.py docstring: "unaffable" → un ##aff ##able.
  auto model = Make({"[UNK]", "un", "##aff", "##able", "a", "##a", "##ff"});
  EXPECT_EQ(Pieces(*model, "unaffable"),
            (std::vector<Piece>{{"un", 0, 2}, {"##aff", 2, 5}, {"##able", 5, 9}}));
  EXPECT_EQ(Pieces(*model, "unx"), (std::vector<Piece>{{"[UNK]", 0, 3}}));
  EXPECT_EQ(Pieces(*model, "a"), (std::vector<Piece>{{"a", 0, 1}}));
  EXPECT_EQ(Pieces(*model, "aaa"), (std::vector<Piece>{{"a", 0, 1}, {"##a", 1, 2}, {"##a", 2, 3}}));
}

TEST(WordPiece, PrefixTypedAtWordStartIsOrdinaryText) {
  // "##a" at a word start matches the token "##a" literally (HF looks the raw text up).
  auto model = Make({"[UNK]", "#", "##a", "##b"});
  EXPECT_EQ(Pieces(*model, "##a"), (std::vector<Piece>{{"##a", 0, 3}}));
  EXPECT_EQ(Pieces(*model, "##ab"), (std::vector<Piece>{{"##a", 0, 3}, {"##b", 3, 4}}));
}

TEST(WordPiece, MaxInputCharsCountsCodePoints) {
  WordPieceOptions options;
  options.max_input_chars_per_word = 3;
  auto model = Make({"[UNK]", "é", "##é"}, options);
  EXPECT_EQ(Pieces(*model, "ééé"), (std::vector<Piece>{{"é", 0, 2}, {"##é", 2, 4}, {"##é", 4, 6}}));
  EXPECT_EQ(Pieces(*model, "éééé"), (std::vector<Piece>{{"[UNK]", 0, 8}}));
}

TEST(WordPiece, MissingUnkTokenIsAnError) {
  auto model = Make({"a"});
  std::vector<Token> tokens;
  const absl::Status status = model->Tokenize("b", tokens);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("[UNK]"), std::string::npos);
}

TEST(WordPiece, LongWordIsLinearNotQuadratic) {
  // A 1 MB word that needs a token per character: LinMaxMatch makes one pass.
  WordPieceOptions options;
  options.max_input_chars_per_word = 2'000'000;
  auto model = Make({"[UNK]", "a", "##a", "##aa", "##aaa"}, options);
  const std::string word(1'000'000, 'a');
  std::vector<Token> tokens;
  ASSERT_TRUE(model->Tokenize(word, tokens).ok());
  ASSERT_EQ(tokens.size(), 1u + (word.size() - 1 + 2) / 3);
  EXPECT_EQ(tokens.back().end, word.size());
}

class WordPieceDifferential : public ::testing::TestWithParam<std::string> {};

TEST_P(WordPieceDifferential, MatchesNaiveReferenceOnRandomInput) {
  // Random vocabularies over a tiny alphabet (ASCII, 2- and 4-byte chars, '#') make
  // every failure-link path likely; the naive loop is the reference.
  const std::vector<std::string> alphabet = {"a", "b", "#", "é", "😀"};
  std::mt19937 rng(1234);
  WordPieceOptions options;
  options.continuing_subword_prefix = GetParam();
  options.max_input_chars_per_word = 12;
  auto random_string = [&](int max_len) {
    std::string s;
    const int n = 1 + static_cast<int>(rng() % max_len);
    for (int i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  for (int round = 0; round < 1000; ++round) {
    std::vector<std::string> vocab = {"[UNK]"};
    const int size = 3 + static_cast<int>(rng() % 25);
    for (int i = 0; i < size; ++i) {
      std::string t = random_string(4);
      if (rng() % 2) t = options.continuing_subword_prefix + t;
      if (std::find(vocab.begin(), vocab.end(), t) == vocab.end()) vocab.push_back(t);
    }
    auto model = Make(vocab, options);
    for (int w = 0; w < 50; ++w) {
      const std::string word = random_string(14);
      ASSERT_EQ(Pieces(*model, word), Naive(vocab, options, word))
          << "word \"" << word << "\" round " << round;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Prefixes, WordPieceDifferential, ::testing::Values("##", "", "@@", "#"),
                         [](const auto& info) { return "prefix" + std::to_string(info.index); });

}  // namespace
}  // namespace tokenmill
