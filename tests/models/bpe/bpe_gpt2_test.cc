// The BPE model on GPT-2's real vocabulary: (1) against HF tokenizers 0.22's GPT-2
// goldens, word by word — the golden's tokens grouped by word id spell each
// pre-tokenized (byte-level) word, so the model alone must give back exactly those ids;
// (2) 1 MB worst-case words (one letter, digits, CJK, base64) complete, tile the input,
// and agree with the naive reference on a prefix.
#include <chrono>
#include <random>

#include "gtest/gtest.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/models/bpe/bpe.h"
#include "tokenizers/serialization/gpt2_files.h"
#include "tests/models/bpe/bpe_fixtures.h"
#include "tests/testing/test_data.h"

namespace tokenmill {
namespace {

std::unique_ptr<Bpe> LoadGpt2(const std::string& shared) {
  auto model = LoadGpt2Bpe(shared + "/vocab/gpt2/vocab.json", shared + "/vocab/gpt2/merges.txt");
  EXPECT_TRUE(model.ok()) << model.status();
  return model.ok() ? std::move(*model) : nullptr;
}

void CheckGoldenWords(const Bpe& model, const std::string& path) {
  auto lines = testing::ReadJsonLines(path);
  ASSERT_TRUE(lines.ok()) << lines.status();
  size_t words = 0;
  for (size_t n = 0; n < lines->size(); ++n) {
    const auto& line = (*lines)[n];
    const auto& ids = line["ids"];
    const auto& tokens = line["tokens"];
    const auto& word_ids = line["word_ids"];
    for (size_t begin = 0; begin < ids.size();) {
      size_t end = begin + 1;
      while (end < ids.size() && word_ids[end] == word_ids[begin]) ++end;
      // GPT-2's one added token, matched before the model runs.
      if (end - begin == 1 && tokens[begin] == "<|endoftext|>") {
        begin = end;
        continue;
      }
      std::string word;
      std::vector<uint32_t> expected;
      for (size_t i = begin; i < end; ++i) {
        word += tokens[i].get<std::string>();
        expected.push_back(ids[i].get<uint32_t>());
      }
      std::vector<Token> got;
      ASSERT_TRUE(model.Tokenize(word, got).ok());
      std::vector<uint32_t> got_ids;
      for (const Token& t : got) got_ids.push_back(t.id);
      ASSERT_EQ(got_ids, expected) << path << " line " << n + 1 << " word \"" << word << "\"";
      ++words;
      begin = end;
    }
  }
  EXPECT_GT(words, 100u);
}

TEST(BpeGpt2, WordsMatchHfGoldens) {
  TM_SHARED_DIR_OR_SKIP(shared);
  auto model = LoadGpt2(shared);
  ASSERT_NE(model, nullptr);
  CheckGoldenWords(*model, shared + "/golden/hf.gpt2.dev.jsonl.gz");
  CheckGoldenWords(*model, shared + "/golden/hf.gpt2.edge.jsonl.gz");
}

// GPT-2's bytes_to_unicode: printable Latin-1 bytes map to themselves, the rest to
// U+0100 upwards.
std::string ByteLevel(std::string_view bytes) {
  char32_t table[256];
  char32_t next = 256;
  for (int b = 0; b < 256; ++b) {
    const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
    table[b] = printable ? b : next++;
  }
  std::string out;
  for (char c : bytes) utf8::Append(table[static_cast<uint8_t>(c)], out);
  return out;
}

std::vector<std::pair<std::string, std::string>> WorstCases() {
  constexpr size_t kSize = 1 << 20;
  std::mt19937 rng(5);
  std::string digits, cjk, base64;
  const std::string b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  while (digits.size() < kSize) digits += static_cast<char>('0' + rng() % 10);
  while (cjk.size() < kSize) utf8::Append(0x4E00 + rng() % 0x5000, cjk);
  while (base64.size() < kSize) base64 += b64[rng() % 64];
  return {{"one letter", std::string(kSize, 'a')},
          {"one digit", std::string(kSize, '7')},
          {"digits", digits},
          {"CJK", ByteLevel(cjk)},
          {"base64", base64}};
}

TEST(BpeGpt2, WorstCaseWordsOfOneMegabyte) {
  TM_SHARED_DIR_OR_SKIP(shared);
  auto model = LoadGpt2(shared);
  ASSERT_NE(model, nullptr);
  std::map<std::pair<std::string, std::string>, size_t> ranks;
  bpe_testing::StringMerges merges;
  for (const auto& [left, right] : model->merges().PairsByRank()) {
    merges.emplace_back(*model->IdToToken(left), *model->IdToToken(right));
  }
  for (const auto& [name, word] : WorstCases()) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<Token> tokens;
    ASSERT_TRUE(model->Tokenize(word, tokens).ok()) << name;
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count();
    std::string joined;
    uint32_t offset = 0;
    for (const Token& t : tokens) {
      ASSERT_EQ(t.begin, offset);
      offset = t.end;
      joined += *model->IdToToken(t.id);
    }
    EXPECT_EQ(joined, word) << name;
    EXPECT_LT(tokens.size(), word.size()) << name << ": merges did happen";
    std::printf("  %-10s %8zu bytes -> %7zu tokens in %7.1f ms\n", name.c_str(), word.size(),
                tokens.size(), ms);
    // The same loop on a prefix, against the naive reference.
    size_t cut = 3000;
    while ((static_cast<uint8_t>(word[cut]) & 0xC0) == 0x80) ++cut;
    const std::string prefix = word.substr(0, cut);
    std::vector<Token> prefix_tokens;
    ASSERT_TRUE(model->Tokenize(prefix, prefix_tokens).ok());
    std::vector<std::string> got;
    for (const Token& t : prefix_tokens) got.emplace_back(*model->IdToToken(t.id));
    EXPECT_EQ(got, bpe_testing::NaiveBpe(merges, prefix)) << name;
  }
}

// A vocabulary of powers of two of one letter: 1 MB of it is 1024 tokens of 1024.
TEST(BpeWorstCase, PowersOfTwoChain) {
  std::vector<std::string> vocab = {"a"};
  bpe_testing::StringMerges merges;
  for (int k = 1; k <= 10; ++k) {
    merges.emplace_back(vocab.back(), vocab.back());
    vocab.push_back(vocab.back() + vocab.back());
  }
  auto model = bpe_testing::MakeBpe(bpe_testing::Numbered(vocab), merges);
  ASSERT_NE(model, nullptr);
  std::vector<Token> tokens;
  ASSERT_TRUE(model->Tokenize(std::string(1 << 20, 'a'), tokens).ok());
  ASSERT_EQ(tokens.size(), 1024u);
  for (const Token& t : tokens) ASSERT_EQ(t.id, 10u);
  tokens.clear();
  ASSERT_TRUE(model->Tokenize(std::string((1 << 20) + 3, 'a'), tokens).ok());
  ASSERT_EQ(tokens.size(), 1024u + 2);  // ... + "aa" + "a"
}

}  // namespace
}  // namespace tokenmill
