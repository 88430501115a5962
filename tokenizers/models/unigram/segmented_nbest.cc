#include "tokenizers/models/unigram/segmented_nbest.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tokenizers/models/unigram/sentencepiece_agenda.h"
#include "tokenizers/models/unigram/unigram_viterbi.h"

namespace tokenmill::unigram_internal {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();
constexpr uint8_t kReady = 1, kDone = 2;  // RankSlot::state bits
constexpr uint32_t kFromSecond = 1u << 31;  // in Back::start: extends the second best
constexpr size_t kMaxLevelChecks = 64;  // paths near the n-th place worth a float level each
constexpr size_t kLevelChecksPerPath = 8;  // and as many more per path asked
constexpr double kFloatRoundoff = 1.0 / (1 << 24);

// Past this many paths popped, or as many near the n-th place, the lattice search is cheaper.
size_t MostPopped(size_t n) { return kMaxLevelChecks + kLevelChecksPerPath * n; }

bool LowerScore(const std::pair<double, int32_t>& a, const std::pair<double, int32_t>& b) {
  return a.first < b.first;
}

}  // namespace

SegmentedNBest::Outcome SegmentedNBest::Search(std::string_view text, size_t n,
                                               const NBestScoring& scoring, bool ordered) {
  text_ = text;
  scoring_ = scoring;
  Forward(text);
  const size_t positions = text.size() + 1;
  slot_of_.assign(positions, -1);
  slots_used_ = 0;
  last_ending_.resize(positions);
  tree_node_.resize(positions);
  nodes_.clear();
  chain_level_.resize(positions);
  chain_gx_.resize(positions);
  best_chain_ready_ = false;
  if (!Enumerate(n)) return Outcome::kUndecided;
  const Outcome outcome = ChooseAtTheCut(n);
  if (outcome != Outcome::kFound || !ordered) return outcome;
  return SortByLevel();
}

// sentencepiece's order: by decreasing level (unigram_nbest_lazy.cc), with its float scores.
// Equal levels are ordered by its heap: declined.
SegmentedNBest::Outcome SegmentedNBest::SortByLevel() {
  thread_local std::vector<LeveledPath> ranked;
  ranked.clear();
  for (const int32_t index : result_) ranked.push_back(LeveledPath{0.0f, 0.0f, index});
  ComputeLevelsAndSort(ranked);
  for (size_t i = 0; i < ranked.size(); ++i) {
    if (i > 0 && ranked[i].level == ranked[i - 1].level) return Outcome::kTie;
    result_[i] = ranked[i].index;
    result_scores_[i] = ranked[i].score;
  }
  return Outcome::kFound;
}

void SegmentedNBest::ComputeLevelsAndSort(std::vector<LeveledPath>& paths) {
  for (LeveledPath& p : paths) p.level = SentencePieceLevel(p.index, p.score);
  std::sort(paths.begin(), paths.end(),
            [](const LeveledPath& a, const LeveledPath& b) { return a.level > b.level; });
}

