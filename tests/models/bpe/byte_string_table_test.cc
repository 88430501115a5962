// ByteStringTable (the rank table's hash table) and PieceCache against std::map on random
// keys: short and long keys, keys sharing their first 8 bytes, misses that share prefixes.
#include "tokenizers/models/bpe/byte_string_table.h"

#include <map>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tokenizers/models/bpe/piece_cache.h"

namespace tokenmill {
namespace {

std::string RandomKey(std::mt19937& rng) {
  static const std::string kPrefixes[] = {"", "abcdefgh", "\xe4\xb8\xad\xe6\x96\x87", " the"};
  std::string key = kPrefixes[rng() % 4];
  const size_t extra = rng() % 24;
  for (size_t i = 0; i < extra; ++i) key += static_cast<char>("ab\x00\xff "[rng() % 5]);
  if (key.empty()) key = "a";
  return key;
}

TEST(ByteStringTable, MatchesMapOnRandomKeys) {
  std::mt19937 rng(7);
  std::map<std::string, uint32_t> expected;
  while (expected.size() < 5000) expected.emplace(RandomKey(rng), expected.size());
  std::vector<ByteStringTable::Entry> entries;
  for (const auto& [key, value] : expected) entries.push_back({key, value});
  auto table = ByteStringTable::Create(entries);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->size(), expected.size());
  for (const auto& [key, value] : expected) ASSERT_EQ(table->Find(key), value) << key;
  int misses = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string probe = RandomKey(rng);
    auto it = expected.find(probe);
    const auto found = table->Find(probe);
    if (it == expected.end()) {
      ASSERT_FALSE(found.has_value()) << probe;
      ++misses;
    } else {
      ASSERT_EQ(found, it->second);
    }
  }
  EXPECT_GT(misses, 1000);
  EXPECT_FALSE(table->Find("").has_value());
  EXPECT_FALSE(table->Find(std::string(300, 'a')).has_value());
}

TEST(ByteStringTable, RejectsBadKeys) {
  std::string long_key(256, 'x');
  EXPECT_FALSE(ByteStringTable::Create({{"", 1}}).ok());
  EXPECT_FALSE(ByteStringTable::Create({{long_key, 1}}).ok());
  auto duplicate = ByteStringTable::Create({{"abcdefghij", 1}, {"abcdefghij", 2}});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.status().message().find("duplicate"), std::string::npos);
  EXPECT_FALSE(ByteStringTable().Find("a").has_value());  // an empty table answers misses
}

TEST(PieceCache, KeepsOwnersApartAndOverwrites) {
  PieceCache& cache = PieceCache::ForThisThread();
  const uint64_t a = PieceCache::NewOwnerId(), b = PieceCache::NewOwnerId();
  std::vector<uint32_t> ids;
  EXPECT_FALSE(cache.Lookup(a, "hello", ids));
  const std::vector<uint32_t> hello = {1, 2};
  cache.Store(a, "hello", hello);
  EXPECT_TRUE(cache.Lookup(a, "hello", ids));
  EXPECT_EQ(ids, hello);
  ids.clear();
  EXPECT_FALSE(cache.Lookup(b, "hello", ids));  // another table's result is not ours
  EXPECT_FALSE(cache.Lookup(a, "hellO", ids));
  // Too long or too many ids: not stored.
  const std::string long_piece(PieceCache::kMaxPieceBytes + 1, 'x');
  cache.Store(a, long_piece, hello);
  EXPECT_FALSE(cache.Lookup(a, long_piece, ids));
  const std::vector<uint32_t> many(PieceCache::kMaxIds + 1, 3);
  cache.Store(a, "many", many);
  EXPECT_FALSE(cache.Lookup(a, "many", ids));
  EXPECT_TRUE(ids.empty());
  // Keys are zero-padded words: a trailing NUL is still a different piece.
  cache.Store(a, std::string_view("ab\0", 3), many);  // too many ids: not stored
  cache.Store(a, std::string_view("ab\0", 3), hello);
  EXPECT_FALSE(cache.Lookup(a, "ab", ids));
  EXPECT_TRUE(cache.Lookup(a, std::string_view("ab\0", 3), ids));
}

// Pieces over 24 bytes and short pieces with over 7 ids live in the long tier; a short
// piece's later result replaces its earlier one whichever tier each went to.
TEST(PieceCache, LongTierAndItsMarkers) {
  PieceCache& cache = PieceCache::ForThisThread();
  const uint64_t owner = PieceCache::NewOwnerId();
  std::vector<uint32_t> ids;
  const std::string long_piece(40, 'q');
  const std::vector<uint32_t> twenty(20, 5);
  cache.Store(owner, long_piece, twenty);
  ASSERT_TRUE(cache.Lookup(owner, long_piece, ids));
  EXPECT_EQ(ids, twenty);
  const std::vector<uint32_t> nine = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  cache.Store(owner, "abcdefghi", nine);
  ids.clear();
  ASSERT_TRUE(cache.Lookup(owner, "abcdefghi", ids));
  EXPECT_EQ(ids, nine);
  const std::vector<uint32_t> two = {10, 11};
  cache.Store(owner, "abcdefghi", two);
  ids.clear();
  ASSERT_TRUE(cache.Lookup(owner, "abcdefghi", ids));
  EXPECT_EQ(ids, two);
  cache.Store(owner, "abcdefghi", nine);
  ids.clear();
  ASSERT_TRUE(cache.Lookup(owner, "abcdefghi", ids));
  EXPECT_EQ(ids, nine);
  ids.clear();
  EXPECT_FALSE(cache.Lookup(owner, "abcdefghj", ids));
  EXPECT_FALSE(cache.Lookup(owner, std::string(40, 'r'), ids));
}

// Against a map on random pieces of every cacheable length (bytes drawn from a small
// alphabet with NUL, so pieces share prefixes and padding): a hit is always the stored ids
// of that very piece; misses only come from overwrites.
TEST(PieceCache, HitsAreExactOnRandomPieces) {
  PieceCache& cache = PieceCache::ForThisThread();
  const uint64_t owner = PieceCache::NewOwnerId();
  std::mt19937 rng(11);
  std::map<std::string, std::vector<uint32_t>> stored;
  size_t hits = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string piece(1 + rng() % PieceCache::kMaxPieceBytes, '\0');
    for (char& c : piece) c = "ab\0\xff"[rng() % 4];
    std::vector<uint32_t> expected;
    for (size_t i = rng() % (PieceCache::kMaxIds + 1); i > 0; --i) expected.push_back(rng() % 1000);
    if (round % 3 == 0) {
      cache.Store(owner, piece, expected);
      stored[piece] = expected;
      continue;
    }
    std::vector<uint32_t> ids = {7};  // lookups append
    if (cache.Lookup(owner, piece, ids)) {
      ++hits;
      ASSERT_TRUE(stored.contains(piece));
      ids.erase(ids.begin());
      EXPECT_EQ(ids, stored[piece]);
    }
  }
  EXPECT_GT(hits, 100u);
}

}  // namespace
}  // namespace tokenmill
