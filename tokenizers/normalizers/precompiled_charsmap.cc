#include "tokenizers/normalizers/precompiled_charsmap.h"

#include <cstring>

#include "absl/strings/str_format.h"

namespace tokenmill {
namespace {

// darts-clone's DoubleArrayUnit, read from one 32-bit word.
inline bool HasLeaf(uint32_t unit) { return (unit >> 8) & 1; }
inline uint32_t Value(uint32_t unit) { return unit & ((1U << 31) - 1); }
// A leaf (value) unit has the top bit set, so its label never equals a byte.
inline uint32_t Label(uint32_t unit) { return unit & ((1U << 31) | 0xFF); }
inline uint32_t Offset(uint32_t unit) { return (unit >> 10) << ((unit & (1U << 9)) >> 6); }
inline bool IsLeafUnit(uint32_t unit) { return unit >> 31; }

uint32_t ReadLittleEndian32(const char* p) {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  return uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 | uint32_t{b[3]} << 24;
}

absl::Status Broken(std::string_view reason) {
  return absl::InvalidArgumentError(
      absl::StrFormat("precompiled_charsmap does not parse: %s", reason));
}

}  // namespace

absl::StatusOr<PrecompiledCharsMap> PrecompiledCharsMap::Parse(std::string_view blob) {
  if (blob.size() <= 4) return Broken(absl::StrFormat("%d bytes, too short", blob.size()));
  const uint32_t trie_size = ReadLittleEndian32(blob.data());
  if (trie_size > blob.size() - 4)
    return Broken(absl::StrFormat("trie size %d exceeds the %d bytes that follow", trie_size,
                                  blob.size() - 4));
  if (trie_size == 0 || trie_size % 4 != 0)
    return Broken(absl::StrFormat("trie size %d is not a positive multiple of 4", trie_size));
  PrecompiledCharsMap map;
  map.blob_ = std::string(blob);
  map.units_.resize(trie_size / 4);
  for (size_t i = 0; i < map.units_.size(); ++i)
    map.units_[i] = ReadLittleEndian32(map.blob_.data() + 4 + 4 * i);
  map.pool_begin_ = 4 + trie_size;
  const std::string_view pool = std::string_view(map.blob_).substr(map.pool_begin_);
  // Every replacement must end inside the pool: offsets up to the last NUL are safe.
  const size_t last_nul = pool.rfind('\0');
  const size_t units = map.units_.size();
  for (size_t i = 0; i < units; ++i) {
    const uint32_t unit = map.units_[i];
    if (IsLeafUnit(unit)) {
      if (last_nul == std::string_view::npos || Value(unit) > last_nul)
        return Broken(absl::StrFormat("trie unit %d points at offset %d, past the last string "
                                      "of the %d-byte pool", i, Value(unit), pool.size()));
    }
  }
  return map;
}

PrecompiledCharsMap::Match PrecompiledCharsMap::Search(std::string_view input,
                                                       bool first_only) const {
  Match best;
  const size_t units = units_.size();
  size_t node = Offset(units_[0]);
  for (size_t i = 0; i < input.size(); ++i) {
    const auto byte = static_cast<unsigned char>(input[i]);
    node ^= byte;
    if (node >= units) break;
    const uint32_t unit = units_[node];
    if (Label(unit) != byte) break;
    node ^= Offset(unit);
    if (HasLeaf(unit)) {
      // Parse checked every leaf unit's string; anything else here is not a value.
      if (node >= units || !IsLeafUnit(units_[node])) break;
      best.length = i + 1;
      best.replacement = std::string_view(blob_.data() + pool_begin_ + Value(units_[node]));
      if (first_only) break;
    }
  }
  return best;
}

bool PrecompiledCharsMap::HasKeyStartingWith(std::string_view prefix) const {
  // darts-clone keeps no dead branches: every node reached lies on the path of some key (a
  // corrupt trie may say yes wrongly, which only costs speed).
  const size_t units = units_.size();
  size_t node = Offset(units_[0]);
  for (const char ch : prefix) {
    const auto byte = static_cast<unsigned char>(ch);
    node ^= byte;
    if (node >= units || Label(units_[node]) != byte) return false;
    node ^= Offset(units_[node]);
  }
  return true;
}

std::bitset<256> PrecompiledCharsMap::NextBytes(std::string_view prefix) const {
  std::bitset<256> next;
  const size_t units = units_.size();
  size_t node = Offset(units_[0]);
  for (const char ch : prefix) {
    const auto byte = static_cast<unsigned char>(ch);
    node ^= byte;
    if (node >= units || Label(units_[node]) != byte) return next;
    node ^= Offset(units_[node]);
  }
  // A child labelled b sits at node ^ b (a value unit's label never equals a byte).
  for (uint32_t b = 0; b < 256; ++b) {
    const size_t child = node ^ b;
    if (child < units && Label(units_[child]) == b) next.set(b);
  }
  return next;
}

PrecompiledCharsMap::Match PrecompiledCharsMap::LongestPrefix(std::string_view input) const {
  return Search(input, /*first_only=*/false);
}

PrecompiledCharsMap::Match PrecompiledCharsMap::ShortestPrefix(std::string_view input) const {
  return Search(input, /*first_only=*/true);
}

}  // namespace tokenmill