// One pass like the Viterbi encode, keeping the two best paths to each position (k-best
// Viterbi: a node extends the best and the second best path to its start), the best in float
// as sentencepiece computes it, and the cuts: start positions no earlier node reaches past.
// At a cut the segment before it is closed, and the second best restarts: a path's choices
// before the cut are another segment's.
void SegmentedNBest::Forward(std::string_view text) {
  const uint32_t size = static_cast<uint32_t>(text.size());
  constexpr double kNone = -std::numeric_limits<double>::infinity();
  alpha_.assign(size + 1, kNone);
  alpha2_.assign(size + 1, kNone);
  back1_.resize(size + 1);
  back2_.resize(size + 1);
  best_f_.assign(size + 1, -std::numeric_limits<float>::infinity());
  alpha_[0] = 0.0;
  best_f_[0] = 0.0f;
  segments_.clear();
  num_chars_ = 0;
  float_error_ = 0.0;
  uint32_t reach = 0;  // furthest end of the nodes so far

  double* alpha = alpha_.data();
  double* alpha2 = alpha2_.data();
  Back* back1 = back1_.data();
  Back* back2 = back2_.data();
  float* best_f = best_f_.data();
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const PieceMatcher matcher(*scoring_.trie);
  const float* scores = scoring_.scores;
  uint32_t chars = 0;
  double float_error = 0.0, sum_abs_alpha = 0.0, max_abs_alpha = 0.0;
  uint32_t segment_begin = 0;
  for (uint32_t start = 0; start < size;) {
    if (reach <= start && start > 0) {
      segments_.push_back(Segment{segment_begin, start, alpha[start] - alpha2[start]});
      segment_begin = start;
      alpha2[start] = kNone;
    }
    ++chars;
    const double here = alpha[start];
    const double here2 = alpha2[start];
    const float here_f = best_f[start];
    float_error = std::max(float_error, std::abs(static_cast<double>(here_f) - here));
    sum_abs_alpha -= here;
    max_abs_alpha = std::max(max_abs_alpha, -here);
    auto add = [&](uint32_t end, uint32_t id, float score) {
      const double first = here + static_cast<double>(score);
      const double second = here2 + static_cast<double>(score);
      if (first > alpha[end]) {
        alpha2[end] = alpha[end];
        back2[end] = back1[end];
        alpha[end] = first;
        back1[end] = Back{start, id};
      } else if (first > alpha2[end]) {
        alpha2[end] = first;
        back2[end] = Back{start, id};
      }
      if (second > alpha2[end]) {
        alpha2[end] = second;
        back2[end] = Back{start | kFromSecond, id};
      }
      best_f[end] = std::max(best_f[end], here_f + score);
      reach = std::max(reach, end);
    };
    const uint32_t mblen = static_cast<uint32_t>(CharLenAt(text, start));
    const bool has_single_node = matcher.ForEachAt(
        bytes, start, size, mblen,
        [&](size_t end, uint32_t id) { add(static_cast<uint32_t>(end), id, scores[id]); });
    if (!has_single_node) add(start + mblen, scoring_.unk_id, scoring_.unk_score);
    start += mblen;
  }
  segments_.push_back(Segment{segment_begin, size, alpha[size] - alpha2[size]});
  // Kept in locals in the loop: members could alias the arrays' stores.
  num_chars_ = chars;
  sum_abs_alpha_ = sum_abs_alpha;
  max_abs_alpha_ = max_abs_alpha;
  float_error_ = std::max(float_error, std::abs(static_cast<double>(best_f[size]) - alpha[size]));

  // Segments with a second best, to be taken by gap (lazily: a heap).
  by_gap_.clear();
  order_.clear();
  for (uint32_t s = 0; s < segments_.size(); ++s) {
    if (std::isfinite(segments_[s].gap)) by_gap_.emplace_back(segments_[s].gap, s);
  }
  std::make_heap(by_gap_.begin(), by_gap_.end(), std::greater<>());
}

bool SegmentedNBest::OrderedSegment(uint32_t order_index, uint32_t& segment) {
  while (order_.size() <= order_index) {
    if (by_gap_.empty()) return false;
    std::pop_heap(by_gap_.begin(), by_gap_.end(), std::greater<>());
    order_.push_back(by_gap_.back().second);
    by_gap_.pop_back();
  }
  segment = order_[order_index];
  return true;
}

// Combinations by decreasing score until every path within 2ε of the n-th is out. The best
// path's child: the first segment (by gap) at its second best. A combination's (segment t
// at rank r): t at rank r + 1; if r = 1, t back to its best and t + 1 at its second best
// instead; and t + 1 at its second best as well. Each combination has one parent, and no
// child scores above its parent.
bool SegmentedNBest::Enumerate(size_t n) {
  combinations_.clear();
  heap_.clear();
  popped_.clear();
  const double best = alpha_.back();
  // sentencepiece cuts its agenda to this many when it overflows. Every hypothesis it needs
  // completes to a distinct path popped here, so with no more than that popped, it keeps them.
  const size_t keep = AgendaKeep(n);
  const size_t most = MostPopped(n);
  combinations_.push_back(Combination{best, -1, 0, 0});
  heap_.emplace_back(best, 0);
  double floor = kNegInf;
  while (!heap_.empty()) {
    if (popped_.size() >= n && heap_.front().first < floor) break;
    std::pop_heap(heap_.begin(), heap_.end(), LowerScore);
    const int32_t index = heap_.back().second;
    heap_.pop_back();
    popped_.push_back(index);
    if (popped_.size() > most) return false;
    if (popped_.size() == n) {
      epsilon_ = LevelErrorBound(combinations_[index].score);
      slack_ = 1e-9 * (1.0 - combinations_[index].score);
      floor = combinations_[index].score - 2.0 * epsilon_ - slack_;
    }
    PushChildren(index);
  }
  return popped_.size() <= keep || AgendaNeverOverflows();
}

