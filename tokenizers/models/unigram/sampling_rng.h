// The random generator every sampling call takes explicitly (never a global, unlike
// sentencepiece's per-thread std::mt19937): xoshiro256** seeded through SplitMix64, so a
// seed gives the same stream on every platform. It is a UniformRandomBitGenerator, so the
// standard distributions accept it too.
#pragma once

#include <cstdint>
#include <limits>

namespace tokenmill {

class SamplingRng {
 public:
  using result_type = uint64_t;

  explicit SamplingRng(uint64_t seed) {
    for (uint64_t& s : state_) s = SplitMix64(seed);
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<uint64_t>::max(); }

  result_type operator()() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, 1) on the 2^-53 grid.
  double UniformDouble() { return static_cast<double>((*this)() >> 11) * 0x1p-53; }
  // Uniform in [0, 1) on the 2^-24 grid.
  float UniformFloat() { return static_cast<float>((*this)() >> 40) * 0x1p-24f; }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t SplitMix64(uint64_t& x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  uint64_t state_[4];
};

}  // namespace tokenmill
