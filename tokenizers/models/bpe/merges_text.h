// The text form of a merge, shared by merges.txt and legacy tokenizer.json ("a b"):
// HF's convert_merges_to_hashmap skips every line starting with "#version" and wants
// exactly two parts when splitting on single spaces.
#pragma once

#include <optional>
#include <string_view>
#include <utility>

namespace tokenmill {

inline bool IsMergesVersionLine(std::string_view line) {
  return line.substr(0, 8) == "#version";
}

inline std::optional<std::pair<std::string_view, std::string_view>> SplitMergeLine(
    std::string_view line) {
  const size_t space = line.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  if (line.find(' ', space + 1) != std::string_view::npos) return std::nullopt;
  return std::make_pair(line.substr(0, space), line.substr(space + 1));
}

}  // namespace tokenmill
