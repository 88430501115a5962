#include "tokenizers/trainers/sentencepiece/spm_unigram_trainer.h"

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/trainers/sentencepiece/spm_word_text.h"
#include "tokenizers/trainers/unigram/seed_pieces.h"
#include "tokenizers/trainers/unigram/suffix_buckets.h"
#include "tokenizers/trainers/unigram/unigram_em.h"

namespace tokenmill {
namespace {

using unigram_training::ScoredPieces;

// Suffix offsets are 32-bit.
constexpr uint64_t kMaxWordTextBytes = (uint64_t{1} << 31) - 2;

// spm's Sorted(): value descending, then key ascending.
template <typename K, typename V>
void SortByValue(std::vector<std::pair<K, V>>& v) {
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
    return a.second > b.second || (a.second == b.second && a.first < b.first);
  });
}

std::u32string DecodeUtf8(std::string_view text) {
  std::u32string out;
  size_t pos = 0;
  while (pos < text.size()) out.push_back(utf8::DecodeValid(text, pos));
  return out;
}

// The sentences joined, each followed by NUL, and the characters (not ▅) with their counts.
std::string SeedText(const SpmSentences& sentences,
                     std::vector<std::pair<std::string, int64_t>>& chars) {
  size_t bytes = 0;
  for (const auto& [s, freq] : sentences.sentences) bytes += s.size() + 1;
  std::string text;
  text.reserve(bytes);
  absl::flat_hash_map<char32_t, int64_t> counts;
  for (const auto& [s, freq] : sentences.sentences) {
    size_t pos = 0;
    while (pos < s.size()) {
      const char32_t c = utf8::DecodeValid(s, pos);
      if (c != kSpmUnknownChar && c != 0) counts[c] += freq;
    }
    text += s;
    text.push_back('\0');
  }
  chars.clear();
  for (const auto& [c, n] : counts) {
    std::string piece;
    utf8::Append(c, piece);
    chars.emplace_back(std::move(piece), n);
  }
  SortByValue(chars);
  return text;
}

// The sentences of `text` (NUL after each) as EM's units: with split_by_whitespace their words
// with summed counts, sorted as spm's Sorted() (count descending, then bytes); else each
// sentence once, in order.
unigram_training::Words SentenceWords(const spm::TrainerSpec& spec, std::string_view text) {
  unigram_training::Words words;
  absl::flat_hash_map<std::string_view, int64_t> counts;
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\0', start);
    const std::string_view sentence = text.substr(start, end - start);
    start = end + 1;
    if (!spec.split_by_whitespace()) {
      words.emplace_back(sentence, 1);
      continue;
    }
    SplitSpmWords(sentence, spec.treat_whitespace_as_suffix(),
                  spec.allow_whitespace_only_pieces(), parts);
    for (std::string_view w : parts) ++counts[w];
  }
  if (spec.split_by_whitespace()) {
    words.assign(counts.begin(), counts.end());
    SortByValue(words);
  }
  return words;
}

// The required characters (not ▅) with their counts, as SeedText lists them.
std::vector<std::pair<std::string, int64_t>> RequiredCharCounts(const SpmSentences& sentences) {
  std::vector<std::pair<std::string, int64_t>> chars;
  for (const auto& [c, n] : sentences.required_chars) {
    if (c == kSpmUnknownChar || c == 0) continue;
    std::string piece;
    utf8::Append(c, piece);
    chars.emplace_back(std::move(piece), n);
  }
  SortByValue(chars);
  return chars;
}

// Copies the words' bytes into `storage` and points the words there, freeing `text`.
void MoveWordsOutOf(std::string& text, unigram_training::Words& words, std::string& storage) {
  size_t bytes = 0;
  for (const auto& [w, n] : words) bytes += w.size();
  storage.reserve(bytes);
  std::vector<size_t> offsets;
  offsets.reserve(words.size());
  for (const auto& [w, n] : words) {
    offsets.push_back(storage.size());
    storage.append(w);
  }
  for (size_t i = 0; i < words.size(); ++i) {
    words[i].first = std::string_view(storage.data() + offsets[i], words[i].first.size());
  }
  std::string().swap(text);
}

ScoredPieces<float> FinalizePieces(const spm::TrainerSpec& spec, size_t meta_piece_count,
                                   const unigram_training::PieceModel<float>& model,
                                   const SpmSentences& sentences) {
  absl::flat_hash_map<std::string, float> current(model.pieces().begin(), model.pieces().end());
  absl::flat_hash_map<std::string, float> final_pieces;
  std::vector<std::pair<char32_t, int64_t>> required(sentences.required_chars.begin(),
                                                     sentences.required_chars.end());
  SortByValue(required);
  // Required characters the model lost come back just above the lowest score, the more
  // frequent ones higher.
  float penalty = 0.0f;
  for (const auto& [c, count] : required) {
    std::string s;
    utf8::Append(c, s);
    if (auto it = current.find(s); it != current.end()) {
      final_pieces[s] = it->second;
    } else {
      final_pieces[s] = model.min_score() + penalty;
      penalty += 0.0001f;
    }
  }
  const size_t wanted = static_cast<size_t>(spec.vocab_size()) - meta_piece_count;
  ScoredPieces<float> sorted = model.pieces();
  SortByValue(sorted);
  for (const auto& [piece, score] : sorted) {
    if (final_pieces.contains(piece)) continue;
    if (final_pieces.size() == wanted) break;
    final_pieces[piece] = score;
  }
  ScoredPieces<float> out(final_pieces.begin(), final_pieces.end());
  SortByValue(out);
  return out;
}

}  // namespace

