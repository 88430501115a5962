#include "tokenizers/trainers/unigram/suffix_buckets.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "tokenizers/base/utf8.h"

namespace tokenmill::unigram_training {
namespace {

// The suffix's first two bytes as a number (a missing second byte as 0).
inline uint32_t Prefix2(std::string_view text, size_t at) {
  const uint32_t first = static_cast<uint8_t>(text[at]);
  const uint32_t second = at + 1 < text.size() ? static_cast<uint8_t>(text[at + 1]) : 0;
  return first << 8 | second;
}

}  // namespace

SuffixBuckets::SuffixBuckets(std::string_view text, std::string_view terminators,
                             uint32_t max_bytes, size_t bucket_suffixes, int threads)
    : text_(text), max_bytes_(max_bytes), threads_(std::max(1, threads)),
      per_prefix_(1 << 16, 0) {
  for (const char c : terminators) is_end_[static_cast<uint8_t>(c)] = true;
  for (size_t i = 0; i < text.size(); ++i) {
    if (utf8::IsCharStart(static_cast<uint8_t>(text[i]))) ++per_prefix_[Prefix2(text, i)];
  }
  bounds_.push_back(0);
  uint64_t in_bucket = 0;
  for (uint32_t p = 0; p < per_prefix_.size(); ++p) {
    if (in_bucket > 0 && in_bucket + per_prefix_[p] > bucket_suffixes) {
      bounds_.push_back(p);
      in_bucket = 0;
    }
    in_bucket += per_prefix_[p];
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

void SuffixBuckets::Sort(Entry* begin, Entry* end) const {
  auto by_key = [](const Entry& a, const Entry& b) { return a.key < b.key; };
  // Ranges of entries equal in their first `depth` bytes, none ended, still to sort.
  struct Range {
    Entry* begin;
    Entry* end;
    uint32_t depth;
  };
  std::vector<Range> todo;
  for (Entry* e = begin; e != end; ++e) SetKey(*e, 0);
  todo.push_back({begin, end, 0});
  while (!todo.empty()) {
    const Range range = todo.back();
    todo.pop_back();
    std::sort(range.begin, range.end, by_key);
    const uint32_t next_depth = range.depth + 8;
    for (Entry* run = range.begin; run != range.end;) {
      Entry* run_end = run + 1;
      while (run_end != range.end && run_end->key == run->key) ++run_end;
      if (run_end - run > 1 && !run->ended && next_depth < max_bytes_) {
        for (Entry* e = run; e != run_end; ++e) SetKey(*e, next_depth);
        todo.push_back({run, run_end, next_depth});
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
  // Parts of about equal size (ranges of prefixes), each gathered into its own stretch.
  uint64_t total = 0;
  for (uint32_t p = lo; p < hi; ++p) total += per_prefix_[p];
  std::vector<uint32_t> part_end;  // prefix where each part ends
  std::vector<size_t> part_start{0};
  uint64_t so_far = 0;
  for (uint32_t p = lo; p < hi; ++p) {
    so_far += per_prefix_[p];
    const uint64_t wanted = total * (part_end.size() + 1) / threads_;
    if (so_far >= wanted && static_cast<int>(part_end.size()) + 1 < threads_ && p + 1 < hi) {
      part_end.push_back(p + 1);
      part_start.push_back(so_far);
    }
  }
  part_end.push_back(hi);
  part_start.push_back(total);
  entries_.resize(total);
  std::vector<size_t> fill(part_start.begin(), part_start.end() - 1);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (!utf8::IsCharStart(static_cast<uint8_t>(text_[i]))) continue;
    const uint32_t p = Prefix2(text_, i);
    if (p < lo || p >= hi) continue;
    size_t part = 0;
    while (p >= part_end[part]) ++part;
    entries_[fill[part]++] = Entry{0, static_cast<uint32_t>(i), 0};
  }
  std::vector<std::thread> pool;
  for (size_t part = 1; part < part_end.size(); ++part) {
    pool.emplace_back([this, part, &part_start] {
      Sort(entries_.data() + part_start[part], entries_.data() + part_start[part + 1]);
    });
  }
  Sort(entries_.data(), entries_.data() + part_start[1]);
  for (auto& t : pool) t.join();
  suffixes.reserve(entries_.size());
  for (const Entry& e : entries_) suffixes.push_back(e.offset);
  return true;
}

}  // namespace tokenmill::unigram_training
