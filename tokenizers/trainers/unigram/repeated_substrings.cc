#include "tokenizers/trainers/unigram/repeated_substrings.h"

#include <divsufsort.h>

#include <algorithm>
#include <array>
#include <optional>
#include <limits>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/trainers/unigram/suffix_buckets.h"

namespace tokenmill::unigram_training {
namespace {

// Bytes that end words (SuffixBuckets' terminators), or none.
using WordEnds = std::array<bool, 256>;

// Common prefix of the suffixes at a and b, in whole characters, at most `cap`; it stops after
// a common word end, if `ends` are given (suffixes sorted a bucket at a time are in no
// particular order past it).
uint32_t CappedCharLcp(std::string_view text, uint32_t a, uint32_t b, uint32_t cap,
                       const WordEnds* ends) {
  const size_t n = text.size();
  uint32_t chars = 0;
  while (chars < cap && a < n && b < n && text[a] == text[b]) {
    const uint32_t len = utf8::ValidLeadLength(static_cast<uint8_t>(text[a]));
    if (a + len > n || b + len > n) break;
    bool same = true;
    for (uint32_t k = 1; k < len; ++k) same &= text[a + k] == text[b + k];
    if (!same) break;
    ++chars;
    if (ends != nullptr && (*ends)[static_cast<uint8_t>(text[a])]) break;
    a += len;
    b += len;
  }
  return chars;
}

// esaxx's suffixtree() walk, fed the suffixes in order: a stack of (left boundary, depth); each
// suffix pushes a leaf deeper than any LCP; a node is reported when popped if it spans at
// least two suffixes. Entries also hold the summed weight of the suffixes left of their
// boundary, and the offset of the suffix there (it may belong to an earlier batch).
class NodeWalk {
 public:
  NodeWalk(std::string_view text, uint32_t max_chars,
           const std::function<void(const RepeatedSubstring&)>& fn, const WordTextWeights* words)
      : text_(text), max_chars_(max_chars), fn_(fn), words_(words),
        leaf_depth_(static_cast<int64_t>(max_chars) + 2) {
    stack_.push_back({-1, -1, 0, 0});
  }

  // The next suffix in order, its LCP (capped) with the one before (ignored for the first)
  // and its weight (with `words`).
  void Step(uint32_t suffix, int64_t lcp, uint64_t weight) {
    Close(i_ == 0 ? -1 : lcp, suffix, true, weight);
  }
  // After the last suffix.
  void Finish() { Close(-1, 0, false, 0); }

 private:
  struct Entry {
    int64_t left;
    int64_t depth;
    uint64_t weight_before;
    uint32_t left_offset;
  };

  void Close(int64_t h, uint32_t suffix, bool push_leaf, uint64_t weight) {
    const int64_t i = i_;
    Entry cur{i, h, weight_before_, suffix};
    Entry cand = stack_.back();
    while (cand.depth > cur.depth) {
      const Entry popped = cand;
      if (i - popped.left > 1) {
        if (popped.depth >= 2 && popped.depth <= static_cast<int64_t>(max_chars_)) {
          const uint64_t frequency = words_ != nullptr
                                         ? weight_before_ - popped.weight_before
                                         : static_cast<uint64_t>(i - popped.left);
          Report(popped.left_offset, popped.depth, frequency);
        }
        ++node_index_;
      }
      cur.left = popped.left;
      cur.weight_before = popped.weight_before;
      cur.left_offset = popped.left_offset;
      stack_.pop_back();
      cand = stack_.back();
    }
    if (cand.depth < cur.depth) stack_.push_back(cur);
    if (!push_leaf) return;
    stack_.push_back({i, leaf_depth_, weight_before_, suffix});
    weight_before_ += weight;
    ++i_;
  }

  void Report(uint32_t offset, int64_t depth, uint64_t frequency) {
    RepeatedSubstring node;
    node.node_index = node_index_;
    node.byte_offset = offset;
    uint32_t end = offset;
    for (int64_t c = 0; c < depth; ++c) {
      end += utf8::ValidLeadLength(static_cast<uint8_t>(text_[end]));
    }
    node.byte_length = end - offset;
    node.char_length = static_cast<uint32_t>(depth);
    node.frequency = frequency;
    fn_(node);
  }

