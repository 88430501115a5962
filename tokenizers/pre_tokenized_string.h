// The text after added-token extraction and normalization, cut into splits ("words") that
// pre-tokenizers refine and the model then tokenizes one by one.
//
// All splits live in one normalized buffer (no allocation per split); a split is a byte
// range of it, optionally already tokenized (added tokens are).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "tokenizers/normalized_string.h"

namespace tokenmill {

// A token produced by a model, with offsets relative to its split's normalized text.
struct Token {
  uint32_t id;
  uint32_t begin;
  uint32_t end;
};

struct Split {
  uint32_t begin;  // byte range in PreTokenizedString::text()
  uint32_t end;
  int32_t token_begin = -1;  // range in tokens(); -1 while not tokenized
  int32_t token_end = -1;
  bool added = false;  // an added token: its token text is the split's text
  bool tokenized() const { return token_begin >= 0; }
};

// How a delimiter found in a split is kept (HF's SplitDelimiterBehavior).
enum class SplitBehavior { kRemoved, kIsolated, kMergedWithPrevious, kMergedWithNext, kContiguous };

// A match found by a pattern: the byte range [begin, end) relative to the split searched.
struct Match {
  uint32_t begin;
  uint32_t end;
};

// Writes the splits that replace one split during PreTokenizedString::Rewrite: text with one
// original span per byte, cut into splits by EndSplit.
class SplitWriter {
 public:
  SplitWriter(NormalizedString& text, std::vector<Split>& splits) : text_(text), splits_(splits) {}
  // Appends `bytes`, every one aligned to `span`.
  void Append(std::string_view bytes, Span span) {
    text_.mutable_normalized().append(bytes);
    text_.mutable_alignments().insert(text_.mutable_alignments().end(), bytes.size(), span);
  }
  // Closes the split written since the last EndSplit (nothing when it is empty).
  void EndSplit();

 private:
  friend class PreTokenizedString;
  NormalizedString& text_;
  std::vector<Split>& splits_;
  uint32_t begin_ = 0;
};

class PreTokenizedString {
 public:
  PreTokenizedString() = default;

  // Resets to a single untokenized split holding `normalized`.
  void Reset(NormalizedString normalized);

  std::string_view text() const { return text_.normalized(); }
  std::string_view SplitText(const Split& s) const { return text().substr(s.begin, s.end - s.begin); }
  const std::vector<Split>& splits() const { return splits_; }
  const std::vector<Token>& tokens() const { return tokens_; }
  const NormalizedString& normalized() const { return text_; }

  // Appends bytes [begin, end) of `piece` as an untokenized split, or as a split that is
  // one added token `id`.
  void AddSplit(const NormalizedString& piece, size_t begin, size_t end);
  void AddTokenizedSplit(const NormalizedString& piece, size_t begin, size_t end, uint32_t id);

  // Calls `fn(split_text, out_pieces)` for every untokenized split; `fn` appends the byte
  // ranges (relative to split_text) that replace the split. Empty pieces are dropped.
  template <typename SplitFn>
  void Refine(SplitFn&& fn);

  // Splits every untokenized split around the delimiters `find(split_text, matches)`
  // reports, keeping them as `behavior` says.
  template <typename FindFn>
  void SplitOn(FindFn&& find, SplitBehavior behavior);

  // Rebuilds the buffer with new text: every untokenized split is replaced by what
  // `rewrite(split_text, split_spans, writer)` writes (split_spans: one original span per
  // byte of split_text); tokenized splits are kept. For pre-tokenizers that change the text
  // (ByteLevel), as HF's PreTokenizedString::normalize does per split.
  template <typename RewriteFn>
  void Rewrite(RewriteFn&& rewrite);

  // Runs `tokenize(split_text, tokens_out)` on every untokenized split.
  template <typename TokenizeFn>
  void Tokenize(TokenizeFn&& tokenize);

  // Original span of a token that sits in `split`.
  Span TokenSpan(const Split& split, const Token& token) const {
    return text_.OriginalSpan(split.begin + token.begin, split.begin + token.end);
  }

 private:
  NormalizedString text_;
  std::vector<Split> splits_;
  std::vector<Token> tokens_;
  std::vector<Split> scratch_splits_;
  std::vector<Match> scratch_pieces_;
  NormalizedString scratch_text_;
};

// Turns delimiter matches into pieces with the given behaviour (HF's NormalizedString::split).
void PiecesFromMatches(uint32_t length, const std::vector<Match>& delimiters,
                       SplitBehavior behavior, std::vector<Match>& pieces);

}  // namespace tokenmill

#include "tokenizers/pre_tokenized_string_inl.h"
