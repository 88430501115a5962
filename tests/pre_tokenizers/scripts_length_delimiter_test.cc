// HF's UnicodeScripts, FixedLength and CharDelimiterSplit pre-tokenizers (HF tokenizers 0.22):
// pieces and original byte offsets on every record of
// tests/data/golden/components/hf_components.jsonl.gz (made by gen_component_goldens.js), and
// UnicodeScripts on every code point (blocks of 4,096 consecutive code points).
#include <algorithm>
#include <set>

#include "gtest/gtest.h"
#include "tests/pre_tokenizers/pieces.h"
#include "tests/testing/test_data.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/pre_tokenizers/char_delimiter_split.h"
#include "tokenizers/pre_tokenizers/fixed_length.h"
#include "tokenizers/pre_tokenizers/unicode_scripts.h"

namespace tokenmill {
namespace {

using testing::Piece;
using testing::PreTokenizeToPieces;

absl::StatusOr<std::vector<nlohmann::json>> Goldens() {
  return testing::ReadJsonLines(testing::SourceDir() +
                                "/tests/data/golden/components/hf_components.jsonl.gz");
}

TEST(ScriptsLengthDelimiter, MatchHfOnGoldenTexts) {
  auto goldens = Goldens();
  ASSERT_TRUE(goldens.ok()) << goldens.status();
  std::vector<std::pair<std::string, std::unique_ptr<PreTokenizer>>> cases;
  cases.emplace_back("unicode_scripts", std::make_unique<UnicodeScriptsPreTokenizer>());
  cases.emplace_back("fixed_length_3", *FixedLengthPreTokenizer::Create(3));
  cases.emplace_back("fixed_length_default", *FixedLengthPreTokenizer::Create(5));
  cases.emplace_back("char_delimiter_space", std::make_unique<CharDelimiterSplitPreTokenizer>(" "));
  cases.emplace_back("char_delimiter_e_acute",
                     std::make_unique<CharDelimiterSplitPreTokenizer>("é"));
  size_t texts = 0, mismatches = 0;
  for (const nlohmann::json& g : *goldens) {
    if (!g.contains("text")) continue;
    ++texts;
    const std::string text = g.at("text");
    for (const auto& [name, pre_tokenizer] : cases) {
      std::vector<Piece> expected;
      for (const auto& p : g.at(name)) {
        expected.push_back({p[0].get<std::string>(), {p[1][0].get<uint32_t>(), p[1][1].get<uint32_t>()}});
      }
      if (PreTokenizeToPieces(*pre_tokenizer, text) != expected && ++mismatches <= 5) {
        ADD_FAILURE() << name << " differs from HF on " << ::testing::PrintToString(text);
      }
    }
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(texts, 1500u);
}

TEST(UnicodeScripts, MatchesHfOnEveryCodePoint) {
  auto goldens = Goldens();
  ASSERT_TRUE(goldens.ok()) << goldens.status();
  size_t blocks = 0;
  for (const nlohmann::json& g : *goldens) {
    if (!g.contains("unicode_scripts_sweep_from")) continue;
    ++blocks;
    const char32_t from = g.at("unicode_scripts_sweep_from");
    std::string text;
    for (char32_t cp = from; cp < std::min<char32_t>(from + 4096, 0x110000); ++cp) {
      if (cp < 0xD800 || cp > 0xDFFF) utf8::Append(cp, text);
    }
    std::vector<Match> pieces;
    UnicodeScriptsPreTokenizer::SplitScripts(text, pieces);
    std::vector<size_t> lengths;
    for (const Match& m : pieces) {
      size_t chars = 0;
      for (size_t i = m.begin; i < m.end; ++i) chars += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
      lengths.push_back(chars);
    }
    const auto expected = g.at("lengths").get<std::vector<size_t>>();
    if (lengths == expected) continue;
    // Name the first code point where a piece starts on one side only.
    std::set<size_t> ours, theirs;
    for (size_t i = 0, at = 0; i < lengths.size(); ++i) ours.insert(at += lengths[i]);
    for (size_t i = 0, at = 0; i < expected.size(); ++i) theirs.insert(at += expected[i]);
    std::vector<size_t> differ;
    std::set_symmetric_difference(ours.begin(), ours.end(), theirs.begin(), theirs.end(),
                                  std::back_inserter(differ));
    ADD_FAILURE() << "pieces differ from HF's in the block from U+" << std::hex
                  << static_cast<uint32_t>(from) << ", first after " << std::dec
                  << (differ.empty() ? 0 : differ[0]) << " code points";
  }
  EXPECT_EQ(blocks, 272u);
}

// unicode_scripts.rs: a space joins the piece before it; leading spaces are dropped.
TEST(UnicodeScripts, HfCases) {
  UnicodeScriptsPreTokenizer scripts;
  EXPECT_EQ(PreTokenizeToPieces(scripts, "どこで生れ。Yes"),
            (std::vector<Piece>{{"どこで生れ", {0, 15}}, {"。", {15, 18}}, {"Yes", {18, 21}}}));
  EXPECT_EQ(PreTokenizeToPieces(scripts, "Apples are りんご 林檎"),
            (std::vector<Piece>{{"Apples are ", {0, 11}}, {"りんご 林檎", {11, 27}}}));
  EXPECT_EQ(PreTokenizeToPieces(scripts, "  a"), (std::vector<Piece>{{"a", {2, 3}}}));
  EXPECT_TRUE(PreTokenizeToPieces(scripts, "   ").empty());
}

TEST(FixedLength, RefusesZero) {
  EXPECT_FALSE(FixedLengthPreTokenizer::Create(0).ok());
  EXPECT_EQ((*FixedLengthPreTokenizer::Create(3))->ToJson().dump(),
            R"({"type":"FixedLength","length":3})");
}

}  // namespace
}  // namespace tokenmill
