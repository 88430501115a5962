// tokenizer.json forms of the pre-tokenizers: ToJson writes what HF serializes (split.rs
// `serialization`, mod.rs `test_deserialize*`), defaults follow HF, errors are clear.
#include "gtest/gtest.h"
#include "tests/pre_tokenizers/pieces.h"

namespace tokenmill {
namespace {

using testing::PreTokenizerFromJson;

class JsonRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(JsonRoundTrip, ToJsonWritesHfForm) {
  auto pre_tokenizer = PreTokenizerFromJson(GetParam());
  ASSERT_TRUE(pre_tokenizer.ok()) << pre_tokenizer.status();
  EXPECT_EQ((*pre_tokenizer)->ToJson().dump(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    HfForms, JsonRoundTrip,
    ::testing::Values(
        R"j({"type":"Whitespace"})j", R"j({"type":"WhitespaceSplit"})j",
        R"j({"type":"BertPreTokenizer"})j", R"j({"type":"Punctuation","behavior":"Contiguous"})j",
        R"j({"type":"Digits","individual_digits":true})j",
        // split.rs `serialization`
        R"j({"type":"Split","pattern":{"String":"Hello"},"behavior":"Removed","invert":true})j",
        R"j({"type":"Split","pattern":{"Regex":"\\s+"},"behavior":"Isolated","invert":false})j",
        R"j({"type":"Split","pattern":{"Regex":"a"},"behavior":"MergedWithPrevious","invert":false})j",
        R"j({"type":"Split","pattern":{"Regex":"a"},"behavior":"MergedWithNext","invert":false})j",
        R"j({"type":"Sequence","pretokenizers":[{"type":"WhitespaceSplit"},{"type":"Digits","individual_digits":false}]})j",
        R"j({"type":"UnicodeScripts"})j", R"j({"type":"FixedLength","length":7})j",
        R"j({"type":"CharDelimiterSplit","delimiter":"é"})j"));

TEST(PreTokenizerJsonTest, DefaultsFollowHf) {
  // punctuation.rs `deserialization`: the default behaviour is Isolated.
  auto punctuation = PreTokenizerFromJson(R"j({"type":"Punctuation"})j");
  ASSERT_TRUE(punctuation.ok());
  EXPECT_EQ((*punctuation)->ToJson()["behavior"], "Isolated");
  // fixed_length.rs: the default length is 5.
  auto fixed = PreTokenizerFromJson(R"j({"type":"FixedLength"})j");
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ((*fixed)->ToJson()["length"], 5);
  auto digits = PreTokenizerFromJson(R"j({"type":"Digits"})j");
  ASSERT_TRUE(digits.ok());
  EXPECT_EQ((*digits)->ToJson()["individual_digits"], false);
}

TEST(PreTokenizerJsonTest, BadFormsFailNamingTheProblem) {
  struct Bad {
    const char* json;
    const char* message_part;
  };
  const Bad cases[] = {
      {R"j({"type":"Punctuation","behavior":"Sideways"})j", "Sideways"},
      {R"j({"type":"Split","pattern":{"Regex":"a"},"invert":false})j", "behavior"},
      {R"j({"type":"Split","pattern":{"Regex":"a"},"behavior":"Removed"})j", "invert"},
      {R"j({"type":"Split","pattern":{"Glob":"a"},"behavior":"Removed","invert":false})j",
       "String"},
      // Lookahead: Oniguruma has it, RE2 does not (only a whole `\s+(?!\S)` alternative is
      // emulated, split_regex.h).
      {R"j({"type":"Split","pattern":{"Regex":"a(?!\\S)"},"behavior":"Removed","invert":false})j",
       "RE2 cannot compile"},
      {R"j({"type":"Split","pattern":{"Regex":"\\bword"},"behavior":"Removed","invert":false})j",
       "word boundary"},
      {R"j({"type":"Split","pattern":{"Regex":"[[:alpha:]]"},"behavior":"Removed","invert":false})j",
       "POSIX bracket"},
      {R"j({"type":"Split","pattern":{"Regex":"[a-z&&[^b]]"},"behavior":"Removed","invert":false})j",
       "class intersection"},
      {R"j({"type":"Split","pattern":{"Regex":"\\pL"},"behavior":"Removed","invert":false})j",
       "without braces"},
      {R"j({"type":"Sequence","pretokenizers":[{"type":"Nope"}]})j", "pretokenizers[0]"},
      {R"j({"type":"FixedLength","length":0})j", "length must be at least 1"},
      {R"j({"type":"CharDelimiterSplit","delimiter":"ab"})j", "one character"},
      {R"j({"type":"CharDelimiterSplit"})j", "delimiter"},
  };
  for (const Bad& bad : cases) {
    auto pre_tokenizer = PreTokenizerFromJson(bad.json);
    ASSERT_FALSE(pre_tokenizer.ok()) << bad.json;
    EXPECT_NE(pre_tokenizer.status().message().find(bad.message_part), std::string::npos)
        << bad.json << " -> " << pre_tokenizer.status();
  }
}

}  // namespace
}  // namespace tokenmill
