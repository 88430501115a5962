#include "tokenizers/sentencepiece/prefix_matcher.h"

namespace tokenmill {

PrefixMatcher::PrefixMatcher(const std::vector<std::string_view>& keys) {
  for (std::string_view key : keys) {
    if (key.empty()) continue;
    first_bytes_.set(static_cast<unsigned char>(key[0]));
    uint32_t node = 0;
    for (char c : key) {
      const auto byte = static_cast<unsigned char>(c);
      auto it = nodes_[node].next.find(byte);
      if (it == nodes_[node].next.end()) {
        nodes_.emplace_back();
        it = nodes_[node].next.emplace(byte, static_cast<uint32_t>(nodes_.size() - 1)).first;
      }
      node = it->second;
    }
    nodes_[node].is_key = true;
  }
}

PrefixMatcher::Relation PrefixMatcher::Relate(std::string_view s) const {
  Relation relation;
  uint32_t node = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    auto it = nodes_[node].next.find(static_cast<unsigned char>(s[i]));
    if (it == nodes_[node].next.end()) return relation;
    node = it->second;
    if (nodes_[node].is_key && i + 1 < s.size()) relation.shorter_key = true;
  }
  relation.is_key = nodes_[node].is_key && !s.empty();
  relation.longer_key = !nodes_[node].next.empty();
  return relation;
}

size_t PrefixMatcher::LongestMatch(std::string_view text) const {
  if (text.empty() || !first_bytes_.test(static_cast<unsigned char>(text[0]))) return 0;
  size_t longest = 0;
  uint32_t node = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    auto it = nodes_[node].next.find(static_cast<unsigned char>(text[i]));
    if (it == nodes_[node].next.end()) break;
    node = it->second;
    if (nodes_[node].is_key) longest = i + 1;
  }
  return longest;
}

}  // namespace tokenmill
