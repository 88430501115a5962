// The fast merge loops (scan for short words, heap for long ones; HF merges and
// tiktoken-style byte ranks) against the naive reference of bpe_fixtures.h on random
// vocabularies and words.
#include <random>

#include "gtest/gtest.h"
#include "tokenizers/models/bpe/bpe.h"
#include "tokenizers/models/bpe/byte_ranks.h"
#include "tests/models/bpe/bpe_fixtures.h"

namespace tokenmill {
namespace {

using bpe_testing::NaiveBpe;
using bpe_testing::RandomMerges;

std::string RandomWord(const std::string& alphabet, size_t length, std::mt19937& rng) {
  std::string word;
  // Runs of one letter make long merge chains and many stale heap entries.
  while (word.size() < length) {
    const char c = alphabet[rng() % alphabet.size()];
    word.append(rng() % 3 == 0 ? 1 + rng() % 12 : 1, c);
  }
  word.resize(length);
  return word;
}

std::vector<std::string> Tokens(const Bpe& model, std::string_view word) {
  std::vector<Token> tokens;
  EXPECT_TRUE(model.Tokenize(word, tokens).ok());
  std::vector<std::string> out;
  uint32_t expected_begin = 0;
  for (const Token& t : tokens) {
    EXPECT_EQ(t.begin, expected_begin);  // offsets tile the word
    expected_begin = t.end;
    out.emplace_back(*model.IdToToken(t.id));
  }
  EXPECT_EQ(expected_begin, word.size());
  return out;
}

TEST(BpeDifferential, RandomVocabulariesMatchNaive) {
  std::mt19937 rng(20240601);
  for (int trial = 0; trial < 150; ++trial) {
    const std::string alphabet = trial % 2 ? "ab" : "abcde";
    auto [vocab, merges] = RandomMerges(alphabet, 5 + rng() % 60, rng);
    auto model = bpe_testing::MakeBpe(bpe_testing::Numbered(vocab), merges);
    ASSERT_NE(model, nullptr);
    for (int w = 0; w < 40; ++w) {
      // Lengths on both sides of bpe_internal::kScanLimit.
      const size_t length = 1 + rng() % (w % 4 == 0 ? 300 : 2 * bpe_internal::kScanLimit);
      const std::string word = RandomWord(alphabet, length, rng);
      const auto expected = NaiveBpe(merges, word);
      ASSERT_EQ(Tokens(*model, word), expected) << word;
      ASSERT_EQ(Tokens(*model, word), expected) << word << " (from the piece cache)";
    }
  }
}

TEST(BpeDifferential, PrefixMatchesNaive) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    auto [plain_vocab, plain_merges] = RandomMerges("abc", 40, rng);
    // The same merges with HF's continuing prefix on every right-hand side.
    std::vector<std::string> vocab = plain_vocab;
    for (const std::string& t : plain_vocab) vocab.push_back("##" + t);
    bpe_testing::StringMerges merges;
    for (const auto& [a, b] : plain_merges) merges.emplace_back(a, "##" + b);
    for (const auto& [a, b] : plain_merges) merges.emplace_back("##" + a, "##" + b);
    BpeOptions o;
    o.continuing_subword_prefix = "##";
    auto model = bpe_testing::MakeBpe(bpe_testing::Numbered(vocab), merges, o);
    ASSERT_NE(model, nullptr);
    for (int w = 0; w < 30; ++w) {
      const std::string word = RandomWord("abc", 1 + rng() % 80, rng);
      const auto expected = NaiveBpe(merges, word, "##");
      ASSERT_EQ(Tokens(*model, word), expected) << word;
      ASSERT_EQ(Tokens(*model, word), expected) << word << " (again: prefixed words skip the cache)";
    }
  }
}

// Long words (the queue path) over larger random vocabularies, where merges of many
// distinct ranks interleave and pairs often arrive out of position order.
TEST(BpeDifferential, LongWordsMatchNaive) {
  std::mt19937 rng(31337);
  for (int trial = 0; trial < 20; ++trial) {
    const std::string alphabet = trial % 2 ? "abcdefgh" : "ab";
    auto [vocab, merges] = RandomMerges(alphabet, 100 + rng() % 400, rng);
    auto model = bpe_testing::MakeBpe(bpe_testing::Numbered(vocab), merges);
    ASSERT_NE(model, nullptr);
    for (int w = 0; w < 3; ++w) {
      const std::string word = RandomWord(alphabet, 500 + rng() % 1500, rng);
      ASSERT_EQ(Tokens(*model, word), NaiveBpe(merges, word)) << word;
    }
  }
}

// tiktoken-style ranks reuse the same core: bytes of a merged span → rank.
TEST(BpeDifferential, ByteRanksMatchNaive) {
  std::mt19937 rng(99);
  for (int trial = 0; trial < 60; ++trial) {
    auto [vocab, merges] = RandomMerges("xyz", 50, rng);
    // tiktoken's ranks: the 256 bytes first, then each new token in merge order.
    std::vector<std::pair<std::string, uint32_t>> ranks;
    for (int b = 0; b < 256; ++b) ranks.emplace_back(std::string(1, static_cast<char>(b)), b);
    for (const std::string& t : vocab) {
      if (t.size() > 1) ranks.emplace_back(t, static_cast<uint32_t>(ranks.size()));
    }
    auto table = ByteRanks::Create(ranks);
    ASSERT_TRUE(table.ok()) << table.status();
    std::map<std::string, uint32_t> rank_of(ranks.begin(), ranks.end());
    // tiktoken: a pair merges iff its bytes are a token; the token's rank orders it, and
    // all splits of one token tie (then the leftmost goes first).
    auto naive_rank = [&](const std::string& a, const std::string& b) {
      auto it = rank_of.find(a + b);
      return it == rank_of.end() ? SIZE_MAX : size_t{it->second};
    };
    BpeScratch scratch;
    std::vector<BpeSymbol> symbols;
    for (int w = 0; w < 30; ++w) {
      // Some words long enough for the queue path.
      const std::string word = RandomWord("xyz", 1 + rng() % (w % 5 == 0 ? 1500 : 90), rng);
      const auto expected = bpe_testing::NaiveBpeRanked(naive_rank, word);
      // Twice: the second time short words come from the per-thread piece cache.
      for (int pass = 0; pass < 2; ++pass) {
        std::vector<uint32_t> ids;
        table->Encode(word, ids, scratch, symbols);
        std::vector<std::string> got;
        for (uint32_t id : ids) got.push_back(ranks[id].first);
        ASSERT_EQ(got, expected) << word << " pass " << pass;
      }
    }
  }
}

}  // namespace
}  // namespace tokenmill
