#include "tokenizers/encoding.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "tokenizers/encoding_positions.h"

namespace tokenmill {

namespace {

// Calls f(to.field, from.field) for each per-token field: one list of fields to keep in sync.
template <typename To, typename From, typename F>
void ForEachField(To& to, From& from, F&& f) {
  f(to.ids, from.ids);
  f(to.type_ids, from.type_ids);
  f(to.tokens, from.tokens);
  f(to.offsets, from.offsets);
  f(to.special_tokens_mask, from.special_tokens_mask);
  f(to.attention_mask, from.attention_mask);
  f(to.word_ids, from.word_ids);
  f(to.sequence_ids, from.sequence_ids);
}

}  // namespace

void Encoding::Push(uint32_t id, std::string token, Span span, std::optional<uint32_t> word,
                    uint32_t type_id, bool special, int8_t sequence) {
  ids.push_back(id);
  type_ids.push_back(type_id);
  tokens.push_back(std::move(token));
  offsets.push_back(span);
  special_tokens_mask.push_back(special);
  attention_mask.push_back(1);
  word_ids.push_back(word);
  sequence_ids.push_back(sequence);
}

void Encoding::Reserve(size_t n) {
  ForEachField(*this, *this, [n](auto& field, auto&) { field.reserve(n); });
}

void Encoding::Append(const Encoding& other) {
  ForEachField(*this, other,
               [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); });
  sequence_ranges = std::max(sequence_ranges, other.sequence_ranges);
}

void Encoding::Append(Encoding&& other) {
  if (empty()) {
    // Keep our overflowing parts; take everything else without copying.
    std::vector<Encoding> kept = std::move(overflowing);
    const uint8_t ranges = std::max(sequence_ranges, other.sequence_ranges);
    *this = std::move(other);
    overflowing = std::move(kept);
    sequence_ranges = ranges;
    return;
  }
  sequence_ranges = std::max(sequence_ranges, other.sequence_ranges);
  ForEachField(*this, other, [](auto& to, auto& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  });
}

namespace {

Encoding MergedCopy(const Encoding& first, const Encoding& second,
                    Encoding::MergeOptions options) {
  Encoding out = first;
  out.MergeWith(second, options);
  return out;
}

// HF's sequence ranges after merging user encodings `mine` and `theirs` (see MergeOptions):
// written into the per-token sequence ids, with -1 for the tokens left in no range.
void CombineUserSequences(Encoding& mine, Encoding& theirs) {
  if (mine.sequence_ranges == 0 && theirs.sequence_ranges == 0) return;  // HF's map stays empty
  for (int8_t& sequence : mine.sequence_ids) {
    if (mine.sequence_ranges == 0 || sequence < theirs.sequence_ranges) sequence = -1;
  }
  if (theirs.sequence_ranges == 0) theirs.sequence_ids.assign(theirs.size(), -1);
}

}  // namespace

void Encoding::MergeWith(Encoding pair, MergeOptions options) {
  // Usually neither side overflows; then merging is a plain append.
  std::vector<Encoding> combined;
  if (!overflowing.empty() || !pair.overflowing.empty()) {
    combined.reserve(overflowing.size() * (1 + pair.overflowing.size()) + pair.overflowing.size());
    for (const Encoding& mine : overflowing) {
      combined.push_back(MergedCopy(mine, pair, options));
      for (const Encoding& theirs : pair.overflowing) {
        combined.push_back(MergedCopy(mine, theirs, options));
      }
    }
    for (const Encoding& theirs : pair.overflowing) {
      combined.push_back(MergedCopy(*this, theirs, options));
    }
  }
  pair.overflowing.clear();
  if (options.user_encodings) CombineUserSequences(*this, pair);
  if (options.growing_offsets) {
    const uint32_t shift = offsets.empty() ? 0 : offsets.back().end;
    for (Span& span : pair.offsets) span = Span{span.start + shift, span.end + shift};
  }
  Append(std::move(pair));
  overflowing = std::move(combined);
}

void Encoding::InsertSpecial(size_t position, uint32_t id, const std::string& token,
                             uint32_t type_id) {
  ids.insert(ids.begin() + position, id);
  type_ids.insert(type_ids.begin() + position, type_id);
  tokens.insert(tokens.begin() + position, token);
  offsets.insert(offsets.begin() + position, Span{0, 0});
  special_tokens_mask.insert(special_tokens_mask.begin() + position, 1);
  attention_mask.insert(attention_mask.begin() + position, 1);
  word_ids.insert(word_ids.begin() + position, std::nullopt);
  sequence_ids.insert(sequence_ids.begin() + position, -1);
}