// Whether sentencepiece's agenda stays under its 10,000 entries until its n-th path. It holds
// at most 1 + Σ (left neighbours − 1) over the hypotheses popped so far (each pushes its node's
// left neighbours), and those are chains from EOS whose best completion is a path popped
// here. The chains of such a path that are not the best path's own start left of its last
// changed segment: at most one per node there.
bool SegmentedNBest::AgendaNeverOverflows() {
  const uint32_t size = static_cast<uint32_t>(alpha_.size() - 1);
  thread_local std::vector<uint32_t> ending;  // by position: nodes ending there
  thread_local std::vector<uint64_t> surplus;  // Σ (left neighbours − 1) over earlier positions
  thread_local std::vector<uint64_t> on_best;  // the same over the best path's node starts
  ending.assign(size + 1, 0);
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(text_.data());
  const PieceMatcher matcher(*scoring_.trie);
  for (uint32_t start = 0; start < size;) {
    const uint32_t mblen = static_cast<uint32_t>(CharLenAt(text_, start));
    if (!matcher.ForEachAt(bytes, start, size, mblen, [&](size_t end, uint32_t) { ++ending[end]; })) {
      ++ending[start + mblen];
    }
    start += mblen;
  }
  ending[0] = 1;  // BOS
  surplus.assign(size + 2, 0);
  for (uint32_t p = 0; p <= size; ++p) surplus[p + 1] = surplus[p] + ending[p] - (ending[p] > 0);
  // on_best[p] for the best path's boundaries p (every cut among them), from the left.
  on_best.assign(size + 1, 0);
  chain_.clear();
  for (uint32_t p = size; p > 0; p = back1_[p].start) chain_.push_back(p);
  uint64_t sum = 0;
  for (size_t i = chain_.size(); i-- > 0;) {
    sum += ending[back1_[chain_[i]].start] - 1;
    on_best[chain_[i]] = sum;
  }
  uint64_t bound = 1 + ending[size] + sum;  // EOS's left neighbours and the best path's chain
  for (const int32_t index : popped_) {
    uint32_t last_changed = 0;
    for (int32_t c = index; combinations_[c].base >= 0; c = combinations_[c].base) {
      const Segment& segment = segments_[order_[combinations_[c].order_index]];
      bound += surplus[segment.end] - surplus[segment.begin];
      last_changed = std::max(last_changed, segment.end);
    }
    bound += on_best[last_changed];
    if (bound >= kMaxAgendaSize) return false;
  }
  return true;
}

// How far a path's float level can be from its double score, for every path scoring down to
// the n-th's score − 2ε. A search key is fl(fl(best_f[start] + s) + gx): best_f is off by at
// most float_error_ (measured); gx, a path's score from a node to the end summed right to
// left in float, is off by at most u·Σ|suffix sums| (·(1 + 2uN) for the compounding); a suffix
// from a node starting at p is no larger than |path score| − |alpha(p)| (scores are ≤ 0), and
// a path's nodes start at distinct positions. Two more roundings of at most u·|path score|.
// The bound grows more slowly than the score falls, so the lowest score considered bounds all.
double SegmentedNBest::LevelErrorBound(double nth_score) const {
  const double chars = static_cast<double>(num_chars_);
  const double compounding = 1.0 + 2.0 * kFloatRoundoff * chars;
  const double rough = float_error_ + (chars + 3.0) * kFloatRoundoff * (1.0 - nth_score);
  const double magnitude = 1.0 - nth_score + 2.0 * rough;
  // Σ over character starts of (magnitude − |alpha|)⁺: from the forward pass's sums when no
  // |alpha| there exceeds the magnitude (inside a character alpha is −∞: no term).
  double suffixes = chars * magnitude - sum_abs_alpha_;
  if (max_abs_alpha_ > magnitude) {
    suffixes = 0.0;
    for (size_t p = 0; p + 1 < alpha_.size(); ++p) suffixes += std::max(0.0, magnitude + alpha_[p]);
  }
  return 1.01 * (float_error_ + kFloatRoundoff * (compounding * suffixes + 3.0 * magnitude));
}

