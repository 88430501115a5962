// Added tokens are found as HF's AddedVocabulary finds them. The cases and expected splits are
// HF tokenizers' own unit tests (tokenizers/src/tokenizer/added_vocabulary.rs:
// can_extract_added_tokens, options_use_cases, test_single_word_is_correct,
// test_single_word_is_unicode_correct, test_lstrip_unicode_space, test_encode_special_tokens).
#include "tokenizers/added_vocabulary.h"

#include <optional>

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

AddedToken Token(std::string content, uint32_t id, bool special = false) {
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
  AddedVocabulary vocab({Token("my", 0), Token("name", 1), Token("[CLS]", 2, true),
                         Token("[SEP]", 3, true)},
                        nullptr);
  EXPECT_EQ(Splits(vocab, nullptr, "[CLS] My name is Anthony [SEP]"),
            (std::vector<ExpectedSplit>{{"[CLS]", 2}, {" My ", std::nullopt}, {"name", 1},
                                        {" is Anthony ", std::nullopt}, {"[SEP]", 3}}));
}

TEST(AddedVocabulary, HonoursLstripRstripSingleWordAndNormalized) {
  LowercaseNormalizer lowercase;
  AddedToken my = Token("my", 0);
  my.lstrip = my.rstrip = true;
  AddedToken ony = Token("ony", 2);
  ony.single_word = true;
  AddedVocabulary vocab({my, Token("name", 1), ony, Token("[CLS]", 3, true), Token("[SEP]", 4, true)},
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
  AddedToken mask = Token("<mask>", 0);
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
  AddedToken mask = Token("<mask>", 0);
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
  AddedVocabulary vocab({Token("[A]", 0, true), Token("[A][B]", 1, true), Token("B]", 2, true)},
                        nullptr);
  EXPECT_EQ(Splits(vocab, nullptr, "x[A][B]y[A]B]"),
            (std::vector<ExpectedSplit>{{"x", std::nullopt}, {"[A][B]", 1}, {"y", std::nullopt},
                                        {"[A]", 0}, {"B]", 2}}));
}

TEST(AddedVocabulary, LooksUpTokensByIdAndContent) {
  AddedVocabulary vocab({Token("[CLS]", 101, true), Token("hello", 7)}, nullptr);
  ASSERT_NE(vocab.FindById(101), nullptr);
  EXPECT_EQ(vocab.FindById(101)->content, "[CLS]");
  EXPECT_TRUE(vocab.IsSpecial(vocab.FindById(101)->content));
  EXPECT_FALSE(vocab.IsSpecial("hello"));
  EXPECT_EQ(vocab.IdOf("hello"), 7u);
  EXPECT_EQ(vocab.IdOf("nope"), std::nullopt);
}

TEST(AddedVocabulary, EncodeSpecialTokensLeavesSpecialTokensToTheText) {
  LowercaseNormalizer lowercase;
  AddedToken mask = Token("<mask>", 0, true);
  mask.lstrip = mask.rstrip = mask.single_word = true;
  AddedVocabulary vocab({mask, Token("ask>", 1), Token("<pad>", 2, true)}, &lowercase);
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

}  // namespace
}  // namespace tokenmill
