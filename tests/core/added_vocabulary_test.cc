// Added tokens are found as HF's AddedVocabulary finds them. The cases and expected splits are
// HF tokenizers' own unit tests (tokenizers/src/tokenizer/added_vocabulary.rs:
// can_extract_added_tokens, options_use_cases, test_single_word_is_correct,
// test_single_word_is_unicode_correct, test_lstrip_unicode_space, test_encode_special_tokens).
#include "tokenizers/added_vocabulary.h"

#include <optional>
#include <random>

#include "gtest/gtest.h"
#include "tokenizers/normalizers/lowercase.h"

namespace tokenmill {
namespace {

struct ExpectedSplit {
  std::string original;       // the split's text in the original input
  std::optional<uint32_t> id;  // the added token, if the split is one
  bool operator==(const ExpectedSplit&) const = default;
};

std::ostream& operator<<(std::ostream& os, const ExpectedSplit& s) {
  return os << "(\"" << s.original << "\", " << (s.id ? std::to_string(*s.id) : "None") << ")";
}

AddedToken AddedTokenOf(std::string content, uint32_t id, bool special = false) {
  AddedToken t;
  t.content = std::move(content);
  t.id = id;
  t.special = special;
  t.normalized = !special;  // HF: AddedToken::from(content, special) normalizes non-special ones
  return t;
}

std::vector<ExpectedSplit> Splits(const AddedVocabulary& vocab, const Normalizer* normalizer,
                                  std::string_view text) {
  PreTokenizedString out;
  vocab.ExtractAndNormalize(text, normalizer, out);
  std::vector<ExpectedSplit> splits;
  for (const Split& split : out.splits()) {
    const Span span = out.normalized().OriginalSpan(split.begin, split.end);
    std::optional<uint32_t> id;
    if (split.added) id = out.tokens()[split.token_begin].id;
    splits.push_back({std::string(text.substr(span.start, span.end - span.start)), id});
  }
  return splits;
}

TEST(AddedVocabulary, ExtractsNormalAndSpecialTokens) {
  AddedVocabulary vocab({AddedTokenOf("my", 0), AddedTokenOf("name", 1), AddedTokenOf("[CLS]", 2, true),
                         AddedTokenOf("[SEP]", 3, true)},
                        nullptr);
  EXPECT_EQ(Splits(vocab, nullptr, "[CLS] My name is Anthony [SEP]"),
            (std::vector<ExpectedSplit>{{"[CLS]", 2}, {" My ", std::nullopt}, {"name", 1},
                                        {" is Anthony ", std::nullopt}, {"[SEP]", 3}}));
}

TEST(AddedVocabulary, HonoursLstripRstripSingleWordAndNormalized) {
  LowercaseNormalizer lowercase;
  AddedToken my = AddedTokenOf("my", 0);
  my.lstrip = my.rstrip = true;
  AddedToken ony = AddedTokenOf("ony", 2);
  ony.single_word = true;
  AddedVocabulary vocab({my, AddedTokenOf("name", 1), ony, AddedTokenOf("[CLS]", 3, true), AddedTokenOf("[SEP]", 4, true)},
                        &lowercase);
  EXPECT_EQ(Splits(vocab, &lowercase, "[CLS] My name is Anthony [SEP]"),
            (std::vector<ExpectedSplit>{{"[CLS]", 3},
                                        {" My ", 0},  // both spaces, matched after lowercasing
                                        {"name", 1},
                                        {" is Anthony ", std::nullopt},  // no "ony": single_word
                                        {"[SEP]", 4}}));
}

TEST(AddedVocabulary, SingleWordNeedsNonWordNeighbours) {
  LowercaseNormalizer lowercase;
  AddedToken mask = AddedTokenOf("<mask>", 0);
  mask.single_word = true;
  AddedVocabulary vocab({mask}, &lowercase);
  EXPECT_EQ(Splits(vocab, &lowercase, "<mask> My name <mask> A<mask> <mask>ony <mask>"),
            (std::vector<ExpectedSplit>{{"<mask>", 0},
                                        {" My name ", std::nullopt},
                                        {"<mask>", 0},
                                        {" A<mask> <mask>ony ", std::nullopt},
                                        {"<mask>", 0}}));
  // Punctuation is not a word character; a combining mark is.
  EXPECT_EQ(Splits(vocab, &lowercase, "<mask>, <mask>- \u25CC\u0330<mask>"),
            (std::vector<ExpectedSplit>{{"<mask>", 0},
                                        {", ", std::nullopt},
                                        {"<mask>", 0},
                                        {"- \u25CC\u0330<mask>", std::nullopt}}));
}

TEST(AddedVocabulary, StripsUnicodeWhitespaceWithoutOverlap) {
  LowercaseNormalizer lowercase;
  AddedToken mask = AddedTokenOf("<mask>", 0);
  mask.lstrip = mask.rstrip = mask.single_word = true;
  AddedVocabulary vocab({mask}, &lowercase);
  EXPECT_EQ(Splits(vocab, &lowercase, "Hi <mask> there\t<mask>\t<mask>\u2000"),
            (std::vector<ExpectedSplit>{{"Hi", std::nullopt},
                                        {" <mask> ", 0},
                                        {"there", std::nullopt},
                                        {"\t<mask>\t", 0},
                                        {"<mask>\u2000", 0}}));
}

TEST(AddedVocabulary, LeftmostLongestMatch) {
  AddedVocabulary vocab({AddedTokenOf("[A]", 0, true), AddedTokenOf("[A][B]", 1, true), AddedTokenOf("B]", 2, true)},
                        nullptr);
  EXPECT_EQ(Splits(vocab, nullptr, "x[A][B]y[A]B]"),
            (std::vector<ExpectedSplit>{{"x", std::nullopt}, {"[A][B]", 1}, {"y", std::nullopt},
                                        {"[A]", 0}, {"B]", 2}}));
}

TEST(AddedVocabulary, LooksUpTokensByIdAndContent) {
  AddedVocabulary vocab({AddedTokenOf("[CLS]", 101, true), AddedTokenOf("hello", 7)}, nullptr);
  ASSERT_NE(vocab.FindById(101), nullptr);
  EXPECT_EQ(vocab.FindById(101)->content, "[CLS]");
  EXPECT_TRUE(vocab.IsSpecial(vocab.FindById(101)->content));
  EXPECT_FALSE(vocab.IsSpecial("hello"));
  EXPECT_EQ(vocab.IdOf("hello"), 7u);
  EXPECT_EQ(vocab.IdOf("nope"), std::nullopt);
}

TEST(AddedVocabulary, EncodeSpecialTokensLeavesSpecialTokensToTheText) {
  LowercaseNormalizer lowercase;
  AddedToken mask = AddedTokenOf("<mask>", 0, true);
  mask.lstrip = mask.rstrip = mask.single_word = true;
  AddedVocabulary vocab({mask, AddedTokenOf("ask>", 1), AddedTokenOf("<pad>", 2, true)}, &lowercase);
  const std::string text = "Hi <mask> there\t<mask>\t<mask>\u2000 <pad> <mask><pad><pad>";
  vocab.set_encode_special_tokens(true);
  EXPECT_EQ(Splits(vocab, &lowercase, text),
            (std::vector<ExpectedSplit>{{"Hi <m", std::nullopt}, {"ask>", 1},
                                        {" there\t<m", std::nullopt}, {"ask>", 1},
                                        {"\t<m", std::nullopt}, {"ask>", 1},
                                        {"\u2000 <pad> <m", std::nullopt}, {"ask>", 1},
                                        {"<pad><pad>", std::nullopt}}));
  vocab.set_encode_special_tokens(false);
  EXPECT_EQ(Splits(vocab, &lowercase, text),
            (std::vector<ExpectedSplit>{{"Hi", std::nullopt}, {" <mask> ", 0},
                                        {"there", std::nullopt}, {"\t<mask>\t", 0},
                                        {"<mask>\u2000 ", 0}, {"<pad>", 2}, {" <mask>", 0},
                                        {"<pad>", 2}, {"<pad>", 2}}));
}

// The trie matcher against a naive leftmost-longest search (first added wins among equal
// patterns) with thousands of overlapping random patterns over a small alphabet.
TEST(AddedVocabulary, ManyOverlappingTokensMatchLeftmostLongest) {
  std::mt19937 gen(7);
  std::uniform_int_distribution<int> letter(0, 3), length(1, 6);
  auto random_string = [&](int n) {
    std::string out;
    static const char* const kLetters[] = {"a", "b", "<", "\xC3\xA9"};
    for (int i = 0; i < n; ++i) out += kLetters[letter(gen)];
    return out;
  };
  std::vector<AddedToken> tokens;
  for (uint32_t id = 0; id < 3000; ++id) {
    AddedToken t = AddedTokenOf(random_string(length(gen)), id);
    t.normalized = false;
    tokens.push_back(t);
  }
  AddedVocabulary vocab(tokens, nullptr);
  for (int round = 0; round < 200; ++round) {
    const std::string text = random_string(60);
    std::vector<ExpectedSplit> want;
    size_t pos = 0, plain = 0;
    while (pos < text.size()) {
      size_t best = 0;
      std::optional<uint32_t> id;
      for (const AddedToken& t : tokens) {  // the first added wins among equal lengths
        if (t.content.size() > best && text.compare(pos, t.content.size(), t.content) == 0) {
          best = t.content.size();
          id = vocab.IdOf(t.content);
        }
      }
      if (best == 0) {
        ++pos;
        continue;
      }
      if (plain < pos) want.push_back({text.substr(plain, pos - plain), std::nullopt});
      want.push_back({text.substr(pos, best), id});
      pos += best;
      plain = pos;
    }
    if (plain < text.size()) want.push_back({text.substr(plain), std::nullopt});
    ASSERT_EQ(Splits(vocab, nullptr, text), want) << text;
  }
}

}  // namespace
}  // namespace tokenmill
