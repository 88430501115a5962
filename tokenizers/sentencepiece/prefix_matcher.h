// Longest match of a fixed set of strings at the start of a text: how sentencepiece finds
// user-defined symbols, which the normalizer copies verbatim (normalizer.cc PrefixMatcher).
#pragma once

#include <bitset>
#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace tokenmill {

class PrefixMatcher {
 public:
  PrefixMatcher() = default;
  explicit PrefixMatcher(const std::vector<std::string_view>& keys);

  bool empty() const { return nodes_.size() <= 1; }
  // Byte length of the longest key that starts `text`; 0 when none does.
  size_t LongestMatch(std::string_view text) const;
  // Whether some key starts with `byte`.
  bool MayStartWith(unsigned char byte) const { return first_bytes_.test(byte); }
  // How the keys relate to `s`: some key is a proper prefix of it, it is a key, some longer
  // key starts with it.
  struct Relation {
    bool shorter_key = false;
    bool is_key = false;
    bool longer_key = false;
  };
  Relation Relate(std::string_view s) const;

 private:
  struct Node {
    absl::flat_hash_map<unsigned char, uint32_t> next;
    bool is_key = false;
  };
  std::vector<Node> nodes_{Node{}};
  std::bitset<256> first_bytes_;  // a cheap filter: most positions start no key
};

}  // namespace tokenmill
