#include "tokenizers/normalized_string.h"

#include <algorithm>
#include <cassert>

namespace tokenmill {

NormalizedString::NormalizedString(std::string_view original, uint32_t base)
    : normalized_(original), identity_(true), base_(base) {}

void NormalizedString::Materialize() const {
  identity_ = false;
  alignments_.resize(normalized_.size());
  size_t pos = 0;
  while (pos < normalized_.size()) {
    if (static_cast<unsigned char>(normalized_[pos]) < 0x80) {  // ASCII: one byte, one char
      alignments_[pos] = Span{static_cast<uint32_t>(base_ + pos), static_cast<uint32_t>(base_ + pos + 1)};
      ++pos;
      continue;
    }
    const size_t len = utf8::SequenceLength(static_cast<unsigned char>(normalized_[pos]));
    const Span span{static_cast<uint32_t>(base_ + pos), static_cast<uint32_t>(base_ + pos + len)};
    for (size_t i = 0; i < len; ++i) alignments_[pos + i] = span;
    pos += len;
  }
}

void NormalizedString::Transform(const std::vector<CharChange>& changes, size_t initial_removed) {
  TransformRange(0, normalized_.size(), changes, initial_removed);
}

void NormalizedString::TransformRange(size_t begin, size_t end,
                                      const std::vector<CharChange>& changes,
                                      size_t initial_removed) {
  if (identity_) Materialize();
  // Mirrors HF's transform_range: walk the old chars of the range while emitting new ones.
  std::string_view old(normalized_.data() + begin, end - begin);
  size_t old_pos = 0;
  auto skip_old_char = [&]() -> size_t {
    if (old_pos >= old.size()) return 0;
    const size_t len = utf8::SequenceLength(static_cast<unsigned char>(old[old_pos]));
    old_pos += len;
    return len;
  };
  for (size_t i = 0; i < initial_removed; ++i) skip_old_char();

  std::string out;
  std::vector<Span> spans;
  size_t offset = begin + old_pos;  // byte offset into the old normalized string
  for (const CharChange& ch : changes) {
    Span align;
    if (ch.change > 0) {
      align = offset < 1 ? Span{base_, base_} : alignments_[offset - 1];
    } else {
      align = alignments_[offset];
    }
    if (ch.change <= 0) offset += skip_old_char();
    for (int k = 0; k < -ch.change; ++k) offset += skip_old_char();
    const size_t before = out.size();
    utf8::Append(ch.c, out);
    spans.insert(spans.end(), out.size() - before, align);
  }
  normalized_.replace(begin, end - begin, out);
  alignments_.erase(alignments_.begin() + begin, alignments_.begin() + end);
  alignments_.insert(alignments_.begin() + begin, spans.begin(), spans.end());
}

void NormalizedString::Append(const NormalizedString& other) {
  if (identity_) Materialize();
  const std::vector<Span>& spans = other.alignments();
  normalized_.append(other.normalized_);
  alignments_.insert(alignments_.end(), spans.begin(), spans.end());
}

void NormalizedString::Append(std::string_view text, const Span* spans) {
  if (identity_) Materialize();
  normalized_.append(text);
  alignments_.insert(alignments_.end(), spans, spans + text.size());
}

}  // namespace tokenmill
