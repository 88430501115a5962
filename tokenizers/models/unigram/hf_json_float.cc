#include "tokenizers/models/unigram/hf_json_float.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace tokenmill {
namespace {

// 1e0 … 1e308, each correctly rounded (serde_json's POW10 literals).
const std::array<double, 309>& PowersOfTen() {
  static const std::array<double, 309> table = [] {
    std::array<double, 309> t{};
    for (int i = 0; i <= 308; ++i) t[i] = std::strtod(("1e" + std::to_string(i)).c_str(), nullptr);
    return t;
  }();
  return table;
}

// serde_json's f64_from_parts (de.rs, default build).
double FromParts(bool positive, uint64_t significand, int exponent) {
  const auto& pow10 = PowersOfTen();
  double f = static_cast<double>(significand);
  while (true) {
    const unsigned magnitude = exponent < 0 ? -static_cast<unsigned>(exponent) : exponent;
    if (magnitude < pow10.size()) {
      if (exponent >= 0) {
        f *= pow10[magnitude];
      } else {
        f /= pow10[magnitude];
      }
      break;
    }
    if (f == 0.0) break;
    if (exponent >= 0) return positive ? HUGE_VAL : -HUGE_VAL;  // serde: out of range
    f /= 1e308;
    exponent += 308;
  }
  return positive ? f : -f;
}

}  // namespace

double HfJsonF64(double value) {
  if (!std::isfinite(value) || value == 0.0) return value;
  // Shortest round-trip digits: "d.ddde±x".
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value), std::chars_format::scientific);
  const std::string_view text(buffer, result.ptr - buffer);
  uint64_t significand = 0;
  int fraction_digits = 0;
  size_t i = 0;
  bool after_point = false;
  for (; i < text.size() && text[i] != 'e'; ++i) {
    if (text[i] == '.') {
      after_point = true;
      continue;
    }
    significand = significand * 10 + static_cast<uint64_t>(text[i] - '0');
    if (after_point) ++fraction_digits;
  }
  // to_chars writes no terminating NUL: read the exponent from the view ("+01", "-05").
  int written_exponent = 0;
  const char* exponent_begin = text.data() + i + 1;
  if (exponent_begin < text.data() + text.size() && *exponent_begin == '+') ++exponent_begin;
  std::from_chars(exponent_begin, text.data() + text.size(), written_exponent);
  const int exponent = written_exponent - fraction_digits;
  // Integers are read exactly by serde (as u64/i64, then converted).
  if (exponent >= 0 && std::fabs(value) < 1.8e19 && value == std::trunc(value)) return value;
  return FromParts(value > 0, significand, exponent);
}

}  // namespace tokenmill
