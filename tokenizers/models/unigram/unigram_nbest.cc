// Lattice::NBestAStar: sentencepiece 0.1.97's A* over the lattice, from EOS back to BOS.
// Lattice::NBest runs it only when NBestWithoutReplay (unigram_nbest_lazy.cc) cannot answer.
//
// f(x) = g(x) + h(x): g = score of the partial path from EOS to its left-most node (float,
// accumulated right to left), h = the Viterbi score up to that node (exact, so the search
// returns the exact n-best). The agenda is a std::priority_queue ordered by f alone and fed
// in sentencepiece's order, so equal scores come out in sentencepiece's order; when it holds
// 10000 hypotheses it is cut to the best min(512, 10·n), as sentencepiece does.
//
// With sample = true the same search draws paths without replacement (Gumbel-top-k,
// Kool et al. 2019): f is a Gumbel-perturbed log probability, each expansion perturbs the
// children and truncates them at the parent's value.
#include <algorithm>
#include <cmath>

#include "tokenizers/models/unigram/libstdcxx_heap.h"
#include "tokenizers/models/unigram/sentencepiece_agenda.h"
#include "tokenizers/models/unigram/unigram_lattice.h"

namespace tokenmill::unigram_internal {
namespace {

struct Hypothesis {
  uint32_t node;
  int32_t next;  // the hypothesis this one extends (toward EOS); -1 for EOS
  float fx;
  float gx;
};

struct AgendaEntry {
  float fx;
  int32_t hypothesis;
};
struct LowerPriority {
  bool operator()(const AgendaEntry& a, const AgendaEntry& b) const { return a.fx < b.fx; }
};

// std::priority_queue's push and pop (push_back + push_heap, pop_heap + pop_back) on a
// reusable vector, as libstdc++ does them: the same heap, so the same order among equal
// scores.
class Agenda {
 public:
  explicit Agenda(std::vector<AgendaEntry>& storage) : heap_(&storage) { heap_->clear(); }
  bool empty() const { return heap_->empty(); }
  size_t size() const { return heap_->size(); }
  const AgendaEntry& top() const { return heap_->front(); }
  void push(AgendaEntry e) { LibstdcxxPushHeap(*heap_, e, LowerPriority()); }
  void pop() { LibstdcxxPopHeap(*heap_, LowerPriority()); }
  void swap(Agenda& other) { std::swap(heap_, other.heap_); }

