#include "tokenizers/models/vocab.h"

#include "absl/strings/str_format.h"

namespace tokenmill {

absl::StatusOr<Vocab> Vocab::Create(const std::vector<std::pair<std::string, uint32_t>>& entries) {
  return CreateFrom(entries);
}

absl::StatusOr<Vocab> Vocab::Create(
    const std::vector<std::pair<std::string_view, uint32_t>>& entries) {
  return CreateFrom(entries);
}

template <typename EntryList>
absl::StatusOr<Vocab> Vocab::CreateFrom(const EntryList& entries) {
  Vocab vocab;
  size_t total = 0;
  uint32_t max_id = 0;
  for (const auto& [token, id] : entries) {
    total += token.size();
    max_id = std::max(max_id, id);
  }
  if (!entries.empty() && max_id >= (1u << 30)) {
    return absl::InvalidArgumentError(absl::StrFormat("token id %d is too large", max_id));
  }
  vocab.arena_.reserve(total);
  vocab.by_id_.assign(entries.empty() ? 0 : max_id + 1, {kNoToken, 0});
  for (const auto& [token, id] : entries) {
    if (vocab.by_id_[id].first != kNoToken) {
      return absl::InvalidArgumentError(absl::StrFormat("id %d is used by two tokens", id));
    }
    vocab.by_id_[id] = {static_cast<uint32_t>(vocab.arena_.size()),
                        static_cast<uint32_t>(token.size())};
    vocab.arena_ += token;
  }
  vocab.Rebuild();
  if (vocab.ids_.size() != entries.size()) {
    return absl::InvalidArgumentError("the vocabulary has duplicate tokens");
  }
  return vocab;
}

void Vocab::Rebuild() {
  ids_.clear();
  ids_.reserve(by_id_.size());
  for (uint32_t id = 0; id < by_id_.size(); ++id) {
    if (by_id_[id].first == kNoToken) continue;
    ids_.emplace(absl::string_view(arena_.data() + by_id_[id].first, by_id_[id].second), id);
  }
}

// The map holds views into arena_; a moved std::string keeps its heap buffer but not a
// small inline one, so rebuild when the data moved.
Vocab::Vocab(Vocab&& other) noexcept { *this = std::move(other); }

Vocab& Vocab::operator=(Vocab&& other) noexcept {
  const char* old_data = other.arena_.data();
  arena_ = std::move(other.arena_);
  by_id_ = std::move(other.by_id_);
  ids_ = std::move(other.ids_);
  if (arena_.data() != old_data) Rebuild();
  return *this;
}

std::vector<std::pair<std::string, uint32_t>> Vocab::Entries() const {
  std::vector<std::pair<std::string, uint32_t>> out;
  out.reserve(ids_.size());
  for (uint32_t id = 0; id < by_id_.size(); ++id) {
    if (auto t = Token(id)) out.emplace_back(std::string(*t), id);
  }
  return out;
}

nlohmann::ordered_json Vocab::ToJson() const {
  nlohmann::ordered_json vocab = nlohmann::ordered_json::object();
  // ordered_json's operator[] searches linearly (quadratic for a whole vocabulary); tokens are
  // unique, so append directly.
  auto& entries = static_cast<std::vector<std::pair<const std::string, nlohmann::ordered_json>>&>(
      vocab.get_ref<nlohmann::ordered_json::object_t&>());
  const auto tokens = Entries();
  entries.reserve(tokens.size());
  for (const auto& [token, id] : tokens) entries.emplace_back(token, id);
  return vocab;
}

}  // namespace tokenmill
