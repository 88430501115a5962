// HF's Python package reports offsets in code points; the C++ core keeps UTF-8 byte offsets.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "bindings/python/python_text.h"
#include "tokenizers/encoding.h"

namespace tokenmill::python {

// Rewrites an encoding's byte offsets (and those of its overflowing parts) into code-point
// offsets. Tokens of the first text (sequence 0) index `first`, of the pair (1) `second`;
// tokens added by post-processing or padding (-1) get (0, 0). Builds one byte→char table per
// non-ASCII text and reuses its buffers across calls, so converting a batch allocates little.
// Needs no GIL.
class CodePointOffsets {
 public:
  // `*_ascii`: the text is known to be ASCII, so offsets are left as they are.
  void Convert(Encoding& encoding, std::string_view first, bool first_ascii,
               const std::string_view* second, bool second_ascii);
  // The same for pre-split input (Tokenizer::EncodeWords): a token's offsets index the word
  // of its word id in its sequence's list (`second` null for no pair).
  void ConvertWords(Encoding& encoding, const std::vector<PythonText>& first,
                    const std::vector<PythonText>* second);

 private:
  // table[b] = index of the code point holding byte b; table[size] = code point count.
  static const std::vector<uint32_t>* BuildTable(std::string_view text, bool ascii,
                                                 std::vector<uint32_t>& table);
  static void ToCodePoints(Span& span, const std::vector<uint32_t>* table);
  static void Apply(Encoding& encoding, const std::vector<uint32_t>* tables[2]);
  void ConvertWords(Encoding& encoding, const std::vector<PythonText>* lists[2]);

  std::vector<uint32_t> first_table_;
  std::vector<uint32_t> second_table_;
};

}  // namespace tokenmill::python
