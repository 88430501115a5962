// BPE against Hugging Face tokenizers 0.22's own unit tests: the cases and expected
// tokens of tokenizers/src/models/bpe/model.rs (tests module) and serialization.rs,
// transcribed as tables.
#include <random>

#include "gtest/gtest.h"
#include "tokenizers/models/bpe/bpe.h"
#include "tests/models/bpe/bpe_fixtures.h"

namespace tokenmill {
namespace {

using bpe_testing::MakeBpe;
using bpe_testing::Piece;
using bpe_testing::Pieces;

struct Case {
  std::string word;
  std::vector<Piece> expected;
};

void ExpectCases(const Bpe& model, const std::vector<Case>& cases) {
  for (const Case& c : cases) EXPECT_EQ(Pieces(model, c.word), c.expected) << c.word;
}

// model.rs test_unk_not_fused.
TEST(BpeHfCases, UnkNotFused) {
  BpeOptions o;
  o.unk_token = "<unk>";
  auto bpe = MakeBpe({{"<unk>", 0}, {"a", 1}, {"b", 2}}, {}, o);
  ExpectCases(*bpe, {{"c", {{"<unk>", 0, 1}}},
                     {"cc", {{"<unk>", 0, 1}, {"<unk>", 1, 2}}},
                     {"accb", {{"a", 0, 1}, {"<unk>", 1, 2}, {"<unk>", 2, 3}, {"b", 3, 4}}}});
}

// model.rs test_unk_get_fused.
TEST(BpeHfCases, UnkFused) {
  BpeOptions o;
  o.unk_token = "<unk>";
  o.fuse_unk = true;
  auto bpe = MakeBpe({{"<unk>", 0}, {"a", 1}, {"b", 2}}, {}, o);
  ExpectCases(*bpe, {{"c", {{"<unk>", 0, 1}}},
                     {"cc", {{"<unk>", 0, 2}}},
                     {"accb", {{"a", 0, 1}, {"<unk>", 1, 3}, {"b", 3, 4}}}});
}

// model.rs test_tokenize_with_and_without_dropout ('unrelated').
std::unique_ptr<Bpe> Unrelated(std::optional<float> dropout) {
  BpeOptions o;
  o.dropout = dropout;
  return MakeBpe({{"u", 0}, {"n", 1}, {"r", 2}, {"e", 3}, {"l", 4}, {"a", 5}, {"t", 6},
                  {"d", 7}, {"re", 8}, {"at", 9}, {"ed", 10}, {"un", 11}, {"ated", 12},
                  {"rel", 13}, {"related", 14}, {"unrelated", 15}},
                 {{"r", "e"}, {"a", "t"}, {"e", "d"}, {"u", "n"}, {"at", "ed"}, {"re", "l"},
                  {"rel", "ated"}, {"un", "related"}},
                 o);
}

TEST(BpeHfCases, TokenizeWithAndWithoutDropout) {
  const std::vector<Piece> whole = {{"unrelated", 0, 9}};
  EXPECT_EQ(Pieces(*Unrelated(std::nullopt), "unrelated"), whole);
  EXPECT_EQ(Pieces(*Unrelated(0.0f), "unrelated"), whole);
  const std::vector<Piece> chars = {{"u", 0, 1}, {"n", 1, 2}, {"r", 2, 3},
                                    {"e", 3, 4}, {"l", 4, 5}, {"a", 5, 6},
                                    {"t", 6, 7}, {"e", 7, 8}, {"d", 8, 9}};
  EXPECT_EQ(Pieces(*Unrelated(1.0f), "unrelated"), chars);
  auto half = Unrelated(0.5f);
  for (int i = 0; i < 100; ++i) {
    auto pieces = Pieces(*half, "unrelated");
    EXPECT_GE(pieces.size(), 1u);
    EXPECT_LE(pieces.size(), 9u);
  }
}

// model.rs test_bpe_with_continuing_subword_prefix.
TEST(BpeHfCases, ContinuingSubwordPrefix) {
  BpeOptions o;
  o.unk_token = "[UNK]";
  o.continuing_subword_prefix = "##";
  auto bpe = MakeBpe({{"a", 0}, {"##b", 1}, {"##c", 2}, {"ab", 3}, {"abc", 4}},
                     {{"a", "##b"}, {"ab", "##c"}}, o);
  ExpectCases(*bpe, {{"ab", {{"ab", 0, 2}}}, {"abc", {{"abc", 0, 3}}}});
}

// model.rs test_bpe_byte_fallback and test_bpe_byte_fallback_newline.
TEST(BpeHfCases, ByteFallback) {
  BpeOptions o;
  o.unk_token = "<unk>";
  o.byte_fallback = true;
  auto bpe = MakeBpe({{"<unk>", 0}, {"<0x61>", 1}}, {}, o);
  ExpectCases(*bpe, {{"c", {{"<unk>", 0, 1}}}, {"a", {{"<0x61>", 0, 1}}}});
  auto newline = MakeBpe({{"<unk>", 0}, {"<0x0A>", 1}}, {}, o);
  ExpectCases(*newline, {{"\n", {{"<0x0A>", 0, 1}}}});
}

// Byte fallback spells every byte of a multi-byte character, all or nothing.
TEST(BpeHfCases, ByteFallbackMultiByte) {
  BpeOptions o;
  o.unk_token = "<unk>";
  o.byte_fallback = true;
  auto bpe = MakeBpe({{"<unk>", 0}, {"<0xC3>", 1}, {"<0xA9>", 2}, {"x", 3}}, {}, o);
  ExpectCases(*bpe, {{"xé", {{"x", 0, 1}, {"<0xC3>", 1, 2}, {"<0xA9>", 2, 3}}},
                     {"ü", {{"<unk>", 0, 2}}}});
}

// model.rs test_ignore_merges.
TEST(BpeHfCases, IgnoreMerges) {
  const std::vector<std::pair<std::string, uint32_t>> vocab = {
      {".:.:", 0}, {"Ġbelirtilen", 1}, {".", 2},  {":", 3},  {"bel", 4},   {"irtilen", 5},
      {"Ġ", 6},    {".:", 7},          {"belirtilen", 8},    {".:.", 9},  {"be", 10},
      {"l", 11},   {"ir", 12},         {"ti", 13}, {"en", 14}, {"irtil", 15}, {"irti", 16},
      {"i", 17},   {"r", 18},          {"t", 19},  {"b", 20},  {"e", 21},   {"n", 22}};
  const bpe_testing::StringMerges merges = {{".", ":"},  {"b", "e"},  {"be", "l"},
                                            {"i", "r"},  {"t", "i"},  {"ir", "ti"},
                                            {"e", "n"},  {"irti", "l"}};
  BpeOptions o;
  o.ignore_merges = true;
  auto ignoring = MakeBpe(vocab, merges, o);
  ExpectCases(*ignoring, {{".:.:", {{".:.:", 0, 4}}}, {"Ġbelirtilen", {{"Ġbelirtilen", 0, 12}}}});
  auto merging = MakeBpe(vocab, merges, {});
  ExpectCases(*merging,
              {{".:.:", {{".:", 0, 2}, {".:", 2, 4}}},
               {"Ġbelirtilen", {{"Ġ", 0, 2}, {"bel", 2, 5}, {"irtil", 5, 10}, {"en", 10, 12}}}});
}

// model.rs test_cache_is_per_bpe_instance: two models on one thread stay independent.
TEST(BpeHfCases, ModelsAreIndependent) {
  auto a = MakeBpe(bpe_testing::Numbered({"h", "e", "l", "o", "he", "hel", "hell", "hello"}),
                   {{"h", "e"}, {"he", "l"}, {"hel", "l"}, {"hell", "o"}});
  auto b = MakeBpe(bpe_testing::Numbered({"h", "e", "l", "o"}), {});
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(Pieces(*a, "hello"), (std::vector<Piece>{{"hello", 0, 5}}));
    EXPECT_EQ(Pieces(*b, "hello").size(), 5u);
  }
}

// Not from HF's tests, but its code: an unknown character with no unk token is dropped,
// and an unk token missing from the vocabulary is an error when it is needed.
TEST(BpeHfCases, UnknownCharacters) {
  auto no_unk = MakeBpe({{"a", 0}}, {});
  ExpectCases(*no_unk, {{"xax", {{"a", 0, 1}}}});
  BpeOptions o;
  o.unk_token = "<missing>";
  auto missing = MakeBpe({{"a", 0}}, {}, o);
  std::vector<Token> tokens;
  EXPECT_TRUE(missing->Tokenize("a", tokens).ok());
  absl::Status s = missing->Tokenize("b", tokens);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("<missing>"), std::string::npos) << s;
}

