// Whole-lattice sampling (SampleEncode with nbest_size < 0) without building the Lattice:
// one pass like the Viterbi encode records each node once (start, id, link to the previous
// node ending at the same byte) and accumulates the forward sums, then backward sampling
// from the end draws one incoming node per step.
//
// The distribution is sentencepiece's: p(path) ∝ exp(theta · Σ node scores) over all paths
// of its lattice (forward filtering / backward sampling, as Lattice::Sample).
//
// Fast path (linear domain): forward sums are plain products and sums of per-piece weights
// exp(theta · score), cached per thread for the last (model, theta), so a node costs a
// multiply-add and no exp. Values are kept in range by renormalizing whenever a position's
// sum leaves [1e-50, 1e50] (the pending sums ahead are rescaled too, and each position
// remembers its scale). It needs every weight within 1e±200, i.e. theta · |score| ≤ 200 for
// every piece; beyond that (extreme alpha) the log-domain pass below runs instead.
#include <cmath>
#include <limits>

#include "tokenizers/models/unigram/unigram_model.h"
#include "tokenizers/models/unigram/unigram_viterbi.h"

namespace tokenmill {
namespace {

constexpr double kMaxExponent = 200.0;  // |theta · score| bound of the linear path
constexpr double kRescaleAbove = 1e50;
constexpr double kRescaleBelow = 1e-50;

struct SampledNode {
  uint32_t start;
  uint32_t id;
  int32_t previous_here;  // previous node ending at the same position, -1 at the end
};

struct LinearScratch {
  std::vector<SampledNode> nodes;
  std::vector<int32_t> last_ending;  // by end byte: last node ending there
  std::vector<double> sum;           // forward sum by byte position, in its scale
  std::vector<uint32_t> scale;       // by start position: index into log_scales
  std::vector<double> log_scales;    // log of the factor each scale leaves out
};

// exp(theta · score) by piece id for one model and theta, filled on first use.
struct WeightCache {
  uint64_t model = 0;
  double theta = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> weights;  // < 0: not computed yet
};

}  // namespace

void UnigramModel::SampleWholeLattice(std::string_view normalized, double theta,
                                      SamplingRng& rng, std::vector<Token>& out) const {
  if (!pieces_end_on_char_boundaries_) {
    // A piece ending inside a character: the lattice rounds such matches to characters.
    unigram_internal::Lattice lattice;
    BuildLattice(normalized, lattice);
    const std::vector<double> forward = lattice.ForwardLogSums(theta);
    lattice.AppendTokens(lattice.Sample(theta, forward, rng), out);
  } else if (std::abs(theta) * max_abs_sampling_score_ <= kMaxExponent) {
    SampleWholeLatticeLinear(normalized, theta, rng, out);
  } else {
    SampleWholeLatticeLogDomain(normalized, theta, rng, out);
  }
}

void UnigramModel::SampleWholeLatticeLinear(std::string_view normalized, double theta,
                                            SamplingRng& rng, std::vector<Token>& out) const {
  thread_local WeightCache cache;
  if (cache.model != instance_id_ || cache.theta != theta) {
    cache.model = instance_id_;
    cache.theta = theta;
    cache.weights.assign(pieces_.size(), -1.0);
  }
  double* weights = cache.weights.data();
  const double unk_weight = std::exp(theta * static_cast<double>(min_score_ - 10.0f));

  thread_local LinearScratch s;
  const size_t size = normalized.size();
  s.nodes.clear();
  s.last_ending.assign(size + 1, -1);
  s.sum.assign(size + 1, 0.0);
  s.scale.resize(size + 1);
  s.log_scales.assign(1, 0.0);

  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(normalized.data());
  const unigram_internal::PieceMatcher matcher(trie_);
  auto add_node = [&](uint32_t start, size_t end, uint32_t id, double weight, double here) {
    s.nodes.push_back(SampledNode{start, id, s.last_ending[end]});
    s.last_ending[end] = static_cast<int32_t>(s.nodes.size() - 1);
    s.sum[end] += here * weight;
  };

  s.sum[0] = 1.0;
  for (size_t start = 0; start < size;) {
    double here = s.sum[start];
    if (here > kRescaleAbove || here < kRescaleBelow) {
      // Renormalize this position to 1 and everything pending ahead by the same factor.
      const double factor = 1.0 / here;
      const size_t last = std::min(size, start + max_piece_bytes_);
      for (size_t p = start; p <= last; ++p) s.sum[p] *= factor;
      s.log_scales.push_back(s.log_scales.back() + std::log(here));
      here = s.sum[start];
    }
    s.scale[start] = static_cast<uint32_t>(s.log_scales.size() - 1);
    const size_t mblen = unigram_internal::CharLenAt(normalized, start);
    const bool has_single_node = matcher.ForEachAt(
        bytes, start, size, mblen, [&](size_t end, uint32_t id) {
          double weight = weights[id];
          if (weight < 0) weight = weights[id] = std::exp(theta * sampling_scores_[id]);
          add_node(static_cast<uint32_t>(start), end, id, weight, here);
        });
    if (!has_single_node) add_node(static_cast<uint32_t>(start), start + mblen, unk_id_, unk_weight, here);
    start += mblen;
  }
  s.scale[size] = static_cast<uint32_t>(s.log_scales.size() - 1);

  const size_t first = out.size();
  for (size_t end = size; end > 0;) {
    const uint32_t end_scale = s.scale[end];
    double u = rng.UniformDouble() * s.sum[end];
    int32_t chosen = -1;
    for (int32_t i = s.last_ending[end]; i >= 0; i = s.nodes[i].previous_here) {
      const SampledNode& n = s.nodes[i];
      chosen = i;
      // The unknown piece is never in the trie: a node with its id is an unknown node.
      double mass = s.sum[n.start] * (n.id == unk_id_ ? unk_weight : weights[n.id]);
      if (s.scale[n.start] != end_scale) {
        mass *= std::exp(s.log_scales[s.scale[n.start]] - s.log_scales[end_scale]);
      }
      u -= mass;
      if (u < 0) break;
    }
    const SampledNode& n = s.nodes[chosen];
    out.push_back(Token{n.id, n.start, static_cast<uint32_t>(end)});
    end = n.start;
  }
  std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
}

void UnigramModel::SampleWholeLatticeLogDomain(std::string_view normalized, double theta,
                                               SamplingRng& rng, std::vector<Token>& out) const {
  struct LogNode {
    uint32_t start;
    uint32_t id;
    double weight;  // theta · score
    int32_t previous_here;
  };
  thread_local std::vector<LogNode> nodes;
  thread_local std::vector<int32_t> last_ending;
  thread_local std::vector<double> log_sum, running_max, running_sum;
  const size_t size = normalized.size();
  nodes.clear();
  last_ending.assign(size + 1, -1);
  log_sum.resize(size + 1);
  running_max.assign(size + 1, -std::numeric_limits<double>::infinity());
  running_sum.assign(size + 1, 0.0);

  const double unk_weight = theta * static_cast<double>(min_score_ - 10.0f);
  auto add_node = [&](uint32_t start, size_t end, uint32_t id, double weight, double here) {
    nodes.push_back(LogNode{start, id, weight, last_ending[end]});
    last_ending[end] = static_cast<int32_t>(nodes.size() - 1);
    const double term = here + weight;
    double& max = running_max[end];
    double& sum = running_sum[end];
    if (term <= max) {
      sum += std::exp(term - max);
    } else {
      sum = sum * std::exp(max - term) + 1.0;
      max = term;
    }
  };
  for (size_t start = 0; start < size;) {
    const double here = start == 0 ? 0.0 : running_max[start] + std::log(running_sum[start]);
    log_sum[start] = here;
    const size_t mblen = unigram_internal::CharLenAt(normalized, start);
    bool has_single_node = false;
    trie_.CommonPrefixSearch(normalized.substr(start), [&](size_t length, uint32_t id) {
      add_node(static_cast<uint32_t>(start), start + length, id, theta * sampling_scores_[id], here);
      has_single_node |= length == mblen;
    });
    if (!has_single_node) add_node(static_cast<uint32_t>(start), start + mblen, unk_id_, unk_weight, here);
    start += mblen;
  }
  log_sum[size] = running_max[size] + std::log(running_sum[size]);

  const size_t first = out.size();
  for (size_t end = size; end > 0;) {
    double u = rng.UniformDouble();
    int32_t chosen = -1;
    for (int32_t i = last_ending[end]; i >= 0; i = nodes[i].previous_here) {
      chosen = i;
      u -= std::exp(log_sum[nodes[i].start] + nodes[i].weight - log_sum[end]);
      if (u < 0) break;
    }
    const LogNode& n = nodes[chosen];
    out.push_back(Token{n.id, n.start, static_cast<uint32_t>(end)});
    end = n.start;
  }
  std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
}

}  // namespace tokenmill
