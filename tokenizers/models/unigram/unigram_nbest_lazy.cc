// Lattice::NBestWithoutReplay: sentencepiece's n-best without replaying its heap, whenever
// the heap's order among equal keys cannot change the answer.
//
// Why that order usually does not matter. sentencepiece's A* (unigram_nbest.cc) grows a tree
// of hypotheses (a node plus the path from it to EOS): a hypothesis enters the agenda when
// its parent is popped, with key fx, and the agenda pops the largest fx. Call a hypothesis's
// level the smallest fx along its chain from EOS (itself included). Whatever the order among
// equal keys, every hypothesis of level > x is popped before any of level < x: when one of
// level < x is popped, the first unpopped hypothesis on the chain of one of level > x would
// be waiting (nothing is dropped below the agenda limit) with a larger key than the chain
// ancestor of level < x popped before. So the paths come out (BOS popped) by decreasing
// level, and only the order among equal levels depends on the heap.
//
// The search here pops by level directly, and pushes children lazily: a hypothesis's
// children are its node's left neighbours sorted by Viterbi score, so their keys
// fl(backtrace + g) never increase along that list and each child is pushed when its elder sibling
// is popped (levels unchanged: the elder sibling's key is never below the younger's). It
// stops once every hypothesis of level ≥ the n-th path's is popped, and gives up (false) when
//  - another path has the n-th path's level (which one sentencepiece keeps is the heap's
//    choice), or, with keep_order, two of the n paths have equal levels; or
//  - sentencepiece's agenda could reach its 10,000-entry limit before its n-th path: it then
//    drops hypotheses and rebuilds the heap. Its agenda holds at most
//    1 + Σ (left neighbours − 1) over the hypotheses it popped, all of level ≥ the n-th's.
#include <algorithm>

#include "tokenizers/models/unigram/libstdcxx_heap.h"
#include "tokenizers/models/unigram/sentencepiece_agenda.h"
#include "tokenizers/models/unigram/unigram_lattice.h"

