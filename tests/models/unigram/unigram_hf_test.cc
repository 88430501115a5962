// HF tokenizers' Unigram model (tokenizer.json "type": "Unigram") against HF tokenizers 0.22:
// the committed goldens in tests/data/unigram (gen_hf_unigram_goldens.py: the unigram_8k and
// unigram_16k_bytefallback vocabularies behind a WhitespaceSplit pre-tokenizer, on 300 dev
// lines, the short edge lines and lines with control/byte pieces as text and unknown runs),
// plus HF's own unit cases, errors and the tokenizer.json round trip.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/models/unigram/hf_json_float.h"
#include "tokenizers/models/unigram/unigram.h"
#include "tokenizers/serialization/tokenizer_json.h"
#include "tokenizers/tokenizer.h"

namespace tokenmill {
namespace {

std::unique_ptr<Tokenizer> LoadCompressed(const std::string& path) {
  auto json = testing::ReadMaybeGzip(path);
  EXPECT_TRUE(json.ok()) << json.status();
  if (!json.ok()) return nullptr;
  auto tokenizer = ParseTokenizerJson(*json, path);
  EXPECT_TRUE(tokenizer.ok()) << tokenizer.status();
  return tokenizer.ok() ? std::move(*tokenizer) : nullptr;
}

void ExpectMatchesGolden(const Tokenizer& tokenizer, const std::string& golden_path) {
  auto lines = testing::ReadJsonLines(golden_path);
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_GT(lines->size(), 600u);
  int mismatches = 0;
  for (size_t i = 0; i < lines->size(); ++i) {
    const nlohmann::json& line = (*lines)[i];
    const std::string text = line["text"];
    auto encoding = tokenizer.Encode(text, std::nullopt, false);
    if (line.contains("error")) {
      EXPECT_FALSE(encoding.ok()) << golden_path << " line " << i + 1;
      continue;
    }
    ASSERT_TRUE(encoding.ok()) << golden_path << " line " << i + 1 << ": " << encoding.status();
    std::vector<std::vector<uint32_t>> offsets;
    for (const auto& span : encoding->offsets) offsets.push_back({span.start, span.end});
    if (encoding->ids != line["ids"].get<std::vector<uint32_t>>() ||
        offsets != line["offsets"].get<std::vector<std::vector<uint32_t>>>()) {
      if (++mismatches <= 5) ADD_FAILURE() << golden_path << " line " << i + 1 << ": " << text;
    }
  }
  EXPECT_EQ(mismatches, 0);
}

class UnigramHfGoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(UnigramHfGoldenTest, MatchesHfTokenizers) {
  const std::string dir = testing::SourceDir() + "/tests/data/unigram/hf_" + GetParam();
  auto tokenizer = LoadCompressed(dir + ".tokenizer.json.gz");
  ASSERT_NE(tokenizer, nullptr);
  ExpectMatchesGolden(*tokenizer, dir + ".golden.jsonl.gz");

  // Round trip: written back and read again, it encodes the same.
  auto reparsed = ParseTokenizerJson(ToTokenizerJson(*tokenizer), "<round trip>");
  ASSERT_TRUE(reparsed.ok()) << reparsed.status();
  ExpectMatchesGolden(**reparsed, dir + ".golden.jsonl.gz");
  EXPECT_EQ(ToTokenizerJson(**reparsed), ToTokenizerJson(*tokenizer));
}

INSTANTIATE_TEST_SUITE_P(Hf, UnigramHfGoldenTest,
                         ::testing::Values("unigram_8k", "unigram_16k_bytefallback"));

std::vector<std::string> Pieces(const Unigram& model, std::string_view word) {
  std::vector<Token> tokens;
  EXPECT_TRUE(model.Tokenize(word, tokens).ok());
  std::vector<std::string> pieces;
  for (const Token& t : tokens) pieces.emplace_back(word.substr(t.begin, t.end - t.begin));
  return pieces;
}

TEST(UnigramHfTest, HfDocumentationExample) {
  auto model = Unigram::Create({{"<unk>", 0.0}, {"a", 0.0}, {"b", 0.0}, {"c", 0.0}, {"d", 0.0},
                                {"cd", 1.0}, {"ab", 2.0}, {"abc", 5.0}, {"abcd", 10.0}},
                               0, false);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(Pieces(**model, "abcdacdxx"), (std::vector<std::string>{"abcd", "a", "cd", "xx"}));
}

TEST(UnigramHfTest, UnknownRunsFuseAndByteFallbackSpansTheRun) {
  std::vector<std::pair<std::string, double>> vocab = {{"<unk>", 0.0}, {"a", -1.0}};
  for (int b = 0; b < 256; ++b) {
    char name[8];
    snprintf(name, sizeof name, "<0x%02X>", b);
    vocab.emplace_back(name, -2.0);
  }
  auto model = Unigram::Create(vocab, 0, true);
  ASSERT_TRUE(model.ok());
  std::vector<Token> tokens;
  ASSERT_TRUE((*model)->Tokenize("a\xC3\xA9z", tokens).ok());
  // "é" and "z" fuse into one unknown run, which falls back to its 3 bytes, each with the
  // run's span.
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].id, 1u);
  const uint32_t expected_ids[] = {2 + 0xC3, 2 + 0xA9, 2 + 'z'};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(tokens[1 + i].id, expected_ids[i]);
    EXPECT_EQ(tokens[1 + i].begin, 1u);
    EXPECT_EQ(tokens[1 + i].end, 4u);
  }

  auto no_fallback = Unigram::Create({{"<unk>", 0.0}, {"a", -1.0}}, 0, false);
  ASSERT_TRUE(no_fallback.ok());
  tokens.clear();
  ASSERT_TRUE((*no_fallback)->Tokenize("\xC3\xA9za", tokens).ok());
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].id, 0u);
  EXPECT_EQ(tokens[0].end, 3u);
}