void SegmentedNBest::PushChildren(int32_t index) {
  const Combination c = combinations_[index];
  uint32_t segment;
  if (c.base < 0) {
    if (OrderedSegment(0, segment)) Push(c.score - segments_[segment].gap, index, 0, 1);
    return;
  }
  const double base_score = combinations_[c.base].score;
  double delta;
  if (RankDelta(c.order_index, c.rank + 1, delta)) {
    Push(base_score + delta, c.base, c.order_index, c.rank + 1);
  }
  if (OrderedSegment(c.order_index + 1, segment)) {
    const double next_second = -segments_[segment].gap;
    if (c.rank == 1) Push(base_score + next_second, c.base, c.order_index + 1, 1);
    Push(c.score + next_second, index, c.order_index + 1, 1);
  }
}

void SegmentedNBest::Push(double score, int32_t base, uint32_t order_index, uint32_t rank) {
  combinations_.push_back(Combination{score, base, order_index, rank});
  heap_.emplace_back(score, static_cast<int32_t>(combinations_.size() - 1));
  std::push_heap(heap_.begin(), heap_.end(), LowerScore);
}

bool SegmentedNBest::RankDelta(uint32_t order_index, uint32_t rank, double& delta) {
  Segment& segment = segments_[order_[order_index]];
  if (rank == 1) {
    delta = -segment.gap;
    return true;
  }
  if (!segment.enumerated) {
    segment.enumerated = true;
    BuildSegmentNodes(segment);
  }
  if (!EnsureRank(segment.begin, segment.end, rank + 1)) return false;
  delta = Found(segment.end)[rank].score - alpha_[segment.end];
  return true;
}

// The segment's nodes again (the forward pass keeps none), with the lists of nodes ending at
// each position and which of them the best path takes.
void SegmentedNBest::BuildSegmentNodes(const Segment& segment) {
  for (uint32_t p = segment.begin + 1; p <= segment.end; ++p) last_ending_[p] = -1;
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(text_.data());
  const PieceMatcher matcher(*scoring_.trie);
  for (uint32_t start = segment.begin; start < segment.end;) {
    auto add = [&](uint32_t end, uint32_t id) {
      const int32_t index = static_cast<int32_t>(nodes_.size());
      nodes_.push_back(Node{start, end, id, NodeScore(id), last_ending_[end]});
      last_ending_[end] = index;
      if (back1_[end].start == start && back1_[end].id == id) tree_node_[end] = index;
    };
    const uint32_t mblen = static_cast<uint32_t>(CharLenAt(text_, start));
    const bool has_single_node =
        matcher.ForEachAt(bytes, start, segment.end, mblen,
                          [&](size_t end, uint32_t id) { add(static_cast<uint32_t>(end), id); });
    if (!has_single_node) add(start + mblen, scoring_.unk_id);
    start += mblen;
  }
}

bool SegmentedNBest::EnsureRank(uint32_t begin, uint32_t pos, uint32_t rank) {
  Touch(pos);
  while (Found(pos).size() < rank) {
    if (!NextRank(begin, pos)) return false;
  }
  return true;
}

SegmentedNBest::RankSlot& SegmentedNBest::Touch(uint32_t pos) {
  if (slot_of_[pos] < 0) {
    slot_of_[pos] = static_cast<int32_t>(slots_used_++);
    if (slots_.size() < slots_used_) slots_.emplace_back();
    RankSlot& slot = slots_[slot_of_[pos]];
    slot.found.assign(1, RankedPath{alpha_[pos], tree_node_[pos], 1});
    slot.candidates.clear();
    slot.state = 0;
  }
  return slots_[slot_of_[pos]];
}

