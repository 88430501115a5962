#include "tokenizers/normalizers/replace.h"

#include "absl/strings/str_format.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {

absl::StatusOr<std::unique_ptr<ReplaceNormalizer>> ReplaceNormalizer::Create(
    SplitPattern pattern, std::string content) {
  auto matcher = SplitPreTokenizer::Create(pattern, SplitBehavior::kRemoved, /*invert=*/false);
  if (!matcher.ok()) {
    return absl::Status(matcher.status().code(),
                        absl::StrFormat("Replace: %s", matcher.status().message()));
  }
  return std::unique_ptr<ReplaceNormalizer>(
      new ReplaceNormalizer(std::move(pattern), std::move(content), std::move(*matcher)));
}

void ReplaceNormalizer::Normalize(NormalizedString& text) const {
  if (text.empty()) return;  // HF's find_matches reports no match in empty text
  std::vector<Match> matches;
  matcher_->FindMatches(text.normalized(), matches);
  if (matches.empty()) return;
  if (matches.front().end == 0 && !content_.empty()) {
    // Content inserted before the first character has no previous character to take its
    // span from: HF gives it the empty span at the start (TransformRange does the same).
    std::vector<CharChange> changes;
    size_t pos = 0;
    while (pos < content_.size()) changes.push_back({utf8::DecodeValid(content_, pos), 1});
    text.TransformRange(0, 0, changes);
    matches.erase(matches.begin());
    for (Match& m : matches) {
      m.begin += content_.size();
      m.end += content_.size();
    }
    if (matches.empty()) return;
  }
  const std::string& in = text.normalized();
  const std::vector<Span>& in_spans = text.alignments();
  std::string out;
  std::vector<Span> spans;
  out.reserve(in.size());
  spans.reserve(in.size());
  size_t last_end = 0;
  for (const Match& m : matches) {
    out.append(in, last_end, m.begin - last_end);
    spans.insert(spans.end(), in_spans.begin() + last_end, in_spans.begin() + m.begin);
    if (!content_.empty()) {
      out.append(content_);
      spans.insert(spans.end(), content_.size(), in_spans[m.end - 1]);
    }
    last_end = m.end;
  }
  out.append(in, last_end, std::string::npos);
  spans.insert(spans.end(), in_spans.begin() + last_end, in_spans.end());
  text.Set(std::move(out), std::move(spans));
}

nlohmann::ordered_json ReplaceNormalizer::ToJson() const {
  const char* kind = pattern_.kind == SplitPattern::Kind::kString ? "String" : "Regex";
  return {{"type", "Replace"}, {"pattern", {{kind, pattern_.text}}}, {"content", content_}};
}

}  // namespace tokenmill
