#include "tokenizers/pre_tokenizers/split_regex.h"

#include <algorithm>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/pre_tokenizers/onig_to_re2.h"
#include "tokenizers/pre_tokenizers/scan_helpers.h"

namespace tokenmill {
namespace {

constexpr std::string_view kLookaheadAlternative = R"(\s+(?!\S))";
constexpr char kLookaheadGroupName[] = "tokenmill_whitespace_lookahead";

absl::StatusOr<std::unique_ptr<RE2>> Compile(std::string_view onig_source,
                                             std::string_view original) {
  TM_ASSIGN_OR_RETURN(std::string source, TranslateOnigPattern(onig_source));
  RE2::Options options;
  options.set_log_errors(false);
  auto regex = std::make_unique<RE2>(source, options);
  if (!regex->ok()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "Split regex \"%s\": RE2 cannot compile it (%s); HF uses Oniguruma, whose lookaround "
        "(beyond a whole alternative \\s+(?!\\S)), backreferences, atomic groups and "
        "possessive quantifiers RE2 lacks",
        original, regex->error()));
  }
  return regex;
}

// Where the last character of the non-empty span [begin, end) starts.
size_t LastCharStart(std::string_view text, size_t begin, size_t end) {
  size_t last = end - 1;
  while (last > begin && (static_cast<unsigned char>(text[last]) & 0xC0) == 0x80) --last;
  return last;
}

}  // namespace

std::vector<std::string_view> TopLevelAlternatives(std::string_view pattern) {
  std::vector<std::string_view> alternatives;
  int group_depth = 0;
  int class_depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;  // the escaped character is never a delimiter
      continue;
    }
    if (class_depth > 0) {  // Oniguruma nests classes: [a[b]]
      if (c == '[') ++class_depth;
      if (c == ']') --class_depth;
      continue;
    }
    if (c == '[') {
      class_depth = 1;
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') ++i;
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') ++i;  // a leading ] is literal
    } else if (c == '(') {
      ++group_depth;
    } else if (c == ')') {
      group_depth = std::max(0, group_depth - 1);
    } else if (c == '|' && group_depth == 0) {
      alternatives.push_back(pattern.substr(start, i - start));
      start = i + 1;
    }
  }
  alternatives.push_back(pattern.substr(start));
  return alternatives;
}

absl::StatusOr<std::unique_ptr<SplitRegex>> SplitRegex::Create(std::string_view pattern) {
  std::unique_ptr<SplitRegex> split(new SplitRegex());
  const std::vector<std::string_view> alternatives = TopLevelAlternatives(pattern);
  const auto lookahead =
      std::find(alternatives.begin(), alternatives.end(), kLookaheadAlternative);
  if (lookahead == alternatives.end()) {
    TM_ASSIGN_OR_RETURN(split->regex_, Compile(pattern, pattern));
    return split;
  }
  std::vector<std::string> marked, others;
  for (auto it = alternatives.begin(); it != alternatives.end(); ++it) {
    if (it == lookahead) {
      marked.push_back(absl::StrFormat("(?<%s>\\s+)", kLookaheadGroupName));
    } else {
      marked.emplace_back(*it);
      others.emplace_back(*it);
    }
  }
  TM_ASSIGN_OR_RETURN(split->regex_, Compile(absl::StrJoin(marked, "|"), pattern));
  split->lookahead_group_ = split->regex_->NamedCapturingGroups().at(kLookaheadGroupName);
  if (!others.empty()) {
    TM_ASSIGN_OR_RETURN(split->without_lookahead_, Compile(absl::StrJoin(others, "|"), pattern));
  }
  return split;
}

bool SplitRegex::Find(std::string_view text, size_t from, Match& found) const {
  const re2::StringPiece subject(text.data(), text.size());
  re2::StringPiece whole;
  while (from <= text.size()) {
    if (!regex_->Match(subject, from, text.size(), RE2::UNANCHORED, &whole, 1)) return false;
    const size_t begin = static_cast<size_t>(whole.data() - subject.data());
    const size_t end = begin + whole.size();
    found = Match{static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
    // Only a whitespace run that a non-space follows can be the lookahead's to shorten.
    if (lookahead_group_ == 0 || begin == end || end == text.size()) return true;
    const size_t last = LastCharStart(text, begin, end);
    if (!split_scan::IsWhitespace(split_scan::CharAt(text, last).kind)) return true;
    absl::InlinedVector<re2::StringPiece, 4> groups(static_cast<size_t>(lookahead_group_) + 1);
    regex_->Match(subject, begin, text.size(), RE2::ANCHOR_START, groups.data(),
                  static_cast<int>(groups.size()));
    if (groups[lookahead_group_].data() == nullptr) return true;  // another alternative
    if (last > begin) {  // (?!\S) gives back the run's last character
      found.end = static_cast<uint32_t>(last);
      return true;
    }
    if (MatchLaterAlternatives(subject, begin, found)) return true;
    from = begin + static_cast<size_t>(utf8::SequenceLength(static_cast<unsigned char>(text[begin])));
  }
  return false;
}

bool SplitRegex::MatchLaterAlternatives(const re2::StringPiece& subject, size_t begin,
                                        Match& found) const {
  if (without_lookahead_ == nullptr) return false;
  re2::StringPiece match;
  // The alternatives before the lookahead failed here already (leftmost-first chose it), so
  // the first of the rest to match here is what Oniguruma's backtracking finds next.
  if (!without_lookahead_->Match(subject, begin, subject.size(), RE2::ANCHOR_START, &match, 1)) {
    return false;
  }
  found = Match{static_cast<uint32_t>(begin), static_cast<uint32_t>(begin + match.size())};
  return true;
}

}  // namespace tokenmill
