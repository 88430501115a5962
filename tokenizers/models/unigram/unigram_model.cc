#include "tokenizers/models/unigram/unigram_model.h"

#include <algorithm>
#include <atomic>
#include <cfloat>
#include <cmath>

#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/models/unigram/segmented_nbest.h"
#include "tokenizers/models/unigram/unigram_viterbi.h"

namespace tokenmill {
namespace {

using unigram_internal::CharLenAt;
using unigram_internal::Lattice;
using unigram_internal::NodeKind;

constexpr float kUnkPenalty = 10.0f;
constexpr int kMaxNBestSize = 1024;
constexpr int kMaxSampleNBestSize = 512;

bool IsMatchable(PieceType type) {
  return type == PieceType::kNormal || type == PieceType::kUserDefined;
}

// Whether the lattice has nodes for the piece: sentencepiece's trie holds the pieces NORMAL,
// USER_DEFINED or UNUSED when the model was built, and the lattice skips those UNUSED now.
bool InLattice(PieceType loaded, PieceType live) {
  return (IsMatchable(loaded) || loaded == PieceType::kUnused) && IsMatchable(live);
}

size_t CountChars(std::string_view s) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); i += CharLenAt(s, i)) ++chars;
  return chars;
}

// Whether splitting `s` into characters by lead bytes ends exactly at its end.
bool EndsOnCharBoundary(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) i += unigram_internal::OneCharLen(static_cast<uint8_t>(s[i]));
  return i == s.size();
}

}  // namespace

