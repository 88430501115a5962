#include "tokenizers/trainers/unigram/unigram_em.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/trainers/unigram/training_lattice.h"

namespace tokenmill::unigram_training {
namespace {

double Digamma(double x) {
  double result = 0.0;
  for (; x < 7; ++x) result -= 1 / x;
  x -= 1.0 / 2.0;
  const double xx = 1.0 / x;
  const double xx2 = xx * xx;
  const double xx4 = xx2 * xx2;
  result += std::log(x) + (1.0 / 24.0) * xx2 - (7.0 / 960.0) * xx4 +
            (31.0 / 8064.0) * xx4 * xx2 - (127.0 / 30720.0) * xx4 * xx4;
  return result;
}

// Runs fn(stripe, worker) for every stripe on `threads` workers, stripes taken in order.
template <typename Fn>
void RunStripes(int stripes, int threads, Fn&& fn) {
  threads = std::max(1, std::min(threads, stripes));
  std::atomic<int> next{0};
  auto work = [&](int worker) {
    for (int s; (s = next.fetch_add(1)) < stripes;) fn(s, worker);
  };
  if (threads == 1) {
    work(0);
    return;
  }
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work, t);
  for (auto& t : pool) t.join();
}

}  // namespace

template <typename Real>
absl::Status PieceModel<Real>::Set(ScoredPieces<Real> pieces) {
  // The new pieces a subsequence of the old (an M-step's output) with few removed? Then remap
  // the trie (a trie much larger than the pieces would slow every walk).
  std::vector<uint32_t> old_of_new;
  bool subsequence = !piece_of_value_.empty() && pieces.size() <= pieces_.size() &&
                     pieces.size() * 10 >= piece_of_value_.size() * 9;
  for (size_t i = 0, j = 0; subsequence && i < pieces.size(); ++i, ++j) {
    while (j < pieces_.size() && pieces_[j].first != pieces[i].first) ++j;
    if (j == pieces_.size()) subsequence = false;
    else old_of_new.push_back(static_cast<uint32_t>(j));
  }
  pieces_ = std::move(pieces);
  scores_.resize(pieces_.size());
  min_score_ = std::numeric_limits<Real>::max();
  for (size_t i = 0; i < pieces_.size(); ++i) {
    scores_[i] = pieces_[i].second;
    if (pieces_[i].second < min_score_) min_score_ = pieces_[i].second;  // NaN ignored (HF)
  }
  unk_score_ = min_score_ - Real(10);
  if (pieces_.size() > DoubleArrayTrie::kMaxValue) {
    return absl::ResourceExhaustedError(
        absl::StrCat("unigram trainer: too many pieces (", pieces_.size(), ")"));
  }
  if (subsequence) {
    // value → old index → new index.
    std::vector<uint32_t> new_of_old(old_of_new.empty() ? 0 : old_of_new.back() + 1, kRemoved);
    for (size_t i = 0; i < old_of_new.size(); ++i) new_of_old[old_of_new[i]] = static_cast<uint32_t>(i);
    for (uint32_t& p : piece_of_value_) {
      p = p != kRemoved && p < new_of_old.size() ? new_of_old[p] : kRemoved;
    }
    return absl::OkStatus();
  }
  std::vector<std::pair<std::string_view, uint32_t>> entries;
  entries.reserve(pieces_.size());
  piece_of_value_.assign(pieces_.size(), kRemoved);
  for (size_t i = 0; i < pieces_.size(); ++i) {
    if (std::isnan(pieces_[i].second)) continue;  // HF's "<UNK>" is never matched in text
    entries.emplace_back(pieces_[i].first, static_cast<uint32_t>(i));
    piece_of_value_[i] = static_cast<uint32_t>(i);
  }
  TM_ASSIGN_OR_RETURN(trie_, DoubleArrayTrie::Build(std::move(entries)));
  return absl::OkStatus();
}

