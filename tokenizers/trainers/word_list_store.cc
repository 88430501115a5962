#include "tokenizers/trainers/word_list_store.h"

#include <cstring>

namespace tokenmill {
namespace {

// Zigzag, so a list that is not ascending still codes (just longer).
inline uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
inline int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

}  // namespace

uint32_t WordListStore::Add(const uint32_t* words, size_t n) {
  scratch_.clear();
  int64_t prev = 0;
  for (size_t i = 0; i < n; ++i) {
    uint64_t v = ZigZag(static_cast<int64_t>(words[i]) - prev);
    prev = words[i];
    while (v >= 0x80) {
      scratch_.push_back(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    scratch_.push_back(static_cast<uint8_t>(v));
  }
  uint32_t id;
  if (!free_ids_.empty()) {
    id = free_ids_.back();
    free_ids_.pop_back();
  } else {
    id = static_cast<uint32_t>(lists_.size());
    lists_.emplace_back();
  }
  List& list = lists_[id];
  list.data = std::make_unique_for_overwrite<uint8_t[]>(scratch_.size() + sizeof(uint32_t));
  const uint32_t size = static_cast<uint32_t>(scratch_.size());
  std::memcpy(list.data.get(), &size, sizeof(size));
  std::memcpy(list.data.get() + sizeof(size), scratch_.data(), scratch_.size());
  list.count = static_cast<uint32_t>(n);
  bytes_ += scratch_.size() + sizeof(uint32_t);
  return id;
}

void WordListStore::Decode(uint32_t id, std::vector<uint32_t>& out) const {
  const List& list = lists_[id];
  const uint8_t* p = list.data.get() + sizeof(uint32_t);
  int64_t prev = 0;
  for (uint32_t i = 0; i < list.count; ++i) {
    uint64_t v = 0;
    int shift = 0;
    while (*p & 0x80) {
      v |= static_cast<uint64_t>(*p++ & 0x7F) << shift;
      shift += 7;
    }
    v |= static_cast<uint64_t>(*p++) << shift;
    prev += UnZigZag(v);
    out.push_back(static_cast<uint32_t>(prev));
  }
}

void WordListStore::Free(uint32_t id) {
  List& list = lists_[id];
  if (list.data == nullptr) return;
  uint32_t size;
  std::memcpy(&size, list.data.get(), sizeof(size));
  bytes_ -= size + sizeof(uint32_t);
  list.data.reset();
  list.count = 0;
  free_ids_.push_back(id);
}

}  // namespace tokenmill