// The next path to `pos` (Jiménez & Marzal's recursive enumeration, iteratively): path k + 1
// to a position is the best candidate left there, after adding the successor of path k's
// own: the same last node after the next path to that node's start. Candidates start as the
// best path to each other node's start plus that node.
bool SegmentedNBest::NextRank(uint32_t begin, uint32_t pos) {
  auto lower = [](const RankedPath& a, const RankedPath& b) { return a.score < b.score; };
  chain_.clear();
  uint32_t q = pos;
  uint32_t want = static_cast<uint32_t>(Found(pos).size()) + 1;
  bool exists;  // whether the deepest position asked has the path asked
  for (;;) {
    if (q == begin) {  // the segment's start: only the best path there
      exists = want == 1;
      break;
    }
    RankSlot& slot = Touch(q);
    if (slot.found.size() >= want) {
      exists = true;
      break;
    }
    if (slot.state & kDone) {
      exists = false;
      break;
    }
    if (!(slot.state & kReady)) {
      slot.state |= kReady;
      std::vector<RankedPath>& heap = slot.candidates;
      for (int32_t i = last_ending_[q]; i >= 0; i = nodes_[i].previous_ending) {
        if (i == tree_node_[q]) continue;
        const Node& n = nodes_[i];
        heap.push_back(RankedPath{alpha_[n.start] + static_cast<double>(n.score), i, 1});
      }
      std::make_heap(heap.begin(), heap.end(), lower);
    }
    const RankedPath last = slot.found.back();
    chain_.push_back(q);
    want = last.pred_rank + 1;
    q = nodes_[last.node].start;
  }
  for (size_t i = chain_.size(); i-- > 0;) {
    const uint32_t at = chain_[i];
    RankSlot& slot = slots_[slot_of_[at]];
    const RankedPath last = slot.found.back();
    std::vector<RankedPath>& heap = slot.candidates;
    if (exists) {
      const Node& n = nodes_[last.node];
      heap.push_back(RankedPath{Found(n.start)[last.pred_rank].score + static_cast<double>(n.score),
                                last.node, last.pred_rank + 1});
      std::push_heap(heap.begin(), heap.end(), lower);
    }
    if (heap.empty()) {
      slot.state |= kDone;
      exists = false;
      continue;
    }
    std::pop_heap(heap.begin(), heap.end(), lower);
    slot.found.push_back(heap.back());
    heap.pop_back();
    exists = true;
  }
  return exists;
}

// Which popped paths are sentencepiece's: those clearly above the n-th, then the best of the
// rest by sentencepiece's float level.
SegmentedNBest::Outcome SegmentedNBest::ChooseAtTheCut(size_t n) {
  result_.clear();
  result_scores_.clear();
  if (popped_.size() <= n) {  // every path of the lattice
    for (const int32_t index : popped_) {
      result_.push_back(index);
      result_scores_.push_back(static_cast<float>(combinations_[index].score));
    }
    return Outcome::kFound;
  }
  const double upper = combinations_[popped_[n - 1]].score + 2.0 * epsilon_ + slack_;
  thread_local std::vector<LeveledPath> near;
  near.clear();
  for (const int32_t index : popped_) {
    const double score = combinations_[index].score;
    if (score > upper) {
      result_.push_back(index);
      result_scores_.push_back(static_cast<float>(score));
    } else {
      near.push_back(LeveledPath{0.0f, 0.0f, index});
    }
  }
  if (near.size() > MostPopped(n)) return Outcome::kUndecided;
  ComputeLevelsAndSort(near);
  const size_t need = n - result_.size();
  if (near[need - 1].level == near[need].level) {
    KeepTie(near, need);
    return Outcome::kTie;
  }
  for (size_t i = 0; i < need; ++i) {
    result_.push_back(near[i].index);
    result_scores_.push_back(near[i].score);
  }
  return Outcome::kFound;
}

// A tie at the cut: the near paths above the tied level join the result; the paths at the
// tied level form the group from which sentencepiece's heap fills the remaining places. The
// group is whole: a path not popped scores more than 2ε below the n-th, so its level is below
// the tied level.
void SegmentedNBest::KeepTie(const std::vector<LeveledPath>& near, size_t need) {
  const float tied = near[need - 1].level;
  size_t first = need - 1;
  while (first > 0 && near[first - 1].level == tied) --first;
  for (size_t i = 0; i < first; ++i) {
    result_.push_back(near[i].index);
    result_scores_.push_back(near[i].score);
  }
  tie_scores_.clear();
  for (size_t i = first; i < near.size() && near[i].level == tied; ++i) {
    tie_scores_.push_back(near[i].score);
  }
  tie_slots_ = need - first;
}

