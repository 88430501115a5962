// The Viterbi search shared by the sentencepiece-exact UnigramModel and HF's Unigram: the
// lattice is never built (sentencepiece 0.1.97's EncodeOptimized): walking the trie from
// each character start, every match updates the best path ending where it ends, and the
// best path is read back from the end.
//
// Exactness lives in the arithmetic: a piece candidate is `piece_score (double) + stored best
// (Stored)` computed in double, an unknown candidate `unk_score + stored best` in Stored; the
// stored best is replaced only by a strictly greater candidate (or when unset), candidates
// arriving in increasing start position. sentencepiece stores float, HF stores f64.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "tokenizers/models/unigram/double_array_trie.h"
#include "tokenizers/pre_tokenized_string.h"

namespace tokenmill::unigram_internal {

// Bytes of the UTF-8 character starting with `lead`, from the lead byte alone (sentencepiece's
// OneCharLen: continuation and invalid bytes count as one).
inline size_t OneCharLen(uint8_t lead) {
  return static_cast<size_t>("\1\1\1\1\1\1\1\1\1\1\1\1\2\2\3\4"[lead >> 4]);
}
inline size_t CharLenAt(std::string_view text, size_t pos) {
  return std::min(OneCharLen(static_cast<uint8_t>(text[pos])), text.size() - pos);
}

// The pieces of sentencepiece's lattice starting at a byte: the trie's matches there. Built
// once per text, so the walk per position reads no member of the trie.
class PieceMatcher {
 public:
  explicit PieceMatcher(const DoubleArrayTrie& trie)
      : units_(trie.units()), root_base_(trie.RootBase()), empty_(trie.num_units() == 0) {}

  // Calls piece(end, id) for each piece matching `bytes` at `start`, shortest first, ending at
  // most at `limit`. Returns whether one of them is exactly the `mblen`-byte character at
  // `start`; when none is, the lattice has an unknown node there instead.
  template <typename Piece>
  bool ForEachAt(const uint8_t* bytes, size_t start, size_t limit, size_t mblen,
                 Piece&& piece) const {
    bool has_single_node = false;
    uint32_t base = root_base_;
    for (size_t pos = start; pos < limit && !empty_; ++pos) {
      const uint8_t c = bytes[pos];
      const DoubleArrayTrie::Unit u = units_[base ^ c];
      if (!DoubleArrayTrie::Follows(u, c)) break;
      base = u.base;
      if (!DoubleArrayTrie::HasValue(u)) continue;
      piece(pos + 1, DoubleArrayTrie::Value(u));
      has_single_node |= pos + 1 - start == mblen;
    }
    return has_single_node;
  }

 private:
  const DoubleArrayTrie::Unit* units_;
  uint32_t root_base_;
  bool empty_;
};

template <typename Stored>
struct BestPathNode {
  Stored score;
  int32_t starts_at;  // -1: no path ends here yet
  uint32_t id;
};

template <typename Stored>
struct ViterbiScoring {
  const double* piece_scores;      // by id (the trie's value)
  Stored unk_score;
  std::optional<uint32_t> unk_id;  // none: an unknown character is an error
};

// Appends the best segmentation of `text` to `out` ({id, begin, end}, byte offsets in
// `text`; each unknown character is its own token). Returns false, appending nothing, when a
// character has no single-character piece and there is no unk id.
template <typename Stored>
bool ViterbiEncode(std::string_view text, const DoubleArrayTrie& trie,
                   const ViterbiScoring<Stored>& scoring,
                   std::vector<BestPathNode<Stored>>& best, std::vector<Token>& out) {
  const size_t size = text.size();
  if (size == 0) return true;
  best.assign(size + 1, BestPathNode<Stored>{Stored(0), -1, 0});
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const PieceMatcher matcher(trie);
  size_t start = 0;
  while (start < size) {
    const Stored here = best[start].score;
    const double here_d = static_cast<double>(here);
    const size_t mblen = CharLenAt(text, start);
    const bool has_single_node = matcher.ForEachAt(bytes, start, size, mblen, [&](size_t end, uint32_t id) {
      const double candidate = scoring.piece_scores[id] + here_d;
      BestPathNode<Stored>& target = best[end];
      if (target.starts_at < 0 || candidate > static_cast<double>(target.score)) {
        target.score = static_cast<Stored>(candidate);
        target.starts_at = static_cast<int32_t>(start);
        target.id = id;
      }
    });
    if (!has_single_node) {
      if (!scoring.unk_id) return false;
      BestPathNode<Stored>& target = best[start + mblen];
      const Stored candidate = scoring.unk_score + here;
      if (target.starts_at < 0 || candidate > target.score) {
        target.score = candidate;
        target.starts_at = static_cast<int32_t>(start);
        target.id = *scoring.unk_id;
      }
    }
    start += mblen;
  }
  const size_t first = out.size();
  for (size_t end = size; end > 0;) {
    const BestPathNode<Stored>& node = best[end];
    const uint32_t begin = static_cast<uint32_t>(node.starts_at);
    out.push_back(Token{node.id, begin, static_cast<uint32_t>(end)});
    end = begin;
  }
  std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
  return true;
}

}  // namespace tokenmill::unigram_internal