namespace tokenmill::unigram_internal {
namespace {

constexpr uint32_t kNoSlot = ~0u;

struct ByLevel {
  float level;
  int32_t hypothesis;
};
struct LowerLevel {
  bool operator()(const ByLevel& a, const ByLevel& b) const { return a.level < b.level; }
};

}  // namespace

bool Lattice::NBestWithoutReplay(size_t nbest_size, bool keep_order, FlatPaths* out) {
  if (out != nullptr) {
    out->nodes.clear();
    out->scores.clear();
    out->offsets.assign(1, 0);
  }
  lazy_paths_.clear();
  lazy_scores_.clear();
  // Left neighbours sorted by backtrace, best first, for the positions the search reaches.
  sorted_end_.resize(end_list_.size());
  sorted_ready_.assign(num_chars_ + 1, 0);
  auto first_slot = [&](uint32_t pos) {
    const uint32_t begin = end_offsets_[pos];
    if (sorted_ready_[pos]) return begin;
    sorted_ready_[pos] = 1;
    uint32_t* first = sorted_end_.data() + begin;
    uint32_t* last = sorted_end_.data() + end_offsets_[pos + 1];
    std::copy(end_list_.data() + begin, end_list_.data() + end_offsets_[pos + 1], first);
    for (uint32_t* i = first + 1; i < last; ++i) {  // insertion sort: a handful of them
      const uint32_t v = *i;
      uint32_t* j = i;
      for (; j > first && backtrace_[*(j - 1)] < backtrace_[v]; --j) *j = *(j - 1);
      *j = v;
    }
    return begin;
  };

  std::vector<LazyHypothesis>& hyps = lazy_hyps_;
  thread_local std::vector<ByLevel> heap;
  hyps.clear();
  heap.clear();
  // The hypothesis extending `parent` with the left neighbour at `slot`.
  auto make = [&](uint32_t slot, int32_t parent) {
    const float parent_gx = hyps[parent].gx;
    const uint32_t node = sorted_end_[slot];
    const float fx = backtrace_[node] + parent_gx;  // sentencepiece's key, in float
    const float level = std::min(hyps[parent].level, fx);
    hyps.push_back({slot, parent, nodes_[node].score + parent_gx, level});
    return static_cast<int32_t>(hyps.size() - 1);
  };
  auto push = [&](int32_t index) {
    LibstdcxxPushHeap(heap, ByLevel{hyps[index].level, index}, LowerLevel());
  };
  auto left_neighbours = [&](uint32_t node) {
    const uint32_t pos = nodes_[node].begin_char;
    return end_offsets_[pos + 1] - end_offsets_[pos];
  };

  hyps.push_back({kNoSlot, -1, 0.0f, backtrace_[kEos]});
  size_t agenda_bound = left_neighbours(kEos);  // sentencepiece's agenda after popping EOS
  push(make(first_slot(num_chars_), 0));
  size_t found = 0;
  float cut = 0.0f;  // the n-th path's level, once found
  bool done = false;
  while (!done && !heap.empty()) {
    int32_t index = heap.front().hypothesis;
    LibstdcxxPopHeap(heap, LowerLevel());
    // Follow best left neighbours without the heap while they stay on top of it (any order
    // among equal levels will do here).
    for (;;) {
      const LazyHypothesis hyp = hyps[index];
      if (found == nbest_size && hyp.level < cut) {
        done = true;  // every level ≥ cut is done
        break;
      }
      const uint32_t node = sorted_end_[hyp.slot];
      if (hyp.slot + 1 < end_offsets_[nodes_[node].end_char + 1]) push(make(hyp.slot + 1, hyp.parent));
      if (node == kBos) {
        if (found == nbest_size) return false;  // a tie for the last place
        if (keep_order && found > 0 && hyp.level == cut) return false;
        lazy_paths_.push_back(hyp.parent);
        lazy_scores_.push_back(backtrace_[kBos] + hyps[hyp.parent].gx);  // sentencepiece's fx
        ++found;
        cut = hyp.level;
        break;
      }
      agenda_bound += left_neighbours(node) - 1;
      if (agenda_bound >= kMaxAgendaSize) return false;
      index = make(first_slot(nodes_[node].begin_char), index);
      if (!heap.empty() && hyps[index].level < heap.front().level) {
        push(index);
        break;
      }
    }
  }
  if (out != nullptr) {
    for (size_t i = 0; i < lazy_paths_.size(); ++i) {
      for (int32_t h = lazy_paths_[i]; hyps[h].parent != -1; h = hyps[h].parent) {
        out->nodes.push_back(sorted_end_[hyps[h].slot]);
      }
      out->offsets.push_back(static_cast<uint32_t>(out->nodes.size()));
      out->scores.push_back(lazy_scores_[i]);
    }
  }
  return true;
}

void Lattice::NBestScores(size_t nbest_size, bool try_without_replay, std::vector<float>& scores) {
  if (try_without_replay && nbest_size > 1 && NBestWithoutReplay(nbest_size, false, nullptr)) {
    scores = lazy_scores_;
    return;
  }
  NBestAStar(nbest_size, false, 0.0, nullptr, replayed_);
  lazy_paths_.clear();
  scores = replayed_.scores;
}

void Lattice::AppendNBestPath(size_t i, std::vector<Token>& out) const {
  if (lazy_paths_.empty()) {
    AppendTokens(replayed_.path(i), out);
    return;
  }
  for (int32_t h = lazy_paths_[i]; lazy_hyps_[h].parent != -1; h = lazy_hyps_[h].parent) {
    const LatticeNode& n = nodes_[sorted_end_[lazy_hyps_[h].slot]];
    out.push_back(Token{n.id, n.begin_byte, n.end_byte});
  }
}

}  // namespace tokenmill::unigram_internal
