// Every Unicode scalar value through tokenmill's normalizers and the BERT pre-tokenizer,
// against HF tokenizers 0.22's output in ../shared/golden/unicode/hf.codepoints.jsonl.gz
// (written by shared/oracles/hf_unicode_sweep.js: one line per run of code points with
// equal outputs; a missing field means the code point maps to itself). This is what pins
// the exception tables in tokenizers/base/unicode_exceptions.cc: 100% must be identical.
#include <map>
#include <memory>

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/normalizers/bert_normalizer.h"
#include "tokenizers/normalizers/lowercase.h"
#include "tokenizers/normalizers/strip_accents.h"
#include "tokenizers/normalizers/unicode_normalizers.h"
#include "tokenizers/pre_tokenizers/bert_pre_tokenizer.h"

namespace tokenmill {
namespace {

constexpr char32_t kCodePoints = 0x110000;

bool IsSurrogate(char32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF; }

// field -> HF's output per code point ("" with present=false means identity).
struct Expected {
  std::vector<std::string> value = std::vector<std::string>(kCodePoints);
  std::vector<bool> present = std::vector<bool>(kCodePoints);
};

class UnicodeSweep : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto shared = testing::SharedDir();
    if (!shared) return;
    auto lines = testing::ReadJsonLines(*shared + "/golden/unicode/hf.codepoints.jsonl.gz");
    ASSERT_TRUE(lines.ok()) << lines.status();
    fields_ = new std::map<std::string, Expected>();
    for (const auto& line : *lines) {
      for (const auto& [key, value] : line.items()) {
        if (key == "from" || key == "to") continue;
        Expected& e = (*fields_)[key];
        for (uint32_t cp = line["from"]; cp <= line["to"].get<uint32_t>(); ++cp) {
          e.value[cp] = value.get<std::string>();
          e.present[cp] = true;
        }
      }
    }
  }
  static void TearDownTestSuite() {
    delete fields_;
    fields_ = nullptr;
  }

  // HF's output for `cp` under `field` (the code point itself when not recorded).
  static std::string HfOutput(const std::string& field, char32_t cp) {
    const Expected& e = (*fields_)[field];
    if (e.present[cp]) return e.value[cp];
    if (field == "bert_pre") return "";
    std::string self;
    utf8::Append(cp, self);
    return self;
  }

  // Runs `normalizer` on every code point alone and counts differences from HF's `field`.
  static void ExpectSweepMatches(const std::string& field, const Normalizer& normalizer) {
    int mismatches = 0;
    std::string examples;
    std::string text;
    for (char32_t cp = 0; cp < kCodePoints; ++cp) {
      if (IsSurrogate(cp)) continue;
      text.clear();
      utf8::Append(cp, text);
      NormalizedString n(text);
      normalizer.Normalize(n);
      const std::string expected = HfOutput(field, cp);
      if (n.normalized() == expected) continue;
      if (++mismatches <= 10) {
        examples += absl::StrFormat(" U+%04X hf=\"%s\" ours=\"%s\";", static_cast<uint32_t>(cp),
                                    expected, n.normalized());
      }
    }
    EXPECT_EQ(mismatches, 0) << field << " differs from HF tokenizers 0.22 on:" << examples;
  }

  static std::map<std::string, Expected>* fields_;
};

std::map<std::string, Expected>* UnicodeSweep::fields_ = nullptr;

#define TM_SWEEP_OR_SKIP()         \
  TM_SHARED_DIR_OR_SKIP(shared);   \
  ASSERT_NE(fields_, nullptr);     \
  (void)shared

TEST_F(UnicodeSweep, BertUncasedMatchesHf) {
  TM_SWEEP_OR_SKIP();
  ExpectSweepMatches("bert_uncased", BertNormalizer(BertNormalizerOptions{}));
}

TEST_F(UnicodeSweep, BertCasedMatchesHf) {
  TM_SWEEP_OR_SKIP();
  BertNormalizerOptions cased;
  cased.lowercase = false;
  cased.strip_accents = false;
  ExpectSweepMatches("bert_cased", BertNormalizer(cased));
}

TEST_F(UnicodeSweep, LowercaseMatchesHf) {
  TM_SWEEP_OR_SKIP();
  ExpectSweepMatches("lowercase", LowercaseNormalizer());
}

TEST_F(UnicodeSweep, StripAccentsMatchesHf) {
  TM_SWEEP_OR_SKIP();
  ExpectSweepMatches("strip_accents", StripAccentsNormalizer());
}

TEST_F(UnicodeSweep, NfcMatchesHf) {
  TM_SWEEP_OR_SKIP();
  ExpectSweepMatches("nfc", UnicodeNormalizer(NormalizationForm::kNfc));
}

TEST_F(UnicodeSweep, NfdMatchesHf) {
  TM_SWEEP_OR_SKIP();
  ExpectSweepMatches("nfd", UnicodeNormalizer(NormalizationForm::kNfd));
}

TEST_F(UnicodeSweep, NfkcMatchesHf) {
  TM_SWEEP_OR_SKIP();
  ExpectSweepMatches("nfkc", UnicodeNormalizer(NormalizationForm::kNfkc));
}

TEST_F(UnicodeSweep, NfkdMatchesHf) {
  TM_SWEEP_OR_SKIP();
  ExpectSweepMatches("nfkd", UnicodeNormalizer(NormalizationForm::kNfkd));
}

// BertPreTokenizer on "a<c>b": "split" (c is whitespace), "isolated" (punctuation) or one word.
TEST_F(UnicodeSweep, BertPreTokenizerMatchesHf) {
  TM_SWEEP_OR_SKIP();
  int mismatches = 0;
  std::string examples;
  std::vector<Match> pieces;
  for (char32_t cp = 0; cp < kCodePoints; ++cp) {
    if (IsSurrogate(cp)) continue;
    std::string text = "a";
    utf8::Append(cp, text);
    text += "b";
    pieces.clear();
    BertPreTokenizer::SplitWords(text, pieces);
    const std::string got = pieces.size() == 1 ? "" : pieces.size() == 2 ? "split" : "isolated";
    const std::string expected = HfOutput("bert_pre", cp);
    if (got == expected) continue;
    if (++mismatches <= 10) {
      examples += absl::StrFormat(" U+%04X hf=%s ours=%s;", static_cast<uint32_t>(cp),
                                  expected.empty() ? "word" : expected, got.empty() ? "word" : got);
    }
  }
  EXPECT_EQ(mismatches, 0) << "BertPreTokenizer differs from HF tokenizers 0.22 on:" << examples;
}

}  // namespace
}  // namespace tokenmill