TEST(UnigramHfTest, Errors) {
  auto no_unk = Unigram::Create({{"a", -1.0}}, std::nullopt, false);
  ASSERT_TRUE(no_unk.ok());
  std::vector<Token> tokens;
  EXPECT_TRUE((*no_unk)->Tokenize("aa", tokens).ok());
  const auto status = (*no_unk)->Tokenize("ab", tokens);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("unk_id"), std::string::npos) << status;

  EXPECT_FALSE(Unigram::Create({{"a", -1.0}}, 1, false).ok());
  EXPECT_FALSE(Unigram::Create({}, 0, false).ok());

  // Integer scores are numbers too.
  auto integers = ParseTokenizerJson(
      R"({"model": {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0], ["a", -1], ["aa", -1]]}})",
      "<integers>");
  ASSERT_TRUE(integers.ok()) << integers.status();
  auto encoding = (*integers)->Encode("aab", std::nullopt, false);
  ASSERT_TRUE(encoding.ok()) << encoding.status();
  EXPECT_EQ(encoding->ids, (std::vector<uint32_t>{2, 0}));

  auto bad = ParseTokenizerJson(
      R"({"model": {"type": "Unigram", "unk_id": 0, "vocab": [["a", "x"]]}})", "<bad>");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("vocab[0]"), std::string::npos) << bad.status();
}

TEST(UnigramHfTest, ToJsonKeepsHfsFields) {
  auto model = Unigram::Create({{"<unk>", 0.0}, {"a", -1.5}, {"a", -0.25}}, 0, true);
  ASSERT_TRUE(model.ok());
  EXPECT_EQ((*model)->ToJson().dump(),
            R"({"type":"Unigram","unk_id":0,"vocab":[["<unk>",0.0],["a",-1.5],["a",-0.25]],"byte_fallback":true})");
  EXPECT_EQ((*model)->TokenToId("a"), 2u);  // duplicates: the last id wins, as in HF
  EXPECT_EQ((*model)->VocabSize(), 3u);
  EXPECT_EQ((*model)->IdToToken(1), "a");
}

}  // namespace
}  // namespace tokenmill

namespace tokenmill {
namespace {

// serde_json's default float parsing (significand as f64, then one multiply/divide by a power
// of ten) is what HF reads; values worked out by hand with that arithmetic.
TEST(HfJsonF64Test, ReproducesSerdeJsonRounding) {
  // 10622477531433105 > 2^53 rounds to ...104, then / 1e15: one ulp below the correctly
  // rounded -10.622477531433105 (this flips the "|||||" tie in the goldens).
  EXPECT_EQ(HfJsonF64(-10.622477531433105), -10.622477531433104);
  EXPECT_EQ(HfJsonF64(-7.780480861663818), -7.780480861663818);  // exact enough: unchanged
  EXPECT_EQ(HfJsonF64(0.0), 0.0);
  EXPECT_EQ(HfJsonF64(-3.0), -3.0);
  EXPECT_EQ(HfJsonF64(12345678901234567890.0), 12345678901234567890.0);
  EXPECT_EQ(HfJsonF64(1e-5), 1.0 / 1e5);
  EXPECT_EQ(HfJsonF64(2.5e-310), 25.0 / 1e308 / 1e3);  // past the table: steps of 1e308
}

}  // namespace
}  // namespace tokenmill