absl::StatusOr<std::unique_ptr<UnigramModel>> UnigramModel::Create(
    std::vector<UnigramPiece> pieces, const std::vector<PieceType>& live_types) {
  if (!live_types.empty() && live_types.size() != pieces.size()) {
    return absl::InvalidArgumentError("unigram model: one live type per piece expected");
  }
  const auto in_lattice = [&](uint32_t id, const UnigramPiece& p) {
    return InLattice(p.type, live_types.empty() ? p.type : live_types[id]);
  };
  if (pieces.size() > DoubleArrayTrie::kMaxValue) {
    return absl::InvalidArgumentError(
        absl::StrFormat("unigram model: %d pieces, at most %d supported", pieces.size(),
                        DoubleArrayTrie::kMaxValue));
  }
  std::unique_ptr<UnigramModel> model(new UnigramModel());
  model->pieces_ = std::move(pieces);
  const std::vector<UnigramPiece>& ps = model->pieces_;

  bool has_unk = false;
  model->min_score_ = FLT_MAX;
  model->max_score_ = FLT_MIN;
  for (uint32_t id = 0; id < ps.size(); ++id) {
    const UnigramPiece& p = ps[id];
    if (p.piece.empty()) {
      return absl::InvalidArgumentError(absl::StrFormat("unigram model: piece %d is empty", id));
    }
    const int type = static_cast<int>(p.type);
    if (type < 1 || type > 6) {
      return absl::InvalidArgumentError(
          absl::StrFormat("unigram model: piece %d has an invalid type %d", id, type));
    }
    const bool reserved = p.type == PieceType::kControl || p.type == PieceType::kUnknown ||
                          p.type == PieceType::kByte;
    auto& ids = reserved ? model->reserved_ids_ : model->piece_ids_;
    if (!ids.emplace(absl::string_view(p.piece.data(), p.piece.size()), id).second) {
      return absl::InvalidArgumentError(
          absl::StrFormat("unigram model: piece \"%s\" (id %d) is already defined", p.piece, id));
    }
    if (p.type == PieceType::kUnknown) {
      if (has_unk) {
        return absl::InvalidArgumentError(
            absl::StrFormat("unigram model: a second unknown piece \"%s\" (id %d)", p.piece, id));
      }
      has_unk = true;
      model->unk_id_ = id;
    }
    if (p.type == PieceType::kNormal) {
      model->min_score_ = std::min(model->min_score_, p.score);
      model->max_score_ = std::max(model->max_score_, p.score);
    }
  }
  if (!has_unk) {
    return absl::InvalidArgumentError("unigram model: no piece of type UNKNOWN");
  }

  const float max_score = model->max_score_;
  model->viterbi_scores_.assign(ps.size(), 0.0);
  model->lattice_scores_.assign(ps.size(), 0.0f);
  model->sampling_scores_.assign(ps.size(), 0.0f);
  model->node_kinds_.assign(ps.size(), NodeKind::kSkipped);
  std::vector<std::pair<std::string_view, uint32_t>> entries;
  for (uint32_t id = 0; id < ps.size(); ++id) {
    const UnigramPiece& p = ps[id];
    if (!in_lattice(id, p)) continue;
    entries.emplace_back(p.piece, id);
    if (!EndsOnCharBoundary(p.piece)) model->pieces_end_on_char_boundaries_ = false;
    if (p.type == PieceType::kUserDefined) {
      // sentencepiece's arithmetic: (length · max_score) in float, then - 0.1 in double;
      // the optimized Viterbi counts bytes, the lattice characters (and stores a float).
      const float by_bytes = static_cast<float>(p.piece.size()) * max_score;
      model->viterbi_scores_[id] = static_cast<double>(by_bytes) - 0.1;
      const float by_chars = static_cast<float>(static_cast<int>(CountChars(p.piece))) * max_score;
      model->sampling_scores_[id] = static_cast<float>(static_cast<double>(by_chars) - 0.1);
      model->node_kinds_[id] = NodeKind::kUserDefined;
    } else {
      model->viterbi_scores_[id] = p.score;
      model->lattice_scores_[id] = p.score;
      model->sampling_scores_[id] = p.score;
      model->node_kinds_[id] = NodeKind::kScored;
    }
  }
  model->max_abs_sampling_score_ = std::abs(model->min_score_ - kUnkPenalty);
  for (uint32_t id = 0; id < ps.size(); ++id) {
    if (!in_lattice(id, ps[id])) continue;
    model->max_abs_sampling_score_ =
        std::max(model->max_abs_sampling_score_, std::abs(model->sampling_scores_[id]));
    model->max_piece_bytes_ = std::max(model->max_piece_bytes_, ps[id].piece.size());
  }
  // SegmentedNBest's rounding bound needs scores of one sign.
  model->nonpositive_scores_ = std::isfinite(model->min_score_ - kUnkPenalty) &&
                               model->min_score_ - kUnkPenalty <= 0.0f;
  for (uint32_t id = 0; id < ps.size(); ++id) {
    if (!in_lattice(id, ps[id])) continue;
    const float score = model->sampling_scores_[id];
    if (!std::isfinite(score) || score > 0.0f) model->nonpositive_scores_ = false;
  }
  static std::atomic<uint64_t> next_instance_id{1};
  model->instance_id_ = next_instance_id.fetch_add(1);
  auto trie = DoubleArrayTrie::Build(std::move(entries));
  if (!trie.ok()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("unigram model: %s", trie.status().message()));
  }
  model->trie_ = std::move(*trie);
  return model;
}

uint32_t UnigramModel::PieceToId(std::string_view piece) const {
  const absl::string_view key(piece.data(), piece.size());
  if (auto it = reserved_ids_.find(key); it != reserved_ids_.end()) return it->second;
  if (auto it = piece_ids_.find(key); it != piece_ids_.end()) return it->second;
  return unk_id_;
}

void UnigramModel::Encode(std::string_view normalized, std::vector<Token>& out) const {
  thread_local std::vector<unigram_internal::BestPathNode<float>> best;
  const unigram_internal::ViterbiScoring<float> scoring{viterbi_scores_.data(),
                                                        min_score_ - kUnkPenalty, unk_id_};
  unigram_internal::ViterbiEncode(normalized, trie_, scoring, best, out);
}

void UnigramModel::BuildLattice(std::string_view normalized, Lattice& lattice) const {
  const unigram_internal::LatticeScoring scoring{&trie_,      lattice_scores_.data(),
                                                 node_kinds_.data(), max_score_,
                                                 min_score_ - kUnkPenalty, unk_id_};
  lattice.Build(normalized, scoring);
}

