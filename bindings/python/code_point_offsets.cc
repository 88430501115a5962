#include "bindings/python/code_point_offsets.h"

#include <algorithm>

#include "tokenizers/base/utf8.h"

namespace tokenmill::python {

const std::vector<uint32_t>* CodePointOffsets::BuildTable(std::string_view text, bool ascii,
                                                          std::vector<uint32_t>& table) {
  if (ascii) return nullptr;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  // bytes input is only known ASCII after a look; then no table is needed either.
  if (std::all_of(bytes, bytes + text.size(), [](unsigned char b) { return b < 0x80; })) {
    return nullptr;
  }
  table.resize(text.size() + 1);
  uint32_t chars = 0;
  for (size_t pos = 0; pos < text.size();) {
    // The tokenizer has validated the text, but never step past its end even if it had not.
    const size_t length = std::min<size_t>(utf8::SequenceLength(bytes[pos]), text.size() - pos);
    std::fill_n(table.begin() + pos, length, chars++);
    pos += length;
  }
  table[text.size()] = chars;
  return &table;
}

void CodePointOffsets::ToCodePoints(Span& span, const std::vector<uint32_t>* table) {
  if (table == nullptr) return;  // ASCII: bytes are code points
  const size_t text_size = table->size() - 1;
  // HF leaves offsets it cannot map (a start at or past the end) in bytes; so do we.
  if (span.start >= text_size) return;
  span.start = (*table)[span.start];
  span.end = (*table)[std::min<size_t>(span.end, text_size)];
}

void CodePointOffsets::Apply(Encoding& encoding, const std::vector<uint32_t>* tables[2]) {
  for (size_t i = 0; i < encoding.size(); ++i) {
    const int8_t sequence = encoding.sequence_ids[i];
    Span& span = encoding.offsets[i];
    if (sequence != 0 && sequence != 1) {
      span = Span{0, 0};
      continue;
    }
    ToCodePoints(span, tables[sequence]);
  }
  for (Encoding& part : encoding.overflowing) Apply(part, tables);
}

void CodePointOffsets::Convert(Encoding& encoding, std::string_view first, bool first_ascii,
                               const std::string_view* second, bool second_ascii) {
  const std::vector<uint32_t>* tables[2] = {
      BuildTable(first, first_ascii, first_table_),
      second ? BuildTable(*second, second_ascii, second_table_) : nullptr};
  Apply(encoding, tables);
}

void CodePointOffsets::ConvertWords(Encoding& encoding, const std::vector<PythonText>* lists[2]) {
  // A word's tokens are consecutive: its table is built once for them.
  int last_sequence = -1;
  uint32_t last_word = 0;
  const std::vector<uint32_t>* table = nullptr;
  for (size_t i = 0; i < encoding.size(); ++i) {
    const int8_t sequence = encoding.sequence_ids[i];
    Span& span = encoding.offsets[i];
    if ((sequence != 0 && sequence != 1) || !encoding.word_ids[i] || lists[sequence] == nullptr) {
      span = Span{0, 0};
      continue;
    }
    const uint32_t word = *encoding.word_ids[i];
    if (sequence != last_sequence || word != last_word) {
      const PythonText& text = (*lists[sequence])[word];
      table = BuildTable(text.utf8, text.ascii, first_table_);
      last_sequence = sequence;
      last_word = word;
    }
    ToCodePoints(span, table);
  }
  for (Encoding& part : encoding.overflowing) ConvertWords(part, lists);
}

void CodePointOffsets::ConvertWords(Encoding& encoding, const std::vector<PythonText>& first,
                                    const std::vector<PythonText>* second) {
  const std::vector<PythonText>* lists[2] = {&first, second};
  ConvertWords(encoding, lists);
}

}  // namespace tokenmill::python
