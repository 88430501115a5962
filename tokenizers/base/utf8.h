// UTF-8 helpers used across the pipeline. All offsets in tokenmill are UTF-8 byte offsets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace tokenmill::utf8 {

// U+FFFD, what lossy decoding puts for bytes that are not UTF-8.
inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

// Whether `byte` begins a character (is not a continuation byte, 10xxxxxx).
inline bool IsCharStart(unsigned char byte) { return (byte & 0xC0) != 0x80; }

// Byte length of the character whose lead byte is `lead`, in text known to be valid UTF-8:
// no checks, one comparison chain (the Unigram trainers' suffix-array loops).
inline uint32_t ValidLeadLength(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// Byte length of the sequence whose lead byte is `lead` (1 for a stray continuation byte).
inline int SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xE0) return lead < 0xC0 ? 1 : 2;
  if (lead < 0xF0) return 3;
  return 4;
}

// Decodes the code point at `text[pos]` of valid UTF-8 and advances `pos`.
inline char32_t DecodeValid(std::string_view text, size_t& pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  if (s[0] < 0x80) { pos += 1; return s[0]; }
  if (s[0] < 0xE0) { pos += 2; return ((s[0] & 0x1F) << 6) | (s[1] & 0x3F); }
  if (s[0] < 0xF0) {
    pos += 3;
    return ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
  }
  pos += 4;
  return ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

// Number of bytes `cp` takes in UTF-8.
inline int EncodedLength(char32_t cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

// Appends the UTF-8 encoding of `cp` to `out`.
void Append(char32_t cp, std::string& out);

// Returns OK for valid UTF-8, else InvalidArgument naming the first bad byte offset.
absl::Status Validate(std::string_view text);

// Length of the longest valid UTF-8 prefix of `bytes` (Rust's `Utf8Error::valid_up_to`).
size_t ValidPrefixLength(std::string_view bytes);

// Number of code points in valid UTF-8 text.
size_t CountCodePoints(std::string_view text);

}  // namespace tokenmill::utf8