void Encoding::Prepend(Encoding&& front) {
  sequence_ranges = std::max(sequence_ranges, front.sequence_ranges);
  ForEachField(*this, front, [](auto& to, auto& from) {
    to.insert(to.begin(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  });
}

Encoding Encoding::Merge(std::vector<Encoding> parts, MergeOptions options) {
  if (options.growing_offsets || options.user_encodings) {
    Encoding out;  // HF's loop, from an empty encoding
    for (Encoding& part : parts) out.MergeWith(std::move(part), options);
    return out;
  }
  bool overflows = false;
  size_t total = 0, largest = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    overflows |= !parts[i].overflowing.empty();
    total += parts[i].size();
    if (parts[i].size() > parts[largest].size()) largest = i;
  }
  if (!overflows && !parts.empty()) {
    // The usual case (e.g. [CLS] text [SEP]): keep the text's buffers and add the small parts
    // around it, rather than moving every token into new buffers.
    Encoding out = std::move(parts[largest]);
    out.Reserve(total);
    Encoding front;
    for (size_t i = 0; i < largest; ++i) front.Append(std::move(parts[i]));
    if (!front.empty()) out.Prepend(std::move(front));
    for (size_t i = largest + 1; i < parts.size(); ++i) out.Append(std::move(parts[i]));
    return out;
  }
  // Overflowing parts combine pairwise, in order (HF's merge_with).
  Encoding out;
  for (Encoding& part : parts) {
    if (out.empty() && out.overflowing.empty()) {
      out = std::move(part);  // the first part becomes the base, with enough capacity
      out.Reserve(total);
      continue;
    }
    out.MergeWith(std::move(part));
  }
  return out;
}

void Encoding::SetSequenceId(int8_t sequence) {
  sequence_ids.assign(ids.size(), sequence);
  sequence_ranges = std::max<uint8_t>(sequence_ranges, static_cast<uint8_t>(sequence + 1));
}

Encoding Encoding::Slice(size_t begin, size_t end) const {
  Encoding out;
  ForEachField(out, *this, [&](auto& to, const auto& from) {
    to.assign(from.begin() + begin, from.begin() + end);
  });
  out.sequence_ranges = sequence_ranges;
  return out;
}

}  // namespace tokenmill

namespace tokenmill {
namespace {

// EncodingPositions' view of an Encoding.
struct EncodingView {
  const Encoding& e;
  size_t size() const { return e.size(); }
  uint32_t start(size_t i) const { return e.offsets[i].start; }
  uint32_t end(size_t i) const { return e.offsets[i].end; }
  std::optional<uint32_t> word(size_t i) const { return e.word_ids[i]; }
  int sequence(size_t i) const { return e.sequence_ids[i]; }
  size_t sequence_ranges() const { return e.sequence_ranges; }
};

EncodingPositions<EncodingView> Positions(const EncodingView& view) {
  return EncodingPositions<EncodingView>(view);
}

std::optional<Span> ToSpan(std::optional<std::pair<uint32_t, uint32_t>> range) {
  if (!range) return std::nullopt;
  return Span{range->first, range->second};
}

}  // namespace

std::optional<uint32_t> Encoding::TokenToSequence(size_t token) const {
  const EncodingView view{*this};
  return Positions(view).TokenToSequence(token);
}
std::optional<Span> Encoding::TokenToChars(size_t token) const {
  const EncodingView view{*this};
  return ToSpan(Positions(view).TokenToChars(token));
}
std::optional<uint32_t> Encoding::TokenToWord(size_t token) const {
  const EncodingView view{*this};
  return Positions(view).TokenToWord(token);
}
std::optional<size_t> Encoding::CharToToken(size_t pos, size_t sequence) const {
  const EncodingView view{*this};
  return Positions(view).CharToToken(pos, sequence);
}
std::optional<uint32_t> Encoding::CharToWord(size_t pos, size_t sequence) const {
  const EncodingView view{*this};
  return Positions(view).CharToWord(pos, sequence);
}
std::optional<std::pair<size_t, size_t>> Encoding::WordToTokens(uint32_t word,
                                                                size_t sequence) const {
  const EncodingView view{*this};
  return Positions(view).WordToTokens(word, sequence);
}
std::optional<Span> Encoding::WordToChars(uint32_t word, size_t sequence) const {
  const EncodingView view{*this};
  return ToSpan(Positions(view).WordToChars(word, sequence));
}

}  // namespace tokenmill
