// Every Unicode scalar value through the Digits and Punctuation pre-tokenizers' character
// classes, against HF tokenizers 0.22:
//  - Digits: tests/data/pre_tokenizers/hf.digits_numeric.txt (HF oracle sweep, committed);
//  - Punctuation: HF's is_punc is the BERT pre-tokenizer's punctuation test, so its set is
//    the `bert_pre: "isolated"` code points of ../shared/golden/unicode/hf.codepoints.jsonl.gz.
#include <fstream>
#include <sstream>

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/pre_tokenizers/char_classes.h"

namespace tokenmill {
namespace {

template <typename Pred>
void ExpectEveryCodePoint(const std::vector<bool>& expected, Pred pred, const char* what) {
  int mismatches = 0;
  std::string examples;
  for (char32_t cp = 0; cp < 0x110000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    if (pred(cp) == expected[cp]) continue;
    if (++mismatches <= 20) {
      examples += absl::StrFormat(" U+%04X (hf=%d);", static_cast<uint32_t>(cp),
                                  static_cast<int>(expected[cp]));
    }
  }
  EXPECT_EQ(mismatches, 0) << what << " differs from HF at:" << examples;
}

TEST(CharClassSweep, NumericMatchesHfDigitsEverywhere) {
  std::ifstream in(testing::SourceDir() + "/tests/data/pre_tokenizers/hf.digits_numeric.txt");
  ASSERT_TRUE(in) << "missing hf.digits_numeric.txt";
  std::vector<bool> numeric(0x110000, false);
  std::string line;
  int ranges = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    uint32_t first, last;
    fields >> std::hex >> first >> last;
    for (uint32_t cp = first; cp <= last; ++cp) numeric[cp] = true;
    ++ranges;
  }
  ASSERT_GT(ranges, 100);
  ExpectEveryCodePoint(numeric, char_classes::IsNumeric, "IsNumeric");
}

TEST(CharClassSweep, PunctuationMatchesHfEverywhere) {
  TM_SHARED_DIR_OR_SKIP(shared);
  auto lines = testing::ReadJsonLines(shared + "/golden/unicode/hf.codepoints.jsonl.gz");
  ASSERT_TRUE(lines.ok()) << lines.status();
  std::vector<bool> punctuation(0x110000, false);
  for (const auto& line : *lines) {
    if (line.value("bert_pre", "") != "isolated") continue;
    for (uint32_t cp = line["from"]; cp <= line["to"].get<uint32_t>(); ++cp) punctuation[cp] = true;
  }
  ExpectEveryCodePoint(punctuation, char_classes::IsPunctuation, "IsPunctuation");
}

}  // namespace
}  // namespace tokenmill
