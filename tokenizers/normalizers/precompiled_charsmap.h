// SentencePiece's precompiled normalization rules ("precompiled_charsmap"), as stored in a
// `.model` NormalizerSpec and in HF tokenizer.json's "Precompiled" normalizer.
//
// Layout (sentencepiece normalizer.cc): a little-endian uint32 with the byte size of a
// darts-clone double-array trie, the trie (4-byte units), then a pool of NUL-terminated
// replacement strings. The trie maps a key (UTF-8 bytes of one or more characters) to the
// offset of its replacement in the pool.
//
// Parse checks what sentencepiece leaves to luck: the sizes, and that every value in the
// trie points at a NUL-terminated string inside the pool; lookups never leave the array.
#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace tokenmill {

class PrecompiledCharsMap {
 public:
  // An empty blob is not a charsmap (callers treat it as "identity" before getting here).
  static absl::StatusOr<PrecompiledCharsMap> Parse(std::string_view blob);

  struct Match {
    size_t length = 0;             // bytes of input matched; 0 = no rule applies
    std::string_view replacement;  // what they become (may be empty: the text is dropped)
  };
  // The longest key that is a prefix of `input` (sentencepiece's NormalizePrefix).
  Match LongestPrefix(std::string_view input) const;
  // The shortest key that is a prefix of `input`: HF's Precompiled::transform, which takes
  // the first result of the common-prefix search.
  Match ShortestPrefix(std::string_view input) const;
  // The bytes b for which some key starts with `prefix` + b: where a key longer than
  // `prefix` could go on (empty when none does). Lets callers precompute where a match is
  // already the longest.
  std::bitset<256> NextBytes(std::string_view prefix) const;
  // Whether some key starts with `prefix` (is it or longer).
  bool HasKeyStartingWith(std::string_view prefix) const;

  // The blob this was parsed from (for writing it back).
  const std::string& blob() const { return blob_; }

 private:
  // Walks the trie along `input`; stops at the first match when `first_only`.
  Match Search(std::string_view input, bool first_only) const;

  std::string blob_;
  std::vector<uint32_t> units_;  // the double array (host order)
  size_t pool_begin_ = 0;        // the string pool is blob_[pool_begin_, end)
};

}  // namespace tokenmill
