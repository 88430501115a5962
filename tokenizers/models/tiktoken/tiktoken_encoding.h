// A tiktoken encoding: OpenAI's split pattern (an exact scanner), a byte-level rank table and
// special tokens, with tiktoken's API and semantics (tiktoken/core.py, src/lib.rs):
//   - EncodeOrdinary: special-token text is ordinary text;
//   - Encode: text of an allowed special token becomes its id; text of a disallowed one is an
//     error (by default every special token is disallowed), as tiktoken raises ValueError;
//   - the split pattern runs separately on the text between special tokens, like tiktoken.
// Text must be valid UTF-8 (else InvalidArgument); EncodeBytes is the explicit call for raw
// bytes (tiktoken's `_encode_bytes`). Ids are ranks; offsets are UTF-8 byte spans of tokens
// (they tile the input: a token may cover part of a character).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/call_once.h"
#include "absl/status/statusor.h"
#include "tokenizers/models/bpe/byte_ranks.h"
#include "tokenizers/models/tiktoken/special_token_set.h"
#include "tokenizers/models/tiktoken/tiktoken_specs.h"
#include "tokenizers/pre_tokenizers/split_regex.h"
#include "tokenizers/serialization/tiktoken_file.h"

namespace tokenmill {

using TokenOffset = std::pair<uint32_t, uint32_t>;  // [begin, end) in UTF-8 bytes

// An encoding defined by its parts, as tiktoken's Encoding(name, pat_str, mergeable_ranks,
// special_tokens, explicit_n_vocab) (e.g. cl100k's ranks with chat special tokens added).
struct TiktokenDefinition {
  std::string name;
  // One of OpenAI's patterns (any spelling tiktoken or a tokenizer.json uses) runs on its
  // exact scanner; another runs on RE2 (split_regex.h: Oniguruma syntax, one lookahead form),
  // and as in tiktoken only the text it matches is encoded.
  std::string pat_str;
  std::vector<std::pair<std::string, uint32_t>> special_tokens;
  // tiktoken's check: ranks + special tokens are exactly this many, the largest id below it.
  std::optional<uint32_t> explicit_n_vocab;
};

class TiktokenEncoding {
 public:
  // Checks the ranks' coverage against the spec (CheckRankCoverage); `source` names the rank
  // file in errors.
  static absl::StatusOr<TiktokenEncoding> Create(const TiktokenSpec& spec, TiktokenRanks ranks,
                                                 std::string_view source);
  // A custom encoding. The ranks may leave ids unused (tiktoken's dict may) but not repeat a
  // rank or a token, nor take a special token's id; every byte needs a rank.
  static absl::StatusOr<TiktokenEncoding> Create(TiktokenDefinition definition,
                                                 TiktokenRanks ranks);

  absl::StatusOr<std::vector<uint32_t>> EncodeOrdinary(std::string_view text) const;
  // Appends ids (and, if `offsets` is given, their byte spans).
  absl::Status EncodeOrdinary(std::string_view text, std::vector<uint32_t>& ids,
                              std::vector<TokenOffset>* offsets) const;

  // As EncodeOrdinary, for text known to be valid UTF-8 (a Python str's UTF-8 form is): skips
  // the check, ~5 % of the cost. The text is NOT checked: callers must guarantee it.
  void EncodeOrdinaryValidUtf8(std::string_view text, std::vector<uint32_t>& ids) const {
    EncodeValidOrdinary(text, 0, ids, nullptr);
  }

  absl::StatusOr<std::vector<uint32_t>> Encode(
      std::string_view text, const SpecialTokenSet& allowed_special = SpecialTokenSet::None(),
      const SpecialTokenSet& disallowed_special = SpecialTokenSet::All()) const;
  absl::Status Encode(std::string_view text, const SpecialTokenSet& allowed_special,
                      const SpecialTokenSet& disallowed_special, std::vector<uint32_t>& ids,
                      std::vector<TokenOffset>* offsets) const;

  // tiktoken's encode_with_unstable: the ids of `text` before its last piece, which more
  // text could still change (`stable`), and every token sequence that can follow them in the
  // encoding of a text starting with `text`, covering at least the rest of it (`completions`,
  // sorted; tiktoken returns them in hash order). The special tokens are encode()'s.
  struct UnstableEncoding {
    std::vector<uint32_t> stable;
    std::vector<std::vector<uint32_t>> completions;
  };
  absl::StatusOr<UnstableEncoding> EncodeWithUnstable(
      std::string_view text, const SpecialTokenSet& allowed_special = SpecialTokenSet::None(),
      const SpecialTokenSet& disallowed_special = SpecialTokenSet::All()) const;

  // Any bytes. Valid UTF-8 encodes as EncodeOrdinary; otherwise as tiktoken's _encode_bytes:
  // the valid prefix is encoded, then its last piece (with trailing whitespace-only tokens)
  // and the remaining bytes are merged as one byte sequence.
  std::vector<uint32_t> EncodeBytes(std::string_view bytes) const;

