// Template definitions for pre_tokenized_string.h.
#pragma once

#include <algorithm>

namespace tokenmill {

template <typename SplitFn>
void PreTokenizedString::Refine(SplitFn&& fn) {
  scratch_splits_.clear();
  scratch_splits_.reserve(splits_.size() * 2);
  for (const Split& split : splits_) {
    if (split.tokenized()) {
      scratch_splits_.push_back(split);
      continue;
    }
    scratch_pieces_.clear();
    fn(SplitText(split), scratch_pieces_);
    for (const Match& piece : scratch_pieces_) {
      if (piece.begin >= piece.end) continue;
      scratch_splits_.push_back(Split{split.begin + piece.begin, split.begin + piece.end});
    }
  }
  splits_.swap(scratch_splits_);
}

template <typename FindFn>
void PreTokenizedString::SplitOn(FindFn&& find, SplitBehavior behavior) {
  std::vector<Match> delimiters;
  Refine([&](std::string_view text, std::vector<Match>& pieces) {
    delimiters.clear();
    find(text, delimiters);
    PiecesFromMatches(static_cast<uint32_t>(text.size()), delimiters, behavior, pieces);
  });
}

template <typename RewriteFn>
void PreTokenizedString::Rewrite(RewriteFn&& rewrite) {
  scratch_text_.mutable_normalized().clear();
  scratch_text_.mutable_alignments().clear();
  scratch_splits_.clear();
  SplitWriter writer(scratch_text_, scratch_splits_);
  for (const Split& split : splits_) {
    writer.begin_ = static_cast<uint32_t>(scratch_text_.size());
    if (split.tokenized()) {
      writer.Append(SplitText(split), Span{});
      std::copy(text_.alignments().begin() + split.begin, text_.alignments().begin() + split.end,
                scratch_text_.mutable_alignments().begin() + writer.begin_);
      Split moved = split;
      moved.begin = writer.begin_;
      moved.end = static_cast<uint32_t>(scratch_text_.size());
      scratch_splits_.push_back(moved);
      continue;
    }
    rewrite(SplitText(split), text_.alignments().data() + split.begin, writer);
    writer.EndSplit();
  }
  text_.mutable_normalized().swap(scratch_text_.mutable_normalized());
  text_.mutable_alignments().swap(scratch_text_.mutable_alignments());
  splits_.swap(scratch_splits_);
}

template <typename TokenizeFn>
void PreTokenizedString::Tokenize(TokenizeFn&& tokenize) {
  for (Split& split : splits_) {
    if (split.tokenized()) continue;
    split.token_begin = static_cast<int32_t>(tokens_.size());
    tokenize(SplitText(split), tokens_);
    split.token_end = static_cast<int32_t>(tokens_.size());
  }
}

}  // namespace tokenmill
