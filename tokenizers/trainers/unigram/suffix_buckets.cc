#include "tokenizers/trainers/unigram/suffix_buckets.h"

#include <algorithm>
#include <utility>

namespace tokenmill::unigram_training {
namespace {

inline bool IsCharStart(uint8_t b) { return (b & 0xC0) != 0x80; }

// The suffix's first two bytes as a number (a missing second byte as 0).
inline uint32_t Prefix2(std::string_view text, size_t at) {
  const uint32_t first = static_cast<uint8_t>(text[at]);
  const uint32_t second = at + 1 < text.size() ? static_cast<uint8_t>(text[at + 1]) : 0;
  return first << 8 | second;
}

}  // namespace

SuffixBuckets::SuffixBuckets(std::string_view text, std::string_view terminators,
                             uint32_t max_bytes, size_t bucket_suffixes)
    : text_(text), max_bytes_(max_bytes) {
  for (const char c : terminators) is_end_[static_cast<uint8_t>(c)] = true;
  std::vector<uint64_t> per_prefix(1 << 16, 0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsCharStart(static_cast<uint8_t>(text[i]))) ++per_prefix[Prefix2(text, i)];
  }
  bounds_.push_back(0);
  uint64_t in_bucket = 0;
  for (uint32_t p = 0; p < per_prefix.size(); ++p) {
    if (in_bucket > 0 && in_bucket + per_prefix[p] > bucket_suffixes) {
      bounds_.push_back(p);
      in_bucket = 0;
    }
    in_bucket += per_prefix[p];
  }
  bounds_.push_back(1 << 16);
}

void SuffixBuckets::SetKey(Entry& e, uint32_t depth) const {
  uint64_t key = 0;
  bool ended = false;
  size_t at = static_cast<size_t>(e.offset) + depth;
  for (int k = 0; k < 8; ++k, ++at) {
    uint8_t b = 0;
    if (!ended) {
      if (at < text_.size()) {
        b = static_cast<uint8_t>(text_[at]);
        ended = is_end_[b];
      } else {
        ended = true;
      }
    }
    key = key << 8 | b;
  }
  e.key = key;
  e.ended = ended;
}

void SuffixBuckets::Sort(std::vector<Entry>& entries) const {
  auto by_key = [](const Entry& a, const Entry& b) { return a.key < b.key; };
  // Ranges of entries equal in their first `depth` bytes, none ended, still to sort.
  std::vector<std::pair<std::pair<size_t, size_t>, uint32_t>> todo;
  for (Entry& e : entries) SetKey(e, 0);
  todo.push_back({{0, entries.size()}, 0});
  while (!todo.empty()) {
    const auto [range, depth] = todo.back();
    todo.pop_back();
    const auto begin = entries.begin() + range.first, end = entries.begin() + range.second;
    std::sort(begin, end, by_key);
    const uint32_t next_depth = depth + 8;
    for (auto run = begin; run != end;) {
      auto run_end = run + 1;
      while (run_end != end && run_end->key == run->key) ++run_end;
      if (run_end - run > 1 && !run->ended && next_depth < max_bytes_) {
        for (auto e = run; e != run_end; ++e) SetKey(*e, next_depth);
        todo.push_back({{static_cast<size_t>(run - entries.begin()),
                         static_cast<size_t>(run_end - entries.begin())},
                        next_depth});
      }
      run = run_end;
    }
  }
}

bool SuffixBuckets::Next(std::vector<uint32_t>& suffixes) {
  suffixes.clear();
  if (next_ + 1 >= bounds_.size()) {
    std::vector<Entry>().swap(entries_);
    return false;
  }
  const uint32_t lo = bounds_[next_], hi = bounds_[next_ + 1];
  ++next_;
  entries_.clear();
  for (size_t i = 0; i < text_.size(); ++i) {
    if (!IsCharStart(static_cast<uint8_t>(text_[i]))) continue;
    const uint32_t p = Prefix2(text_, i);
    if (p >= lo && p < hi) entries_.push_back(Entry{0, static_cast<uint32_t>(i), 0});
  }
  Sort(entries_);
  suffixes.reserve(entries_.size());
  for (const Entry& e : entries_) suffixes.push_back(e.offset);
  return true;
}

}  // namespace tokenmill::unigram_training
