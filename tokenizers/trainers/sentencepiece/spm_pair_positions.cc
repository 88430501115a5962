#include "tokenizers/trainers/sentencepiece/spm_pair_positions.h"

#include <algorithm>
#include <new>

namespace tokenmill {

void PairPositions::Grow(size_t need, bool exact) {
  size_t capacity = exact ? need : std::max<size_t>(need, capacity_ + capacity_ / 2);
  if (capacity <= kInline) return;
  if (capacity > UINT32_MAX) std::abort();  // 4 GB of one pair's positions: far beyond any corpus
  uint8_t* heap;
  if (capacity_ > kInline) {
    heap = static_cast<uint8_t*>(std::realloc(heap_, capacity));
  } else {
    heap = static_cast<uint8_t*>(std::malloc(capacity));
    if (heap != nullptr) std::memcpy(heap, inline_, size_);
  }
  if (heap == nullptr) throw std::bad_alloc();
  heap_ = heap;
  capacity_ = static_cast<uint32_t>(capacity);
}

void PairPositions::Shrink() {
  if (size_ <= kInline) {
    uint8_t* heap = heap_;
    std::memcpy(inline_, heap, size_);
    std::free(heap);
    capacity_ = kInline;
    return;
  }
  if (uint8_t* heap = static_cast<uint8_t*>(std::realloc(heap_, size_))) {
    heap_ = heap;
    capacity_ = size_;
  }
}

void PairPositions::SortUnique(std::vector<uint64_t>& scratch) {
  if (sorted_) return;
  scratch.clear();
  ForEach([&](uint32_t word, uint32_t index) {
    scratch.push_back((static_cast<uint64_t>(word) << 16) | index);
  });
  std::sort(scratch.begin(), scratch.end());
  scratch.erase(std::unique(scratch.begin(), scratch.end()), scratch.end());
  size_t bytes = 0;
  uint32_t last = 0;
  for (const uint64_t v : scratch) {
    bytes += CodedSize(last, static_cast<uint32_t>(v >> 16), v & 0xFFFF);
    last = static_cast<uint32_t>(v >> 16);
  }
  Clear();
  Reserve(bytes);
  for (const uint64_t v : scratch) Add(static_cast<uint32_t>(v >> 16), v & 0xFFFF);
  if (scratch.capacity() > (size_t{1} << 20)) std::vector<uint64_t>().swap(scratch);
}

}  // namespace tokenmill
