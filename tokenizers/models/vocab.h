// A token ↔ id table shared by the models: one string arena, string_view keys, no
// allocation per lookup.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace tokenmill {

class Vocab {
 public:
  // Builds from (token, id) pairs; ids must be unique (gaps are allowed), tokens unique.
  static absl::StatusOr<Vocab> Create(const std::vector<std::pair<std::string, uint32_t>>& entries);
  // Same, from views (e.g. into a parsed JSON document): no string copies but the arena's.
  static absl::StatusOr<Vocab> Create(const std::vector<std::pair<std::string_view, uint32_t>>& entries);

  Vocab() = default;
  Vocab(Vocab&&) noexcept;
  Vocab& operator=(Vocab&&) noexcept;
  Vocab(const Vocab&) = delete;

  std::optional<uint32_t> Find(std::string_view token) const {
    auto it = ids_.find(absl::string_view(token.data(), token.size()));
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }
  std::optional<std::string_view> Token(uint32_t id) const {
    if (id >= by_id_.size() || by_id_[id].first == kNoToken) return std::nullopt;
    return std::string_view(arena_.data() + by_id_[id].first, by_id_[id].second);
  }
  size_t size() const { return ids_.size(); }
  // One past the largest id.
  size_t id_limit() const { return by_id_.size(); }
  std::vector<std::pair<std::string, uint32_t>> Entries() const;
  // {"token": id, ...} in id order, as tokenizer.json's models write "vocab".
  nlohmann::ordered_json ToJson() const;

 private:
  static constexpr uint32_t kNoToken = UINT32_MAX;
  template <typename EntryList>
  static absl::StatusOr<Vocab> CreateFrom(const EntryList& entries);
  void Rebuild();

  std::string arena_;
  std::vector<std::pair<uint32_t, uint32_t>> by_id_;  // (arena offset, length)
  // absl::string_view keys: absl's hash (Debian's Abseil has its own string_view type, and
  // std::string_view would fall back to the slower std::hash).
  absl::flat_hash_map<absl::string_view, uint32_t> ids_;
};

}  // namespace tokenmill
