// LinMaxMatch (Song et al., "Fast WordPiece Tokenization", EMNLP 2021): WordPiece's greedy
// longest-match-first in one left-to-right pass over a trie with precomputed failure links
// and failure pops — linear in the word's length, with no backtracking, whatever the
// vocabulary.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "tokenizers/models/vocab.h"
#include "tokenizers/pre_tokenized_string.h"

namespace tokenmill {

class LinMaxMatchTrie {
 public:
  // `prefix` marks continuation tokens ("##" in BERT); may be empty.
  LinMaxMatchTrie(const Vocab& vocab, std::string_view prefix);

  // Appends the tokens of `word` (offsets relative to it); false, appending nothing, when
  // some position has no matching token (the caller then emits the unk token).
  bool Match(std::string_view word, std::vector<Token>& out) const;

 private:
  // A token popped by a failure transition and how many bytes of the word it covers.
  struct Pop {
    uint32_t id;
    uint32_t length;
  };
  // Nodes are numbered level by level, so a node's children are consecutive and sorted by
  // byte, and every failure link points to an already numbered node.
  struct Node {
    int32_t token = -1;         // id of the token spelled by the path, if any
    int32_t failure = -1;       // failure link, -1 = none (the word cannot be matched)
    uint32_t pops_begin = 0;    // failure pops in pops_
    uint32_t pops_end = 0;
    uint32_t first_child = 0;
    uint32_t token_length = 0;  // bytes of the word the token covers
    uint16_t child_count = 0;
    unsigned char byte = 0;     // label of the edge from the parent
  };
  // A vocabulary token being inserted: its bytes and the node reached so far.
  struct Entry {
    std::string_view bytes;
    uint32_t id;
    int32_t node;
  };

  int32_t Child(int32_t node, unsigned char byte) const {
    if (node == root_) return root_children_[byte];
    if (node == suffix_root_) return suffix_root_children_[byte];
    return SearchChild(node, byte);
  }
  int32_t SearchChild(int32_t node, unsigned char byte) const;
  void ComputeFailureLinks();

  std::vector<Node> nodes_;
  // nodes_[i].byte again, contiguous: a node's children labels are one short byte run.
  std::vector<unsigned char> labels_;
  // The roots have the most children (every first byte): look those up directly.
  std::array<int32_t, 256> root_children_;
  std::array<int32_t, 256> suffix_root_children_;
  std::vector<int32_t> parent_;  // build time only
  std::vector<Pop> pops_;
  int32_t root_ = 0;         // matches at the start of a word
  int32_t suffix_root_ = 0;  // matches after the prefix (== root_ with no prefix)
};

}  // namespace tokenmill
