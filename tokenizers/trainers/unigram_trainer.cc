#include "tokenizers/trainers/unigram_trainer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/models/unigram/unigram.h"
#include "tokenizers/trainers/unigram/seed_pieces.h"
#include "tokenizers/trainers/unigram/unigram_em.h"

namespace tokenmill {
namespace {

using unigram_training::Flavor;
using unigram_training::PieceModel;
using unigram_training::ScoredPieces;

constexpr std::string_view kTrainingUnk = "<UNK>";
// Fixed so the result does not depend on the number of threads.
constexpr int kStripes = 16;

// HF's seed text (each distinct word once, NUL after each) and its characters weighted by the
// word counts, most frequent first (ties: the larger character first).
std::string SeedText(const unigram_training::Words& words,
                     std::vector<std::pair<std::string, int64_t>>& chars) {
  std::string text;
  absl::flat_hash_map<char32_t, int64_t> counts;
  for (const auto& [word, n] : words) {
    if (word.empty()) continue;
    text.append(word);
    text.push_back('\0');
    size_t pos = 0;
    while (pos < word.size()) {
      const char32_t c = utf8::DecodeValid(word, pos);
      if (c != 0) counts[c] += n;
    }
  }
  std::vector<std::pair<char32_t, int64_t>> sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first > b.first;
  });
  chars.clear();
  for (const auto& [c, n] : sorted) {
    std::string s;
    utf8::Append(c, s);
    chars.emplace_back(std::move(s), n);
  }
  return text;
}

}  // namespace

absl::StatusOr<TrainedModel> UnigramTrainer::Train(WordList word_list, const Model* base,
                                                   Progress& progress) const {
  const UnigramTrainerOptions& o = options_;
  unigram_training::Words words;
  words.reserve(word_list.words.size());
  for (const WordCount& w : word_list.words) {
    words.emplace_back(w.word, static_cast<int64_t>(w.count));
  }
  if (words.empty()) return absl::InvalidArgumentError("unigram trainer: no words to train on");
  // A fixed order (HF's is its hash map's): f64 sums, and so the last bits of the scores, do
  // not depend on how the words were counted (files or iterator, threads).
  std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });

  // Required characters: every character of the corpus and the initial alphabet.
  std::set<char32_t> required;
  for (const auto& [word, n] : words) {
    size_t pos = 0;
    while (pos < word.size()) required.insert(utf8::DecodeValid(word, pos));
  }
  required.insert(o.initial_alphabet.begin(), o.initial_alphabet.end());
  if (required.size() > o.vocab_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unigram trainer: the vocabulary (", o.vocab_size,
        ") is not large enough to contain all ", required.size(), " characters"));
  }
  const size_t specials = o.special_tokens.size();
  const bool add_unk = o.unk_token &&
                       std::find(o.special_tokens.begin(), o.special_tokens.end(),
                                 *o.unk_token) == o.special_tokens.end();
  if (o.vocab_size < specials + (add_unk ? 1 : 0) + 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unigram trainer: vocab_size ", o.vocab_size, " leaves no room beside the ",
        specials + (add_unk ? 1 : 0), " special tokens"));
  }

  PieceModel<double> model;
  {
    progress.Start("seed pieces (suffix array)", 0, "");
    std::vector<std::pair<std::string, int64_t>> chars;
    std::string text = SeedText(words, chars);
    unigram_training::SeedOptions seed_options;
    seed_options.flavor = Flavor::kHuggingFace;
    seed_options.seed_size = o.seed_size;
    seed_options.max_piece_chars = static_cast<uint32_t>(o.max_piece_length);
    seed_options.threads = static_cast<int>(
        o.num_threads > 0 ? o.num_threads : std::max(1u, std::thread::hardware_concurrency()));
    TM_ASSIGN_OR_RETURN(ScoredPieces<double> seeds,
                        unigram_training::MakeSeedPieces<double>(text, chars, seed_options));
    progress.Finish();
    ScoredPieces<double> pieces;
    pieces.reserve(seeds.size() + 1);
    pieces.emplace_back(std::string(kTrainingUnk), std::numeric_limits<double>::quiet_NaN());
    for (auto& p : seeds) pieces.push_back(std::move(p));
    TM_RETURN_IF_ERROR(model.Set(std::move(pieces)));
  }

  unigram_training::EmOptions options;
  options.flavor = Flavor::kHuggingFace;
  options.stripes = kStripes;
  options.threads = static_cast<int>(
      o.num_threads > 0 ? o.num_threads : std::max(1u, std::thread::hardware_concurrency()));
  options.desired_vocab_size = o.vocab_size * 11 / 10;
  options.shrinking_factor = o.shrinking_factor;
  TM_RETURN_IF_ERROR(unigram_training::RunEm(model, words, options, o.n_sub_iterations, progress));
  word_list.Release();
  words.clear();

  // HF's finalize.
  std::vector<std::pair<std::string, double>> pieces;
  absl::flat_hash_set<std::string> inserted = {std::string(kTrainingUnk)};
  absl::flat_hash_map<std::string_view, double> existing;
  for (const auto& [piece, score] : model.pieces()) existing.emplace(piece, score);
  double penalty = 0.0;
  for (const char32_t c : required) {
    std::string s;
    utf8::Append(c, s);
    inserted.insert(s);
    if (auto it = existing.find(s); it != existing.end()) {
      pieces.emplace_back(s, it->second);
    } else {
      pieces.emplace_back(s, model.min_score() + penalty);
      penalty += 0.0001;
    }
  }
  const size_t wanted = o.vocab_size - specials - (add_unk ? 1 : 0);
  for (const auto& [piece, score] : model.pieces()) {
    if (!inserted.insert(piece).second) continue;
    pieces.emplace_back(piece, std::isnan(score) ? 0.0 : score);
    if (pieces.size() == wanted) break;  // (HF's test: never met when the characters overfill)
  }
  std::stable_sort(pieces.begin(), pieces.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });

  std::vector<std::pair<std::string, double>> vocab;
  std::optional<uint32_t> unk_id;
  if (o.unk_token) {
    if (add_unk) {
      vocab.emplace_back(*o.unk_token, 0.0);
      unk_id = 0;
    } else {
      unk_id = static_cast<uint32_t>(
          std::find(o.special_tokens.begin(), o.special_tokens.end(), *o.unk_token) -
          o.special_tokens.begin());
    }
  }
  for (const std::string& t : o.special_tokens) vocab.emplace_back(t, 0.0);
  for (auto& p : pieces) vocab.push_back(std::move(p));
  TM_ASSIGN_OR_RETURN(std::unique_ptr<Unigram> unigram,
                      Unigram::Create(std::move(vocab), unk_id, /*byte_fallback=*/false));
  TrainedModel trained;
  trained.model = std::move(unigram);
  trained.special_tokens = o.special_tokens;
  return trained;
}

}  // namespace tokenmill
