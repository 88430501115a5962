// The lattice of one word as sentencepiece's trainer builds it (Model::PopulateNodes over a
// TrainerModel): at each character every piece of the trie that starts there, shortest first,
// then an unknown node (piece 0, score min - 10) when no one-character piece starts there.
// Nodes are grouped by their first character, so the node order is spm's and the float folds
// below add in spm's order.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "tokenizers/trainers/unigram/unigram_em.h"

namespace tokenmill::unigram_training {

template <typename Real>
struct LatticeNode {
  uint32_t begin, end;  // characters
  uint32_t id;
  Real score;
};

template <typename Real>
class TrainingLattice {
 public:
  void Build(std::string_view word, const PieceModel<Real>& model);

  uint32_t chars() const { return chars_; }
  const std::vector<LatticeNode<Real>>& nodes() const { return nodes_; }

  // log Z, and expected[id] += count · P(node) for every node (sentencepiece's
  // PopulateMarginal: LogSumExp and the update in spm's float/double mix).
  Real AddMarginals(Real count, std::vector<Real>& expected);

  // Viterbi path (node indices), ties to the earliest-starting left node as spm. `skip` is a
  // node left out (-1: none). Empty when no path exists.
  const std::vector<uint32_t>& Viterbi(int64_t skip = -1);

 private:
  uint32_t chars_ = 0;
  std::vector<uint32_t> char_of_byte_;
  std::vector<LatticeNode<Real>> nodes_;
  std::vector<uint32_t> group_;  // nodes starting at character k: [group_[k], group_[k+1])
  std::vector<Real> alpha_, beta_;
  std::vector<uint8_t> seen_;
  std::vector<uint32_t> end_offsets_, end_list_;
  std::vector<Real> backtrace_;
  std::vector<int64_t> prev_;
  std::vector<uint8_t> reached_;
  std::vector<uint32_t> path_;
};

}  // namespace tokenmill::unigram_training
