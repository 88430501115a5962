// HF's SplitDelimiterBehavior by name, and HF's own way of applying it to a labelled
// cover of the text (needed where a pattern is inverted: there the non-delimiter runs can
// touch each other, which a plain list of delimiters cannot express).
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/pre_tokenized_string.h"

namespace tokenmill {

// "Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous".
std::string_view SplitBehaviorName(SplitBehavior behavior);
absl::StatusOr<SplitBehavior> ParseSplitBehavior(std::string_view name);

// One piece of a pattern's cover of a text (HF's find_matches output): consecutive runs
// tile the text; `delimiter` says whether the run is a delimiter (an empty run can be one).
struct DelimiterRun {
  uint32_t begin;
  uint32_t end;
  bool delimiter;
};

// HF's NormalizedString::split fold over runs; appends the kept pieces (possibly empty).
void PiecesFromRuns(const std::vector<DelimiterRun>& runs, SplitBehavior behavior,
                    std::vector<Match>& pieces);

// Appends one single-character match per code point of `text` that satisfies `pred`.
template <typename Pred>
void AppendCharMatches(std::string_view text, Pred&& pred, std::vector<Match>& matches) {
  size_t pos = 0;
  while (pos < text.size()) {
    const auto start = static_cast<uint32_t>(pos);
    if (pred(utf8::DecodeValid(text, pos))) {
      matches.push_back(Match{start, static_cast<uint32_t>(pos)});
    }
  }
}

}  // namespace tokenmill