absl::StatusOr<std::vector<std::pair<std::string, float>>> TrainSpmUnigram(
    const spm::TrainerSpec& spec, size_t meta_piece_count, SpmSentences sentences,
    Progress& progress, SpmSeedText seed) {
  if (sentences.required_chars.empty()) {
    return absl::InvalidArgumentError("sentencepiece trainer: the corpus has no characters");
  }
  if (static_cast<size_t>(spec.vocab_size()) <= meta_piece_count) {
    return absl::InvalidArgumentError(absl::StrCat(
        "sentencepiece trainer: --vocab_size=", spec.vocab_size(),
        " leaves no room beside the ", meta_piece_count, " meta pieces"));
  }
  // Memory: the sentences become one NUL-separated text (freed at once); the words are views
  // into it while the suffix array exists, then move to a compact copy of their own. A word
  // table is packed at once into a text of distinct words (SpmWordText) with their counts:
  // seeds are mined from it (suffixes sorted a bucket at a time, not one suffix array) unless
  // the sentences fit the seed budget; EM's views into it are made after that.
  std::vector<std::pair<std::string, int64_t>> chars;
  std::string text;
  unigram_training::Words words;
  std::string word_bytes;  // the sentences' words, when they are moved out of `text`
  SpmWordText word_text;
  const bool from_words = sentences.split_into_words;
  if (from_words) {
    chars = RequiredCharCounts(sentences);
    word_text = PackSpmWordText(spec, sentences);
    text = std::move(seed.text);
  } else {
    text = SeedText(sentences, chars);
    decltype(sentences.sentences)().swap(sentences.sentences);
    words = SentenceWords(spec, text);
  }
  malloc_trim(0);  // give the freed sentences and word map back before the suffix array
  unigram_training::PieceModel<float> model;
  {
    progress.Start("seed pieces (suffix array)", 0, "");
    unigram_training::SeedOptions seed_options;
    seed_options.flavor = unigram_training::Flavor::kSentencePiece;
    seed_options.seed_size = static_cast<size_t>(std::max(0, spec.seed_sentencepiece_size()));
    seed_options.max_piece_chars = static_cast<uint32_t>(spec.max_sentencepiece_length());
    seed_options.threads = std::min<int>(spec.num_threads(),
                                         std::max(1u, std::thread::hardware_concurrency()));
    seed_options.is_valid = [&spec](std::string_view piece) {
      return IsValidSpmPiece(DecodeUtf8(piece), spec);
    };
    std::string_view seed_text = text;
    std::vector<uint32_t> word_starts;
    unigram_training::WordTextWeights weights;
    if (from_words && seed.word_text_budget > 0) {
      // Every word (but past 2 GiB, a 32-bit offset); the suffixes sorted a bucket at a time
      // within the budget.
      seed_text = SpmWordTextPrefix(word_text, kMaxWordTextBytes, word_starts);
      weights.bucket_suffixes = std::max<uint64_t>(
          1, seed.word_text_budget / unigram_training::kSuffixBucketBytesPerSuffix);
      weights.of_suffix = [&](uint32_t offset) {
        const size_t entry =
            std::upper_bound(word_starts.begin(), word_starts.end(), offset) - word_starts.begin();
        return static_cast<uint64_t>(word_text.counts[entry - 1]);
      };
      if (word_text.mid_sentence_ends) weights.word_end = kSpmMidSentenceEnd;
      seed_options.word_weights = &weights;
      size_t words_in = 0, words_all = 0;
      for (size_t i = 0; i < word_text.counts.size(); ++i) {
        words_all += word_text.counts[i] != 0;
        words_in += i < word_starts.size() && word_text.counts[i] != 0;
      }
      progress.Note(absl::StrFormat(
          "seed pieces mined from the word table, not the sentences (they pass "
          "--seed_sample_bytes=%d): %d of %d distinct words (%d bytes of text), substrings "
          "counted with the words' counts, suffixes sorted %d at a time%s",
          seed.word_text_budget, words_in, words_all, seed_text.size(), weights.bucket_suffixes,
          words_in < words_all ? "; the rarest words left out (2 GiB of text)" : ""));
    }
    TM_ASSIGN_OR_RETURN(auto seeds,
                        unigram_training::MakeSeedPieces<float>(seed_text, chars, seed_options));
    progress.Finish();
    progress.Note(absl::StrCat("initialized ", seeds.size(), " seed pieces"));
    TM_RETURN_IF_ERROR(model.Set(std::move(seeds)));
  }
  if (from_words) {
    std::string().swap(text);
    words = SpmWordTextWords(word_text);
    std::vector<int64_t>().swap(word_text.counts);
  } else {
    MoveWordsOutOf(text, words, word_bytes);
  }
  malloc_trim(0);

  unigram_training::EmOptions options;
  options.flavor = unigram_training::Flavor::kSentencePiece;
  options.stripes = spec.num_threads();
  options.threads = std::min<int>(spec.num_threads(),
                                  std::max(1u, std::thread::hardware_concurrency()));
  options.desired_vocab_size = static_cast<size_t>(spec.vocab_size() * 1.1);
  options.shrinking_factor = spec.shrinking_factor();
  options.verbose = std::getenv("TOKENMILL_TRAIN_VERBOSE") != nullptr;
  TM_RETURN_IF_ERROR(
      unigram_training::RunEm(model, words, options, spec.num_sub_iterations(), progress));
  return FinalizePieces(spec, meta_piece_count, model, sentences);
}

}  // namespace tokenmill
