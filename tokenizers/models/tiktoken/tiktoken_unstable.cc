// tiktoken's encode_with_unstable (its _encode_unstable_native), for completion-style use:
// what the encoding of a text that starts with `text` can look like past the ids that are
// already settled. Same brute force as tiktoken, so the same set:
//   1. every token whose bytes start with the unstable bytes;
//   2. for each split of the unstable bytes into prefix + suffix, every token t starting with
//      the suffix: the encoding of prefix + t (encode_ordinary when that is UTF-8, plain BPE
//      merging otherwise), cut once it covers the unstable bytes;
//   3. when the unstable bytes end in a whitespace character, their BPE with that character
//      split off (the pattern's \s+(?!\S) can split whitespace once more text follows).
#include <algorithm>
#include <set>
#include <string>

#include <unicode/uchar.h>

#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/models/tiktoken/tiktoken_encoding.h"

namespace tokenmill {
namespace {

bool AllSpaceBytes(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(),
                     [](char c) { return c == ' ' || c == '\n' || c == '\t'; });
}

// The byte length of the last character of `bytes` if it is a valid UTF-8 whitespace
// character (Unicode White_Space, Rust's char::is_whitespace), else 0.
size_t TrailingWhitespaceLength(std::string_view bytes) {
  size_t start = bytes.size();
  while (start > 0 && bytes.size() - start < 4 &&
         !utf8::IsCharStart(static_cast<unsigned char>(bytes[start - 1]))) {
    --start;
  }
  if (start == 0) return 0;
  --start;
  const std::string_view last = bytes.substr(start);
  if (utf8::ValidPrefixLength(last) != last.size()) return 0;
  size_t pos = 0;
  const char32_t c = utf8::DecodeValid(last, pos);
  return pos == last.size() && u_isUWhiteSpace(static_cast<UChar32>(c)) ? last.size() : 0;
}

}  // namespace

size_t TiktokenEncoding::WithWhitespaceTokensBefore(const std::vector<uint32_t>& ids,
                                                    size_t last_piece_tokens) const {
  if (last_piece_tokens == 0 || !AllSpaceBytes(TokenBytes(ids[ids.size() - last_piece_tokens]))) {
    return last_piece_tokens;
  }
  while (last_piece_tokens < ids.size() &&
         AllSpaceBytes(TokenBytes(ids[ids.size() - last_piece_tokens - 1]))) {
    ++last_piece_tokens;
  }
  return last_piece_tokens;
}

absl::StatusOr<TiktokenEncoding::UnstableEncoding> TiktokenEncoding::EncodeWithUnstable(
    std::string_view text, const SpecialTokenSet& allowed_special,
    const SpecialTokenSet& disallowed_special) const {
  UnstableEncoding result;
  std::vector<uint32_t>& ids = result.stable;
  TM_ASSIGN_OR_RETURN(size_t last_piece_tokens, EncodeCountingLastPiece(text, allowed_special,
                                                                        disallowed_special, ids,
                                                                        nullptr));
  if (last_piece_tokens == 0) return result;  // empty, or a special token last: all settled
  last_piece_tokens = WithWhitespaceTokensBefore(ids, last_piece_tokens);
  std::string unstable;
  for (size_t i = ids.size() - last_piece_tokens; i < ids.size(); ++i) unstable += TokenBytes(ids[i]);
  ids.resize(ids.size() - last_piece_tokens);

  std::set<std::vector<uint32_t>> completions;
  for (const uint32_t id : TokensStartingWith(unstable)) completions.insert({id});

  BpeScratch scratch;
  std::vector<BpeSymbol> symbols;
  std::vector<uint32_t> encoded;
  std::string possibility;
  for (size_t i = 1; i < unstable.size(); ++i) {
    const std::string_view prefix = std::string_view(unstable).substr(0, i);
    for (const uint32_t id : TokensStartingWith(std::string_view(unstable).substr(i))) {
      possibility.assign(prefix);
      possibility += TokenBytes(id);
      encoded.clear();
      if (utf8::ValidPrefixLength(possibility) == possibility.size()) {
        EncodeValidOrdinary(possibility, 0, encoded, nullptr);
      } else {
        ranks_.EncodeByMerging(possibility, encoded, scratch, symbols);
      }
      size_t covered = 0, count = 0;
      while (count < encoded.size() && covered < unstable.size()) covered += TokenBytes(encoded[count++]).size();
      encoded.resize(count);
      completions.insert(encoded);
    }
  }

  if (unstable.size() > 1) {
    if (const size_t space = TrailingWhitespaceLength(unstable); space > 0 && space < unstable.size()) {
      encoded.clear();
      ranks_.EncodeByMerging(std::string_view(unstable).substr(0, unstable.size() - space), encoded,
                             scratch, symbols);
      ranks_.EncodeByMerging(std::string_view(unstable).substr(unstable.size() - space), encoded,
                             scratch, symbols);
      completions.insert(encoded);
    }
  }
  result.completions.assign(completions.begin(), completions.end());
  return result;
}

}  // namespace tokenmill