  std::string_view text_;
  uint32_t max_chars_;
  const std::function<void(const RepeatedSubstring&)>& fn_;
  const WordTextWeights* words_;
  int64_t leaf_depth_;
  std::vector<Entry> stack_;
  int64_t i_ = 0;  // suffixes seen
  uint64_t node_index_ = 0;
  uint64_t weight_before_ = 0;  // of the suffixes seen
};

// Feeds `suffixes` (the next ones in order) to `walk`, their LCPs (random reads of the text:
// the slow part) and weights computed a block at a time by all threads; `previous` is the
// suffix before them, if any, and becomes their last.
template <typename Offset>
void FeedSuffixes(std::string_view text, const std::vector<Offset>& suffixes, uint32_t cap,
                  const WordEnds* ends, const WordTextWeights* words, int threads,
                  std::optional<uint32_t>& previous, NodeWalk& walk) {
  constexpr size_t kBlock = size_t{1} << 20;
  std::vector<uint16_t> lcp;
  std::vector<uint64_t> weight;
  const int workers = std::max(1, threads);
  for (size_t block_start = 0; block_start < suffixes.size(); block_start += kBlock) {
    const size_t block_end = std::min(suffixes.size(), block_start + kBlock);
    lcp.resize(block_end - block_start);
    if (words != nullptr) weight.resize(block_end - block_start);
    auto work = [&](int w) {
      for (size_t i = block_start + w; i < block_end; i += workers) {
        const bool first = i == 0 && !previous.has_value();
        const uint32_t before =
            i > 0 ? static_cast<uint32_t>(suffixes[i - 1]) : previous.value_or(0);
        lcp[i - block_start] =
            first ? 0
                  : static_cast<uint16_t>(CappedCharLcp(
                        text, before, static_cast<uint32_t>(suffixes[i]), cap, ends));
        if (words != nullptr) {
          weight[i - block_start] = words->of_suffix(static_cast<uint32_t>(suffixes[i]));
        }
      }
    };
    std::vector<std::thread> pool;
    for (int w = 1; w < workers; ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool) t.join();
    for (size_t i = block_start; i < block_end; ++i) {
      walk.Step(static_cast<uint32_t>(suffixes[i]), lcp[i - block_start],
                words != nullptr ? weight[i - block_start] : 0);
    }
  }
  if (!suffixes.empty()) previous = static_cast<uint32_t>(suffixes.back());
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
  // LCPs are counted in characters and capped just above the deepest node wanted.
  const uint32_t cap = max_chars + 1;
  NodeWalk walk(text, max_chars, fn, words);
  std::optional<uint32_t> previous;
  if (words != nullptr) {
    // A text of words: its suffixes a bucket at a time, compared up to the first word end.
    const char terminators[2] = {'\0', words->word_end};
    const std::string_view ends_text(terminators, words->word_end != '\0' ? 2 : 1);
    WordEnds ends{};
    for (const char c : ends_text) ends[static_cast<uint8_t>(c)] = true;
    SuffixBuckets buckets(text, ends_text, 4 * cap, std::max<size_t>(words->bucket_suffixes, 1),
                          threads);
    std::vector<uint32_t> suffixes;
    while (buckets.Next(suffixes)) {
      FeedSuffixes(text, suffixes, cap, &ends, words, threads, previous, walk);
    }
  } else {
    std::vector<saidx_t> sa(text.size());
    if (divsufsort(reinterpret_cast<const sauchar_t*>(text.data()), sa.data(),
                   static_cast<saidx_t>(text.size())) != 0) {
      return absl::InternalError("unigram trainer: building the suffix array failed");
    }
    size_t n = 0;  // suffixes starting a character, in place
    for (const saidx_t s : sa) {
      if (utf8::IsCharStart(static_cast<uint8_t>(text[s]))) sa[n++] = s;
    }
    sa.resize(n);  // (no shrink_to_fit: a copy would double the peak)
    FeedSuffixes(text, sa, cap, nullptr, nullptr, threads, previous, walk);
  }
  walk.Finish();
  return absl::OkStatus();
}

}  // namespace tokenmill::unigram_training
