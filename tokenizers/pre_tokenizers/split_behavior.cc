#include "tokenizers/pre_tokenizers/split_behavior.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/str_format.h"

namespace tokenmill {
namespace {

constexpr std::array<std::pair<SplitBehavior, std::string_view>, 5> kNames = {{
    {SplitBehavior::kRemoved, "Removed"},
    {SplitBehavior::kIsolated, "Isolated"},
    {SplitBehavior::kMergedWithPrevious, "MergedWithPrevious"},
    {SplitBehavior::kMergedWithNext, "MergedWithNext"},
    {SplitBehavior::kContiguous, "Contiguous"},
}};

struct Piece {
  Match range;
  bool removed;
};

// Each fold mirrors the match arm of the same name in HF's normalizer.rs `split`.
void FoldContiguous(const std::vector<DelimiterRun>& runs, std::vector<Piece>& out) {
  bool previous_delimiter = false;
  for (const DelimiterRun& run : runs) {
    if (run.delimiter == previous_delimiter && !out.empty()) {
      out.back().range.end = run.end;
    } else {
      out.push_back({{run.begin, run.end}, false});
    }
    previous_delimiter = run.delimiter;
  }
}

void FoldMergedWithPrevious(const std::vector<DelimiterRun>& runs, std::vector<Piece>& out) {
  bool previous_delimiter = false;
  for (const DelimiterRun& run : runs) {
    if (run.delimiter && !previous_delimiter && !out.empty()) {
      out.back().range.end = run.end;
    } else {
      out.push_back({{run.begin, run.end}, false});
    }
    previous_delimiter = run.delimiter;
  }
}

void FoldMergedWithNext(const std::vector<DelimiterRun>& runs, std::vector<Piece>& out) {
  bool previous_delimiter = false;  // the run after this one, walking backwards
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    if (it->delimiter && !previous_delimiter && !out.empty()) {
      out.back().range.begin = it->begin;
    } else {
      out.push_back({{it->begin, it->end}, false});
    }
    previous_delimiter = it->delimiter;
  }
  std::reverse(out.begin(), out.end());
}

}  // namespace

std::string_view SplitBehaviorName(SplitBehavior behavior) {
  for (const auto& [value, name] : kNames) {
    if (value == behavior) return name;
  }
  return "Removed";
}

absl::StatusOr<SplitBehavior> ParseSplitBehavior(std::string_view name) {
  for (const auto& [value, known] : kNames) {
    if (known == name) return value;
  }
  return absl::InvalidArgumentError(absl::StrFormat(
      "unknown split behavior \"%s\" (expected Removed, Isolated, MergedWithPrevious, "
      "MergedWithNext or Contiguous)",
      name));
}

void PiecesFromRuns(const std::vector<DelimiterRun>& runs, SplitBehavior behavior,
                    std::vector<Match>& pieces) {
  std::vector<Piece> folded;
  folded.reserve(runs.size());
  switch (behavior) {
    case SplitBehavior::kRemoved:
      for (const DelimiterRun& run : runs) folded.push_back({{run.begin, run.end}, run.delimiter});
      break;
    case SplitBehavior::kIsolated:
      for (const DelimiterRun& run : runs) folded.push_back({{run.begin, run.end}, false});
      break;
    case SplitBehavior::kContiguous:
      FoldContiguous(runs, folded);
      break;
    case SplitBehavior::kMergedWithPrevious:
      FoldMergedWithPrevious(runs, folded);
      break;
    case SplitBehavior::kMergedWithNext:
      FoldMergedWithNext(runs, folded);
      break;
  }
  for (const Piece& piece : folded) {
    if (!piece.removed) pieces.push_back(piece.range);
  }
}

}  // namespace tokenmill
