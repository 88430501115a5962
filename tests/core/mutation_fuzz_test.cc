// Corrupted model files, by the hundred: every mutation either fails to load with an error
// naming its source, or loads and then encodes, samples and decodes with results or clean
// errors — never a crash (the sanitized build runs this too). Fixed seeds: reproducible.
#include <cctype>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/sentencepiece/sentencepiece_processor.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill {
namespace {

const std::vector<std::string> kTexts = {
    "", "Hello world, this is a test.", "  leading and  double  spaces ",
    "日本語のテキストと English mixed 123 456", "Ünïcödé àçcénts ß ﬁ ① ™", std::string(600, 'a'),
    "a\tb\nc\r\nd", "😀🎉 emoji"};

// Byte flips, a cut, or a copied run: the damage a disk or a transfer does.
std::string Mutate(const std::string& good, std::mt19937& rng) {
  std::string m = good;
  switch (rng() % 4) {
    case 0:
      for (int k = 0, n = 1 + static_cast<int>(rng() % 4); k < n; ++k) m[rng() % m.size()] = static_cast<char>(rng());
      break;
    case 1:
      m.resize(rng() % m.size());
      break;
    case 2:
      m.insert(rng() % m.size(), m.substr(rng() % m.size(), rng() % 64));
      break;
    default:
      m[rng() % m.size()] ^= static_cast<char>(1 << (rng() % 8));
  }
  return m;
}

// In tokenizer.json, the configuration before the vocabulary: numbers, quotes and brackets.
std::string MutateJsonConfig(const std::string& good, std::mt19937& rng) {
  std::string m = good;
  size_t limit = m.find("\"vocab\"");
  if (limit == std::string::npos || limit < 50) limit = m.size();
  static const char kEdits[] = "\"[]{},:";
  for (int k = 0, n = 1 + static_cast<int>(rng() % 3); k < n; ++k) {
    for (size_t q = rng() % limit; q < m.size(); ++q) {
      const char c = m[q];
      if (!std::isdigit(static_cast<unsigned char>(c)) && c != '"' && c != '[') continue;
      switch (rng() % 6) {
        case 0: m[q] = static_cast<char>('0' + rng() % 10); break;
        case 1: m.insert(q, "-"); break;
        case 2: m.insert(q, "99999999"); break;
        case 3: m.erase(q, 1); break;
        case 4: m.insert(q, "1e30"); break;
        default: m[q] = kEdits[rng() % 7];
      }
      break;
    }
  }
  return m;
}

std::string ReadBundled(const std::string& relative) {
  auto bytes = testing::ReadMaybeGzip(testing::SourceDir() + "/" + relative);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *std::move(bytes) : std::string();
}

void ExpectCleanError(const absl::Status& status, const std::string& where) {
  if (!status.ok()) {
    EXPECT_FALSE(status.message().empty()) << where;
  }
}

class SentencePieceMutationTest : public ::testing::TestWithParam<const char*> {};

TEST_P(SentencePieceMutationTest, CorruptModelsLoadWithAnErrorOrWorkCleanly) {
  const std::string good = ReadBundled(std::string("tests/data/spm/") + GetParam() + ".model");
  ASSERT_FALSE(good.empty());
  std::mt19937 rng(20261127);
  int loaded = 0;
  for (int i = 0; i < 150; ++i) {
    const std::string where = std::string(GetParam()) + " mutation " + std::to_string(i);
    auto sp = SentencePieceProcessor::FromSerialized(Mutate(good, rng), "fuzz.model");
    if (!sp.ok()) {
      EXPECT_NE(sp.status().message().find("fuzz.model"), std::string::npos)
          << where << ": " << sp.status();
      continue;
    }
    ++loaded;
    SamplingRng sampling(i);
    SentencePieceText out;
    for (const std::string& text : kTexts) {
      ExpectCleanError((*sp)->Encode(text, out), where);
      ExpectCleanError((*sp)->SampleEncode(text, -1, 0.1f, sampling, out), where);
      ExpectCleanError((*sp)->SampleEncode(text, 2, 0.1f, sampling, out), where);
      ExpectCleanError((*sp)->NBestEncode(text, 3).status(), where);
      auto ids = (*sp)->EncodeIds(text);
      if (ids.ok()) ExpectCleanError((*sp)->Decode(*ids).status(), where);
    }
    std::vector<int> every(static_cast<size_t>((*sp)->GetPieceSize()));
    for (size_t id = 0; id < every.size(); ++id) every[id] = static_cast<int>(id);
    ExpectCleanError((*sp)->Decode(every).status(), where);
  }
  EXPECT_GT(loaded, 10) << "the mutations should leave some models loadable";
}

INSTANTIATE_TEST_SUITE_P(Bundled, SentencePieceMutationTest,
                         ::testing::Values("unigram_8k", "bpe_8k"));

class TokenizerJsonMutationTest : public ::testing::TestWithParam<const char*> {};

TEST_P(TokenizerJsonMutationTest, CorruptConfigurationsLoadWithAnErrorOrWorkCleanly) {
  const std::string good = ReadBundled(GetParam());
  ASSERT_FALSE(good.empty());
  std::mt19937 rng(20261127);
  int loaded = 0;
  for (int i = 0; i < 300; ++i) {
    const std::string where = std::string(GetParam()) + " mutation " + std::to_string(i);
    auto tokenizer = ParseTokenizerJson(MutateJsonConfig(good, rng), "fuzz.json");
    if (!tokenizer.ok()) {
      EXPECT_NE(tokenizer.status().message().find("fuzz.json"), std::string::npos)
          << where << ": " << tokenizer.status();
      continue;
    }
    ++loaded;
    for (const std::string& text : kTexts) {
      auto encoding = (*tokenizer)->Encode(text, std::string_view("a pair"));
      ExpectCleanError(encoding.status(), where);
      if (encoding.ok()) ExpectCleanError((*tokenizer)->Decode(encoding->ids, false).status(), where);
    }
  }
  EXPECT_GT(loaded, 5) << "the mutations should leave some configurations loadable";
}

INSTANTIATE_TEST_SUITE_P(Bundled, TokenizerJsonMutationTest,
                         ::testing::Values("vocab/bert-base-uncased/tokenizer.json",
                                           "tests/data/spm/unigram_8k.hf.tokenizer.json"));

}  // namespace
}  // namespace tokenmill
