// The output of encoding: what a model consumes plus the alignment information.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tokenizers/normalized_string.h"

namespace tokenmill {

// How Encoding::MergeWith and Encoding::Merge combine two encodings.
struct EncodingMergeOptions {
  // HF's growing_offsets: the pair's offsets continue from the end of our last token's
  // (which is 0 when that token is an added special token, as in HF).
  bool growing_offsets = false;
  // Both sides are encodings as users hold them (Python's Encoding.merge), whose marked
  // sequences are 0..n-1: post-processing marks input 0, and input 1 of a pair, never input
  // 1 alone. HF keeps a map sequence id → token range, so the pair's range replaces ours
  // for an id both have, and the tokens of a side with no range at all (not post-processed)
  // belong to no sequence once the other side has one. Off for post-processing's own
  // parts, whose ids never collide (the pair's part alone is marked 1, which counts as two).
  bool user_encodings = false;
};

class Encoding {
 public:
  // One token of the result; `sequence` is 0 or 1 for tokens of the first or second text
  // and -1 for tokens added by post-processing or padding.
  void Push(uint32_t id, std::string token, Span offsets, std::optional<uint32_t> word,
            uint32_t type_id, bool special, int8_t sequence);

  size_t size() const { return ids.size(); }
  bool empty() const { return ids.empty(); }
  void Reserve(size_t n);

  // Appends all of `other`'s tokens (not its overflowing parts).
  void Append(const Encoding& other);
  void Append(Encoding&& other);

  using MergeOptions = EncodingMergeOptions;
  // HF's Encoding::merge_with: appends `pair` and combines the overflowing parts — each of
  // ours with `pair` and with each of its overflowing parts, then ourselves with each of
  // `pair`'s. The combinations nest as in HF.
  void MergeWith(Encoding pair, MergeOptions options = {});
  // HF's Encoding::merge: merges all of `parts` in order into one encoding.
  static Encoding Merge(std::vector<Encoding> parts, MergeOptions options = {});
  // Inserts one added special token at `position` (offsets [0, 0], no word, no sequence).
  void InsertSpecial(size_t position, uint32_t id, const std::string& token, uint32_t type_id);
  // Inserts all of `front`'s tokens before ours (its overflowing parts are ignored).
  void Prepend(Encoding&& front);

  // Sets every token's sequence id to `sequence` (HF's set_sequence_id).
  void SetSequenceId(int8_t sequence);

  // HF's position queries (encoding.rs), on byte offsets; see encoding_positions.h.
  // The input (0 or 1) token `token` came from; nullopt for added tokens (and past the end).
  std::optional<uint32_t> TokenToSequence(size_t token) const;
  std::optional<Span> TokenToChars(size_t token) const;
  std::optional<uint32_t> TokenToWord(size_t token) const;
  // The token of input `sequence` whose offsets hold byte `pos`, and its word.
  std::optional<size_t> CharToToken(size_t pos, size_t sequence = 0) const;
  std::optional<uint32_t> CharToWord(size_t pos, size_t sequence = 0) const;
  // The tokens [begin, end) of word `word` of input `sequence`, and the bytes they span.
  std::optional<std::pair<size_t, size_t>> WordToTokens(uint32_t word, size_t sequence = 0) const;
  std::optional<Span> WordToChars(uint32_t word, size_t sequence = 0) const;
  // HF's n_sequences: 1, or the number of inputs a post-processor saw.
  size_t NumSequences() const { return sequence_ranges == 0 ? 1 : sequence_ranges; }

  // A copy of tokens [begin, end).
  Encoding Slice(size_t begin, size_t end) const;

  std::vector<uint32_t> ids;
  std::vector<uint32_t> type_ids;
  std::vector<std::string> tokens;
  std::vector<Span> offsets;  // UTF-8 byte offsets into the original text of `sequence_ids`
  std::vector<uint8_t> special_tokens_mask;
  std::vector<uint8_t> attention_mask;
  std::vector<std::optional<uint32_t>> word_ids;
  std::vector<int8_t> sequence_ids;
  std::vector<Encoding> overflowing;
  // How many inputs HF's sequence ranges cover: 0 until a post-processor (or HF's default
  // processing of a pair) marks the sequences. Without ranges HF counts every token, padding
  // included, as part of input 0.
  uint8_t sequence_ranges = 0;
};

}  // namespace tokenmill
