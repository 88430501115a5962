// Sampling among the n-best (SampleEncode with nbest_size > 1): sentencepiece draws one path
// of its NBestEncode list with weight exp(alpha · score). Only the set matters for the draw,
// and SegmentedNBest finds it without the lattice, reading back only the path drawn.
//
// Ties at the n-th place. There sentencepiece's list holds the paths above the tied level
// (the sure ones, S) and some of the tied group, chosen by the order of equal keys in its
// heap, which only a replay of its A* tells. The draw then runs in two stages with the same
// distribution: the sure part or the tied part, with odds W(S) : W(tied ones taken), then one
// path of that part by weight. The first stage needs to know which tied paths were taken only
// when its uniform falls where their weight could change the outcome: a draw surely among the
// sure paths skips the replay (about half of them at n = 2, nearly all at n = 64). Weights are
// computed in double here, shifted by the largest; sentencepiece's are float (DrawIndex).
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <functional>
#include <span>

#include "tokenizers/models/unigram/unigram_model.h"

namespace tokenmill {

using unigram_internal::Lattice;

namespace {

// Σ exp(alpha · s − shift) over `scores`.
double SumOfWeights(std::span<const float> scores, float alpha, double shift) {
  double sum = 0.0;
  for (const float s : scores) sum += std::exp(static_cast<double>(alpha * s) - shift);
  return sum;
}

double LargestExponent(std::span<const float> a, std::span<const float> b, float alpha) {
  double largest = -DBL_MAX;
  for (const float s : a) largest = std::max(largest, static_cast<double>(alpha * s));
  for (const float s : b) largest = std::max(largest, static_cast<double>(alpha * s));
  return largest;
}

}  // namespace

void UnigramModel::SampleAmongNBest(std::string_view normalized, size_t nbest_size, float alpha,
                                    SamplingRng& rng, std::vector<Token>& out) const {
  thread_local unigram_internal::SegmentedNBest segmented;
  using Outcome = unigram_internal::SegmentedNBest::Outcome;
  const Outcome outcome = SearchNBestBySegments(normalized, nbest_size, segmented);
  if (outcome == Outcome::kFound) {
    segmented.AppendPath(DrawIndex(segmented.scores(), alpha, rng), out);
    return;
  }
  if (outcome == Outcome::kTie) {
    SampleAcrossTie(normalized, nbest_size, alpha, segmented, rng, out);
    return;
  }
  thread_local Lattice lattice;
  thread_local std::vector<float> scores;
  BuildLattice(normalized, lattice);
  lattice.NBestScores(nbest_size, /*try_without_replay=*/true, scores);
  lattice.AppendNBestPath(DrawIndex(scores, alpha, rng), out);
}

void UnigramModel::SampleAcrossTie(std::string_view normalized, size_t nbest_size, float alpha,
                                   unigram_internal::SegmentedNBest& segmented, SamplingRng& rng,
                                   std::vector<Token>& out) const {
  const std::span<const float> sure = segmented.scores();
  const double shift = LargestExponent(sure, segmented.tie_scores(), alpha);
  const double sure_weight = SumOfWeights(sure, alpha, shift);
  // The most the tied paths taken can weigh: the heaviest tie_slots() of the group.
  thread_local std::vector<double> tied_weights;
  tied_weights.clear();
  for (const float s : segmented.tie_scores()) {
    tied_weights.push_back(std::exp(static_cast<double>(alpha * s) - shift));
  }
  const size_t slots = std::min(segmented.tie_slots(), tied_weights.size());
  std::partial_sort(tied_weights.begin(), tied_weights.begin() + static_cast<std::ptrdiff_t>(slots),
                    tied_weights.end(), std::greater<>());
  double most_tied = 0.0;
  for (size_t i = 0; i < slots; ++i) most_tied += tied_weights[i];

  const double u = rng.UniformDouble();
  if (u * (sure_weight + most_tied) < sure_weight) {  // the sure part, whichever were taken
    segmented.AppendPath(DrawIndex(sure, alpha, rng), out);
    return;
  }
  // The replay: its list starts with the sure paths (it returns paths by decreasing level).
  thread_local Lattice lattice;
  thread_local std::vector<float> scores;
  BuildLattice(normalized, lattice);
  lattice.NBestScores(nbest_size, /*try_without_replay=*/false, scores);
  const std::span<const float> all(scores);
  const size_t first_tied = std::min(sure.size(), all.size());
  const double replay_shift = LargestExponent(all, {}, alpha);
  const double sure_part = SumOfWeights(all.first(first_tied), alpha, replay_shift);
  const double tied_part = SumOfWeights(all.subspan(first_tied), alpha, replay_shift);
  const size_t index = u * (sure_part + tied_part) < sure_part || first_tied == all.size()
                           ? DrawIndex(all.first(first_tied), alpha, rng)
                           : first_tied + DrawIndex(all.subspan(first_tied), alpha, rng);
  lattice.AppendNBestPath(index, out);
}

size_t UnigramModel::DrawFromNBest(const std::vector<ScoredTokens>& nbests, float alpha,
                                   SamplingRng& rng) {
  thread_local std::vector<float> scores;
  scores.clear();
  for (const ScoredTokens& n : nbests) scores.push_back(n.score);
  return DrawIndex(scores, alpha, rng);
}

size_t UnigramModel::DrawIndex(std::span<const float> scores, float alpha, SamplingRng& rng) {
  if (scores.empty()) return 0;
  // sentencepiece's weights: exp(alpha · score) in float, not shifted by the maximum. When
  // they all underflow (long text, large alpha) sentencepiece's draw is undefined; the
  // shifted weights keep ours well defined there.
  thread_local std::vector<float> weights;
  weights.resize(scores.size());
  double total = 0.0;
  for (size_t i = 0; i < scores.size(); ++i) {
    weights[i] = std::exp(alpha * scores[i]);
    total += weights[i];
  }
  if (!(total > 0.0) || !std::isfinite(total)) {
    float max_score = -FLT_MAX;
    for (const float score : scores) max_score = std::max(max_score, alpha * score);
    total = 0.0;
    for (size_t i = 0; i < scores.size(); ++i) {
      weights[i] = std::exp(alpha * scores[i] - max_score);
      total += weights[i];
    }
  }
  double u = rng.UniformDouble() * total;
  for (size_t i = 0; i < scores.size(); ++i) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return scores.size() - 1;
}

}  // namespace tokenmill
