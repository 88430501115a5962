// The Split pre-tokenizer's RE2 path with its `\s+(?!\S)` emulation (split_regex.h) against
// HF tokenizers 0.22's Split (Oniguruma), from goldens made by gen_split_goldens.js:
//  - the patterns of tokenizer.json files in use (Qwen2, Mistral's Tekken, DeepSeek-V3) and
//    patterns with the lookahead first or in the middle (generic_*.jsonl.gz); Qwen2's also
//    through its scanner;
//  - the GPT-2, Llama 3 (cl100k's older spelling) and o200k patterns forced through RE2,
//    against the goldens of their hand-written scanners (corpus/random.jsonl.gz).
// Each on every golden random string and on dev/edge lines when ../shared is present.
#include <fstream>
#include <map>
#include <tuple>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testing/test_data.h"
#include "tests/pre_tokenizers/pieces.h"
#include "tokenizers/pre_tokenizers/split.h"
#include "tokenizers/pre_tokenizers/split_behavior.h"
#include "tokenizers/pre_tokenizers/split_regex.h"
#include "tokenizers/pre_tokenizers/split_scanners.h"

namespace tokenmill {
namespace {

const std::string kGoldenDir = testing::SourceDir() + "/tests/data/golden/splits";

std::unique_ptr<SplitPreTokenizer> IsolatedSplit(const std::string& regex) {
  auto split = SplitPreTokenizer::Create({SplitPattern::Kind::kRegex, regex},
                                         SplitBehavior::kIsolated, false);
  EXPECT_TRUE(split.ok()) << regex << ": " << split.status();
  return split.ok() ? *std::move(split) : nullptr;
}

// The byte lengths of the Isolated pieces: the matches and the gaps between them.
std::vector<uint32_t> IsolatedLengths(const SplitPreTokenizer& split, std::string_view text) {
  std::vector<Match> matches;
  split.FindMatches(text, matches);
  std::vector<uint32_t> lengths;
  uint32_t pos = 0;
  for (const Match& m : matches) {
    EXPECT_LE(pos, m.begin) << "matches must come in order";
    if (m.begin > pos) lengths.push_back(m.begin - pos);
    if (m.end > m.begin) lengths.push_back(m.end - m.begin);
    pos = m.end;
  }
  if (pos < text.size()) lengths.push_back(static_cast<uint32_t>(text.size()) - pos);
  return lengths;
}

struct Case {
  std::string golden_key;
  std::unique_ptr<SplitPreTokenizer> split;
};

// Counts mismatches of every case on one text (and reports the first few).
int Compare(const std::vector<Case>& cases, const nlohmann::json& golden, std::string_view text,
            const std::string& where) {
  int failures = 0;
  for (const Case& c : cases) {
    const auto expected = golden.at(c.golden_key).get<std::vector<uint32_t>>();
    if (IsolatedLengths(*c.split, text) != expected) {
      ++failures;
      ADD_FAILURE() << where << " pattern " << c.golden_key << " differs from HF";
    }
  }
  return failures;
}

void CompareOnRandomStrings(const std::vector<Case>& cases, const std::string& golden_file) {
  auto golden = testing::ReadJsonLines(kGoldenDir + "/" + golden_file);
  ASSERT_TRUE(golden.ok()) << golden.status();
  ASSERT_EQ(golden->size(), 4000u);
  int failures = 0;
  for (const auto& g : *golden) {
    const std::string text = g.at("text").get<std::string>();
    failures += Compare(cases, g, text, ::testing::PrintToString(text));
    ASSERT_LT(failures, 20) << "stopping after 20 mismatches";
  }
}

void CompareOnCorpus(const std::vector<Case>& cases, const std::string& golden_file,
                     size_t min_lines) {
  TM_SHARED_DIR_OR_SKIP(shared);
  auto golden = testing::ReadJsonLines(kGoldenDir + "/" + golden_file);
  ASSERT_TRUE(golden.ok()) << golden.status();
  size_t index = 0;
  int failures = 0;
  for (const char* set : {"dev", "edge"}) {
    auto lines = testing::ReadJsonLines(shared + "/corpus/" + set + ".jsonl");
    ASSERT_TRUE(lines.ok()) << lines.status();
    // Golden records name their line (1-based, counting blank lines, which have none).
    for (size_t i = 0; i < lines->size() && index < golden->size(); ++i) {
      const auto& g = (*golden)[index];
      if (g.at("set") != set) break;
      const std::string text = (*lines)[i].at("text").get<std::string>();
      if (g.at("line").get<size_t>() != i + 1) continue;
      ++index;
      failures += Compare(cases, g, text, std::string(set) + ":" + std::to_string(i + 1));
      ASSERT_LT(failures, 20) << "stopping after 20 mismatches";
    }
  }
  EXPECT_EQ(index, golden->size()) << "every golden line compared";
  EXPECT_GE(index, min_lines);
}

// Each generic pattern as tokenizer.json spells it (Qwen2's runs the cl100k scanner with single
// digits) and through RE2 ("(?:)" in front matches the same, and no scanner knows that text).
std::vector<Case> GenericCases() {
  std::ifstream in(kGoldenDir + "/generic_patterns.json");
  EXPECT_TRUE(in.good());
  const nlohmann::json patterns = nlohmann::json::parse(in);
  std::vector<Case> cases;
  for (const auto& [key, regex] : patterns.items()) {
    cases.push_back({key, IsolatedSplit(regex.get<std::string>())});
    if (RecognizeSplitPattern(regex.get<std::string>())) {
      cases.push_back({key, IsolatedSplit("(?:)" + regex.get<std::string>())});
    }
  }
  EXPECT_EQ(RecognizeSplitPattern(patterns.at("qwen2").get<std::string>()), KnownSplitPattern::kQwen2);
  EXPECT_EQ(cases.size(), 6u);
  return cases;
}

// The scanners' patterns through RE2 ("(?:)" in front, as above).
std::vector<Case> KnownPatternsThroughRe2() {
  std::vector<Case> cases;
  cases.push_back({"gpt2", IsolatedSplit("(?:)" + std::string(KnownPatternRegex(KnownSplitPattern::kGpt2)))});
  cases.push_back({"cl100k_legacy", IsolatedSplit("(?:)" + std::string(KnownPatternRegex(KnownSplitPattern::kCl100kLegacy)))});
  cases.push_back({"o200k", IsolatedSplit("(?:)" + std::string(KnownPatternRegex(KnownSplitPattern::kO200k)))});
  return cases;
}

TEST(SplitRegex, GenericPatternsMatchHfOnRandomStrings) {
  CompareOnRandomStrings(GenericCases(), "generic_random.jsonl.gz");
}

TEST(SplitRegex, GenericPatternsMatchHfOnCorpusLines) {
  CompareOnCorpus(GenericCases(), "generic_corpus.jsonl.gz", 1800);
}

TEST(SplitRegex, ScannerPatternsThroughRe2MatchHfOnRandomStrings) {
  CompareOnRandomStrings(KnownPatternsThroughRe2(), "random.jsonl.gz");
}

TEST(SplitRegex, ScannerPatternsThroughRe2MatchHfOnCorpusLines) {
  CompareOnCorpus(KnownPatternsThroughRe2(), "corpus.jsonl.gz", 4000);
}

// A tokenizer.json with Llama 3's pattern runs the cl100k scanner: the same matches as RE2's.
TEST(SplitRegex, KnownPatternUsesItsScanner) {
  const std::string llama3(KnownPatternRegex(KnownSplitPattern::kCl100kLegacy));
  auto scanner = IsolatedSplit(llama3);
  auto re2 = IsolatedSplit("(?:)" + llama3);
  ASSERT_NE(scanner, nullptr);
  ASSERT_NE(re2, nullptr);
  for (const std::string text : {"Hello   world 12345  x\n\n  y ", "  \t\n", "a  b", ""}) {
    std::vector<Match> expected, actual;
    std::vector<Match> pieces;
    ScanKnownPattern(KnownSplitPattern::kCl100kLegacy, text, pieces);
    scanner->FindMatches(text, actual);
    re2->FindMatches(text, expected);
    ASSERT_EQ(actual.size(), pieces.size()) << text;
    ASSERT_EQ(actual.size(), expected.size()) << text;
    for (size_t i = 0; i < actual.size(); ++i) {
      EXPECT_EQ(actual[i].begin, expected[i].begin) << text;
      EXPECT_EQ(actual[i].end, expected[i].end) << text;
    }
  }
}

TEST(SplitRegex, HandCases) {
  struct HandCase {
    const char* regex;
    const char* text;
    std::vector<uint32_t> lengths;
  };
  const HandCase cases[] = {
      // The run before a word gives its last space; at the end of the text it keeps it.
      {R"(\S+|\s+(?!\S)|\s+)", "a   b  ", {1, 2, 1, 1, 2}},
      // Only the lookahead: a lone space before a word matches nothing (a gap, Isolated).
      {R"(\s+(?!\S))", " a  b", {2, 1, 2}},
      // Multi-byte whitespace: the last character given back is U+3000 (3 bytes).
      {R"(\p{L}+|\s+(?!\S)|\s+)", "a\u3000\u3000b", {1, 3, 3, 1}},
      // A later alternative takes the lone space the lookahead leaves.
      {R"(\p{L}+|\s+(?!\S)| ?\p{N}+)", "a 12  3", {1, 3, 1, 2}},
  };
  for (const HandCase& c : cases) {
    auto split = IsolatedSplit(c.regex);
    ASSERT_NE(split, nullptr);
    EXPECT_EQ(IsolatedLengths(*split, c.text), c.lengths) << c.regex << " on \"" << c.text << "\"";
  }
}

TEST(SplitRegex, OtherLookaroundIsRefused) {
  for (const char* regex : {R"(a(?!b))", R"((?:\s+(?!\S)|x))", R"(\s+(?=\S))", R"((?<=a)b)",
                            R"(x|\s+(?!\S)|\s+(?!\S))"}) {
    auto split = SplitPreTokenizer::Create({SplitPattern::Kind::kRegex, regex},
                                           SplitBehavior::kIsolated, false);
    ASSERT_FALSE(split.ok()) << regex;
    EXPECT_EQ(split.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(split.status().message().find("RE2 cannot compile it"), std::string::npos)
        << split.status();
  }
}

// 200 random patterns with `\s+(?!\S)` somewhere among 1-4 other alternatives (some also
// taking whitespace), every behavior, inverted or not, each on 30 random strings: HF's pieces
// (random_lookahead_patterns.jsonl.gz, from gen_random_lookahead_goldens.js).
TEST(SplitRegex, RandomLookaheadPatternsMatchHf) {
  auto golden = testing::ReadJsonLines(kGoldenDir + "/random_lookahead_patterns.jsonl.gz");
  ASSERT_TRUE(golden.ok()) << golden.status();
  ASSERT_EQ(golden->size(), 6000u);
  std::map<std::tuple<std::string, std::string, bool>, std::unique_ptr<PreTokenizer>> cache;
  int failures = 0;
  for (const auto& g : *golden) {
    const std::string pattern = g.at("pattern"), behavior = g.at("behavior");
    const bool invert = g.at("invert");
    auto& split = cache[{pattern, behavior, invert}];
    if (!split) {
      auto parsed = ParseSplitBehavior(behavior);
      ASSERT_TRUE(parsed.ok());
      auto created = SplitPreTokenizer::Create({SplitPattern::Kind::kRegex, pattern}, *parsed, invert);
      ASSERT_TRUE(created.ok()) << pattern << ": " << created.status();
      split = *std::move(created);
    }
    std::vector<testing::Piece> expected;
    for (const auto& p : g.at("pieces")) {
      expected.push_back({p[0].get<std::string>(), {p[1][0].get<uint32_t>(), p[1][1].get<uint32_t>()}});
    }
    const std::string text = g.at("text");
    if (testing::PreTokenizeToPieces(*split, text) != expected) {
      ADD_FAILURE() << pattern << " " << behavior << (invert ? " inverted" : "") << " on "
                    << ::testing::PrintToString(text);
      ASSERT_LT(++failures, 10);
    }
  }
}

TEST(SplitRegex, TopLevelAlternatives) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(TopLevelAlternatives("a|b"), (V{"a", "b"}));
  EXPECT_EQ(TopLevelAlternatives("(a|b)|c"), (V{"(a|b)", "c"}));
  EXPECT_EQ(TopLevelAlternatives(R"([|]|\||x)"), (V{"[|]", R"(\|)", "x"}));
  EXPECT_EQ(TopLevelAlternatives(R"([]|]|[^]|]|[a[|]]|y)"), (V{"[]|]", "[^]|]", "[a[|]]", "y"}));
  EXPECT_EQ(TopLevelAlternatives(R"((?i:'s|'t)|\s+(?!\S)|\s+)"),
            (V{"(?i:'s|'t)", R"(\s+(?!\S))", R"(\s+)"}));
  EXPECT_EQ(TopLevelAlternatives(""), (V{""}));
}

}  // namespace
}  // namespace tokenmill