 private:
  std::vector<AgendaEntry>* heap_;
};

// A standard Gumbel sample, computed as sentencepiece does (float, u + 1e-7).
float Gumbel(SamplingRng& rng) {
  constexpr float kEpsilon = 1e-7f;
  return -std::log(-std::log(rng.UniformFloat() + kEpsilon));
}

// Copies `from` and the hypotheses it extends into `to` (once each; `moved` maps old index
// to new), returning the new index.
int32_t MoveChain(int32_t from, const std::vector<Hypothesis>& hyps, std::vector<int32_t>& moved,
                  std::vector<Hypothesis>& to) {
  int32_t first = -1, last = -1;
  for (int32_t cur = from; cur != -1; cur = hyps[cur].next) {
    int32_t target = moved[cur];
    const bool already = target >= 0;
    if (!already) {
      target = static_cast<int32_t>(to.size());
      to.push_back(hyps[cur]);
      moved[cur] = target;
    }
    if (last >= 0) {
      to[last].next = target;
    } else {
      first = target;
    }
    if (already) return first;
    last = target;
  }
  return first;  // the chain's end (EOS) was copied with next = -1
}

}  // namespace

std::vector<Lattice::Path> Lattice::NBest(size_t nbest_size, bool sample, double theta,
                                          SamplingRng* rng) {
  if (nbest_size < 1) return {};
  if (nbest_size == 1 && !sample) return {Viterbi()};
  thread_local FlatPaths flat;
  NBest(nbest_size, sample, theta, rng, flat);
  std::vector<Path> results(flat.size());
  for (size_t i = 0; i < flat.size(); ++i) {
    const std::span<const uint32_t> nodes = flat.path(i);
    results[i].nodes.assign(nodes.begin(), nodes.end());
    results[i].score = flat.scores[i];
  }
  return results;
}

void Lattice::NBest(size_t nbest_size, bool sample, double theta, SamplingRng* rng,
                    FlatPaths& out) {
  if (sample || nbest_size <= 1 || !NBestWithoutReplay(nbest_size, true, &out)) {
    NBestAStar(nbest_size, sample, theta, rng, out);
  }
}

void Lattice::NBestUnordered(size_t nbest_size, FlatPaths& out) {
  if (nbest_size <= 1 || !NBestWithoutReplay(nbest_size, false, &out)) {
    NBestAStar(nbest_size, false, 0.0, nullptr, out);
  }
}

void Lattice::NBestAStar(size_t nbest_size, bool sample, double theta, SamplingRng* rng,
                         FlatPaths& out) {
  out.nodes.clear();
  out.scores.clear();
  out.offsets.assign(1, 0);
  if (nbest_size < 1) return;
  if (nbest_size == 1 && !sample) {
    const Path best = Viterbi();
    out.nodes = best.nodes;
    out.offsets.push_back(static_cast<uint32_t>(out.nodes.size()));
    out.scores.push_back(best.score);
    return;
  }

  thread_local std::vector<Hypothesis> hyps, kept;
  thread_local std::vector<AgendaEntry> agenda_storage, shrunk_storage;
  thread_local std::vector<int32_t> moved;
  hyps.clear();
  std::vector<AgendaEntry>* live = &agenda_storage;  // the agenda's heap
  std::vector<AgendaEntry>* spare = &shrunk_storage;
  Agenda agenda(*live);
  std::vector<double> forward;
  Hypothesis eos{kEos, -1, 0.0f, 0.0f};
  if (sample) {
    forward = ForwardLogSums(theta);
    eos.fx = Gumbel(*rng);
  } else {
    eos.fx = backtrace_[kEos];
  }
  hyps.push_back(eos);
  agenda.push({eos.fx, 0});

  thread_local std::vector<float> probs, perturbed;
  thread_local std::vector<double> adjusted;
  while (!agenda.empty()) {
    const int32_t top_index = agenda.top().hypothesis;
    agenda.pop();
    const Hypothesis top = hyps[top_index];

    if (top.node == kBos) {
      for (int32_t h = top.next; hyps[h].next != -1; h = hyps[h].next) {
        out.nodes.push_back(hyps[h].node);
      }
      out.offsets.push_back(static_cast<uint32_t>(out.nodes.size()));
      out.scores.push_back(top.fx);
      if (out.size() == nbest_size) break;
      continue;
    }

    const std::span<const uint32_t> lefts = end_nodes(nodes_[top.node].begin_char);
    if (sample) {
      const double z = forward[nodes_[top.node].begin_char];
      probs.assign(lefts.size(), 0.0f);
      perturbed.assign(lefts.size(), 0.0f);
      adjusted.assign(lefts.size(), 0.0);
      float max_score = -1e8f;
      for (size_t i = 0; i < lefts.size(); ++i) {
        const LatticeNode& l = nodes_[lefts[i]];
        probs[i] = static_cast<float>(top.gx + forward[l.begin_char] + theta * l.score - z);
        perturbed[i] = probs[i] + Gumbel(*rng);
        max_score = std::max(max_score, perturbed[i]);
      }
      // Truncate the children's Gumbels at the parent's value (numerically stable form,
      // Kool et al. 2019, appendix B.3).
      for (size_t i = 0; i < lefts.size(); ++i) {
        const float v =
            top.fx - perturbed[i] + std::log1p(-std::exp(perturbed[i] - max_score));
        adjusted[i] = top.fx - std::max(0.0f, v) - std::log1p(std::exp(-std::abs(v)));
      }
    }

    for (size_t i = 0; i < lefts.size(); ++i) {
      const uint32_t l = lefts[i];
      Hypothesis hyp;
      hyp.node = l;
      hyp.next = top_index;
      if (sample) {
        hyp.gx = probs[i];
        hyp.fx = static_cast<float>(adjusted[i]);
      } else {
        hyp.gx = nodes_[l].score + top.gx;
        hyp.fx = backtrace_[l] + top.gx;
      }
      agenda.push({hyp.fx, static_cast<int32_t>(hyps.size())});
      hyps.push_back(hyp);
    }

    if (agenda.size() >= kMaxAgendaSize) {
      const size_t keep = AgendaKeep(nbest_size);
      kept.clear();
      moved.assign(hyps.size(), -1);
      Agenda shrunk(*spare);
      for (size_t i = 0; i < keep; ++i) {
        const AgendaEntry entry = agenda.top();
        agenda.pop();
        shrunk.push({entry.fx, MoveChain(entry.hypothesis, hyps, moved, kept)});
      }
      agenda.swap(shrunk);
      std::swap(live, spare);
      hyps.swap(kept);
    }
  }
}

}  // namespace tokenmill::unigram_internal