std::vector<UnigramModel::ScoredTokens> UnigramModel::NBestEncode(std::string_view normalized,
                                                                  int nbest_size) const {
  std::vector<ScoredTokens> results;
  if (normalized.empty()) {
    results.emplace_back();
    return results;
  }
  nbest_size = std::max(1, std::min(nbest_size, kMaxNBestSize));
  if (nbest_size == 1) {
    ScoredTokens& best = results.emplace_back();
    Encode(normalized, best.tokens);
    return results;
  }
  using Outcome = unigram_internal::SegmentedNBest::Outcome;
  thread_local unigram_internal::SegmentedNBest segmented;
  const Outcome outcome = SearchNBestBySegments(normalized, static_cast<size_t>(nbest_size),
                                                segmented, /*ordered=*/true);
  if (outcome == Outcome::kFound) {
    for (size_t i = 0; i < segmented.scores().size(); ++i) {
      ScoredTokens& scored = results.emplace_back();
      segmented.AppendPath(i, scored.tokens);
      scored.score = segmented.scores()[i];
    }
    return results;
  }
  thread_local Lattice lattice;  // reused: no allocation once warm
  thread_local Lattice::FlatPaths paths;
  BuildLattice(normalized, lattice);
  // Equal levels defeat the lattice's own shortcut too: replay the A* at once.
  if (outcome == Outcome::kTie) {
    lattice.NBestAStar(static_cast<size_t>(nbest_size), false, 0.0, nullptr, paths);
  } else {
    lattice.NBest(static_cast<size_t>(nbest_size), false, 0.0, nullptr, paths);
  }
  for (size_t i = 0; i < paths.size(); ++i) {
    ScoredTokens& scored = results.emplace_back();
    lattice.AppendTokens(paths.path(i), scored.tokens);
    scored.score = paths.scores[i];
  }
  return results;
}

absl::Status UnigramModel::SampleEncode(std::string_view normalized, int nbest_size, float alpha,
                                        SamplingRng& rng, std::vector<Token>& out) const {
  if (nbest_size > kMaxSampleNBestSize) {
    return absl::InvalidArgumentError(
        absl::StrFormat("nbest_size must be <= %d, got %d", kMaxSampleNBestSize, nbest_size));
  }
  if (!std::isfinite(alpha)) {
    return absl::InvalidArgumentError(absl::StrFormat("alpha must be finite, got %f", alpha));
  }
  if (normalized.empty()) return absl::OkStatus();
  if (nbest_size < 0) {
    SampleWholeLattice(normalized, alpha, rng, out);
  } else if (nbest_size <= 1) {
    Encode(normalized, out);
  } else {
    SampleAmongNBest(normalized, static_cast<size_t>(nbest_size), alpha, rng, out);
  }
  return absl::OkStatus();
}

unigram_internal::SegmentedNBest::Outcome UnigramModel::SearchNBestBySegments(
    std::string_view normalized, size_t nbest_size, unigram_internal::SegmentedNBest& search,
    bool ordered) const {
  if (!nonpositive_scores_ || !pieces_end_on_char_boundaries_ || normalized.empty() ||
      nbest_size < 2) {
    return unigram_internal::SegmentedNBest::Outcome::kUndecided;
  }
  const unigram_internal::NBestScoring scoring{&trie_, sampling_scores_.data(), unk_id_,
                                               min_score_ - kUnkPenalty};
  return search.Search(normalized, nbest_size, scoring, ordered);
}


