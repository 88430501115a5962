// Float storage aligned to 64 bytes for everything the kernels write to. Eigen peels the
// unaligned head of a vectorized loop (scalar code for the head, SIMD for the rest), so the same
// row at another address sums, exponentiates and rounds differently: with malloc's 16-byte
// alignment a forward pass could change in the last bits after an earlier call of another
// length had moved the buffers. Aligned buffers make the result depend on the input alone.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace tokenmill::bert {

template <typename T>
struct AlignedAllocator {
  static constexpr std::align_val_t kAlignment{64};
  using value_type = T;
  AlignedAllocator() = default;
  template <typename U>
  AlignedAllocator(const AlignedAllocator<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlignment)); }
  void deallocate(T* p, size_t) { ::operator delete(p, kAlignment); }
  template <typename U>
  bool operator==(const AlignedAllocator<U>&) const { return true; }
};

using FloatBuffer = std::vector<float, AlignedAllocator<float>>;

}  // namespace tokenmill::bert
