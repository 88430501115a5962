// Worst-case inputs for BPE (one repeated letter, a run of spaces, random digits, CJK without
// spaces, a base64 blob), generated exactly as tests/models/tiktoken/gen_worst_case_goldens.js
// does, so tests compare with tiktoken's output and benchmarks time the same text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tokenizers/serialization/tiktoken_file.h"

namespace tokenmill::testing {

inline constexpr std::string_view kWorstCaseKinds[] = {"letter", "spaces", "digits", "cjk",
                                                       "base64"};

// The LCG of the generator script (glibc's constants, 15 bits out).
class WorstCaseLcg {
 public:
  explicit WorstCaseLcg(uint32_t seed) : x_(seed) {}
  uint32_t Next() {
    x_ = x_ * 1103515245u + 12345u;
    return (x_ >> 16) & 0x7FFF;
  }

 private:
  uint32_t x_;
};

// About `n` bytes of the given kind (CJK rounds down to whole characters).
inline std::string MakeWorstCaseInput(std::string_view kind, size_t n) {
  WorstCaseLcg rng(12345);
  std::string s;
  if (kind == "letter") return std::string(n, 'a');
  if (kind == "spaces") return std::string(n, ' ');
  if (kind == "digits") {
    for (size_t i = 0; i < n; ++i) s += static_cast<char>('0' + rng.Next() % 10);
  } else if (kind == "cjk") {
    for (size_t i = 0; i < n / 3; ++i) {
      const uint32_t cp = 0x4E00 + rng.Next() % 20902;  // three UTF-8 bytes each
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  } else if (kind == "base64") {
    std::string bytes(n / 4 * 3, '\0');
    for (char& c : bytes) c = static_cast<char>(rng.Next() & 0xFF);
    s = EncodeBase64(bytes);
  }
  return s;
}

}  // namespace tokenmill::testing
