#include "tokenizers/pre_tokenized_string.h"

namespace tokenmill {

void SplitWriter::EndSplit() {
  const auto end = static_cast<uint32_t>(text_.size());
  if (end > begin_) splits_.push_back(Split{begin_, end});
  begin_ = end;
}

void PreTokenizedString::Reset(NormalizedString normalized) {
  text_ = std::move(normalized);
  splits_.clear();
  tokens_.clear();
  if (!text_.empty()) splits_.push_back(Split{0, static_cast<uint32_t>(text_.size())});
}

void PreTokenizedString::AddSplit(const NormalizedString& piece, size_t begin, size_t end) {
  if (begin >= end) return;
  const auto first = static_cast<uint32_t>(text_.size());
  text_.Append(std::string_view(piece.normalized()).substr(begin, end - begin),
               piece.alignments().data() + begin);
  splits_.push_back(Split{first, static_cast<uint32_t>(text_.size())});
}

void PreTokenizedString::AddTokenizedSplit(const NormalizedString& piece, size_t begin,
                                           size_t end, uint32_t id) {
  if (begin >= end) return;
  AddSplit(piece, begin, end);
  Split& split = splits_.back();
  split.token_begin = static_cast<int32_t>(tokens_.size());
  split.token_end = split.token_begin + 1;
  split.added = true;
  tokens_.push_back(Token{id, 0, static_cast<uint32_t>(end - begin)});
}

void PiecesFromMatches(uint32_t length, const std::vector<Match>& delimiters,
                       SplitBehavior behavior, std::vector<Match>& pieces) {
  // Label the text as alternating (is_delimiter, range) runs, then combine per behaviour.
  uint32_t last = 0;
  auto emit = [&](uint32_t b, uint32_t e) { pieces.push_back(Match{b, e}); };
  switch (behavior) {
    case SplitBehavior::kRemoved:
      for (const Match& m : delimiters) {
        if (last < m.begin) emit(last, m.begin);
        last = m.end;
      }
      if (last < length) emit(last, length);
      return;
    case SplitBehavior::kIsolated:
      for (const Match& m : delimiters) {
        if (last < m.begin) emit(last, m.begin);
        emit(m.begin, m.end);
        last = m.end;
      }
      if (last < length) emit(last, length);
      return;
    case SplitBehavior::kMergedWithPrevious:
      for (const Match& m : delimiters) {
        emit(last, m.end);
        last = m.end;
      }
      if (last < length) emit(last, length);
      return;
    case SplitBehavior::kMergedWithNext:
      for (const Match& m : delimiters) {
        if (last < m.begin) emit(last, m.begin);
        last = m.begin;
      }
      if (last < length) emit(last, length);
      return;
    case SplitBehavior::kContiguous: {
      // Consecutive delimiters (touching each other) become one piece.
      size_t i = 0;
      while (i < delimiters.size()) {
        uint32_t b = delimiters[i].begin, e = delimiters[i].end;
        while (i + 1 < delimiters.size() && delimiters[i + 1].begin == e) e = delimiters[++i].end;
        if (last < b) emit(last, b);
        emit(b, e);
        last = e;
        ++i;
      }
      if (last < length) emit(last, length);
      return;
    }
  }
}

}  // namespace tokenmill
