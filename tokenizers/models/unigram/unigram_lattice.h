// The full Unigram lattice of one normalized string, built exactly as sentencepiece 0.1.97's
// Lattice + PopulateNodes: positions are characters; at each character every matchable piece
// that starts there is a node (shortest first, in the trie's order), then an unknown node of
// one character when no one-character piece starts there. Node 0 is BOS (ends at 0), node 1
// EOS (begins at the end). The node order inside begin/end lists is sentencepiece's, which
// the n-best search relies on to break ties in the same order.
//
// The fast paths (Viterbi encode, whole-lattice sampling) never build this; n-best,
// sampling without replacement, scores and entropy do.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "tokenizers/models/unigram/double_array_trie.h"
#include "tokenizers/models/unigram/sampling_rng.h"
#include "tokenizers/pre_tokenized_string.h"

namespace tokenmill::unigram_internal {

struct LatticeNode {
  uint32_t begin_char, end_char;
  uint32_t begin_byte, end_byte;
  uint32_t id;  // vocabulary id (unk id for unknown nodes; unused for BOS/EOS)
  float score;
};

// What a matched piece contributes (sentencepiece's PopulateNodes).
enum class NodeKind : uint8_t {
  kScored,       // node score = scores[id]
  kUserDefined,  // node score = length_in_chars * max_score - 0.1 (as sentencepiece computes it)
  kSkipped,      // never a node (UNUSED pieces)
};

// How nodes are made: piece ids come from the trie.
struct LatticeScoring {
  const DoubleArrayTrie* trie;
  const float* scores;     // by id
  const NodeKind* kinds;   // by id
  float max_score;
  float unk_score;
  uint32_t unk_id;
};

class Lattice {
 public:
  static constexpr uint32_t kBos = 0;
  static constexpr uint32_t kEos = 1;

  void Build(std::string_view text, const LatticeScoring& scoring);

  uint32_t num_chars() const { return num_chars_; }
  const std::vector<LatticeNode>& nodes() const { return nodes_; }
  const LatticeNode& node(uint32_t i) const { return nodes_[i]; }
  std::span<const uint32_t> begin_nodes(uint32_t pos) const {
    return {begin_list_.data() + begin_offsets_[pos], begin_offsets_[pos + 1] - begin_offsets_[pos]};
  }
  std::span<const uint32_t> end_nodes(uint32_t pos) const {
    return {end_list_.data() + end_offsets_[pos], end_offsets_[pos + 1] - end_offsets_[pos]};
  }

  struct Path {
    std::vector<uint32_t> nodes;  // node indices, left to right, without BOS/EOS
    float score;
  };

  // sentencepiece's Lattice::Viterbi in float. Build already computes its backtrace scores
  // (the best path's score up to each node, what NBest needs), the same values.
  Path Viterbi();
  // log Σ over paths from BOS to each character position of exp(theta · path score), in
  // double (sentencepiece's ForwardAlgorithm, which gives every node starting at a position
  // that position's value). Element num_chars() is log Z.
  std::vector<double> ForwardLogSums(double theta) const;
  // One path drawn with probability ∝ exp(theta · score) (forward filtering, backward sampling).
  std::vector<uint32_t> Sample(double theta, const std::vector<double>& forward,
                               SamplingRng& rng) const;
  // Entropy of that distribution.
  double Entropy(double theta) const;
  // sentencepiece's own float arithmetic for the same quantities (ForwardAlgorithm with its
  // LogSumExp, CalculateEntropy), operation for operation, so the results are sentencepiece's
  // to the last bit rather than merely close: on long texts float rounding moves them ~1e-4.
  std::vector<float> ForwardLogSumsFloat(float theta) const;
  float EntropyFloat(float theta) const;
  // sentencepiece's Lattice::NBest: A* from EOS with Viterbi scores as the exact heuristic
  // (sample = false), or Gumbel-top-k sampling without replacement (sample = true; a path's
  // score is then its perturbed log probability). Same agenda order and shrinking. Runs
  // NBestWithoutReplay when that can answer, else NBestAStar.
  std::vector<Path> NBest(size_t nbest_size, bool sample, double theta, SamplingRng* rng);
  // The same paths in flat buffers that are reused from call to call (no allocation per
  // path): path i is nodes[offsets[i], offsets[i + 1]) with score scores[i].
  struct FlatPaths {
    std::vector<uint32_t> nodes, offsets;
    std::vector<float> scores;
    size_t size() const { return scores.size(); }
    std::span<const uint32_t> path(size_t i) const {
      return {nodes.data() + offsets[i], offsets[i + 1] - offsets[i]};
    }
  };
  void NBest(size_t nbest_size, bool sample, double theta, SamplingRng* rng, FlatPaths& out);
  // The n-best paths as a set: the same paths as NBest(sample = false), possibly in another
  // order among paths whose search keys are equal (what drawing among them needs).
  void NBestUnordered(size_t nbest_size, FlatPaths& out);
  // The A* itself, always: what NBest reproduces, and its fallback (unigram_nbest.cc).
  void NBestAStar(size_t nbest_size, bool sample, double theta, SamplingRng* rng, FlatPaths& out);
  // NBestAStar(sample = false)'s paths without replaying its heap, when the heap's order
  // among equal keys cannot change them (their order too with keep_order, else only which
  // paths); false when it could, out then unspecified (unigram_nbest_lazy.cc). With out null
  // the paths are only kept for AppendNBestPath.
  bool NBestWithoutReplay(size_t nbest_size, bool keep_order, FlatPaths* out);
  // NBestUnordered's scores, with path i read on demand by AppendNBestPath(i) (valid until
  // the next search on this lattice): drawing one path needs only it. Without
  // try_without_replay, the A* runs at once.
  void NBestScores(size_t nbest_size, bool try_without_replay, std::vector<float>& scores);
  void AppendNBestPath(size_t i, std::vector<Token>& out) const;

  // The nodes of `path` as tokens.
  void AppendTokens(std::span<const uint32_t> path, std::vector<Token>& out) const;

 private:
  uint32_t num_chars_ = 0;
  std::vector<LatticeNode> nodes_;
  std::vector<uint32_t> begin_offsets_, begin_list_;
  std::vector<uint32_t> end_offsets_, end_list_;
  std::vector<float> backtrace_;        // per node: best score of a path from BOS through it
  std::vector<float> best_ending_;      // Build's scratch: best backtrace ending at a position
  std::vector<uint32_t> char_begin_;    // byte offset of each character, + the text size
  std::vector<uint32_t> char_of_byte_;  // first character starting at or after each byte
  std::vector<uint32_t> fill_;          // Build's scratch
  std::vector<uint32_t> sorted_end_;    // end_list_, each position by backtrace, best first
  std::vector<uint8_t> sorted_ready_;   // by position: sorted_end_ sorted there yet
  // NBestWithoutReplay's search tree: a hypothesis is a node (by its slot in sorted_end_)
  // and the path from it to EOS (through parent).
  struct LazyHypothesis {
    uint32_t slot;   // kNoSlot for EOS
    int32_t parent;  // the hypothesis this one extends toward EOS; -1 for EOS
    float gx;        // score of the path from this node to EOS, accumulated right to left
    float level;     // smallest search key along the chain
  };
  std::vector<LazyHypothesis> lazy_hyps_;
  std::vector<int32_t> lazy_paths_;  // per path found, the hypothesis next to BOS
  std::vector<float> lazy_scores_;
  FlatPaths replayed_;  // NBestScores's paths when the A* had to run

};

}  // namespace tokenmill::unigram_internal
