#include "tokenizers/models/unigram/double_array_trie.h"

#include <algorithm>
#include <deque>

#include "absl/strings/str_format.h"

namespace tokenmill {
namespace {

using Unit = DoubleArrayTrie::Unit;

constexpr uint32_t kBlockSize = 256;
// Free slots are searched only in the last few blocks (darts-clone's rule): older blocks are
// nearly full, and searching them would make building quadratic.
constexpr size_t kOpenBlocks = 16;
constexpr int32_t kNone = -1;
constexpr uint32_t kRootCheck = 0x200;  // not free (≠ 0), never Follows (bit 8 clear)

// Grows the unit array block by block and finds, for each node, a base whose child slots are
// all free. Free slots of the open blocks form a doubly-linked list.
class Builder {
 public:
  Builder() {
    AddBlock();
    // The root sits at unit 0 with a check that is not free yet never followed (no label
    // bit), so no walk lands on it; base 0 is reserved, which lets a leaf keep base 0 (its
    // "children" units[c] never carry label c).
    Unlink(0);
    units_[0].check = kRootCheck;
    used_base_[0] = true;
  }

  // Gives `node` a base for children with the sorted, distinct `labels`, occupies the child
  // slots (with their check words) and returns the base.
  uint32_t PlaceChildren(uint32_t node, const std::vector<uint8_t>& labels,
                         const std::vector<uint32_t>& checks) {
    const uint32_t base = FindBase(labels);
    used_base_[base] = true;
    units_[node].base = base;
    for (size_t i = 0; i < labels.size(); ++i) {
      const uint32_t slot = base ^ labels[i];
      Unlink(slot);
      units_[slot].check = checks[i];
    }
    return base;
  }

  std::vector<Unit> Release() { return std::move(units_); }

 private:
  uint32_t FindBase(const std::vector<uint8_t>& labels) {
    for (int32_t slot = free_head_; slot != kNone; slot = next_[slot]) {
      const uint32_t base = static_cast<uint32_t>(slot) ^ labels[0];
      if (used_base_[base]) continue;
      bool fits = true;
      for (size_t i = 1; i < labels.size() && fits; ++i) fits = units_[base ^ labels[i]].check == 0;
      if (fits) return base;
    }
    const uint32_t block_start = static_cast<uint32_t>(units_.size());
    AddBlock();
    return block_start ^ labels[0];  // a fresh block: every slot is free, no base used
  }

  void AddBlock() {
    const size_t start = units_.size();
    units_.resize(start + kBlockSize, Unit{0, 0});
    used_base_.resize(start + kBlockSize, false);
    next_.resize(start + kBlockSize, kNone);
    prev_.resize(start + kBlockSize, kNone);
    for (size_t i = start; i < start + kBlockSize; ++i) Append(static_cast<int32_t>(i));
    if (units_.size() / kBlockSize - first_open_block_ > kOpenBlocks) {
      const size_t closing = first_open_block_ * kBlockSize;
      for (size_t i = closing; i < closing + kBlockSize; ++i) {
        if (InList(static_cast<int32_t>(i))) Unlink(static_cast<int32_t>(i));
      }
      ++first_open_block_;
    }
  }

  bool InList(int32_t slot) const {
    return prev_[slot] != kNone || free_head_ == slot;
  }
  void Append(int32_t slot) {
    prev_[slot] = free_tail_;
    next_[slot] = kNone;
    if (free_tail_ != kNone) {
      next_[free_tail_] = slot;
    } else {
      free_head_ = slot;
    }
    free_tail_ = slot;
  }
  void Unlink(int32_t slot) {
    const int32_t p = prev_[slot], n = next_[slot];
    if (p != kNone) {
      next_[p] = n;
    } else {
      free_head_ = n;
    }
    if (n != kNone) {
      prev_[n] = p;
    } else {
      free_tail_ = p;
    }
    prev_[slot] = next_[slot] = kNone;
  }

  std::vector<Unit> units_;
  std::vector<bool> used_base_;
  std::vector<int32_t> next_, prev_;
  int32_t free_head_ = kNone, free_tail_ = kNone;
  size_t first_open_block_ = 0;
};

uint32_t CheckWord(uint8_t label, std::optional<uint32_t> value) {
  return 0x100u | label | (value ? (*value + 1) << 9 : 0u);
}

}  // namespace

absl::StatusOr<DoubleArrayTrie> DoubleArrayTrie::Build(
    std::vector<std::pair<std::string_view, uint32_t>> entries) {
  std::erase_if(entries, [](const auto& e) { return e.first.empty(); });
  std::sort(entries.begin(), entries.end());
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].second > kMaxValue) {
      return absl::InvalidArgumentError(
          absl::StrFormat("trie value %d is larger than %d", entries[i].second, kMaxValue));
    }
    if (i > 0 && entries[i].first == entries[i - 1].first) {
      return absl::InvalidArgumentError(
          absl::StrFormat("duplicate trie key \"%s\"", entries[i].first));
    }
  }

  // Breadth first: the upper levels, which every walk visits, end up next to each other.
  // (A queue that forgets what it has done: memory grows with the widest level, not the trie.)
  struct Task {
    uint32_t node;
    uint32_t lo, hi, depth;  // entries[lo, hi) share the node's prefix of length depth
  };
  if (entries.size() >= (size_t{1} << 32)) return absl::InvalidArgumentError("too many trie keys");
  std::deque<Task> queue;
  if (!entries.empty()) queue.push_back({0, 0, static_cast<uint32_t>(entries.size()), 0});
  Builder builder;
  std::vector<uint8_t> labels;
  std::vector<uint32_t> checks;
  std::vector<std::pair<size_t, size_t>> ranges;
  while (!queue.empty()) {
    const Task task = queue.front();
    queue.pop_front();
    size_t lo = task.lo;
    if (entries[lo].first.size() == task.depth) ++lo;  // this node's own key (sorted first)
    if (lo == task.hi) continue;                        // a leaf
    labels.clear();
    checks.clear();
    ranges.clear();
    for (size_t i = lo; i < task.hi;) {
      const uint8_t label = static_cast<uint8_t>(entries[i].first[task.depth]);
      size_t j = i + 1;
      while (j < task.hi && static_cast<uint8_t>(entries[j].first[task.depth]) == label) ++j;
      std::optional<uint32_t> value;
      if (entries[i].first.size() == task.depth + 1) value = entries[i].second;
      labels.push_back(label);
      checks.push_back(CheckWord(label, value));
      ranges.emplace_back(i, j);
      i = j;
    }
    const uint32_t base = builder.PlaceChildren(task.node, labels, checks);
    for (size_t k = 0; k < labels.size(); ++k) {
      const auto [i, j] = ranges[k];
      if (j == i + 1 && entries[i].first.size() == task.depth + 1) continue;  // a leaf
      queue.push_back({base ^ labels[k], static_cast<uint32_t>(i), static_cast<uint32_t>(j),
                       task.depth + 1});
    }
  }
  DoubleArrayTrie trie;
  trie.units_ = builder.Release();
  return trie;
}

std::optional<uint32_t> DoubleArrayTrie::Find(std::string_view key) const {
  if (key.empty() || units_.empty()) return std::nullopt;
  uint32_t base = RootBase();
  Unit u{};
  for (const char ch : key) {
    const uint8_t c = static_cast<uint8_t>(ch);
    u = units_[base ^ c];
    if (!Follows(u, c)) return std::nullopt;
    base = u.base;
  }
  if (!HasValue(u)) return std::nullopt;
  return Value(u);
}

}  // namespace tokenmill