template <typename Real>
std::vector<Real> ExpectedCounts(const PieceModel<Real>& model, const Words& words,
                                 const EmOptions& options) {
  const int stripes = std::max(1, options.stripes);
  std::vector<Real> total;
  std::map<int, std::vector<Real>> pending;  // finished stripes waiting for their turn
  int merged = 0;
  std::mutex mutex;
  RunStripes(stripes, options.threads, [&](int stripe, int) {
    TrainingLattice<Real> lattice;
    std::vector<Real> expected(model.size(), Real(0));
    for (size_t i = stripe; i < words.size(); i += stripes) {
      lattice.Build(words[i].first, model);
      lattice.AddMarginals(static_cast<Real>(words[i].second), expected);
    }
    std::lock_guard<std::mutex> lock(mutex);
    pending.emplace(stripe, std::move(expected));
    // Stripe sums are added in stripe order, whichever worker finished first.
    while (!pending.empty() && pending.begin()->first == merged) {
      std::vector<Real>& next = pending.begin()->second;
      if (merged == 0) {
        total = std::move(next);
      } else {
        for (size_t k = 0; k < total.size(); ++k) total[k] += next[k];
      }
      pending.erase(pending.begin());
      ++merged;
    }
  });
  return total;
}

template <typename Real>
ScoredPieces<Real> MaximizationStep(const ScoredPieces<Real>& pieces,
                                    const std::vector<Real>& expected, Flavor flavor) {
  ScoredPieces<Real> out;
  Real sum = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    if (flavor == Flavor::kHuggingFace && i == 0) {
      out.emplace_back(pieces[i].first, std::numeric_limits<Real>::quiet_NaN());
      continue;
    }
    const Real freq = expected[i];
    if (freq < Real(0.5)) continue;
    out.emplace_back(pieces[i].first, freq);
    sum += freq;
  }
  // Bayesian EM (a sparse prior): digamma instead of log.
  const Real logsum = static_cast<Real>(Digamma(static_cast<double>(sum)));
  for (auto& [piece, score] : out) {
    score = static_cast<Real>(Digamma(static_cast<double>(score)) - static_cast<double>(logsum));
  }
  return out;
}

