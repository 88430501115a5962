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

bool PrefixMatcher::IsOnlyKeyStartingWith(unsigned char byte) const {
  auto it = nodes_[0].next.find(byte);
  if (it == nodes_[0].next.end()) return false;
  const Node& node = nodes_[it->second];
  return node.is_key && node.next.empty();
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