// HF: end_of_word_suffix decorates the last character, then merges apply as usual.
TEST(BpeHfCases, EndOfWordSuffix) {
  BpeOptions o;
  o.end_of_word_suffix = "</w>";
  auto bpe = MakeBpe(bpe_testing::Numbered({"l", "o", "w", "w</w>", "lo", "low</w>"}),
                     {{"l", "o"}, {"lo", "w</w>"}}, o);
  ExpectCases(*bpe, {{"low", {{"low</w>", 0, 3}}},
                     {"wow", {{"w", 0, 1}, {"o", 1, 2}, {"w</w>", 2, 3}}}});
}

// HF's BpeBuilder::build errors.
TEST(BpeHfCases, CreateErrors) {
  auto vocab = [] { return *Vocab::Create(bpe_testing::Numbered({"a", "b", "ab"})); };
  BpeOptions bad_dropout;
  bad_dropout.dropout = 1.5f;
  EXPECT_FALSE(Bpe::Create(vocab(), {}, bad_dropout).ok());
  auto oov = Bpe::Create(vocab(), {{"a", "b"}, {"a", "d"}}, {});
  ASSERT_FALSE(oov.ok());
  EXPECT_NE(oov.status().message().find("merges[1]: token \"d\""), std::string::npos)
      << oov.status();
  auto merged_oov = Bpe::Create(vocab(), {{"b", "a"}}, {});
  ASSERT_FALSE(merged_oov.ok());
  EXPECT_NE(merged_oov.status().message().find("\"ba\""), std::string::npos);
}

}  // namespace
}  // namespace tokenmill
