#include "tokenizers/models/bpe/byte_string_table.h"

#include <bit>

#include "absl/strings/str_format.h"

namespace tokenmill {

absl::StatusOr<ByteStringTable> ByteStringTable::Create(size_t count,
                                                       absl::FunctionRef<Entry(size_t)> entry_at) {
  ByteStringTable table;
  size_t total = 0;
  for (size_t k = 0; k < count; ++k) {
    const Entry entry = entry_at(k);
    if (entry.key.empty()) {
      return absl::InvalidArgumentError(absl::StrFormat("the token of %d is empty", entry.value));
    }
    if (entry.key.size() > kMaxKeyLength) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "the token of %d is %d bytes long; at most %d are supported", entry.value,
          entry.key.size(), kMaxKeyLength));
    }
    total += entry.key.size();
  }
  if (total > kMaxTotalKeyBytes) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "the tokens hold %d bytes together; at most %d are supported", total, kMaxTotalKeyBytes));
  }
  // At most 7/8 full, as SwissTable: with 16 tags compared at once a probe still settles in
  // one group almost always, and the smaller table loads faster (fewer pages to fault in)
  // and stays in cache more.
  const size_t capacity =
      std::bit_ceil(std::max<size_t>(kGroupSize, count + count / 7 + 1));
  table.slots_.assign(capacity, Slot{0, 0, 0});
  table.tags_.assign(capacity, kEmptyTag);
  table.group_mask_ = (capacity - 1) & ~(kGroupSize - 1);
  table.arena_.reserve(total);
  // Inserts land at random places in a table bigger than the cache: fetch the slots a few
  // inserts ahead (~2x faster loading of o200k), keeping those inserts' hashes in a ring.
  constexpr size_t kAhead = 16;
  uint64_t ahead_hashes[kAhead];
  auto hash_of = [](const Entry& e) { return Hash(e.key, LoadHead(e.key)); };
  for (size_t k = 0; k < std::min(count, kAhead); ++k) ahead_hashes[k] = hash_of(entry_at(k));
  for (size_t k = 0; k < count; ++k) {
    const uint64_t hash = ahead_hashes[k % kAhead];
    if (k + kAhead < count) {
      const uint64_t ahead = hash_of(entry_at(k + kAhead));
      ahead_hashes[k % kAhead] = ahead;
      __builtin_prefetch(&table.tags_[ahead & table.group_mask_], 1);
      __builtin_prefetch(&table.slots_[ahead & table.group_mask_], 1);
    }
    const Entry entry = entry_at(k);
    const std::string_view key = entry.key;
    const uint64_t head = LoadHead(key);
    size_t i = SIZE_MAX;  // the first empty slot on the key's probe sequence
    for (size_t group = hash & table.group_mask_; i == SIZE_MAX;
         group = (group + kGroupSize) & table.group_mask_) {
      GroupMasks masks = table.ProbeGroup(group, TagOf(hash));
      for (; masks.match != 0; masks.match &= masks.match - 1) {
        const Slot& slot = table.slots_[group + std::countr_zero(masks.match)];
        if (slot.head == head && slot.Length() == key.size() &&
            (key.size() <= 8 || table.TailEquals(slot, key))) {
          return absl::InvalidArgumentError(absl::StrFormat(
              "duplicate token for %d (already the token of %d)", entry.value, slot.value));
        }
      }
      if (masks.empty != 0) i = group + std::countr_zero(masks.empty);
    }
    const size_t offset = table.arena_.size();
    table.arena_.append(key);
    table.tags_[i] = TagOf(hash);
    table.slots_[i] = Slot{head, entry.value, static_cast<uint32_t>(offset << 8 | key.size())};
    ++table.size_;
  }
  return table;
}

}  // namespace tokenmill
