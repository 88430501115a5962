// MergeQueue must pop in exactly the order of a min-heap on (rank, position), whatever
// order entries arrive in (in order, out of order, equal keys, pushes below the
// current minimum), since BPE's result depends on that order.
#include "tokenizers/models/bpe/merge_queue.h"

#include <queue>
#include <random>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace tokenmill {
namespace {

using Key = std::pair<uint32_t, uint32_t>;  // (rank, pos)
using ReferenceHeap = std::priority_queue<Key, std::vector<Key>, std::greater<>>;

TEST(MergeQueue, PopsInRankThenPositionOrder) {
  MergeQueue queue;
  for (auto [rank, pos] : std::vector<Key>{{5, 1}, {2, 9}, {5, 0}, {2, 3}, {7, 4}, {2, 3}}) {
    queue.Push(rank, pos);
  }
  std::vector<Key> popped;
  while (!queue.empty()) {
    const MergeQueue::Entry e = queue.Pop();
    popped.emplace_back(e.rank, e.pos);
  }
  EXPECT_EQ(popped, (std::vector<Key>{{2, 3}, {2, 3}, {2, 9}, {5, 0}, {5, 1}, {7, 4}}));
}

TEST(MergeQueue, MatchesBinaryHeapOnRandomInterleavings) {
  std::mt19937 rng(4242);
  MergeQueue queue;  // reused across trials, as BpeScratch reuses it
  for (int trial = 0; trial < 300; ++trial) {
    queue.Clear();
    ReferenceHeap reference;
    const uint32_t ranks = 1 + rng() % (trial % 3 == 0 ? 4 : 500);
    const uint32_t positions = 1 + rng() % 2000;
    // Mostly increasing positions (as BPE pushes), sometimes anything.
    uint32_t cursor = 0;
    auto next_pos = [&] {
      if (rng() % 4 == 0) return static_cast<uint32_t>(rng() % positions);
      cursor += rng() % 3;
      return cursor % positions;
    };
    for (int step = 0; step < 3000; ++step) {
      if (reference.empty() || rng() % 3 != 0) {
        const uint32_t rank = rng() % ranks, pos = next_pos();
        queue.Push(rank, pos);
        reference.emplace(rank, pos);
      } else {
        ASSERT_FALSE(queue.empty());
        const MergeQueue::Entry e = queue.Pop();
        ASSERT_EQ(Key(e.rank, e.pos), reference.top()) << "trial " << trial << " step " << step;
        reference.pop();
      }
      ASSERT_EQ(queue.empty(), reference.empty());
    }
    if (trial % 2 == 0) continue;  // leave entries behind for Clear() to drop
    while (!reference.empty()) {
      const MergeQueue::Entry e = queue.Pop();
      ASSERT_EQ(Key(e.rank, e.pos), reference.top());
      reference.pop();
    }
    ASSERT_TRUE(queue.empty());
  }
}

TEST(MergeQueue, UpcomingNamesTheNextPositionsOfTheLowestRank) {
  MergeQueue queue;
  EXPECT_EQ(queue.Upcoming(0), MergeQueue::kNone);
  for (uint32_t pos : {1u, 4u, 6u}) queue.Push(3, pos);
  queue.Push(9, 0);
  EXPECT_EQ(queue.Upcoming(0), 1u);
  EXPECT_EQ(queue.Upcoming(2), 6u);
  EXPECT_EQ(queue.Upcoming(3), MergeQueue::kNone);
}

}  // namespace
}  // namespace tokenmill
