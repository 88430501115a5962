// libstdc++'s push_heap and pop_heap (bits/stl_heap.h: __push_heap, __adjust_heap), step
// for step, so a heap of equal keys pops in the same order as the std::priority_queue in
// sentencepiece's n-best search, whatever standard library builds tokenmill. The only change
// is the child choice when sifting down, computed without a branch (it is a coin flip for the
// branch predictor).
#pragma once

#include <cstddef>
#include <vector>

namespace tokenmill::unigram_internal {

// __push_heap: `value` rises from `hole` past the parents it outranks.
template <typename T, typename Less>
inline void LibstdcxxSiftUp(T* first, ptrdiff_t hole, const T& value, Less less) {
  ptrdiff_t parent = (hole - 1) / 2;
  while (hole > 0 && less(first[parent], value)) {
    first[hole] = first[parent];
    hole = parent;
    parent = (hole - 1) / 2;
  }
  first[hole] = value;
}

// `less(a, b)`: a has lower priority than b (the top is a largest element).
template <typename T, typename Less>
inline void LibstdcxxPushHeap(std::vector<T>& heap, const T& value, Less less) {
  heap.push_back(value);
  LibstdcxxSiftUp(heap.data(), static_cast<ptrdiff_t>(heap.size()) - 1, value, less);
}

// Removes the top (heap must not be empty).
template <typename T, typename Less>
inline void LibstdcxxPopHeap(std::vector<T>& heap, Less less) {
  const ptrdiff_t len = static_cast<ptrdiff_t>(heap.size()) - 1;  // after the pop
  if (len > 0) {
    T* first = heap.data();
    const T value = first[len];  // the last element, re-inserted from the bottom
    // The hole left at the top sinks to a leaf along the larger children...
    ptrdiff_t hole = 0;
    ptrdiff_t child = 0;
    while (child < (len - 1) / 2) {
      child = 2 * (child + 1);
      child -= static_cast<ptrdiff_t>(less(first[child], first[child - 1]));
      first[hole] = first[child];
      hole = child;
    }
    if ((len & 1) == 0 && child == (len - 2) / 2) {
      child = 2 * (child + 1);
      first[hole] = first[child - 1];
      hole = child - 1;
    }
    // ...and the last element rises from there.
    LibstdcxxSiftUp(first, hole, value, less);
  }
  heap.pop_back();
}

}  // namespace tokenmill::unigram_internal
