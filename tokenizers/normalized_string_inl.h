// Template definitions for normalized_string.h.
#pragma once

#include "tokenizers/base/utf8.h"

namespace tokenmill {

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
