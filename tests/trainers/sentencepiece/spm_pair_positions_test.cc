// PairPositions (the SentencePiece BPE trainer's coded position lists) against a naive
// reference: a sorted std::set of (word, index) pairs, through random adds, sorts and filters.
#include "tokenizers/trainers/sentencepiece/spm_pair_positions.h"

#include <random>
#include <set>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace tokenmill {
namespace {

using Position = std::pair<uint32_t, uint32_t>;

std::vector<Position> Listed(const PairPositions& list) {
  std::vector<Position> out;
  list.ForEach([&](uint32_t word, uint32_t index) { out.emplace_back(word, index); });
  return out;
}

std::vector<Position> Sorted(const std::set<Position>& set) { return {set.begin(), set.end()}; }

TEST(PairPositions, SmallListsStayInlineAndKeepOrder) {
  PairPositions list;
  list.Add(3, 1);
  list.Add(3, 1);  // an exact repeat is dropped
  list.Add(7, 20);
  EXPECT_TRUE(list.sorted());
  EXPECT_EQ(Listed(list), (std::vector<Position>{{3, 1}, {7, 20}}));
  list.Add(2, 0);  // below the last one
  EXPECT_FALSE(list.sorted());
  std::vector<uint64_t> scratch;
  list.SortUnique(scratch);
  EXPECT_TRUE(list.sorted());
  EXPECT_EQ(Listed(list), (std::vector<Position>{{2, 0}, {3, 1}, {7, 20}}));
  list.Clear();
  EXPECT_EQ(list.bytes(), 0u);
  EXPECT_TRUE(Listed(list).empty());
}

TEST(PairPositions, ExactReserveFromCodedSizes) {
  std::vector<Position> want = {{0, 0}, {0, 14}, {0, 15}, {1, 65535}, {200000, 3},
                                {UINT32_MAX, 70}};
  size_t bytes = 0;
  uint32_t last = 0;
  for (const auto& [word, index] : want) {
    bytes += PairPositions::CodedSize(last, word, index);
    last = word;
  }
  PairPositions list;
  list.Reserve(bytes);
  for (const auto& [word, index] : want) list.Add(word, index);
  EXPECT_EQ(list.bytes(), bytes);
  EXPECT_EQ(Listed(list), want);
}

TEST(PairPositions, RandomAddsSortsAndFiltersMatchASet) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 200; ++round) {
    PairPositions list;
    std::set<Position> want;
    std::vector<uint64_t> scratch;
    uint32_t word = 0;
    const int ops = 1 + rng() % 400;
    for (int op = 0; op < ops; ++op) {
      const uint32_t kind = rng() % 100;
      if (kind < 80) {  // mostly increasing, sometimes backwards, sometimes far
        if (rng() % 8 == 0) {
          word = rng() % 1000;
        } else {
          word += rng() % (rng() % 4 == 0 ? 100000 : 3);
        }
        const uint32_t index = rng() % 4 == 0 ? rng() % 65536 : rng() % 20;
        list.Add(word, index);
        want.emplace(word, index);
      } else if (kind < 90) {
        list.SortUnique(scratch);
        ASSERT_EQ(Listed(list), Sorted(want));
      } else {
        list.SortUnique(scratch);
        const uint32_t mod = 2 + rng() % 4;
        list.Filter([&](uint32_t w, uint32_t i) { return (w + i) % mod != 0; });
        std::erase_if(want, [&](const Position& p) { return (p.first + p.second) % mod == 0; });
        ASSERT_EQ(Listed(list), Sorted(want));
        ASSERT_TRUE(list.sorted());
        if (!want.empty()) word = want.rbegin()->first;
      }
    }
    list.SortUnique(scratch);
    ASSERT_EQ(Listed(list), Sorted(want)) << "round " << round;
  }
}

}  // namespace
}  // namespace tokenmill