absl::StatusOr<std::vector<UnigramModel::ScoredTokens>> UnigramModel::SampleEncodeAndScore(
    std::string_view normalized, int num_samples, float alpha, bool wor, bool include_best,
    SamplingRng& rng) const {
  if (normalized.empty()) {
    return absl::InvalidArgumentError("SampleEncodeAndScore: the normalized text is empty");
  }
  if (num_samples < 1) {
    return absl::InvalidArgumentError(
        absl::StrFormat("SampleEncodeAndScore: num_samples must be >= 1, got %d", num_samples));
  }
  if (!std::isfinite(alpha)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("SampleEncodeAndScore: alpha must be finite, got %f", alpha));
  }
  if (include_best && !wor) {
    return absl::InvalidArgumentError(
        "SampleEncodeAndScore: include_best is only supported with wor (sampling without "
        "replacement)");
  }
  Lattice lattice;
  BuildLattice(normalized, lattice);
  const double theta = alpha;
  const std::vector<double> forward = lattice.ForwardLogSums(theta);
  // The score's log Z in sentencepiece's float arithmetic; sampling uses the double sums.
  const float log_z = lattice.ForwardLogSumsFloat(alpha)[lattice.num_chars()];
  // Σ alpha · score in float, left to right, as sentencepiece scores a sample.
  auto tempered_score = [&](const std::vector<uint32_t>& path) {
    float score = 0.0f;
    for (const uint32_t n : path) score += alpha * lattice.node(n).score;
    return score;
  };

  std::vector<ScoredTokens> results;
  if (!wor) {
    for (int i = 0; i < num_samples; ++i) {
      const std::vector<uint32_t> path = lattice.Sample(theta, forward, rng);
      ScoredTokens& scored = results.emplace_back();
      lattice.AppendTokens(path, scored.tokens);
      scored.score = tempered_score(path) - log_z;
    }
    return results;
  }

  Lattice::Path best;
  if (include_best) {
    best = lattice.Viterbi();
    ScoredTokens& scored = results.emplace_back();
    lattice.AppendTokens(best.nodes, scored.tokens);
    scored.score = 0.0f;  // log of inclusion probability 1
  }
  // Draw k + 1: the (k+1)-th perturbed score is the threshold kappa.
  std::vector<Lattice::Path> draws =
      lattice.NBest(static_cast<size_t>(num_samples) + 1, true, theta, &rng);
  if (include_best) {
    auto it = std::find_if(draws.begin(), draws.end(),
                           [&](const Lattice::Path& p) { return p.nodes == best.nodes; });
    if (it != draws.end()) {
      draws.erase(it);
    } else {
      draws.pop_back();
    }
  }
  if (draws.empty()) return results;  // a lattice with a single path
  const double kappa = draws.back().score;
  draws.pop_back();
  const size_t first_draw = results.size();
  for (const Lattice::Path& path : draws) {
    ScoredTokens& scored = results.emplace_back();
    lattice.AppendTokens(path.nodes, scored.tokens);
    scored.score = tempered_score(path.nodes) - log_z;
  }
  // Log inclusion probability of each draw: log(1 - exp(-exp(log p - kappa))).
  for (size_t i = first_draw; i < results.size(); ++i) {
    if (results[i].score == 0.0f) continue;  // as sentencepiece: 0 marks the included best
    const double x = results[i].score - kappa;
    const double y = std::exp(x);
    const double inclusion =
        x <= -10 ? x - y / 2 + std::pow(y, 2) / 24 - std::pow(y, 4) / 2880 : std::log(-std::expm1(-y));
    results[i].score = static_cast<float>(inclusion);
  }
  return results;
}

float UnigramModel::CalculateEntropy(std::string_view normalized, float alpha) const {
  Lattice lattice;
  BuildLattice(normalized, lattice);
  return lattice.EntropyFloat(alpha);
}

void MergeUnknownRuns(std::vector<Token>& tokens, size_t from, uint32_t unk_id) {
  size_t write = from;
  for (size_t read = from; read < tokens.size(); ++read) {
    if (write > from && tokens[read].id == unk_id && tokens[write - 1].id == unk_id &&
        tokens[write - 1].end == tokens[read].begin) {
      tokens[write - 1].end = tokens[read].end;
    } else {
      tokens[write++] = tokens[read];
    }
  }
  tokens.resize(write);
}

}  // namespace tokenmill
