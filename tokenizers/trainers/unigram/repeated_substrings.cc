#include "tokenizers/trainers/unigram/repeated_substrings.h"

#include <divsufsort.h>

#include <algorithm>
#include <limits>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace tokenmill::unigram_training {
namespace {

inline bool IsCharStart(uint8_t b) { return (b & 0xC0) != 0x80; }
inline uint32_t CharBytes(uint8_t lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// Common prefix of the suffixes at a and b, in whole characters, at most `cap`.
uint32_t CappedCharLcp(std::string_view text, uint32_t a, uint32_t b, uint32_t cap) {
  const size_t n = text.size();
  uint32_t chars = 0;
  while (chars < cap && a < n && b < n && text[a] == text[b]) {
    const uint32_t len = CharBytes(static_cast<uint8_t>(text[a]));
    if (a + len > n || b + len > n) break;
    bool same = true;
    for (uint32_t k = 1; k < len; ++k) same &= text[a + k] == text[b + k];
    if (!same) break;
    a += len;
    b += len;
    ++chars;
  }
  return chars;
}

}  // namespace

absl::Status ForEachRepeatedSubstring(std::string_view text, uint32_t max_chars,
                                      const std::function<void(const RepeatedSubstring&)>& fn,
                                      int threads, const WordTextWeights* words) {
  if (text.size() >= static_cast<size_t>(std::numeric_limits<saidx_t>::max())) {
    return absl::ResourceExhaustedError(
        absl::StrCat("unigram trainer: the seed text is too large for a 32-bit suffix array (",
                     text.size(), " bytes); sample fewer sentences"));
  }
  if (text.empty()) return absl::OkStatus();
  std::vector<saidx_t> sa(text.size());
  if (divsufsort(reinterpret_cast<const sauchar_t*>(text.data()), sa.data(),
                 static_cast<saidx_t>(text.size())) != 0) {
    return absl::InternalError("unigram trainer: building the suffix array failed");
  }
  size_t n = 0;  // suffixes starting a character, in place
  for (const saidx_t s : sa) {
    if (IsCharStart(static_cast<uint8_t>(text[s]))) sa[n++] = s;
  }
  sa.resize(n);  // (no shrink_to_fit: a copy would double the peak)

  // esaxx's suffixtree(): a stack of (left boundary, depth); each suffix pushes a leaf deeper
  // than any LCP; a node is reported when popped if it spans at least two suffixes. Entries
  // also hold the summed weight of the suffixes left of their boundary.
  struct Entry {
    int64_t left;
    int64_t depth;
    uint64_t weight_before;
  };
  const int64_t cap = static_cast<int64_t>(max_chars) + 1;
  const int64_t leaf_depth = cap + 1;
  std::vector<Entry> stack;
  stack.push_back({-1, -1, 0});
  uint64_t node_index = 0;
  uint64_t weight_before = 0;  // of the suffixes [0, i)
  auto report = [&](uint32_t offset, int64_t depth, uint64_t frequency) {
    RepeatedSubstring node;
    node.node_index = node_index;
    node.byte_offset = offset;
    uint32_t end = offset;
    for (int64_t c = 0; c < depth; ++c) end += CharBytes(static_cast<uint8_t>(text[end]));
    node.byte_length = end - offset;
    node.char_length = static_cast<uint32_t>(depth);
    node.frequency = frequency;
    fn(node);
  };
  // The LCPs (random reads of the text: the slow part) are computed a block at a time by all
  // threads; the walk over them is sequential.
  constexpr size_t kBlock = size_t{1} << 20;
  std::vector<uint16_t> lcp;
  size_t block_start = 0, block_end = 0;
  auto compute_block = [&](size_t from) {
    block_start = from;
    block_end = std::min(n, from + kBlock);
    lcp.resize(block_end - block_start);
    const int workers = std::max(1, threads);
    auto work = [&](int w) {
      for (size_t i = block_start + w; i < block_end; i += workers) {
        lcp[i - block_start] = i == 0 ? 0
                                      : static_cast<uint16_t>(CappedCharLcp(
                                            text, static_cast<uint32_t>(sa[i - 1]),
                                            static_cast<uint32_t>(sa[i]), static_cast<uint32_t>(cap)));
      }
    };
    std::vector<std::thread> pool;
    for (int w = 1; w < workers; ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool) t.join();
  };
  for (size_t i = 0;; ++i) {
    int64_t h = -1;
    if (i > 0 && i < n) {
      if (i >= block_end) compute_block(i);
      h = lcp[i - block_start];
    }
    Entry cur{static_cast<int64_t>(i), h, weight_before};
    Entry cand = stack.back();
    while (cand.depth > cur.depth) {
      const Entry popped = cand;
      if (static_cast<int64_t>(i) - popped.left > 1) {
        if (popped.depth >= 2 && popped.depth <= static_cast<int64_t>(max_chars)) {
          const uint64_t frequency =
              words != nullptr ? weight_before - popped.weight_before
                               : static_cast<uint64_t>(static_cast<int64_t>(i) - popped.left);
          report(static_cast<uint32_t>(sa[popped.left]), popped.depth, frequency);
        }
        ++node_index;
      }
      cur.left = popped.left;
      cur.weight_before = popped.weight_before;
      stack.pop_back();
      cand = stack.back();
    }
    if (cand.depth < cur.depth) stack.push_back(cur);
    if (i == n) break;
    stack.push_back({static_cast<int64_t>(i), leaf_depth, weight_before});
    if (words != nullptr) weight_before += words->of_suffix(static_cast<uint32_t>(sa[i]));
  }
  return absl::OkStatus();
}

}  // namespace tokenmill::unigram_training