// sentencepiece's level of a path (unigram_nbest_lazy.cc): the smallest search key along its
// A* chain from EOS, keys and scores in float in its order. Right of its last changed segment
// a path is the best path, whose chain is walked once per search.
float SegmentedNBest::SentencePieceLevel(int32_t index, float& score) {
  if (!best_chain_ready_) {
    best_chain_ready_ = true;
    float level = best_f_.back();  // EOS
    float gx = 0.0f;
    for (uint32_t p = static_cast<uint32_t>(alpha_.size() - 1);; p = back1_[p].start) {
      chain_level_[p] = level;
      chain_gx_[p] = gx;
      if (p == 0) break;
      const float s = NodeScore(back1_[p].id);
      level = std::min(level, (best_f_[back1_[p].start] + s) + gx);
      gx = s + gx;
    }
  }
  float level = 0.0f, gx = 0.0f;
  bool started = false;
  ForEachNodeRightToLeft(index, [&](uint32_t start, uint32_t end, uint32_t id) {
    if (!started) {
      started = true;
      level = chain_level_[end];
      gx = chain_gx_[end];
    }
    const float s = NodeScore(id);
    level = std::min(level, (best_f_[start] + s) + gx);
    gx = s + gx;
  }, /*skip_unchanged_end=*/true);
  if (!started) {  // the best path itself
    level = chain_level_[0];
    gx = chain_gx_[0];
  }
  score = gx;
  return std::min(level, 0.0f + gx);  // BOS
}

template <typename Visit>
void SegmentedNBest::ForEachNodeRightToLeft(int32_t index, Visit visit, bool skip_unchanged_end) {
  overrides_.clear();
  for (int32_t c = index; combinations_[c].base >= 0; c = combinations_[c].base) {
    overrides_.emplace_back(order_[combinations_[c].order_index], combinations_[c].rank);
  }
  std::sort(overrides_.begin(), overrides_.end(), std::greater<>());
  uint32_t p = static_cast<uint32_t>(alpha_.size() - 1);
  if (skip_unchanged_end) p = overrides_.empty() ? 0 : segments_[overrides_[0].first].end;
  size_t k = 0;
  while (p > 0) {
    if (k < overrides_.size() && segments_[overrides_[k].first].end == p) {
      const Segment& segment = segments_[overrides_[k].first];
      SegmentPathRightToLeft(segment, overrides_[k].second, visit);
      p = segment.begin;
      ++k;
      continue;
    }
    const Back b = back1_[p];
    visit(b.start, p, b.id);
    p = b.start;
  }
}

template <typename Visit>
void SegmentedNBest::SegmentPathRightToLeft(const Segment& segment, uint32_t rank, Visit visit) {
  if (rank == 1 && !segment.enumerated) {  // the second best of the forward pass
    bool second = true;
    for (uint32_t p = segment.end; p > segment.begin;) {
      const Back b = second ? back2_[p] : back1_[p];
      const uint32_t start = b.start & ~kFromSecond;
      visit(start, p, b.id);
      second = second && (b.start & kFromSecond) != 0;
      p = start;
    }
    return;
  }
  uint32_t k = rank + 1;  // 1-based
  for (uint32_t p = segment.end; p > segment.begin;) {
    if (k == 1) {
      const Back b = back1_[p];
      visit(b.start, p, b.id);
      p = b.start;
      continue;
    }
    const RankedPath& path = Found(p)[k - 1];
    const Node& n = nodes_[path.node];
    visit(n.start, n.end, n.id);
    k = path.pred_rank;
    p = n.start;
  }
}

void SegmentedNBest::AppendPath(size_t i, std::vector<Token>& out) {
  const size_t first = out.size();
  ForEachNodeRightToLeft(result_[i], [&](uint32_t start, uint32_t end, uint32_t id) {
    out.push_back(Token{id, start, end});
  });
  std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
}

}  // namespace tokenmill::unigram_internal
