// What spm_train's trainer_interface.cc does before any model-specific training (0.1.97):
// the meta pieces and their ids, which pieces are valid, loading and normalizing sentences,
// choosing the required characters by character_coverage, splitting into words.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "tokenizers/sentencepiece/prefix_matcher.h"
#include "tokenizers/sentencepiece/sentencepiece_model.pb.h"
#include "tokenizers/trainers/progress.h"

namespace tokenmill {

inline constexpr char32_t kSpmSpaceChar = 0x2581;    // ▁
inline constexpr char32_t kSpmUnknownChar = 0x2585;  // ▅, stands for a non-required character
inline constexpr char32_t kSpmBoundaryChar = 0x09;   // replaces meta pieces found in the text

using SpmPieceType = spm::ModelProto::SentencePiece::Type;
// id → (piece, type): <unk>/<s>/</s>/<pad>, control and user-defined symbols, byte pieces.
using SpmMetaPieces = std::map<int, std::pair<std::string, SpmPieceType>>;

// spm's VerifySpec (option ranges) and InitMetaPieces.
absl::Status VerifySpmTrainerSpec(const spm::TrainerSpec& spec);
absl::StatusOr<SpmMetaPieces> MakeSpmMetaPieces(const spm::TrainerSpec& spec);

// IsValidSentencePiece: length, no ▅/NUL/tab/space, ▁ placement, script/digit splitting.
bool IsValidSpmPiece(std::u32string_view piece, const spm::TrainerSpec& spec);

struct SpmSentences {
  // Normalized sentences (or words, after SplitSpmSentencesByWhitespace) with their counts;
  // characters outside required_chars replaced by ▅.
  std::vector<std::pair<std::string, int64_t>> sentences;
  absl::flat_hash_map<char32_t, int64_t> required_chars;  // char → count in the corpus
  uint64_t skipped_too_long = 0;
  // True when `sentences` already are the words of SplitSpmSentencesByWhitespace, sorted.
  bool split_into_words = false;
  // With split_into_words, from a streamed word table: per word, where it was seen
  // (kSpmWordMidSentence | kSpmWordSentenceFinal). What follows a word in spm's sentence text
  // (the next word's ▁, or the sentence end) decides which of its final substrings are
  // suffix-tree nodes there: the Unigram trainer's word text keeps that apart.
  std::vector<uint8_t> word_ends;
};

inline constexpr uint8_t kSpmWordMidSentence = 1;    // another word of the sentence follows
inline constexpr uint8_t kSpmWordSentenceFinal = 2;  // the last word of a sentence

// LoadSentences: reads spec.input() (one sentence a line), skips empty and too-long lines and
// lines containing ▅, samples --input_sentence_size lines as spm does (reservoir, seed
// 12345678, or the first N without shuffle_input_sentence), normalizes with `normalizer_spec`, replaces meta pieces by a tab and
// keeps the characters that reach character_coverage. Errors name the file.
absl::StatusOr<SpmSentences> LoadSpmSentences(const spm::TrainerSpec& spec,
                                              const spm::NormalizerSpec& normalizer_spec,
                                              const SpmMetaPieces& meta_pieces,
                                              Progress& progress);

// Threads for loading: --num_threads, at most the cores.
size_t SpmLoadThreads(const spm::TrainerSpec& spec);

// Finds the meta pieces' strings in normalized text.
PrefixMatcher MakeSpmMetaPieceMatcher(const SpmMetaPieces& meta_pieces);
// `normalized` with every meta piece found in it replaced by a tab (kSpmBoundaryChar), into
// `out`.
void ReplaceSpmMetaPieces(std::string_view normalized, const PrefixMatcher& meta_matcher,
                          std::string& out);
// spm refuses normalized text holding a space (it needs escape_whitespaces then).
absl::Status CheckNoSpaceInSpmText(std::string_view normalized);

// The characters that reach character_coverage (by their counts in out.sentences) into
// out.required_chars; an error when they and the meta pieces do not fit in the vocabulary.
absl::Status SelectSpmRequiredChars(const spm::TrainerSpec& spec, size_t meta_piece_count,
                                    SpmSentences& out);
// Every character of `text` outside `required_chars` becomes ▅ (`scratch`: a buffer).
void ReplaceNonRequiredChars(const absl::flat_hash_map<char32_t, int64_t>& required_chars,
                             std::string& text, std::string& scratch);

// spm's SplitIntoWords of one normalized sentence into `parts` (views into `text`).
void SplitSpmWords(std::string_view text, bool treat_whitespace_as_suffix,
                   bool allow_whitespace_only_pieces, std::vector<std::string_view>& parts);

// Words (split before each ▁, or after with treat_whitespace_as_suffix) with summed counts,
// sorted by count (descending) then bytes — spm's Sorted().
void SplitSpmSentencesByWhitespace(const spm::TrainerSpec& spec, SpmSentences& sentences);

}  // namespace tokenmill