  // The bytes of the ids (not necessarily UTF-8); error on an id outside the vocabulary.
  absl::StatusOr<std::string> Decode(std::span<const uint32_t> ids) const;
  absl::StatusOr<std::string_view> DecodeSingleTokenBytes(uint32_t id) const;

  // tiktoken's _encode_single_piece: `bytes` as one piece: its rank if it is a mergeable
  // token, else its byte-pair merges (no splitting, no special tokens).
  std::vector<uint32_t> EncodeSinglePiece(std::string_view bytes) const;

  // tiktoken's encode_single_token: the id of the token (mergeable or special) whose bytes
  // are exactly `bytes`.
  std::optional<uint32_t> EncodeSingleToken(std::string_view bytes) const;
  // tiktoken's token_byte_values: the bytes of every mergeable token, in byte order.
  std::vector<std::string_view> TokenByteValues() const;
  bool IsSpecialToken(uint32_t id) const;

  const std::string& name() const { return name_; }
  // The split pattern (tiktoken's spelling for OpenAI's encodings).
  const std::string& pat_str() const { return pat_str_; }
  std::optional<uint32_t> explicit_n_vocab() const { return explicit_n_vocab_; }
  uint32_t n_vocab() const { return n_vocab_; }
  std::optional<uint32_t> eot_token() const { return SpecialTokenId("<|endoftext|>"); }
  std::optional<uint32_t> SpecialTokenId(std::string_view text) const;
  const std::vector<std::pair<std::string, uint32_t>>& special_tokens() const {
    return special_tokens_;
  }
  const ByteRanks& ranks() const { return ranks_; }
  // See ByteRanks::set_use_piece_cache (on by default).
  void set_use_piece_cache(bool use) { ranks_.set_use_piece_cache(use); }

 private:
  TiktokenEncoding(ByteRanks ranks) : ranks_(std::move(ranks)) {}
  // The ranks' table and the id → bytes layout; `ranks` checked by the caller.
  static absl::StatusOr<TiktokenEncoding> Assemble(std::string name, const TiktokenRanks& ranks,
                                                   std::vector<std::pair<std::string, uint32_t>> specials,
                                                   std::string_view source);
  // The pieces of `text` the pattern yields (tiktoken's find_iter).
  void SplitPieces(std::string_view text, std::vector<Match>& pieces) const;

  std::string_view TokenBytes(uint32_t id) const {
    return std::string_view(token_bytes_).substr(token_starts_[id],
                                                 token_starts_[id + 1] - token_starts_[id]);
  }
  // Encode's work; returns how many ids the last piece gave (0 when a special token ends it).
  absl::StatusOr<size_t> EncodeCountingLastPiece(std::string_view text,
                                                 const SpecialTokenSet& allowed_special,
                                                 const SpecialTokenSet& disallowed_special,
                                                 std::vector<uint32_t>& ids,
                                                 std::vector<TokenOffset>* offsets) const;
  // tiktoken's _increase_last_piece_token_len: a last piece of whitespace tokens takes the
  // whitespace tokens before it too (the pattern may split whitespace differently once more
  // text follows). Returns the new count.
  size_t WithWhitespaceTokensBefore(const std::vector<uint32_t>& ids, size_t last_piece_tokens) const;
  // The mergeable tokens' ids in the byte order of their bytes (tiktoken's
  // sorted_token_bytes), sorted on first use.
  const std::vector<uint32_t>& SortedTokenIds() const;
  // The ids of the tokens whose bytes start with `prefix`, from SortedTokenIds.
  std::span<const uint32_t> TokensStartingWith(std::string_view prefix) const;

  // Encodes valid UTF-8 without special tokens; returns how many ids the last piece gave.
  size_t EncodeValidOrdinary(std::string_view text, size_t text_offset, std::vector<uint32_t>& ids,
                             std::vector<TokenOffset>* offsets) const;
  // tiktoken's check: the leftmost disallowed special text found is an error.
  absl::Status CheckDisallowed(std::string_view text, const SpecialTokenSet& allowed,
                               const SpecialTokenSet& disallowed) const;

  std::string name_;
  std::string pat_str_;
  std::optional<uint32_t> explicit_n_vocab_;
  KnownSplitPattern pattern_ = KnownSplitPattern::kGpt2;
  std::shared_ptr<const SplitRegex> regex_;  // a pattern without a scanner
  ByteRanks ranks_;
  std::vector<std::pair<std::string, uint32_t>> special_tokens_;
  uint32_t n_vocab_ = 0;
  // id → bytes, for decoding and offsets: token_bytes_[token_starts_[id], token_starts_[id+1]).
  std::string token_bytes_;
  std::vector<uint32_t> token_starts_;
  struct SortedTokens {
    absl::once_flag once;
    std::vector<uint32_t> ids;
  };
  std::shared_ptr<SortedTokens> sorted_tokens_ = std::make_shared<SortedTokens>();
};

}  // namespace tokenmill
