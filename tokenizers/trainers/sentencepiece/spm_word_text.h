// The word table of a streamed corpus as one text of distinct words, which the SentencePiece
// Unigram trainer mines seed pieces from (when the sentences outgrew --seed_sample_bytes) and
// trains EM on. Each substring is counted with its words' counts, and the text keeps what
// decides spm's suffix-tree nodes at word ends: in spm's sentence text a word is followed by
// the next word's ▁ or by the sentence end (NUL), so a substring ending words is a node there
// when it is followed by both. Here a word seen only before another word ends with
// kSpmMidSentenceEnd, one seen only last in its sentence with NUL, and one seen both ways is
// written twice, "w\1" with its count and then "w\0" with count 0 (so every count stays the
// corpus count).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizers/trainers/sentencepiece/spm_trainer_spec.h"
#include "tokenizers/trainers/unigram/unigram_em.h"

namespace tokenmill {

inline constexpr char kSpmMidSentenceEnd = '\x01';

struct SpmWordText {
  std::string bytes;            // the entries, each followed by NUL or kSpmMidSentenceEnd
  std::vector<int64_t> counts;  // per entry: the word's count, 0 for a word's second copy
  bool mid_sentence_ends = false;  // whether kSpmMidSentenceEnd is used
};

// Packs `table`'s words (split_into_words, most frequent first), freeing it. Word ends are
// kept apart when known: table.word_ends set, and no word holding kSpmMidSentenceEnd itself;
// else every word ends with NUL. With whitespace as a suffix a word is followed in spm's text
// by the next word's first character, not ▁: a word seen mid-sentence at least twice is
// guessed to be followed by two different ones (written twice), once by one.
SpmWordText PackSpmWordText(const spm::TrainerSpec& spec, SpmSentences& table);

// EM's words: views into `text.bytes`, each distinct word once with its count.
unigram_training::Words SpmWordTextWords(const SpmWordText& text);

// The longest run of whole entries at the start of `text` that fits `budget` bytes (the most
// frequent words; a word's two copies go together), and the offset where each entry starts.
std::string_view SpmWordTextPrefix(const SpmWordText& text, uint64_t budget,
                                   std::vector<uint32_t>& starts);

}  // namespace tokenmill
