// The set of paths sentencepiece's n-best search returns, found without walking n paths
// through the lattice: what sampling among the n-best (SampleEncode with nbest_size > 1)
// needs, since it draws one path by its score and only that one is read.
//
// A sentence's lattice falls apart at the positions no piece spans (word boundaries, in
// practice): each segment between two such cuts chooses its path independently, and a path's
// score is the sum of its segments' scores. So the n-best paths are the n best combinations
// of per-segment alternatives, enumerated in order from a heap with at most three children
// per combination, each stored as one change to its parent (segments taken by the cost of
// their second best make the children no better than the parent). One forward pass gives
// every segment's best and second best (2-best Viterbi, restarted at each cut); only the
// segments the enumeration reaches further are walked again, for recursive enumeration
// (Jiménez & Marzal 1999) inside the segment.
//
// Exactness. sentencepiece ranks paths by float search keys (unigram_nbest_lazy.cc: a path's
// level); the enumeration ranks them by double sums, which differ from the levels by at most
// a rounding bound ε. Paths more than 2ε above the n-th are in, those more than 2ε below are
// out; those in between get their float level computed as sentencepiece does, node by node.
// Search declines when two levels tie at the n-th place (the heap's order would decide), when
// sentencepiece's agenda could drop a path it needs, or when too many paths lie near the
// n-th place; the caller then runs the lattice search.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "tokenizers/models/unigram/double_array_trie.h"
#include "tokenizers/pre_tokenized_string.h"

namespace tokenmill::unigram_internal {

// What the lattice's nodes score. Every score must be ≤ 0 (log probabilities; user-defined
// pieces' length · max_score − 0.1) and every piece must end on a character boundary of its
// own: the rounding bound and the byte positions rely on both.
struct NBestScoring {
  const DoubleArrayTrie* trie;
  const float* scores;  // lattice node score by piece id (user-defined: by characters)
  uint32_t unk_id;
  float unk_score;
};

class SegmentedNBest {
 public:
  enum class Outcome {
    kFound,
    kTie,        // two float levels tie at the n-th place: only sentencepiece's heap decides
    kUndecided,  // too many paths near the n-th place, or an agenda sentencepiece would cut
  };
  // Finds the set of paths Lattice::NBest(n) returns for non-empty `text` (n ≥ 2); with
  // `ordered`, in its order too (kTie when two of them have equal levels). After kTie
  // without `ordered`, the paths found are those above the tied level (the first ones
  // Lattice::NBest returns), and tie_scores() / tie_slots() say among which paths
  // sentencepiece's heap fills the rest. Otherwise, unless kFound, nothing is defined.
  Outcome Search(std::string_view text, size_t n, const NBestScoring& scoring,
                 bool ordered = false);

  // The paths found: their scores (sentencepiece's float score when ordered or near the n-th
  // place, the double sum rounded to float otherwise) and, on demand, their tokens.
  const std::vector<float>& scores() const { return result_scores_; }
  void AppendPath(size_t i, std::vector<Token>& out);

  // After kTie (unordered): the float scores of every path at the tied level, of which
  // sentencepiece's list takes tie_slots().
  const std::vector<float>& tie_scores() const { return tie_scores_; }
  size_t tie_slots() const { return tie_slots_; }

 private:
  // A node as a back pointer: where it starts and its piece (the unknown id for an unknown
  // character); it ends where it is stored.
  struct Back {
    uint32_t start;
    uint32_t id;
  };
  struct Node {  // the nodes of segments enumerated beyond their second best
    uint32_t start, end;
    uint32_t id;
    float score;
    int32_t previous_ending;  // previous node ending at `end`, -1 for none
  };
  struct Segment {
    uint32_t begin, end;      // byte positions: cuts
    double gap;               // best path's score − second best's (infinite: no second)
    bool enumerated = false;  // ranks ≥ 1 come from the recursive enumeration
  };
  // A combination: its base's choices plus segment order_[order_index] at `rank` (0 = best).
  struct Combination {
    double score;
    int32_t base;  // -1 for the best path (no choice)
    uint32_t order_index;
    uint32_t rank;
  };
  // The recursive enumeration's k-th best path from the segment start to a position: its last
  // node, and the rank of the path it extends at the node's start (1-based).
  struct RankedPath {
    double score;
    int32_t node;
    uint32_t pred_rank;
  };

