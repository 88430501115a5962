#include "tokenizers/pre_tokenizers/split.h"

#include "re2/re2.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/pre_tokenizers/split_behavior.h"

namespace tokenmill {
namespace {

// The pattern as an Oniguruma regex (a string matches itself).
std::string OnigSource(const SplitPattern& pattern) {
  if (pattern.kind == SplitPattern::Kind::kString) return RE2::QuoteMeta(pattern.text);
  return pattern.text;
}

// The matches and the text between them as HF's find_matches labels them, flipped: the
// matches are kept, the gaps are the delimiters.
void InvertedRuns(uint32_t length, const std::vector<Match>& matches,
                  std::vector<DelimiterRun>& runs) {
  uint32_t previous = 0;
  for (const Match& m : matches) {
    if (previous != m.begin) runs.push_back({previous, m.begin, true});
    runs.push_back({m.begin, m.end, false});
    previous = m.end;
  }
  if (previous != length) runs.push_back({previous, length, true});
}

}  // namespace

absl::StatusOr<std::unique_ptr<SplitPreTokenizer>> SplitPreTokenizer::Create(
    SplitPattern pattern, SplitBehavior behavior, bool invert) {
  std::optional<KnownSplitPattern> scanner;
  if (pattern.kind == SplitPattern::Kind::kRegex) scanner = RecognizeSplitPattern(pattern.text);
  std::unique_ptr<SplitRegex> regex;
  if (!scanner) {
    TM_ASSIGN_OR_RETURN(regex, SplitRegex::Create(OnigSource(pattern)));
  }
  return std::unique_ptr<SplitPreTokenizer>(new SplitPreTokenizer(
      std::move(pattern), std::move(regex), scanner, behavior, invert));
}

void SplitPreTokenizer::FindMatches(std::string_view text, std::vector<Match>& matches) const {
  if (scanner_) {  // these patterns match every character: the pieces are the matches
    ScanKnownPattern(*scanner_, text, matches);
    return;
  }
  size_t search_from = 0;
  int64_t last_match_end = -1;
  Match found;
  while (search_from <= text.size() && regex_->Find(text, search_from, found)) {
    const uint32_t begin = found.begin;
    const uint32_t end = found.end;
    if (begin == end && static_cast<int64_t>(end) == last_match_end) {
      // No empty match right after the previous match: step over one character.
      search_from += search_from < text.size()
                         ? utf8::SequenceLength(static_cast<unsigned char>(text[search_from]))
                         : 1;
      continue;
    }
    matches.push_back(Match{begin, end});
    last_match_end = end;
    search_from = end;
  }
}

void SplitPreTokenizer::PreTokenize(PreTokenizedString& text) const {
  if (!invert_) {
    text.SplitOn([this](std::string_view split, std::vector<Match>& matches) {
      FindMatches(split, matches);
    }, behavior_);
    return;
  }
  std::vector<Match> matches;
  std::vector<DelimiterRun> runs;
  text.Refine([&](std::string_view split, std::vector<Match>& pieces) {
    matches.clear();
    runs.clear();
    FindMatches(split, matches);
    InvertedRuns(static_cast<uint32_t>(split.size()), matches, runs);
    PiecesFromRuns(runs, behavior_, pieces);
  });
}

nlohmann::ordered_json SplitPreTokenizer::ToJson() const {
  const char* kind = pattern_.kind == SplitPattern::Kind::kString ? "String" : "Regex";
  return {{"type", "Split"},
          {"pattern", {{kind, pattern_.text}}},
          {"behavior", SplitBehaviorName(behavior_)},
          {"invert", invert_}};
}

}  // namespace tokenmill
