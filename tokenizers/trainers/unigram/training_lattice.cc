#include "tokenizers/trainers/unigram/training_lattice.h"

#include <algorithm>
#include <cmath>

#include "tokenizers/base/utf8.h"

namespace tokenmill::unigram_training {
namespace {

// sentencepiece's LogSumExp: the difference in Real, the log in double, the sum rounded to Real.
template <typename Real>
inline Real LogSumExp(Real x, Real y) {
  const Real vmin = std::min(x, y);
  const Real vmax = std::max(x, y);
  constexpr Real kMinusLogEpsilon = 50;
  if (vmax > vmin + kMinusLogEpsilon) return vmax;
  // exp(d) < 2^-54 rounds 1 + exp(d) to 1, whose log is 0: the same result without libm.
  if (vmin - vmax < Real(-38)) return vmax;
  return static_cast<Real>(static_cast<double>(vmax) +
                           std::log(std::exp(static_cast<double>(vmin - vmax)) + 1.0));
}

}  // namespace

template <typename Real>
void TrainingLattice<Real>::Build(std::string_view word, const PieceModel<Real>& model) {
  const size_t size = word.size();
  char_of_byte_.assign(size + 1, 0);
  chars_ = 0;
  for (size_t pos = 0; pos < size;) {
    const uint32_t len = utf8::ValidLeadLength(static_cast<uint8_t>(word[pos]));
    for (uint32_t k = 0; k < len && pos + k <= size; ++k) char_of_byte_[pos + k] = chars_;
    pos += len;
    ++chars_;
  }
  char_of_byte_[size] = chars_;
  nodes_.clear();
  group_.assign(chars_ + 1, 0);
  const DoubleArrayTrie& trie = model.trie();
  const auto* units = trie.units();
  const bool empty = trie.num_units() == 0;
  const Real* scores = model.scores().data();
  const uint32_t* piece_of_value = model.piece_of_trie_value().data();
  uint32_t k = 0;
  for (size_t start = 0; start < size; ++k) {
    group_[k] = static_cast<uint32_t>(nodes_.size());
    const uint32_t len = utf8::ValidLeadLength(static_cast<uint8_t>(word[start]));
    bool single = false;
    uint32_t base = trie.RootBase();
    for (size_t pos = start; pos < size && !empty; ++pos) {
      const uint8_t c = static_cast<uint8_t>(word[pos]);
      const DoubleArrayTrie::Unit u = units[base ^ c];
      if (!DoubleArrayTrie::Follows(u, c)) break;
      base = u.base;
      if (!DoubleArrayTrie::HasValue(u)) continue;
      const uint32_t id = piece_of_value[DoubleArrayTrie::Value(u)];
      if (id == PieceModel<Real>::kRemoved) continue;
      const uint32_t end = char_of_byte_[pos + 1];
      nodes_.push_back({k, end, id, scores[id]});
      single |= end == k + 1;
    }
    if (!single) nodes_.push_back({k, k + 1, 0, model.unk_score()});
    start += len;
  }
  group_[chars_] = static_cast<uint32_t>(nodes_.size());
}

template <typename Real>
Real TrainingLattice<Real>::AddMarginals(Real count, std::vector<Real>& expected) {
  const uint32_t n = chars_;
  alpha_.assign(n + 1, 0);
  beta_.assign(n + 1, 0);
  seen_.assign(n + 1, 0);
  // alpha[p]: over the nodes ending at p in spm's end-list order (earliest start first).
  for (uint32_t k = 0; k < n; ++k) {
    const Real here = alpha_[k];
    for (uint32_t i = group_[k]; i < group_[k + 1]; ++i) {
      const LatticeNode<Real>& node = nodes_[i];
      const Real v = node.score + here;
      if (!seen_[node.end]) {
        alpha_[node.end] = v;
        seen_[node.end] = 1;
      } else {
        alpha_[node.end] = LogSumExp(alpha_[node.end], v);
      }
    }
  }
  // beta[p]: over the nodes starting at p in insertion order.
  for (uint32_t k = n; k-- > 0;) {
    Real acc = 0;
    for (uint32_t i = group_[k]; i < group_[k + 1]; ++i) {
      const LatticeNode<Real>& node = nodes_[i];
      const Real v = node.score + beta_[node.end];
      acc = i == group_[k] ? v : LogSumExp(acc, v);
    }
    beta_[k] = acc;
  }
  const Real z = alpha_[n];
  const double weight = static_cast<double>(count);
  for (const LatticeNode<Real>& node : nodes_) {
    const Real log_p = alpha_[node.begin] + node.score + beta_[node.end] - z;
    expected[node.id] = static_cast<Real>(static_cast<double>(expected[node.id]) +
                                          weight * std::exp(static_cast<double>(log_p)));
  }
  return z;
}

template <typename Real>
const std::vector<uint32_t>& TrainingLattice<Real>::Viterbi(int64_t skip) {
  const uint32_t n = chars_;
  const size_t count = nodes_.size();
  // Nodes ending at each position, in node order (= spm's end-list order).
  end_offsets_.assign(n + 2, 0);
  for (const auto& node : nodes_) ++end_offsets_[node.end + 1];
  for (uint32_t p = 0; p <= n; ++p) end_offsets_[p + 1] += end_offsets_[p];
  end_list_.resize(count);
  {
    std::vector<uint32_t>& fill = path_;  // scratch
    fill.assign(end_offsets_.begin(), end_offsets_.end() - 1);
    for (uint32_t i = 0; i < count; ++i) end_list_[fill[nodes_[i].end]++] = i;
  }
  backtrace_.assign(count, 0);
  prev_.assign(count, -1);
  reached_.assign(count, 0);
  auto best_left = [&](uint32_t pos, Real score, Real& best, int64_t& best_node) {
    bool found = false;
    if (pos == 0) {  // BOS, backtrace score 0
      best = Real(0) + score;
      best_node = -1;
      return true;
    }
    for (uint32_t j = end_offsets_[pos]; j < end_offsets_[pos + 1]; ++j) {
      const uint32_t l = end_list_[j];
      if (!reached_[l]) continue;
      const Real s = backtrace_[l] + score;
      if (!found || s > best) {
        best = s;
        best_node = l;
        found = true;
      }
    }
    return found;
  };
  for (uint32_t k = 0; k < n; ++k) {
    for (uint32_t i = group_[k]; i < group_[k + 1]; ++i) {
      if (static_cast<int64_t>(i) == skip) continue;
      Real best = 0;
      int64_t best_node = -1;
      if (best_left(k, nodes_[i].score, best, best_node)) {
        backtrace_[i] = best;
        prev_[i] = best_node;
        reached_[i] = 1;
      }
    }
  }
  path_.clear();
  Real best = 0;
  int64_t last = -1;
  if (n == 0 || !best_left(n, Real(0), best, last)) return path_;
  for (int64_t i = last; i >= 0; i = prev_[i]) path_.push_back(static_cast<uint32_t>(i));
  std::reverse(path_.begin(), path_.end());
  return path_;
}

template class TrainingLattice<float>;
template class TrainingLattice<double>;

}  // namespace tokenmill::unigram_training
