// LibstdcxxPushHeap / LibstdcxxPopHeap against std::push_heap / std::pop_heap (libstdc++, the
// standard library sentencepiece's std::priority_queue was built with): the whole array after
// every operation, on random pushes and pops with few distinct keys, so equal keys abound.
#include "tokenizers/models/unigram/libstdcxx_heap.h"

#include <algorithm>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace tokenmill::unigram_internal {
namespace {

struct Entry {
  float key;
  int id;
  bool operator==(const Entry& o) const { return key == o.key && id == o.id; }
};
struct LowerKey {
  bool operator()(const Entry& a, const Entry& b) const { return a.key < b.key; }
};

TEST(LibstdcxxHeapTest, SameArrayAsStdHeapAfterEveryOperation) {
#ifndef __GLIBCXX__
  GTEST_SKIP() << "the reference is libstdc++'s heap";
#endif
  std::mt19937 gen(5);
  for (int round = 0; round < 200; ++round) {
    std::uniform_int_distribution<int> key(0, 1 + round % 8), op(0, 9);
    const int push_weight = 4 + round % 5;  // sizes drift up, or hover near 0
    std::vector<Entry> ours, theirs;
    int next_id = 0;
    for (int step = 0; step < 2000; ++step) {
      if (theirs.empty() || op(gen) < push_weight) {
        const Entry e{static_cast<float>(key(gen)), next_id++};
        LibstdcxxPushHeap(ours, e, LowerKey());
        theirs.push_back(e);
        std::push_heap(theirs.begin(), theirs.end(), LowerKey());
      } else {
        ASSERT_EQ(ours.front(), theirs.front());
        LibstdcxxPopHeap(ours, LowerKey());
        std::pop_heap(theirs.begin(), theirs.end(), LowerKey());
        theirs.pop_back();
      }
      ASSERT_EQ(ours, theirs) << "round " << round << " step " << step;
    }
  }
}

}  // namespace
}  // namespace tokenmill::unigram_internal
