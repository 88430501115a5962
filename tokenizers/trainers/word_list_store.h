// Lists of word ids kept for a long time (the BPE trainer's queue entries carry the words a
// pair occurred in, as HF's do): each list is delta + varint coded in its own allocation, so
// a list costs ~1-2 bytes a word instead of 4 plus a vector's 24-byte header, and freeing it
// gives the memory back (big lists straight to the system).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace tokenmill {

class WordListStore {
 public:
  // Stores words[0..n) (any order; sorted lists code smallest) and returns the list's id.
  uint32_t Add(const uint32_t* words, size_t n);
  // Appends the words of list `id` to `out`, in the order they were added.
  void Decode(uint32_t id, std::vector<uint32_t>& out) const;
  void Free(uint32_t id);
  size_t size(uint32_t id) const { return lists_[id].count; }
  size_t bytes() const { return bytes_; }  // coded bytes of the live lists

 private:
  struct List {
    std::unique_ptr<uint8_t[]> data;
    uint32_t count = 0;
  };
  std::vector<List> lists_;
  std::vector<uint32_t> free_ids_;
  std::vector<uint8_t> scratch_;
  size_t bytes_ = 0;
};

}  // namespace tokenmill
