// HF's Nmt and ByteLevel normalizers (normalizers/unicode.rs, byte_level.rs in HF tokenizers
// 0.22): the normalized text of every record of tests/data/golden/components/hf_components.jsonl.gz
// (dev and edge lines, random strings full of controls and odd spaces; made by
// tests/pre_tokenizers/gen_component_goldens.js), and the spans each character keeps.
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/normalizers/byte_level_normalizer.h"
#include "tokenizers/normalizers/nmt.h"

namespace tokenmill {
namespace {

std::string Normalized(const Normalizer& normalizer, std::string_view text) {
  NormalizedString s(text);
  normalizer.Normalize(s);
  return s.normalized();
}

TEST(NmtAndByteLevelNormalizers, MatchHfOnGoldenTexts) {
  auto goldens = testing::ReadJsonLines(testing::SourceDir() +
                                        "/tests/data/golden/components/hf_components.jsonl.gz");
  ASSERT_TRUE(goldens.ok()) << goldens.status();
  const NmtNormalizer nmt;
  const ByteLevelNormalizer byte_level;
  size_t texts = 0, mismatches = 0;
  for (const nlohmann::json& g : *goldens) {
    if (!g.contains("text")) continue;
    ++texts;
    const std::string text = g.at("text");
    for (const auto& [name, normalizer] :
         {std::pair<const char*, const Normalizer*>{"nmt", &nmt}, {"byte_level", &byte_level}}) {
      if (Normalized(*normalizer, text) != g.at(name).get<std::string>() && ++mismatches <= 5) {
        ADD_FAILURE() << name << " differs from HF on " << ::testing::PrintToString(text);
      }
    }
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(texts, 1500u);
}

TEST(NmtNormalizer, KeepsSpansOfKeptCharacters) {
  NormalizedString s(std::string_view("a\x01\tb"));
  NmtNormalizer().Normalize(s);
  EXPECT_EQ(s.normalized(), "a b");
  EXPECT_EQ(s.OriginalSpan(1, 2), (Span{2, 3}));  // the tab became the space
  EXPECT_EQ(NmtNormalizer().ToJson().dump(), R"({"type":"Nmt"})");
}

// byte_level.rs test_byte_level_normalize: every byte of a character maps back to it.
TEST(ByteLevelNormalizer, EveryByteOfACharacterMapsToIt) {
  NormalizedString s(std::string_view("Hello 我"));
  ByteLevelNormalizer().Normalize(s);
  EXPECT_EQ(s.normalized(), "HelloĠæĪĳ");
  EXPECT_EQ(s.OriginalSpan(5, 7), (Span{5, 6}));              // Ġ (2 bytes) ← ' '
  EXPECT_EQ(s.OriginalSpan(7, s.size()), (Span{6, 9}));       // æĪĳ ← 我
  EXPECT_EQ(ByteLevelNormalizer().ToJson().dump(), R"({"type":"ByteLevel"})");
}

}  // namespace
}  // namespace tokenmill
