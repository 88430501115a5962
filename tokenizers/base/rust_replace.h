// Rust's str::replace, which HF's decoders call: every non-overlapping occurrence of `from`
// replaced, left to right; an empty `from` matches at every character boundary ("ab" → "XaXbX").
// absl::StrReplaceAll leaves the text alone for an empty pattern.
#pragma once

#include <string>
#include <string_view>

#include "tokenizers/base/utf8.h"

namespace tokenmill {

inline std::string RustReplace(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  if (from.empty()) {
    out.reserve(text.size() + (text.size() + 1) * to.size());
    out.append(to);
    for (size_t i = 0; i < text.size();) {
      const size_t length = std::min<size_t>(
          text.size() - i, static_cast<size_t>(utf8::SequenceLength(static_cast<unsigned char>(text[i]))));
      out.append(text.substr(i, length));
      out.append(to);
      i += length;
    }
    return out;
  }
  size_t start = 0;
  for (size_t at = text.find(from); at != std::string_view::npos; at = text.find(from, start)) {
    out.append(text.substr(start, at - start));
    out.append(to);
    start = at + from.size();
  }
  out.append(text.substr(start));
  return out;
}

}  // namespace tokenmill
