// The suffixes of a text of terminated words (each word followed by a terminator byte) in
// sorted order, a bucket at a time: the memory of a suffix array over the whole text (4 bytes
// per byte, and more to build it) is not needed to walk its suffix tree's shallow nodes. The
// suffixes starting a character are grouped by their first two bytes into buckets of at most
// `bucket_suffixes` (a single two-byte prefix may exceed it); each bucket is gathered by a scan
// of the text and sorted on its own, comparing bytes only up to the first terminator
// (included) and at most `max_bytes`. Suffixes equal that far come in no particular order: a
// substring holding a terminator or longer than max_bytes is not wanted anyway, and every
// shorter one spans the same run of suffixes as in the full suffix array.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace tokenmill::unigram_training {

// Memory per suffix of a bucket while it is sorted and handed out.
inline constexpr size_t kSuffixBucketBytesPerSuffix = 20;

class SuffixBuckets {
 public:
  // `terminators`: one or two bytes, NUL first. `text` must outlive this. Each bucket is sorted
  // in up to `threads` parts (ranges of two-byte prefixes) at once.
  SuffixBuckets(std::string_view text, std::string_view terminators, uint32_t max_bytes,
                size_t bucket_suffixes, int threads = 1);

  // The next bucket's suffixes (byte offsets), in order; false when all were given.
  bool Next(std::vector<uint32_t>& suffixes);

  size_t bucket_count() const { return bounds_.size() - 1; }

 private:
  struct Entry {
    uint64_t key;     // 8 bytes of the suffix from the current depth, big-endian
    uint32_t offset;  // of the suffix
    uint32_t ended;   // whether the key holds a terminator or the text's end
  };
  void SetKey(Entry& e, uint32_t depth) const;
  void Sort(Entry* begin, Entry* end) const;

  std::string_view text_;
  bool is_end_[256] = {};
  uint32_t max_bytes_;
  int threads_;
  std::vector<uint64_t> per_prefix_;  // suffixes per two-byte prefix
  std::vector<uint32_t> bounds_;  // bucket b holds the two-byte prefixes [bounds_[b], bounds_[b+1])
  size_t next_ = 0;
  std::vector<Entry> entries_;
};

}  // namespace tokenmill::unigram_training
