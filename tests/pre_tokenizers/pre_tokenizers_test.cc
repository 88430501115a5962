// The pre-tokenizers against HF tokenizers 0.22: the cases of HF's own Rust unit tests
// (tokenizers/src/pre_tokenizers/*.rs, cited per case) plus cases generated with the HF
// oracle (../shared/oracles, @anush008/tokenizers 0.6.0 = tokenizers 0.22 via
// Tokenizer.fromString(...).getPreTokenizer().preTokenizeString; its char offsets are
// converted to bytes here only where the text is ASCII or noted).
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/pre_tokenizers/pieces.h"

namespace tokenmill {
namespace {

using testing::Piece;
using testing::PreTokenizeToPieces;
using testing::PreTokenizerFromJson;

struct Case {
  std::string source;  // where the expectation comes from
  std::string json;    // the pre-tokenizer in tokenizer.json form
  std::string text;
  std::vector<Piece> expected;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.source << " " << c.json; }

class PreTokenizerCase : public ::testing::TestWithParam<Case> {};

TEST_P(PreTokenizerCase, PiecesAndOriginalOffsetsMatchHf) {
  const Case& c = GetParam();
  auto pre_tokenizer = PreTokenizerFromJson(c.json);
  ASSERT_TRUE(pre_tokenizer.ok()) << pre_tokenizer.status();
  EXPECT_EQ(PreTokenizeToPieces(**pre_tokenizer, c.text), c.expected);
}

const char kSplitWords[] =
    R"({"type":"Split","pattern":{"Regex":"\\w+|[^\\w\\s]+"},"behavior":"%s","invert":true})";

std::string SplitWordsJson(const char* behavior) {
  std::string json = kSplitWords;
  json.replace(json.find("%s"), 2, behavior);
  return json;
}

const std::vector<Case>& HfUnitTestCases() {
  static const auto* cases = new std::vector<Case>{
      // whitespace.rs `basic`
      {"whitespace.rs basic", R"({"type":"Whitespace"})", "Hey man!",
       {{"Hey", {0, 3}}, {"man", {4, 7}}, {"!", {7, 8}}}},
      {"whitespace.rs basic", R"({"type":"Whitespace"})", "How are you doing?",
       {{"How", {0, 3}}, {"are", {4, 7}}, {"you", {8, 11}}, {"doing", {12, 17}}, {"?", {17, 18}}}},
      {"whitespace.rs basic", R"({"type":"Whitespace"})", "\n", {}},
      // whitespace.rs `whitespace_split`
      {"whitespace.rs whitespace_split", R"({"type":"WhitespaceSplit"})", "Hey man!",
       {{"Hey", {0, 3}}, {"man!", {4, 8}}}},
      {"whitespace.rs whitespace_split", R"({"type":"WhitespaceSplit"})", "Hey, man, Good?",
       {{"Hey,", {0, 4}}, {"man,", {5, 9}}, {"Good?", {10, 15}}}},
      // punctuation.rs `punctuation_basic` (and `deserialization`: default is Isolated)
      {"punctuation.rs punctuation_basic", R"({"type":"Punctuation"})",
       "Hey friend!     How are you?!?",
       {{"Hey friend", {0, 10}}, {"!", {10, 11}}, {"     How are you", {11, 27}}, {"?", {27, 28}},
        {"!", {28, 29}}, {"?", {29, 30}}}},
      // digits.rs `numbers` and `individual_digits`
      {"digits.rs numbers", R"({"type":"Digits","individual_digits":false})", "Hey 123 friend!",
       {{"Hey ", {0, 4}}, {"123", {4, 7}}, {" friend!", {7, 15}}}},
      {"digits.rs individual_digits", R"({"type":"Digits","individual_digits":true})",
       "Hey 123 friend!",
       {{"Hey ", {0, 4}}, {"1", {4, 5}}, {"2", {5, 6}}, {"3", {6, 7}}, {" friend!", {7, 15}}}},
      // split.rs `basic`: the whitespace regex, inverted, with every behaviour
      {"split.rs basic Removed", SplitWordsJson("Removed"), "How are you doing?",
       {{"How", {0, 3}}, {"are", {4, 7}}, {"you", {8, 11}}, {"doing", {12, 17}}, {"?", {17, 18}}}},
      {"split.rs basic Isolated", SplitWordsJson("Isolated"), "How are you doing?",
       {{"How", {0, 3}}, {" ", {3, 4}}, {"are", {4, 7}}, {" ", {7, 8}}, {"you", {8, 11}},
        {" ", {11, 12}}, {"doing", {12, 17}}, {"?", {17, 18}}}},
      {"split.rs basic MergedWithPrevious", SplitWordsJson("MergedWithPrevious"),
       "How are you doing?",
       {{"How ", {0, 4}}, {"are ", {4, 8}}, {"you ", {8, 12}}, {"doing", {12, 17}},
        {"?", {17, 18}}}},
      {"split.rs basic MergedWithNext", SplitWordsJson("MergedWithNext"), "How are you doing?",
       {{"How", {0, 3}}, {" are", {3, 7}}, {" you", {7, 11}}, {" doing", {11, 17}},
        {"?", {17, 18}}}},
      {"split.rs basic Contiguous", SplitWordsJson("Contiguous"), "How are you doing?",
       {{"How", {0, 3}}, {" ", {3, 4}}, {"are", {4, 7}}, {" ", {7, 8}}, {"you", {8, 11}},
        {" ", {11, 12}}, {"doing?", {12, 18}}}},
      // split.rs `regex_string`: \s+ as regex and " " as string split "Hey, man!" alike
      {"split.rs regex_string (regex)",
       R"({"type":"Split","pattern":{"Regex":"\\s+"},"behavior":"Removed","invert":false})",
       "Hey, man!", {{"Hey,", {0, 4}}, {"man!", {5, 9}}}},
      {"split.rs regex_string (string)",
       R"({"type":"Split","pattern":{"String":" "},"behavior":"Removed","invert":false})",
       "Hey, man!", {{"Hey,", {0, 4}}, {"man!", {5, 9}}}},
      // split.rs `invert`: " " removed == "Hello" inverted and removed
      {"split.rs invert (plain)",
       R"({"type":"Split","pattern":{"String":" "},"behavior":"Removed","invert":false})",
       "Hello Hello Hello", {{"Hello", {0, 5}}, {"Hello", {6, 11}}, {"Hello", {12, 17}}}},
      {"split.rs invert (inverted)",
       R"({"type":"Split","pattern":{"String":"Hello"},"behavior":"Removed","invert":true})",
       "Hello Hello Hello", {{"Hello", {0, 5}}, {"Hello", {6, 11}}, {"Hello", {12, 17}}}},
      // sequence.rs `sequence_basic`
      {"sequence.rs sequence_basic",
       R"({"type":"Sequence","pretokenizers":[{"type":"WhitespaceSplit"},{"type":"Punctuation"}]})",
       "Hey friend!     How are you?!?",
       {{"Hey", {0, 3}}, {"friend", {4, 10}}, {"!", {10, 11}}, {"How", {16, 19}}, {"are", {20, 23}},
        {"you", {24, 27}}, {"?", {27, 28}}, {"!", {28, 29}}, {"?", {29, 30}}}},
  };
  return *cases;
}

INSTANTIATE_TEST_SUITE_P(HfRustUnitTests, PreTokenizerCase,
                         ::testing::ValuesIn(HfUnitTestCases()));

// Cases run through the HF oracle (offsets converted to UTF-8 bytes), mostly where
// Oniguruma's semantics differ from RE2's defaults.
std::string SplitJson(const std::string& regex, const char* behavior, bool invert = false) {
  nlohmann::ordered_json j = {{"type", "Split"},
                              {"pattern", {{"Regex", regex}}},
                              {"behavior", behavior},
                              {"invert", invert}};
  return j.dump();
}

const std::vector<Case>& OracleCases() {
  static const auto* cases = new std::vector<Case>{
      // \s is Unicode White_Space (U+3000, U+00A0).
      {"oracle", SplitJson("\\s+", "Removed"), "a\u3000b\u00a0c d",
       {{"a", {0, 1}}, {"b", {4, 5}}, {"c", {7, 8}}, {"d", {9, 10}}}},
      // \w is Unicode (é, ö, Arabic-Indic digit three).
      {"oracle", SplitJson("\\w+", "Isolated"), "h\u00e9llo w\u00f6rld_1 \u0663",
       {{"h\u00e9llo", {0, 6}}, {" ", {6, 7}}, {"w\u00f6rld_1", {7, 15}}, {" ", {15, 16}},
        {"\u0663", {16, 18}}}},
      // Oniguruma's \w knows Unicode 15 (Kawi U+11F04) and 16 (U+0897): nothing is left.
      {"oracle", SplitJson("\\w+", "Removed"), "a\U00011F04b\u0897c", {}},
      // \d is Unicode Nd.
      {"oracle", SplitJson("\\d+", "Isolated"), "a\u0663b12c",
       {{"a", {0, 1}}, {"\u0663", {1, 3}}, {"b", {3, 4}}, {"12", {4, 6}}, {"c", {6, 7}}}},
      // An empty literal matches the empty string at every position: one piece per char.
      {"oracle", R"({"type":"Split","pattern":{"String":""},"behavior":"Removed","invert":false})",
       "abc", {{"a", {0, 1}}, {"b", {1, 2}}, {"c", {2, 3}}}},
      // Inverted empty matches keep Contiguous from merging the gaps.
      {"oracle", SplitJson("x*", "Contiguous", true), "ab", {{"a", {0, 1}}, {"b", {1, 2}}}},
      // \h is a hex digit.
      {"oracle", SplitJson("\\h+", "Isolated"), "xx12afg",
       {{"xx", {0, 2}}, {"12af", {2, 6}}, {"g", {6, 7}}}},
      // ^ and $ are line anchors in Ruby syntax.
      {"oracle", SplitJson("^b", "Isolated"), "b\nb", {{"b", {0, 1}}, {"\n", {1, 2}}, {"b", {2, 3}}}},
      {"oracle", SplitJson("b$", "Isolated"), "b\nb", {{"b", {0, 1}}, {"\n", {1, 2}}, {"b", {2, 3}}}},
      // . stops at \n unless Ruby's (?m).
      {"oracle", SplitJson("a.b", "Isolated"), "a\nb axb", {{"a\nb ", {0, 4}}, {"axb", {4, 7}}}},
      {"oracle", SplitJson("(?m)a.b", "Isolated"), "a\nb", {{"a\nb", {0, 3}}}},
      // Negated classes inside brackets.
      {"oracle", SplitJson("[^\\S]+", "Isolated"), "a\u3000 b",
       {{"a", {0, 1}}, {"\u3000 ", {1, 5}}, {"b", {5, 6}}}},
      {"oracle", SplitJson("[\\W]+", "Isolated"), "a\u3000 b",
       {{"a", {0, 1}}, {"\u3000 ", {1, 5}}, {"b", {5, 6}}}},
      // {,n} is {0,n}; \A; \uHHHH; named groups.
      {"oracle", SplitJson("a{,2}", "Isolated"), "aaa", {{"aa", {0, 2}}, {"a", {2, 3}}}},
      {"oracle", SplitJson("\\Ab", "Isolated"), "bb", {{"b", {0, 1}}, {"b", {1, 2}}}},
      {"oracle", SplitJson("\\u00e9", "Isolated"), "\u00e9", {{"\u00e9", {0, 2}}}},
      {"oracle", SplitJson("(?<n>a)", "Isolated"), "bab", {{"b", {0, 1}}, {"a", {1, 2}}, {"b", {2, 3}}}},
  };
  return *cases;
}

INSTANTIATE_TEST_SUITE_P(HfOracle, PreTokenizerCase, ::testing::ValuesIn(OracleCases()));

// normalizer.rs `split`: "The-final--countdown" split on '-' with every behaviour, through
// the shared PiecesFromMatches.
TEST(PiecesFromMatchesTest, MatchesHfNormalizerSplitTest) {
  const std::string text = "The-final--countdown";
  std::vector<Match> dashes;
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '-') dashes.push_back({i, i + 1});
  }
  auto split = [&](SplitBehavior behavior) {
    std::vector<Match> pieces;
    PiecesFromMatches(static_cast<uint32_t>(text.size()), dashes, behavior, pieces);
    std::vector<std::string> out;
    for (const Match& p : pieces) {
      if (p.begin < p.end) out.push_back(text.substr(p.begin, p.end - p.begin));
    }
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(split(SplitBehavior::kRemoved), (V{"The", "final", "countdown"}));
  EXPECT_EQ(split(SplitBehavior::kIsolated), (V{"The", "-", "final", "-", "-", "countdown"}));
  EXPECT_EQ(split(SplitBehavior::kMergedWithPrevious), (V{"The-", "final-", "-", "countdown"}));
  EXPECT_EQ(split(SplitBehavior::kMergedWithNext), (V{"The", "-final", "-", "-countdown"}));
  EXPECT_EQ(split(SplitBehavior::kContiguous), (V{"The", "-", "final", "--", "countdown"}));
}

}  // namespace
}  // namespace tokenmill
