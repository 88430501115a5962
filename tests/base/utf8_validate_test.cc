// utf8::Validate (simdjson's SIMD check, then a scalar walk that names the first bad byte)
// against a naive RFC 3629 decoder on random byte strings: the same verdict, and the same
// offset in the error.
#include <optional>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {
namespace {

// The offset of the first byte that does not start a valid sequence, or nullopt.
std::optional<size_t> NaiveFirstInvalid(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<uint8_t>(text[i]);
    size_t length = 0;
    uint32_t cp = 0, min = 0;
    if (b < 0x80) { length = 1; cp = b; }
    else if ((b & 0xE0) == 0xC0) { length = 2; cp = b & 0x1F; min = 0x80; }
    else if ((b & 0xF0) == 0xE0) { length = 3; cp = b & 0x0F; min = 0x800; }
    else if ((b & 0xF8) == 0xF0) { length = 4; cp = b & 0x07; min = 0x10000; }
    else return i;
    if (i + length > text.size()) return i;
    for (size_t k = 1; k < length; ++k) {
      const auto c = static_cast<uint8_t>(text[i + k]);
      if ((c & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += length;
  }
  return std::nullopt;
}

// Mostly valid text with a few hostile pieces: random bytes, overlong forms, surrogates,
// code points past U+10FFFF, cut sequences; long ASCII runs so the SIMD blocks are exercised.
std::string RandomText(std::mt19937& gen) {
  const std::string pieces[] = {"a", "hello world ", "é", "日本", "𝄞", "\xED\x9F\xBF",
                                "\xEF\xBF\xBF", "\xF4\x8F\xBF\xBF"};
  const std::string bad[] = {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                             "\xF8", "\x80", "\xE6\x97", "\xF0\x9F\x98", "\xFF"};
  std::uniform_int_distribution<int> kind(0, 99), count(0, 80), byte(0, 255);
  std::string text;
  for (int n = count(gen); n > 0; --n) {
    const int k = kind(gen);
    if (k < 85) text += pieces[k % std::size(pieces)];
    else if (k < 92) text += bad[k % std::size(bad)];
    else text += static_cast<char>(byte(gen));
  }
  return text;
}

TEST(Utf8Validate, AgreesWithANaiveDecoderOnRandomBytes) {
  std::mt19937 gen(20261127);
  int invalid = 0;
  for (int round = 0; round < 20000; ++round) {
    const std::string text = RandomText(gen);
    const std::optional<size_t> bad = NaiveFirstInvalid(text);
    const absl::Status status = utf8::Validate(text);
    ASSERT_EQ(status.ok(), !bad.has_value()) << "round " << round;
    if (bad) {
      ++invalid;
      EXPECT_NE(status.message().find(absl::StrCat("invalid UTF-8 at byte offset ", *bad, " ")),
                std::string_view::npos)
          << status.message();
    }
  }
  EXPECT_GT(invalid, 5000);
  EXPECT_LT(invalid, 19000);
}

}  // namespace
}  // namespace tokenmill