  // The enumeration's state at a position it reached: paths found so far (ranks 1, 2, …) and
  // candidates left (a max-heap). Slots are pooled: only positions reached have one.
  struct RankSlot {
    std::vector<RankedPath> found, candidates;
    uint8_t state;  // kReady | kDone
  };

  void Forward(std::string_view text);
  void CloseSegment(uint32_t end);
  bool Enumerate(size_t n);
  bool AgendaNeverOverflows();
  double LevelErrorBound(double nth_score) const;
  Outcome ChooseAtTheCut(size_t n);
  Outcome SortByLevel();
  struct LeveledPath {
    float level, score;  // sentencepiece's level and float score
    int32_t index;       // the combination
  };
  void KeepTie(const std::vector<LeveledPath>& near, size_t need);
  // Computes each path's level and float score, then sorts them by decreasing level.
  void ComputeLevelsAndSort(std::vector<LeveledPath>& paths);
  void PushChildren(int32_t index);
  void Push(double score, int32_t base, uint32_t order_index, uint32_t rank);
  // The segment at place `order_index` by gap, sorting lazily; false past the last.
  bool OrderedSegment(uint32_t order_index, uint32_t& segment);
  // Score of segment order_[order_index]'s path of `rank` minus its best's; false if none.
  bool RankDelta(uint32_t order_index, uint32_t rank, double& delta);
  void BuildSegmentNodes(const Segment& segment);
  // The recursive enumeration: makes path `rank` (1-based) to `pos` inside the segment
  // starting at `begin` exist if it does; ranks are asked in order at each position.
  bool EnsureRank(uint32_t begin, uint32_t pos, uint32_t rank);
  bool NextRank(uint32_t begin, uint32_t pos);
  RankSlot& Touch(uint32_t pos);  // the position's slot, made on first use
  const std::vector<RankedPath>& Found(uint32_t pos) const { return slots_[slot_of_[pos]].found; }
  float NodeScore(uint32_t id) const {
    return id == scoring_.unk_id ? scoring_.unk_score : scoring_.scores[id];
  }
  // The nodes (start, end, id) of combination `index`'s path, right to left; with
  // skip_unchanged_end, only from the end of its last changed segment.
  template <typename Visit>
  void ForEachNodeRightToLeft(int32_t index, Visit visit, bool skip_unchanged_end = false);
  template <typename Visit>
  void SegmentPathRightToLeft(const Segment& segment, uint32_t rank, Visit visit);
  float SentencePieceLevel(int32_t index, float& score);

  std::string_view text_;
  NBestScoring scoring_{};
  // By byte position: the best and second best score from the start (the second within the
  // position's segment only), in double, and their last nodes; the best in sentencepiece's
  // float arithmetic. Separate arrays: one struct per position measured 15 % slower.
  std::vector<double> alpha_, alpha2_;
  std::vector<Back> back1_, back2_;  // back2_'s start carries kFromSecond: extends a second best
  std::vector<float> best_f_;
  double sum_abs_alpha_ = 0, max_abs_alpha_ = 0;  // over character starts
  double float_error_ = 0;  // largest |best_f_ − alpha_| seen
  uint32_t num_chars_ = 0;
  std::vector<Segment> segments_;
  std::vector<std::pair<double, uint32_t>> by_gap_;  // min-heap of segments not yet in order_
  std::vector<uint32_t> order_;                      // segments with a second best, by gap
  double epsilon_ = 0, slack_ = 0;  // the rounding bound at the n-th path, and double's own

  std::vector<Combination> combinations_;
  std::vector<std::pair<double, int32_t>> heap_;
  std::vector<int32_t> popped_;
  std::vector<int32_t> result_;
  std::vector<float> result_scores_;
  std::vector<float> tie_scores_;
  size_t tie_slots_ = 0;

  std::vector<Node> nodes_;
  std::vector<int32_t> last_ending_;  // by position, into nodes_
  std::vector<int32_t> tree_node_;    // by position: the node of back1_ in nodes_
  std::vector<int32_t> slot_of_;  // by position, -1 for none
  std::vector<RankSlot> slots_;
  size_t slots_used_ = 0;
  std::vector<uint32_t> chain_;
  std::vector<std::pair<uint32_t, uint32_t>> overrides_;  // (segment, rank) of one path
  // The best path's A* chain from EOS: at each of its boundaries, the smallest key so far and
  // the float score of the path right of it.
  std::vector<float> chain_level_, chain_gx_;
  bool best_chain_ready_ = false;
};

}  // namespace tokenmill::unigram_internal
