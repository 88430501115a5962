#include "tokenizers/normalizers/prepend.h"

#include "tokenizers/base/utf8.h"

namespace tokenmill {

void PrependNormalizer::Normalize(NormalizedString& text) const {
  if (text.empty()) return;
  if (prepend_.empty()) {
    // HF re-inserts the first character as "new" at offset 0, which gives it the empty span
    // at the start of the original.
    size_t pos = 0;
    const char32_t first = utf8::DecodeValid(text.normalized(), pos);
    text.TransformRange(0, pos, {CharChange{first, 1}});
    return;
  }
  const Span first = text.alignments().front();
  text.mutable_normalized().insert(0, prepend_);
  auto& spans = text.mutable_alignments();
  spans.insert(spans.begin(), prepend_.size(), first);
}

}  // namespace tokenmill
