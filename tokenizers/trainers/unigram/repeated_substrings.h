// Every substring that occurs at least twice in a text, as the internal nodes of its suffix
// tree: what sentencepiece's Unigram trainer (esaxx) and HF's (esaxx_rs) seed pieces from.
// The suffix array is built over UTF-8 bytes (libdivsufsort) and restricted to suffixes that
// start a character — UTF-8 byte order is code point order, so that is the suffix array over
// code points. Nodes are enumerated with esaxx's stack walk over the LCP array, in esaxx's
// order (the order spm breaks score ties by); LCPs are counted in characters and capped just
// above the longest wanted depth, which keeps every shallower node and their order while the
// LCP array is never stored: memory is the text plus 4 bytes per byte (a text of words: see
// WordTextWeights, much less).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "absl/status/status.h"

namespace tokenmill::unigram_training {

struct RepeatedSubstring {
  uint64_t node_index;   // esaxx's node order (increasing in it)
  uint32_t byte_offset;  // of one occurrence in the text
  uint32_t byte_length;
  uint32_t char_length;  // depth of the node, in characters (≥ 2)
  uint64_t frequency;    // occurrences (overlapping ones included), or their summed weights
};

// A text of distinct words standing for a corpus (each word followed by NUL): what
// ForEachRepeatedSubstring needs to count as the corpus would.
struct WordTextWeights {
  // The weight (corpus count) of the word holding the suffix at this byte offset.
  std::function<uint64_t(uint32_t byte_offset)> of_suffix;  // called from several threads
  // A second byte that ends words besides NUL (NUL: none), e.g. to tell apart what follows
  // them in the corpus; substrings holding it are no pieces.
  char word_end = '\0';
  // The suffixes are sorted a bucket of at most this many at a time (SuffixBuckets, about 20
  // bytes each) rather than in one suffix array (4 bytes per byte of text, all at once).
  size_t bucket_suffixes = size_t{1} << 22;
};

// Calls `fn` for every internal node of depth 2..max_chars. `text` must be valid UTF-8 and
// shorter than 2^31 bytes; max_chars below 65535. `threads` compute the LCPs (the result does
// not depend on them).
//
// With `words`, a node's frequency is the summed weight of its suffixes: over a text of
// distinct words, the substring's count in the corpus they stand for. The suffixes are then
// sorted a bucket at a time (SuffixBuckets) and compared only up to the first word end: the
// nodes without a word end, their frequencies and their relative order are the same as over
// the full suffix array, node_index is counted among fewer nodes. (Which nodes the words'
// substrings make at word ends depends on what follows them: see spm_word_text.h.)
absl::Status ForEachRepeatedSubstring(std::string_view text, uint32_t max_chars,
                                      const std::function<void(const RepeatedSubstring&)>& fn,
                                      int threads = 1, const WordTextWeights* words = nullptr);

}  // namespace tokenmill::unigram_training
