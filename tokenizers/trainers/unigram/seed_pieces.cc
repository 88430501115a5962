#include "tokenizers/trainers/unigram/seed_pieces.h"

#include <algorithm>
#include <cmath>
#include <queue>

#include "tokenizers/base/status_macros.h"
#include "tokenizers/trainers/unigram/repeated_substrings.h"

namespace tokenmill::unigram_training {
namespace {

// 16 bytes: up to a million of them are kept at once.
struct Candidate {
  uint64_t score : 52;   // frequency × length in characters
  uint64_t length : 12;  // bytes (at most 4 × max_piece_chars ≤ 4 × 1023)
  uint32_t node_index;   // suffix-tree nodes are fewer than the text's bytes (< 2^31)
  uint32_t offset;       // in the text
};

}  // namespace

template <typename Real>
absl::StatusOr<ScoredPieces<Real>> MakeSeedPieces(
    std::string_view text, const std::vector<std::pair<std::string, int64_t>>& chars,
    const SeedOptions& options) {
  const bool hf = options.flavor == Flavor::kHuggingFace;
  if (options.max_piece_chars > 1023) {
    return absl::InvalidArgumentError("unigram trainer: the longest piece may have 1023 characters");
  }
  // Candidate a ranks before b: higher score, then (spm) earlier node or (HF) larger string.
  auto before = [&](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    if (hf) return text.substr(a.offset, a.length) > text.substr(b.offset, b.length);
    return a.node_index < b.node_index;
  };
  // spm stops at seed_size pieces in all; HF adds one substring before checking.
  size_t room = options.seed_size > chars.size() ? options.seed_size - chars.size() : 0;
  if (hf && room == 0) room = 1;
  // The best `room` candidates: a heap whose top is the worst kept.
  std::vector<Candidate> heap_storage;
  heap_storage.reserve(std::min<size_t>(room, text.size()));  // no doubling past the need
  std::priority_queue<Candidate, std::vector<Candidate>, decltype(before)> best(
      before, std::move(heap_storage));
  const char word_end = options.word_weights ? options.word_weights->word_end : '\0';
  if (room > 0) {
    TM_RETURN_IF_ERROR(ForEachRepeatedSubstring(
        text, options.max_piece_chars, [&](const RepeatedSubstring& node) {
          const std::string_view piece = text.substr(node.byte_offset, node.byte_length);
          if (piece.find('\0') != std::string_view::npos) return;
          if (word_end != '\0' && piece.find(word_end) != std::string_view::npos) return;
          if (options.is_valid && !options.is_valid(piece)) return;
          Candidate c;
          c.score = node.frequency * node.char_length;
          c.length = node.byte_length;
          c.node_index = static_cast<uint32_t>(node.node_index);
          c.offset = node.byte_offset;
          if (best.size() < room) {
            best.push(c);
          } else if (before(c, best.top())) {
            best.pop();
            best.push(c);
          }
        },
        options.threads, options.word_weights));
  }
  std::vector<Candidate> chosen;
  chosen.reserve(best.size());
  while (!best.empty()) {
    chosen.push_back(best.top());
    best.pop();
  }
  std::reverse(chosen.begin(), chosen.end());

  ScoredPieces<Real> seeds;
  seeds.reserve(chars.size() + chosen.size());
  for (const auto& [c, count] : chars) seeds.emplace_back(c, static_cast<Real>(count));
  for (const Candidate& c : chosen) {
    seeds.emplace_back(std::string(text.substr(c.offset, c.length)), static_cast<Real>(c.score));
  }
  // ToLogProb: the sum in Real, logs in double.
  Real sum = 0;
  for (const auto& [piece, score] : seeds) sum += score;
  const Real logsum = static_cast<Real>(std::log(static_cast<double>(sum)));
  for (auto& [piece, score] : seeds) {
    score = static_cast<Real>(std::log(static_cast<double>(score)) - static_cast<double>(logsum));
  }
  return seeds;
}

template absl::StatusOr<ScoredPieces<float>> MakeSeedPieces(
    std::string_view, const std::vector<std::pair<std::string, int64_t>>&, const SeedOptions&);
template absl::StatusOr<ScoredPieces<double>> MakeSeedPieces(
    std::string_view, const std::vector<std::pair<std::string, int64_t>>&, const SeedOptions&);

}  // namespace tokenmill::unigram_training
