// A table over all code points whose entries are computed on first use, 256 code points at
// a time, and then read without locks. It turns per-character Unicode work (ICU lookups,
// exception tables, decompositions) into one array read on hot paths, while a text only
// pays for the scripts it uses and loading stays instant.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

namespace tokenmill {

// `Compute(cp) -> Entry` fills one entry; it must be pure (the same answer every time).
template <typename Entry, typename Compute>
class CodePointCache {
 public:
  static constexpr uint32_t kBlockBits = 8;
  static constexpr uint32_t kBlockSize = 1u << kBlockBits;
  static constexpr uint32_t kBlocks = 0x110000 >> kBlockBits;

  explicit CodePointCache(Compute compute) : compute_(std::move(compute)) {
    for (auto& b : blocks_) b.store(nullptr, std::memory_order_relaxed);
  }
  ~CodePointCache() {
    for (auto& b : blocks_) delete[] b.load(std::memory_order_relaxed);
  }
  CodePointCache(const CodePointCache&) = delete;
  CodePointCache& operator=(const CodePointCache&) = delete;

  // `cp` must be a Unicode scalar value (< 0x110000).
  const Entry& Get(char32_t cp) const {
    const Entry* block = blocks_[cp >> kBlockBits].load(std::memory_order_acquire);
    if (block == nullptr) block = Fill(cp >> kBlockBits);
    return block[cp & (kBlockSize - 1)];
  }

 private:
  const Entry* Fill(uint32_t index) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const Entry* existing = blocks_[index].load(std::memory_order_acquire);
    if (existing != nullptr) return existing;
    auto* block = new Entry[kBlockSize];
    for (uint32_t i = 0; i < kBlockSize; ++i) block[i] = compute_((index << kBlockBits) | i);
    blocks_[index].store(block, std::memory_order_release);
    return block;
  }

  Compute compute_;
  mutable std::mutex mutex_;
  mutable std::array<std::atomic<Entry*>, kBlocks> blocks_;
};

// A short UTF-8 string stored inline (a per-character mapping result); `size == kLong`
// marks an output too long to store, which the caller computes directly.
struct InlineUtf8 {
  static constexpr uint8_t kCapacity = 15;
  static constexpr uint8_t kLong = 0xFF;
  uint8_t size = 0;
  char bytes[kCapacity];
};

}  // namespace tokenmill
