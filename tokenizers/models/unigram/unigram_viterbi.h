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
  const DoubleArrayTrie::Unit* units = trie.units();
  const uint32_t root_base = trie.RootBase();
  const bool empty_trie = trie.num_units() == 0;
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(text.data());
  size_t start = 0;
  while (start < size) {
    const Stored here = best[start].score;
    const double here_d = static_cast<double>(here);
    const size_t mblen = CharLenAt(text, start);
    bool has_single_node = false;
    uint32_t base = root_base;
    for (size_t pos = start; pos < size && !empty_trie; ++pos) {
      const uint8_t c = bytes[pos];
      const DoubleArrayTrie::Unit u = units[base ^ c];
      if (!DoubleArrayTrie::Follows(u, c)) break;
      base = u.base;
      if (!DoubleArrayTrie::HasValue(u)) continue;
      const uint32_t id = DoubleArrayTrie::Value(u);
      const size_t end = pos + 1;
      const double candidate = scoring.piece_scores[id] + here_d;
      BestPathNode<Stored>& target = best[end];
      if (target.starts_at < 0 || candidate > static_cast<double>(target.score)) {
        target.score = static_cast<Stored>(candidate);
        target.starts_at = static_cast<int32_t>(start);
        target.id = id;
      }
      has_single_node |= (end - start == mblen);
    }
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
