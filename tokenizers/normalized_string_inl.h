// Template definitions for normalized_string.h.
#pragma once

#include "tokenizers/base/utf8.h"

namespace tokenmill {

inline Span NormalizedString::IdentitySpan(size_t begin, size_t end) const {
  // What Materialize would store, read off the text (valid UTF-8): a byte's span is its
  // character's.
  const auto char_start = [&](size_t pos) {
    while (pos > 0 && (static_cast<unsigned char>(normalized_[pos]) & 0xC0) == 0x80) --pos;
    return pos;
  };
  const auto char_end = [&](size_t pos) {
    ++pos;
    while (pos < normalized_.size() && (static_cast<unsigned char>(normalized_[pos]) & 0xC0) == 0x80)
      ++pos;
    return pos;
  };
  if (normalized_.empty()) return {0, 0};
  if (begin >= end) {
    const size_t at = begin < normalized_.size() ? char_start(begin) : normalized_.size();
    return {static_cast<uint32_t>(base_ + at), static_cast<uint32_t>(base_ + at)};
  }
  return {static_cast<uint32_t>(base_ + char_start(begin)),
          static_cast<uint32_t>(base_ + char_end(end - 1))};
}

inline Span NormalizedString::OriginalSpan(size_t begin, size_t end) const {
  if (identity_) return IdentitySpan(begin, end);
  if (begin >= end) {
    const uint32_t at = begin < alignments_.size() ? alignments_[begin].start
                        : alignments_.empty()     ? 0
                                                  : alignments_.back().end;
    return {at, at};
  }
  return {alignments_[begin].start, alignments_[end - 1].end};
}

template <typename MapFn>
void NormalizedString::MapChars(MapFn&& map) {
  std::string out;
  std::vector<Span> spans;
  out.reserve(normalized_.size() + normalized_.size() / 8);
  spans.reserve(out.capacity());
  std::string scratch;
  size_t pos = 0;
  while (pos < normalized_.size()) {
    const size_t start = pos;
    const char32_t cp = utf8::DecodeValid(normalized_, pos);
    const Span span = alignments()[start];
    scratch.clear();
    map(cp, scratch);
    out.append(scratch);
    spans.insert(spans.end(), scratch.size(), span);
  }
  normalized_ = std::move(out);
  alignments_ = std::move(spans);
  identity_ = false;
}

}  // namespace tokenmill