template <typename Real>
ScoredPieces<Real> PrunePieces(const PieceModel<Real>& model, const Words& words,
                               const EmOptions& options) {
  const ScoredPieces<Real>& pieces = model.pieces();
  const bool hf = options.flavor == Flavor::kHuggingFace;
  const size_t size = pieces.size();

  // How each piece would be segmented without it: its second-best segmentation.
  std::vector<uint8_t> always_keep(size, 1);
  std::vector<std::vector<uint32_t>> alternatives(size);
  {
    const int workers = std::max(1, options.threads);
    RunStripes(workers, workers, [&](int stripe, int) {
      TrainingLattice<Real> lattice;
      for (size_t i = stripe; i < size; i += workers) {
        if (hf && i == 0) {
          always_keep[i] = 0;
          continue;
        }
        lattice.Build(pieces[i].first, model);
        if (lattice.chars() <= 1) continue;  // one path only: keep
        const std::vector<uint32_t> best = lattice.Viterbi();
        if (best.size() >= 2) {
          always_keep[i] = 0;  // others segment it as well
        } else if (best.size() == 1) {
          // The second best: the best path without the whole-piece node.
          for (uint32_t node : lattice.Viterbi(best[0])) {
            alternatives[i].push_back(lattice.nodes()[node].id);
          }
        }
      }
    });
  }

  // Viterbi counts over the corpus (integer sums: any order gives the same).
  const int workers = std::max(1, options.threads);
  std::vector<std::vector<int64_t>> counts(workers);
  std::vector<int64_t> vsums(workers, 0);
  const int stripes = std::max(1, options.stripes);
  RunStripes(stripes, workers, [&](int stripe, int worker) {
    std::vector<int64_t>& freq = counts[worker];
    if (freq.empty()) freq.assign(size, 0);
    TrainingLattice<Real> lattice;
    for (size_t i = stripe; i < words.size(); i += stripes) {
      lattice.Build(words[i].first, model);
      vsums[worker] += words[i].second;
      for (uint32_t node : lattice.Viterbi()) freq[lattice.nodes()[node].id] += words[i].second;
    }
  });
  std::vector<int64_t> freq_int(size, 0);
  int64_t vsum_int = 0;
  for (int w = 0; w < workers; ++w) {
    vsum_int += vsums[w];
    if (counts[w].empty()) continue;
    for (size_t i = 0; i < size; ++i) freq_int[i] += counts[w][i];
  }
  std::vector<Real> freq(size);
  int64_t sum_int = 0;
  for (size_t i = 0; i < size; ++i) {
    freq[i] = static_cast<Real>(freq_int[i]);
    sum_int += freq_int[i];
  }
  const Real vsum = static_cast<Real>(vsum_int);
  const Real sum = static_cast<Real>(sum_int);
  const Real logsum = static_cast<Real>(std::log(static_cast<double>(sum)));

  ScoredPieces<Real> kept;
  std::vector<std::pair<size_t, Real>> candidates;
  if (hf) kept.push_back(pieces[0]);
  for (size_t i = hf ? 1 : 0; i < size; ++i) {
    const bool drop = hf ? (freq[i] == 0 && !always_keep[i]) : (freq[i] == 0 || !always_keep[i]);
    if (drop) continue;
    if (alternatives[i].empty()) {
      kept.push_back(pieces[i]);
      continue;
    }
    if (hf && freq_int[i] == 0) continue;
    // Loss of removing piece i, assuming its occurrences become its alternatives.
    const Real f = static_cast<Real>(freq_int[i]) / vsum;
    const Real logprob_sp =
        static_cast<Real>(std::log(static_cast<double>(freq[i])) - static_cast<double>(logsum));
    // (Both trainers multiply by the number of pieces here, not of alternatives.)
    const Real logsum_alt = static_cast<Real>(std::log(static_cast<double>(
        static_cast<Real>(sum + static_cast<Real>(freq[i] * static_cast<Real>(size - 1))))));
    Real logprob_alt = 0;
    for (uint32_t n : alternatives[i]) {
      logprob_alt = static_cast<Real>(
          static_cast<double>(logprob_alt) +
          (std::log(static_cast<double>(static_cast<Real>(freq[n] + freq[i]))) -
           static_cast<double>(logsum_alt)));
    }
    candidates.emplace_back(i, f * (logprob_sp - logprob_alt));
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  const size_t shrunk = static_cast<size_t>(
      static_cast<Real>(options.shrinking_factor) * static_cast<Real>(size));
  const size_t pruned_size = std::max(options.desired_vocab_size, shrunk);
  for (const auto& [i, loss] : candidates) {
    if (kept.size() == pruned_size) break;
    kept.push_back(pieces[i]);
  }
  return kept;
}

template <typename Real>
absl::Status RunEm(PieceModel<Real>& model, const Words& words, const EmOptions& options,
                   int num_sub_iterations, Progress& progress) {
  progress.Start("EM", 0, "rounds");
  while (true) {
    for (int iter = 0; iter < num_sub_iterations; ++iter) {
      const std::vector<Real> expected = ExpectedCounts(model, words, options);
      TM_RETURN_IF_ERROR(model.Set(MaximizationStep(model.pieces(), expected, options.flavor)));
      progress.Advance();
      if (options.verbose) {
        progress.Note(absl::StrCat("EM sub_iter=", iter, " size=", model.size()));
      }
    }
    if (model.size() <= options.desired_vocab_size) break;
    TM_RETURN_IF_ERROR(model.Set(PrunePieces(model, words, options)));
  }
  progress.Finish();
  return absl::OkStatus();
}

template absl::Status RunEm(PieceModel<float>&, const Words&, const EmOptions&, int, Progress&);
template absl::Status RunEm(PieceModel<double>&, const Words&, const EmOptions&, int, Progress&);
template class PieceModel<float>;
template class PieceModel<double>;
template std::vector<float> ExpectedCounts(const PieceModel<float>&, const Words&, const EmOptions&);
template std::vector<double> ExpectedCounts(const PieceModel<double>&, const Words&, const EmOptions&);
template ScoredPieces<float> MaximizationStep(const ScoredPieces<float>&, const std::vector<float>&, Flavor);
template ScoredPieces<double> MaximizationStep(const ScoredPieces<double>&, const std::vector<double>&, Flavor);
template ScoredPieces<float> PrunePieces(const PieceModel<float>&, const Words&, const EmOptions&);
template ScoredPieces<double> PrunePieces(const PieceModel<double>&, const Words&, const EmOptions&);

}  // namespace tokenmill::unigram_training
