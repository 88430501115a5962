// HF's position queries on an encoding (tokenizers/src/tokenizer/encoding.rs): which tokens a
// character or a word of an input maps to, and back. One implementation for every storage of
// an encoding: the core's Encoding (byte offsets) and the Python binding's packed one (code
// point offsets). `View` provides
//   size_t size(); uint32_t start(i), end(i);   // offsets
//   std::optional<uint32_t> word(i);            // word id
//   int sequence(i);                            // 0 or 1, −1 for none
//   size_t sequence_ranges();                   // Encoding::sequence_ranges
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>

namespace tokenmill {

template <typename View>
class EncodingPositions {
 public:
  explicit EncodingPositions(const View& view) : view_(view) {}

  // HF: Some(0) for every token (and one past the end) while no ranges are set; otherwise the
  // range holding the token.
  std::optional<uint32_t> TokenToSequence(size_t token) const {
    if (view_.sequence_ranges() == 0) {
      if (token > view_.size()) return std::nullopt;
      return 0;
    }
    if (token >= view_.size() || view_.sequence(token) < 0) return std::nullopt;
    return static_cast<uint32_t>(view_.sequence(token));
  }

  std::optional<std::pair<uint32_t, uint32_t>> TokenToChars(size_t token) const {
    if (!TokenToSequence(token) || token >= view_.size()) return std::nullopt;
    return std::make_pair(view_.start(token), view_.end(token));
  }

  std::optional<uint32_t> TokenToWord(size_t token) const {
    if (!TokenToSequence(token) || token >= view_.size()) return std::nullopt;
    return view_.word(token);
  }

  // The first token of the sequence whose offsets hold `pos`.
  std::optional<size_t> CharToToken(size_t pos, size_t sequence) const {
    const auto [begin, end] = SequenceRange(sequence);
    for (size_t t = begin; t < end; ++t) {
      if (pos >= view_.start(t) && pos < view_.end(t)) return t;
    }
    return std::nullopt;
  }

  std::optional<uint32_t> CharToWord(size_t pos, size_t sequence) const {
    const std::optional<size_t> token = CharToToken(pos, sequence);
    if (!token) return std::nullopt;
    return TokenToWord(*token);
  }

  // HF scans the sequence's words while they are ≤ `word` (None counts as smallest) and keeps
  // the span of those equal to it.
  std::optional<std::pair<size_t, size_t>> WordToTokens(uint32_t word, size_t sequence) const {
    const auto [begin, end] = SequenceRange(sequence);
    std::optional<size_t> first, last;
    for (size_t t = begin; t < end; ++t) {
      const std::optional<uint32_t> w = view_.word(t);
      if (w && *w > word) break;
      if (w == word) {
        if (!first) first = t;
        last = t + 1;
      }
    }
    if (!first) return std::nullopt;
    return std::make_pair(*first, *last);
  }

  std::optional<std::pair<uint32_t, uint32_t>> WordToChars(uint32_t word, size_t sequence) const {
    const auto tokens = WordToTokens(word, sequence);
    if (!tokens) return std::nullopt;
    return std::make_pair(view_.start(tokens->first), view_.end(tokens->second - 1));
  }

 private:
  // The tokens of input `sequence`; all of them when HF keeps no range for it.
  std::pair<size_t, size_t> SequenceRange(size_t sequence) const {
    if (sequence >= view_.sequence_ranges()) return {0, view_.size()};
    size_t begin = 0;
    while (begin < view_.size() && view_.sequence(begin) != static_cast<int>(sequence)) ++begin;
    size_t end = begin;
    while (end < view_.size() && view_.sequence(end) == static_cast<int>(sequence)) ++end;
    return {begin, end};
  }

  const View& view_;
};

}  // namespace tokenmill
