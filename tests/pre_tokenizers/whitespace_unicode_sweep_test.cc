// Every Unicode scalar value through the Whitespace pre-tokenizer, as "a<c>b", against HF
// tokenizers 0.22's answer in ../shared/golden/unicode/hf.codepoints.jsonl.gz
// (`whitespace_pre`: "split" = c dropped as \s, "isolated" = c its own piece ([^\w\s]),
// absent = one word (c is \w)).
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/pre_tokenizers/whitespace.h"

namespace tokenmill {
namespace {

std::string Classify(char32_t cp) {
  std::string text = "a";
  utf8::Append(cp, text);
  text += "b";
  std::vector<Match> pieces;
  WhitespacePreTokenizer::SplitWords(text, pieces);
  if (pieces.size() == 1) return "";
  return pieces.size() == 2 ? "split" : "isolated";
}

TEST(WhitespaceUnicodeSweep, EveryCodePointMatchesHf) {
  TM_SHARED_DIR_OR_SKIP(shared);
  auto lines = testing::ReadJsonLines(shared + "/golden/unicode/hf.codepoints.jsonl.gz");
  ASSERT_TRUE(lines.ok()) << lines.status();
  std::vector<std::string> expected(0x110000);
  for (const auto& line : *lines) {
    if (!line.contains("whitespace_pre")) continue;
    const std::string cls = line["whitespace_pre"];
    for (uint32_t cp = line["from"]; cp <= line["to"].get<uint32_t>(); ++cp) expected[cp] = cls;
  }
  int mismatches = 0;
  std::string examples;
  for (char32_t cp = 0; cp < 0x110000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const std::string got = Classify(cp);
    if (got == expected[cp]) continue;
    if (++mismatches <= 20) {
      examples += absl::StrFormat(" U+%04X hf=%s ours=%s;", static_cast<uint32_t>(cp),
                                  expected[cp].empty() ? "word" : expected[cp],
                                  got.empty() ? "word" : got);
    }
  }
  EXPECT_EQ(mismatches, 0) << "code points where Whitespace differs from HF:" << examples;
}

}  // namespace
}  // namespace tokenmill
