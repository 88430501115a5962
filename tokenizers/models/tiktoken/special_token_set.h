// tiktoken's `allowed_special` / `disallowed_special` arguments: "all", nothing, or a set of
// texts.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tokenmill {

class SpecialTokenSet {
 public:
  static SpecialTokenSet All() { return SpecialTokenSet(true, {}); }
  static SpecialTokenSet None() { return SpecialTokenSet(false, {}); }
  static SpecialTokenSet Of(std::vector<std::string> texts) {
    return SpecialTokenSet(false, std::move(texts));
  }

  bool is_all() const { return all_; }
  const std::vector<std::string>& texts() const { return texts_; }

 private:
  SpecialTokenSet(bool all, std::vector<std::string> texts) : all_(all), texts_(std::move(texts)) {}
  bool all_;
  std::vector<std::string> texts_;
};

}  // namespace tokenmill
