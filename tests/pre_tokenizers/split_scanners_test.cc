// The GPT-2, cl100k and o200k scanners against HF tokenizers 0.22's Split pre-tokenizer
// (Oniguruma running the exact regexes), from goldens made by gen_split_goldens.js:
// every line of dev.jsonl and edge.jsonl, 4,000 random strings over a tricky alphabet, and
// every code point's character class.
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/pre_tokenizers/scan_helpers.h"
#include "tokenizers/pre_tokenizers/split_char_kind.h"
#include "tokenizers/pre_tokenizers/split_regex.h"
#include "tokenizers/pre_tokenizers/split_scanners.h"

namespace tokenmill {
namespace {

using split_scan::CharKind;

const std::string kSplitGoldenDir = testing::SourceDir() + "/tests/data/golden/splits";

struct NamedPattern {
  const char* golden_key;
  KnownSplitPattern pattern;
};
constexpr NamedPattern kPatterns[] = {
    {"gpt2", KnownSplitPattern::kGpt2},
    {"cl100k", KnownSplitPattern::kCl100k},
    {"cl100k_legacy", KnownSplitPattern::kCl100kLegacy},
    {"o200k", KnownSplitPattern::kO200k},
};

std::vector<uint32_t> PieceLengths(KnownSplitPattern pattern, std::string_view text) {
  std::vector<Match> pieces;
  ScanKnownPattern(pattern, text, pieces);
  std::vector<uint32_t> lengths;
  uint32_t expected_begin = 0;
  for (const Match& m : pieces) {
    EXPECT_EQ(m.begin, expected_begin) << "pieces must tile the text";
    lengths.push_back(m.end - m.begin);
    expected_begin = m.end;
  }
  EXPECT_EQ(expected_begin, text.size());
  return lengths;
}

std::vector<std::string> Cut(std::string_view text, const std::vector<uint32_t>& lengths) {
  std::vector<std::string> out;
  size_t pos = 0;
  for (uint32_t n : lengths) {
    out.emplace_back(text.substr(std::min(pos, text.size()), n));
    pos += n;
  }
  return out;
}

// Compares every pattern on one text; returns the number of mismatching patterns.
int ExpectSameAsHf(const nlohmann::json& golden, std::string_view text, const std::string& where) {
  int failures = 0;
  for (const NamedPattern& p : kPatterns) {
    const auto expected = golden.at(p.golden_key).get<std::vector<uint32_t>>();
    const auto actual = PieceLengths(p.pattern, text);
    if (actual != expected) {
      ++failures;
      ADD_FAILURE() << where << " pattern " << p.golden_key << "\n  HF:   "
                    << ::testing::PrintToString(Cut(text, expected)) << "\n  ours: "
                    << ::testing::PrintToString(Cut(text, actual));
    }
  }
  return failures;
}

TEST(SplitScanners, MatchHfOnEveryCorpusLine) {
  TM_SHARED_DIR_OR_SKIP(shared);
  auto golden = testing::ReadJsonLines(kSplitGoldenDir + "/corpus.jsonl.gz");
  ASSERT_TRUE(golden.ok()) << golden.status();
  size_t index = 0;
  int failures = 0;
  for (const char* set : {"dev", "edge"}) {
    auto lines = testing::ReadJsonLines(shared + "/corpus/" + set + ".jsonl");
    ASSERT_TRUE(lines.ok()) << lines.status();
    for (const auto& line : *lines) {
      ASSERT_LT(index, golden->size());
      const auto& g = (*golden)[index++];
      ASSERT_EQ(g.at("set"), set);
      failures += ExpectSameAsHf(g, line.at("text").get<std::string>(),
                                 std::string(set) + ":" + std::to_string(g.at("line").get<int>()));
      ASSERT_LT(failures, 20) << "stopping after 20 mismatches";
    }
  }
  EXPECT_EQ(index, golden->size());
  EXPECT_GT(index, 4000u);
}

TEST(SplitScanners, MatchHfOnRandomStrings) {
  auto golden = testing::ReadJsonLines(kSplitGoldenDir + "/random.jsonl.gz");
  ASSERT_TRUE(golden.ok()) << golden.status();
  ASSERT_EQ(golden->size(), 4000u);
  int failures = 0;
  for (const auto& g : *golden) {
    const std::string text = g.at("text").get<std::string>();
    failures += ExpectSameAsHf(g, text, ::testing::PrintToString(text));
    ASSERT_LT(failures, 20) << "stopping after 20 mismatches";
  }
}

// HF's Oniguruma classes (\p{L}, \p{Lu}, ..., \s) for every code point.
TEST(SplitScanners, CharacterKindsMatchHfOnEveryCodePoint) {
  std::ifstream in(kSplitGoldenDir + "/classes.json");
  ASSERT_TRUE(in) << "missing classes.json";
  std::stringstream buffer;
  buffer << in.rdbuf();
  const auto classes = nlohmann::json::parse(buffer.str());
  auto member = [&](const char* name) {
    std::vector<bool> in_class(0x110000);
    for (const auto& range : classes.at(name)) {
      for (uint32_t cp = range[0]; cp <= range[1].get<uint32_t>(); ++cp) in_class[cp] = true;
    }
    return in_class;
  };
  const auto L = member("L"), N = member("N"), Lu = member("Lu"), Ll = member("Ll"),
             Lt = member("Lt"), Lm = member("Lm"), Lo = member("Lo"), M = member("M"),
             S = member("s");
  int mismatches = 0;
  for (char32_t cp = 0; cp < 0x110000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string text;
    utf8::Append(cp, text);
    const CharKind k = split_scan::CharAt(text, 0).kind;
    const bool ok = split_scan::IsLetter(k) == L[cp] && (k == CharKind::kNumber) == N[cp] &&
                    (k == CharKind::kUpper) == Lu[cp] && (k == CharKind::kLower) == Ll[cp] &&
                    (k == CharKind::kTitle) == Lt[cp] && (k == CharKind::kModifier) == Lm[cp] &&
                    (k == CharKind::kOtherLetter) == Lo[cp] && (k == CharKind::kMark) == M[cp] &&
                    split_scan::IsWhitespace(k) == S[cp] &&
                    ((k == CharKind::kNewline) == (cp == '\r' || cp == '\n'));
    if (!ok && ++mismatches <= 10) ADD_FAILURE() << "code point U+" << std::hex << uint32_t(cp);
  }
  EXPECT_EQ(mismatches, 0);
}

std::vector<std::string> Pieces(KnownSplitPattern pattern, std::string_view text) {
  return Cut(text, PieceLengths(pattern, text));
}

using V = std::vector<std::string>;

TEST(SplitScanners, Gpt2HandCases) {
  // HF's byte_level.rs pre_tokenization test (before the byte mapping).
  EXPECT_EQ(Pieces(KnownSplitPattern::kGpt2, "Hello my friend, how is your day going?"),
            (V{"Hello", " my", " friend", ",", " how", " is", " your", " day", " going", "?"}));
  // \s+(?!\S) gives one space back to the word that follows; a lone space stays \s+.
  EXPECT_EQ(Pieces(KnownSplitPattern::kGpt2, "a   b \tc  "), (V{"a", "  ", " b", " ", "\t", "c", "  "}));
  // Contractions are case sensitive in GPT-2's pattern.
  EXPECT_EQ(Pieces(KnownSplitPattern::kGpt2, "I'M don't we'll"),
            (V{"I", "'", "M", " don", "'t", " we", "'ll"}));
  EXPECT_EQ(Pieces(KnownSplitPattern::kGpt2, "12345 x1"), (V{"12345", " x", "1"}));
}

TEST(SplitScanners, Cl100kHandCases) {
  EXPECT_EQ(Pieces(KnownSplitPattern::kCl100k, "I'M 12345 x\n\n  y\n "),
            (V{"I", "'M", " ", "123", "45", " x", "\n\n", " ", " y", "\n "}));
  EXPECT_EQ(Pieces(KnownSplitPattern::kCl100kLegacy, "I'M 12345 x\n\n  y\n "),
            (V{"I", "'M", " ", "123", "45", " x", "\n\n", " ", " y", "\n", " "}));
  // Long s folds to s under (?i).
  EXPECT_EQ(Pieces(KnownSplitPattern::kCl100k, "it'\xC5\xBF"), (V{"it", "'\xC5\xBF"}));
  EXPECT_EQ(Pieces(KnownSplitPattern::kCl100k, "a!!\n\nb"), (V{"a", "!!\n\n", "b"}));
}

TEST(SplitScanners, O200kHandCases) {
  EXPECT_EQ(Pieces(KnownSplitPattern::kO200k, "HELLOworld HELLO World's x//\n"),
            (V{"HELLOworld", " HELLO", " World's", " x", "//\n"}));
  EXPECT_EQ(Pieces(KnownSplitPattern::kO200k, "1234567"), (V{"123", "456", "7"}));
}

TEST(SplitScanners, RecognizesPublishedSpellings) {
  for (auto p : {KnownSplitPattern::kGpt2, KnownSplitPattern::kCl100kLegacy,
                 KnownSplitPattern::kO200k}) {
    EXPECT_EQ(RecognizeSplitPattern(KnownPatternRegex(p)), p);
  }
  // HF would not split digits by three with this spelling (see split_scanners.h).
  EXPECT_EQ(RecognizeSplitPattern(KnownPatternRegex(KnownSplitPattern::kCl100k)), std::nullopt);
  EXPECT_EQ(RecognizeSplitPattern(
                R"('(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s)"),
            KnownSplitPattern::kGpt2);
  EXPECT_EQ(RecognizeSplitPattern(R"(\w+)"), std::nullopt);
}

// The 16-bytes-at-once run ends against the character walk, at every character of random
// text built to put long ASCII runs next to non-ASCII letters, capitals, digits and the text's
// end (the HF goldens' random strings are too short for runs of 16).
TEST(SplitScanners, AsciiRunEndsMatchTheCharacterWalk) {
  const std::vector<std::string> parts = {"e", "Z", "\xC3\xA9", "\xC3\x89", "\xE4\xB8\xAD", "\xCA\xB0",
                                          "\xCC\x81", "\xF0\x9F\x98\x80", "7", " ", "'", "\n", "_"};
  auto lowerish = [](CharKind k) {
    return k == CharKind::kLower || k == CharKind::kModifier || k == CharKind::kOtherLetter ||
           k == CharKind::kMark;
  };
  std::mt19937 rng(17);
  size_t positions = 0, long_runs = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    while (text.size() < 24 + rng() % 48) {
      if (rng() % 3 == 0) {
        const size_t run = rng() % 40;  // a run of ASCII letters, sometimes all lowercase
        const bool lower_only = rng() % 2;
        for (size_t i = 0; i < run; ++i) {
          const char c = static_cast<char>('a' + rng() % 26);
          text += lower_only || rng() % 4 ? c : static_cast<char>(c - 32);
        }
        long_runs += run >= 16;
      } else {
        text += parts[rng() % parts.size()];
      }
    }
    for (size_t pos = 0; pos < text.size(); pos += split_scan::CharAt(text, pos).length) {
      ++positions;
      ASSERT_EQ(split_scan::LetterRunEnd(text, pos), split_scan::RunEnd(text, pos, split_scan::IsLetter))
          << ::testing::PrintToString(text) << " at " << pos;
      ASSERT_EQ(split_scan::AsciiAlphaRunEnd<false>(text, pos, lowerish),
                split_scan::RunEnd(text, pos, lowerish))
          << ::testing::PrintToString(text) << " at " << pos;
    }
  }
  EXPECT_GT(positions, 100000u);
  EXPECT_GT(long_runs, 500u);
}

// Whole scanners against the same regexes run by RE2 (SplitRegex, exact for these patterns),
// on random text with runs of 16+ ASCII letters in every case mix next to non-ASCII letters,
// marks, digits, apostrophes and spaces: the texts the 16-byte fast paths take (the HF
// goldens' random strings are too short for them).
TEST(SplitScanners, MatchTheRegexOnLongAsciiRuns) {
  const std::vector<std::string> parts = {"\xC3\xA9", "\xC3\x89", "\xE4\xB8\xAD", "\xCA\xB0", "\xCC\x81",
                                          "\xF0\x9F\x98\x80", "7", "42", " ", "  ", "'s", "'LL", "\n",
                                          "_", "!", "\xC7\x85"};
  std::mt19937 rng(23);
  for (auto pattern : {KnownSplitPattern::kGpt2, KnownSplitPattern::kCl100kLegacy,
                       KnownSplitPattern::kO200k}) {
    auto regex = SplitRegex::Create(KnownPatternRegex(pattern));
    ASSERT_TRUE(regex.ok()) << regex.status();
    for (int round = 0; round < 2000; ++round) {
      std::string text;
      while (text.size() < 32 + rng() % 64) {
        if (rng() % 2 == 0) {
          const size_t run = 1 + rng() % 30;
          const int style = static_cast<int>(rng() % 4);  // lower, Capitalized, UPPER, mixed
          for (size_t i = 0; i < run; ++i) {
            const char c = static_cast<char>('a' + rng() % 26);
            const bool upper = style == 2 || (style == 1 && i == 0) || (style == 3 && rng() % 3 == 0);
            text += upper ? static_cast<char>(c - 32) : c;
          }
        } else {
          text += parts[rng() % parts.size()];
        }
      }
      std::vector<uint32_t> matched;
      Match m;
      for (size_t from = 0; from < text.size() && (*regex)->Find(text, from, m); from = m.end) {
        ASSERT_EQ(m.begin, from) << "the regex skipped text";
        matched.push_back(m.end - m.begin);
      }
      ASSERT_EQ(Cut(text, PieceLengths(pattern, text)), Cut(text, matched))
          << KnownPatternRegex(pattern) << " on " << ::testing::PrintToString(text);
    }
  }
}

// Linear time: a megabyte of one letter, of digits, of spaces.
TEST(SplitScanners, LongRunsAreLinear) {
  for (auto p : {KnownSplitPattern::kGpt2, KnownSplitPattern::kCl100k, KnownSplitPattern::kO200k}) {
    for (char c : {'a', '7', ' ', 'A', '!'}) {
      const std::string text(1 << 20, c);
      std::vector<Match> pieces;
      ScanKnownPattern(p, text, pieces);
      ASSERT_FALSE(pieces.empty());
      EXPECT_EQ(pieces.back().end, text.size());
    }
  }
}

}  // namespace
}  // namespace tokenmill
