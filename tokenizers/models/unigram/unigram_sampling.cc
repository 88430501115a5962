// Whole-lattice sampling (SampleEncode with nbest_size < 0) without building the Lattice:
// one pass like the Viterbi encode that records each node once (start, id, tempered score,
// link to the previous node ending at the same byte) and accumulates the forward log-sums,
// then backward sampling from the end. Cost per node: one exp; per position: one log.
//
// The distribution is sentencepiece's: p(path) ∝ exp(theta · Σ node scores) over all paths
// of its lattice (forward filtering / backward sampling, as Lattice::Sample).
#include <cmath>
#include <limits>

#include "tokenizers/models/unigram/unigram_model.h"
#include "tokenizers/models/unigram/unigram_viterbi.h"

namespace tokenmill {
namespace {

struct SampledNode {
  uint32_t start;
  uint32_t id;
  double weight;          // theta · score
  int32_t previous_here;  // previous node ending at the same position, -1 at the end
};

struct SamplingScratch {
  std::vector<SampledNode> nodes;
  std::vector<int32_t> last_ending;  // by end byte: last node ending there
  std::vector<double> log_sum;       // forward log-sum by byte position (char boundaries)
  std::vector<double> running_max;   // by end byte, while accumulating
  std::vector<double> running_sum;   // Σ exp(term - running_max)
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
    return;
  }
  thread_local SamplingScratch s;
  const size_t size = normalized.size();
  s.nodes.clear();
  s.last_ending.assign(size + 1, -1);
  s.log_sum.resize(size + 1);
  s.running_max.assign(size + 1, -std::numeric_limits<double>::infinity());
  s.running_sum.assign(size + 1, 0.0);

  const DoubleArrayTrie::Unit* units = trie_.units();
  const uint32_t root_base = trie_.RootBase();
  const bool empty_trie = trie_.num_units() == 0;
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(normalized.data());
  const double unk_weight = theta * static_cast<double>(min_score_ - 10.0f);
  auto add_node = [&](uint32_t start, uint32_t end, uint32_t id, double weight, double here) {
    s.nodes.push_back(SampledNode{start, id, weight, s.last_ending[end]});
    s.last_ending[end] = static_cast<int32_t>(s.nodes.size() - 1);
    const double term = here + weight;
    double& max = s.running_max[end];
    double& sum = s.running_sum[end];
    if (term <= max) {
      sum += std::exp(term - max);
    } else {
      sum = sum * std::exp(max - term) + 1.0;
      max = term;
    }
  };

  s.log_sum[0] = 0.0;
  for (size_t start = 0; start < size;) {
    const double here =
        start == 0 ? 0.0 : s.running_max[start] + std::log(s.running_sum[start]);
    s.log_sum[start] = here;
    const size_t mblen = unigram_internal::CharLenAt(normalized, start);
    bool has_single_node = false;
    uint32_t base = root_base;
    for (size_t pos = start; pos < size && !empty_trie; ++pos) {
      const uint8_t c = bytes[pos];
      const DoubleArrayTrie::Unit u = units[base ^ c];
      if (!DoubleArrayTrie::Follows(u, c)) break;
      base = u.base;
      if (!DoubleArrayTrie::HasValue(u)) continue;
      const uint32_t id = DoubleArrayTrie::Value(u);
      add_node(static_cast<uint32_t>(start), static_cast<uint32_t>(pos + 1), id,
               theta * sampling_scores_[id], here);
      has_single_node |= (pos + 1 - start == mblen);
    }
    if (!has_single_node) {
      add_node(static_cast<uint32_t>(start), static_cast<uint32_t>(start + mblen), unk_id_,
               unk_weight, here);
    }
    start += mblen;
  }
  s.log_sum[size] = s.running_max[size] + std::log(s.running_sum[size]);

  const size_t first = out.size();
  for (size_t end = size; end > 0;) {
    const double log_total = s.log_sum[end];
    double u = rng.UniformDouble();
    int32_t chosen = -1;
    for (int32_t i = s.last_ending[end]; i >= 0; i = s.nodes[i].previous_here) {
      const SampledNode& n = s.nodes[i];
      chosen = i;
      u -= std::exp(s.log_sum[n.start] + n.weight - log_total);
      if (u < 0) break;
    }
    const SampledNode& n = s.nodes[chosen];
    out.push_back(Token{n.id, n.start, static_cast<uint32_t>(end)});
    end = n.start;
  }
  std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
}

}  // namespace tokenmill
