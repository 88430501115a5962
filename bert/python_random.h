// The random stream of CPython's `random.Random(seed)` for an integer seed: the Mersenne
// Twister seeded with init_by_array over the seed's 32-bit words, random(), randint() and
// shuffle() consuming numbers exactly as CPython 3 does. With it, create_pretraining_data
// draws the same choices as google-research/bert's script for the same seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace tokenmill::bert {

class PythonRandom {
 public:
  explicit PythonRandom(uint64_t seed);

  uint32_t NextUint32();
  // random.random(): 53 random bits in [0, 1).
  double Random();
  // random.getrandbits(k) for 1 <= k <= 32.
  uint32_t GetRandBits(int k);
  // random._randbelow(n), n >= 1 (n < 2^32).
  uint64_t RandBelow(uint64_t n);
  // random.randint(a, b), a <= b.
  int64_t RandInt(int64_t a, int64_t b) { return a + static_cast<int64_t>(RandBelow(b - a + 1)); }
  // random.shuffle(x).
  template <typename T>
  void Shuffle(std::vector<T>& x) {
    for (size_t i = x.size(); i-- > 1;) {
      const size_t j = static_cast<size_t>(RandBelow(i + 1));
      std::swap(x[i], x[j]);
    }
  }

 private:
  void InitGenrand(uint32_t s);
  void InitByArray(const std::vector<uint32_t>& key);
  void Twist();

  static constexpr int kN = 624;
  uint32_t state_[kN];
  int index_ = kN + 1;
};

}  // namespace tokenmill::bert
