// A piece of text being normalized, with an alignment from every normalized byte back to
// the original text, so offsets of final tokens always point into the original input.
//
// The alignment model follows Hugging Face tokenizers' NormalizedString: every byte of a
// normalized character carries the original span of the character it came from. Spans are
// absolute byte offsets into the caller's original text, so pieces can be concatenated
// without any shifting.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tokenmill {

// A half-open byte range [start, end) into the original text.
struct Span {
  uint32_t start = 0;
  uint32_t end = 0;
  friend bool operator==(const Span&, const Span&) = default;
};

// One step of an HF-style transform: the new character and how it relates to the old text:
// 0 replaces one old char, +1 is inserted, -n replaces one old char and removes n after it.
struct CharChange {
  char32_t c;
  int change;
};

class NormalizedString {
 public:
  NormalizedString() = default;
  // A fresh string over `original`, whose first byte sits at `base` in the whole input.
  explicit NormalizedString(std::string_view original, uint32_t base = 0);

  const std::string& normalized() const { return normalized_; }
  const std::vector<Span>& alignments() const {
    if (identity_) Materialize();
    return alignments_;
  }
  // True while nothing has changed the text: every byte still maps to its own character, so
  // a normalizer may derive spans from positions (base() + offset) instead of reading them.
  bool identity() const { return identity_; }
  uint32_t base() const { return base_; }
  bool empty() const { return normalized_.empty(); }
  size_t size() const { return normalized_.size(); }

  // Original span covered by normalized bytes [begin, end); empty ranges map to {start, start}.
  Span OriginalSpan(size_t begin, size_t end) const;

  // Replaces every character by the output of `map(cp, out)` (which appends zero or more
  // code points to `out`). Each output character inherits the span of its source
  // character: this is what HF's per-char transforms (lowercase, filter, map) produce.
  template <typename MapFn>
  void MapChars(MapFn&& map);

  // HF's transform over the whole string: `initial_removed` old chars are dropped first.
  void Transform(const std::vector<CharChange>& changes, size_t initial_removed = 0);

  // Same as Transform but only over normalized bytes [begin, end).
  void TransformRange(size_t begin, size_t end, const std::vector<CharChange>& changes,
                      size_t initial_removed = 0);

  // Appends another normalized piece (used to build one buffer from many pieces).
  void Append(const NormalizedString& other);
  void Append(std::string_view text, const Span* spans);

  // Direct access for code that builds a string in one pass (with consistent sizes).
  std::string& mutable_normalized() {
    if (identity_) Materialize();  // the alignment must describe the text before the change
    return normalized_;
  }
  // Replaces the text and its alignment at once.
  void Set(std::string normalized, std::vector<Span> alignments) {
    normalized_ = std::move(normalized);
    alignments_ = std::move(alignments);
    identity_ = false;
  }
  std::vector<Span>& mutable_alignments() {
    if (identity_) Materialize();
    return alignments_;
  }

 private:
  // Builds the identity alignment that a fresh string stands for.
  void Materialize() const;
  // OriginalSpan of a fresh string, without materializing its alignment.
  Span IdentitySpan(size_t begin, size_t end) const;

  std::string normalized_;
  mutable std::vector<Span> alignments_;  // one per byte of normalized_ (once materialized)
  mutable bool identity_ = false;
  uint32_t base_ = 0;             // where this piece's original starts in the whole input
};

}  // namespace tokenmill

#include "tokenizers/normalized_string_inl.h"
