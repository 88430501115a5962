// A byte-keyed double-array trie (Aoe 1989, laid out as darts-clone does: a child sits at
// `parent.base XOR byte`, every base is used by one parent only, so a child is recognised by
// its label alone). One 8-byte unit per node holds the node's base, its label and its value,
// so each step of a walk reads one unit: the common-prefix walks of the Unigram lattice stay
// in cache.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace tokenmill {

class DoubleArrayTrie {
 public:
  struct Unit {
    uint32_t base;   // children of this node sit at base ^ byte
    uint32_t check;  // bit 8: occupied; bits 0-7: label; bits 9-31: value + 1 (0 = none)
  };
  // Largest storable value.
  static constexpr uint32_t kMaxValue = (1u << 23) - 2;

  // Builds from (key, value) pairs; keys must be unique. Empty keys are ignored (a walk
  // never reports a match of length 0).
  static absl::StatusOr<DoubleArrayTrie> Build(
      std::vector<std::pair<std::string_view, uint32_t>> entries);

  DoubleArrayTrie() = default;

  // Hot-loop access: start at RootBase(); for each byte c, `u = units[base ^ c]`; stop unless
  // Follows(u, c); the prefix read so far is a key when HasValue(u); continue with u.base.
  const Unit* units() const { return units_.data(); }
  uint32_t RootBase() const { return units_.empty() ? 0 : units_[0].base; }
  static bool Follows(Unit u, uint8_t c) { return (u.check & 0x1FFu) == (0x100u | c); }
  static bool HasValue(Unit u) { return (u.check >> 9) != 0; }
  static uint32_t Value(Unit u) { return (u.check >> 9) - 1; }

  // The value of `key`, if it is a key.
  std::optional<uint32_t> Find(std::string_view key) const;

  // Calls fn(length, value) for every key that is a prefix of `text`, shortest first.
  template <typename Fn>
  void CommonPrefixSearch(std::string_view text, Fn&& fn) const {
    if (units_.empty()) return;
    uint32_t base = RootBase();
    for (size_t i = 0; i < text.size(); ++i) {
      const uint8_t c = static_cast<uint8_t>(text[i]);
      const Unit u = units_[base ^ c];
      if (!Follows(u, c)) return;
      if (HasValue(u)) fn(i + 1, Value(u));
      base = u.base;
    }
  }

  size_t num_units() const { return units_.size(); }

 private:
  std::vector<Unit> units_;
};

}  // namespace tokenmill
