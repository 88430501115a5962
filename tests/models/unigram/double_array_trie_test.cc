// The double-array trie against a sorted map on random byte-string key sets (dense and
// sparse alphabets, all 256 byte values, shared prefixes, long keys).
#include "tokenizers/models/unigram/double_array_trie.h"

#include <map>
#include <random>
#include <string>

#include "gtest/gtest.h"

namespace tokenmill {
namespace {

std::string RandomKey(std::mt19937& gen, int alphabet, int max_len) {
  std::uniform_int_distribution<int> len(0, max_len), byte(0, alphabet - 1);
  std::string key;
  const int n = len(gen);
  for (int i = 0; i < n; ++i) key += static_cast<char>(alphabet == 256 ? byte(gen) : 'a' + byte(gen));
  return key;
}

TEST(DoubleArrayTrieTest, MatchesAMapOnRandomKeySets) {
  std::mt19937 gen(1);
  for (int round = 0; round < 60; ++round) {
    const int alphabet = round % 3 == 0 ? 256 : round % 3 == 1 ? 3 : 26;
    const int max_len = round % 2 ? 6 : 20;
    const int count = std::uniform_int_distribution<int>(1, round < 50 ? 500 : 20000)(gen);
    std::map<std::string, uint32_t> keys;
    for (int i = 0; i < count; ++i) keys.emplace(RandomKey(gen, alphabet, max_len), i);
    std::vector<std::pair<std::string_view, uint32_t>> entries(keys.begin(), keys.end());
    auto trie = DoubleArrayTrie::Build(entries);
    ASSERT_TRUE(trie.ok()) << trie.status();
    for (const auto& [key, value] : keys) {
      if (key.empty()) {
        EXPECT_FALSE(trie->Find(key).has_value());
      } else {
        EXPECT_EQ(trie->Find(key), value) << key;
      }
    }
    for (int i = 0; i < 300; ++i) {
      const std::string text = RandomKey(gen, alphabet, max_len + 4);
      if (!keys.contains(text)) {
        EXPECT_FALSE(trie->Find(text).has_value());
      }
      std::vector<std::pair<size_t, uint32_t>> expected, found;
      for (size_t len = 1; len <= text.size(); ++len) {
        auto it = keys.find(text.substr(0, len));
        if (it != keys.end()) expected.emplace_back(len, it->second);
      }
      trie->CommonPrefixSearch(text, [&](size_t len, uint32_t value) { found.emplace_back(len, value); });
      EXPECT_EQ(found, expected);
    }
  }
}

TEST(DoubleArrayTrieTest, EdgeCases) {
  auto empty = DoubleArrayTrie::Build({});
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->Find("a").has_value());
  int calls = 0;
  empty->CommonPrefixSearch("abc", [&](size_t, uint32_t) { ++calls; });
  EXPECT_EQ(calls, 0);

  // NUL and 0xFF bytes, and a key that is a prefix of another.
  const std::string nul("\0", 1), ff("\xFF\xFF", 2);
  auto trie = DoubleArrayTrie::Build({{nul, 1}, {ff, 2}, {"ab", 3}, {"abc", 4}});
  ASSERT_TRUE(trie.ok());
  EXPECT_EQ(trie->Find(nul), 1u);
  EXPECT_EQ(trie->Find(ff), 2u);
  EXPECT_FALSE(trie->Find("\xFF").has_value());
  EXPECT_EQ(trie->Find("abc"), 4u);
  EXPECT_FALSE(trie->Find(std::string("ab\0", 3)).has_value());
  EXPECT_FALSE(trie->Find(std::string("abc\0", 4)).has_value());

  EXPECT_FALSE(DoubleArrayTrie::Build({{"a", 1}, {"a", 2}}).ok());
  EXPECT_FALSE(DoubleArrayTrie::Build({{"a", DoubleArrayTrie::kMaxValue + 1}}).ok());
}

}  // namespace
}  // namespace tokenmill
