#include "tokenizers/models/unigram/unigram_lattice.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/base/attributes.h"
#include "tokenizers/models/unigram/unigram_viterbi.h"

namespace tokenmill::unigram_internal {

void Lattice::Build(std::string_view text, const LatticeScoring& scoring) {
  const uint32_t size = static_cast<uint32_t>(text.size());
  char_begin_.clear();
  char_of_byte_.assign(size + 1, 0);
  for (uint32_t b = 0; b < size;) {
    const uint32_t len = static_cast<uint32_t>(CharLenAt(text, b));
    const uint32_t index = static_cast<uint32_t>(char_begin_.size());
    char_begin_.push_back(b);
    char_of_byte_[b] = index;
    // A byte inside a character rounds up to the next character, as sentencepiece measures
    // a match that ends inside one.
    for (uint32_t k = 1; k < len; ++k) char_of_byte_[b + k] = index + 1;
    b += len;
  }
  num_chars_ = static_cast<uint32_t>(char_begin_.size());
  char_begin_.push_back(size);
  char_of_byte_[size] = num_chars_;

  nodes_.clear();
  nodes_.push_back(LatticeNode{0, 0, 0, 0, 0, 0.0f});                          // BOS
  nodes_.push_back(LatticeNode{num_chars_, num_chars_, size, size, 0, 0.0f});  // EOS
  // Viterbi scores on the way: Viterbi() takes, for each node r, the max over its left
  // neighbours l of fl(backtrace[l] + score[r]); rounding is monotonic, so that is
  // fl(max backtrace[l] + score[r]), and every left neighbour of a node starting at pos
  // exists before pos is reached.
  backtrace_.assign(2, 0.0f);
  best_ending_.assign(num_chars_ + 1, -std::numeric_limits<float>::infinity());
  best_ending_[0] = 0.0f;  // BOS
  // Inlined by force: GCC leaves it a call per node otherwise (~10% of a lattice build).
  auto add_node = [&](const LatticeNode& node) ABSL_ATTRIBUTE_ALWAYS_INLINE {
    begin_list_.push_back(static_cast<uint32_t>(nodes_.size()));
    nodes_.push_back(node);
    const float score = best_ending_[node.begin_char] + node.score;
    backtrace_.push_back(score);
    best_ending_[node.end_char] = std::max(best_ending_[node.end_char], score);
  };
  begin_offsets_.assign(num_chars_ + 2, 0);
  begin_list_.clear();
  for (uint32_t pos = 0; pos < num_chars_; ++pos) {
    begin_offsets_[pos] = static_cast<uint32_t>(begin_list_.size());
    const uint32_t begin = char_begin_[pos];
    bool has_single_node = false;
    scoring.trie->CommonPrefixSearch(text.substr(begin), [&](size_t length, uint32_t id) {
      const NodeKind kind = scoring.kinds[id];
      if (kind == NodeKind::kSkipped) return;
      const uint32_t end_char = char_of_byte_[begin + length];
      const uint32_t chars = end_char - pos;
      const float score =
          kind == NodeKind::kUserDefined
              ? static_cast<float>(static_cast<float>(static_cast<int>(chars)) * scoring.max_score - 0.1)
              : scoring.scores[id];
      add_node(LatticeNode{pos, end_char, begin, char_begin_[end_char], id, score});
      has_single_node |= chars == 1;
    });
    if (!has_single_node) {
      add_node(LatticeNode{pos, pos + 1, begin, char_begin_[pos + 1], scoring.unk_id, scoring.unk_score});
    }
  }
  backtrace_[kEos] = best_ending_[num_chars_] + nodes_[kEos].score;
  begin_offsets_[num_chars_] = static_cast<uint32_t>(begin_list_.size());
  begin_list_.push_back(kEos);
  begin_offsets_[num_chars_ + 1] = static_cast<uint32_t>(begin_list_.size());

  // End lists by a stable counting sort: BOS, then the nodes in insertion order.
  end_offsets_.assign(num_chars_ + 2, 0);
  end_offsets_[1] = 1;  // BOS ends at 0
  for (size_t i = 2; i < nodes_.size(); ++i) ++end_offsets_[nodes_[i].end_char + 1];
  for (uint32_t pos = 0; pos <= num_chars_; ++pos) end_offsets_[pos + 1] += end_offsets_[pos];
  end_list_.assign(end_offsets_[num_chars_ + 1], 0);
  std::vector<uint32_t>& fill = fill_;
  fill.assign(end_offsets_.begin(), end_offsets_.end() - 1);
  end_list_[fill[0]++] = kBos;
  for (uint32_t i = 2; i < nodes_.size(); ++i) end_list_[fill[nodes_[i].end_char]++] = i;
}

Lattice::Path Lattice::Viterbi() {
  backtrace_.assign(nodes_.size(), 0.0f);
  std::vector<int32_t> prev(nodes_.size(), -1);
  for (uint32_t pos = 0; pos <= num_chars_; ++pos) {
    for (const uint32_t r : begin_nodes(pos)) {
      float best_score = 0.0f;
      int32_t best = -1;
      for (const uint32_t l : end_nodes(pos)) {
        const float score = backtrace_[l] + nodes_[r].score;
        if (best < 0 || score > best_score) {
          best = static_cast<int32_t>(l);
          best_score = score;
        }
      }
      prev[r] = best;
      backtrace_[r] = best_score;
    }
  }
  Path path;
  path.score = backtrace_[kEos];
  for (int32_t n = prev[kEos]; n != static_cast<int32_t>(kBos); n = prev[n]) {
    path.nodes.push_back(static_cast<uint32_t>(n));
  }
  std::reverse(path.nodes.begin(), path.nodes.end());
  return path;
}

std::vector<double> Lattice::ForwardLogSums(double theta) const {
  std::vector<double> forward(num_chars_ + 1, 0.0);
  for (uint32_t pos = 1; pos <= num_chars_; ++pos) {
    double max_term = -std::numeric_limits<double>::infinity();
    for (const uint32_t l : end_nodes(pos)) {
      const LatticeNode& n = nodes_[l];
      max_term = std::max(max_term, forward[n.begin_char] + theta * n.score);
    }
    double sum = 0.0;
    for (const uint32_t l : end_nodes(pos)) {
      const LatticeNode& n = nodes_[l];
      sum += std::exp(forward[n.begin_char] + theta * n.score - max_term);
    }
    forward[pos] = max_term + std::log(sum);
  }
  return forward;
}

std::vector<uint32_t> Lattice::Sample(double theta, const std::vector<double>& forward,
                                      SamplingRng& rng) const {
  std::vector<uint32_t> path;
  for (uint32_t pos = num_chars_; pos > 0;) {
    const std::span<const uint32_t> candidates = end_nodes(pos);
    double total = 0.0;
    for (const uint32_t l : candidates) {
      const LatticeNode& n = nodes_[l];
      total += std::exp(forward[n.begin_char] + theta * n.score - forward[pos]);
    }
    double u = rng.UniformDouble() * total;
    uint32_t chosen = candidates.back();
    for (const uint32_t l : candidates) {
      const LatticeNode& n = nodes_[l];
      u -= std::exp(forward[n.begin_char] + theta * n.score - forward[pos]);
      if (u < 0) {
        chosen = l;
        break;
      }
    }
    path.push_back(chosen);
    pos = nodes_[chosen].begin_char;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

double Lattice::Entropy(double theta) const {
  const std::vector<double> forward = ForwardLogSums(theta);
  // h[pos] = Σ over paths to pos of p(path | pos) · log p(path | pos): minus the entropy.
  std::vector<double> h(num_chars_ + 1, 0.0);
  for (uint32_t pos = 1; pos <= num_chars_; ++pos) {
    double sum = 0.0;
    for (const uint32_t l : end_nodes(pos)) {
      const LatticeNode& n = nodes_[l];
      const double log_p = theta * n.score + forward[n.begin_char] - forward[pos];
      sum += std::exp(log_p) * (h[n.begin_char] + log_p);
    }
    h[pos] = sum;
  }
  return -h[num_chars_];
}

namespace {

// sentencepiece's LogSumExp: log(exp(x) + exp(y)), y alone in init mode, and the smaller term
// dropped when 50 below the larger.
float SentencepieceLogSumExp(float x, float y, bool init_mode) {
  if (init_mode) return y;
  const float vmin = std::min(x, y);
  const float vmax = std::max(x, y);
  constexpr float kMinusLogEpsilon = 50;
  if (vmax > vmin + kMinusLogEpsilon) return vmax;
  return static_cast<float>(vmax + std::log(std::exp(static_cast<double>(vmin - vmax)) + 1.0));
}

}  // namespace

// Every node starting at a position gets the same value in sentencepiece (same terms, same
// order), so one value per position reproduces it.
std::vector<float> Lattice::ForwardLogSumsFloat(float theta) const {
  std::vector<float> forward(num_chars_ + 1, 0.0f);
  for (uint32_t pos = 1; pos <= num_chars_; ++pos) {
    const std::span<const uint32_t> lefts = end_nodes(pos);
    float value = 0.0f;
    for (size_t i = 0; i < lefts.size(); ++i) {
      const LatticeNode& l = nodes_[lefts[i]];
      const float term = theta * l.score + forward[l.begin_char];
      value = SentencepieceLogSumExp(value, term, i == 0);
    }
    forward[pos] = value;
  }
  return forward;
}

float Lattice::EntropyFloat(float theta) const {
  const std::vector<float> forward = ForwardLogSumsFloat(theta);
  std::vector<float> h(num_chars_ + 1, 0.0f);
  for (uint32_t pos = 1; pos <= num_chars_; ++pos) {
    float sum = 0.0f;
    for (const uint32_t l : end_nodes(pos)) {
      const LatticeNode& n = nodes_[l];
      const float transition = ((theta * n.score) + forward[n.begin_char] - forward[pos]);
      sum += std::exp(transition) * (h[n.begin_char] + transition);
    }
    h[pos] = sum;
  }
  return -h[num_chars_];
}

void Lattice::AppendTokens(std::span<const uint32_t> path, std::vector<Token>& out) const {
  for (const uint32_t i : path) {
    const LatticeNode& n = nodes_[i];
    out.push_back(Token{n.id, n.begin_byte, n.end_byte});
  }
}

}  // namespace tokenmill::unigram_internal
