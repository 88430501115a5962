#include "tokenizers/processors/roberta_processing.h"

#include "tokenizers/processors/byte_level_processor.h"

namespace tokenmill {

Encoding RobertaProcessing::Wrap(const Encoding& sequence, bool is_first) const {
  const auto index = static_cast<int8_t>(is_first ? 0 : 1);
  const SpecialTokenId& opening = is_first ? cls_ : sep_;
  Encoding out;
  out.Reserve(sequence.size() + 2);
  out.Push(opening.id, opening.token, Span{0, 0}, std::nullopt, 0, true, -1);
  for (size_t i = 0; i < sequence.size(); ++i) {
    out.Push(sequence.ids[i], sequence.tokens[i], sequence.offsets[i], sequence.word_ids[i], 0,
             false, index);
  }
  out.Push(sep_.id, sep_.token, Span{0, 0}, std::nullopt, 0, true, -1);
  return out;
}

absl::StatusOr<std::vector<Encoding>> RobertaProcessing::ProcessEncodings(
    std::vector<Encoding> encodings, bool add_special_tokens) const {
  if (trim_offsets_) {
    for (Encoding& encoding : encodings) {
      ByteLevelProcessor::TrimOffsets(encoding, add_prefix_space_);
      for (Encoding& over : encoding.overflowing) {
        ByteLevelProcessor::TrimOffsets(over, add_prefix_space_);
      }
    }
  }
  // As in HF, the parts themselves (not their overflowing parts) get type id 0 even when no
  // special token is added.
  for (Encoding& encoding : encodings) encoding.type_ids.assign(encoding.size(), 0);
  if (!add_special_tokens) return encodings;
  return WrapEachPart(encodings, [this](const Encoding& part, bool is_first) {
    return Wrap(part, is_first);
  });
}

nlohmann::ordered_json RobertaProcessing::ToJson() const {
  return {{"type", "RobertaProcessing"},
          {"sep", {sep_.token, sep_.id}},
          {"cls", {cls_.token, cls_.id}},
          {"trim_offsets", trim_offsets_},
          {"add_prefix_space", add_prefix_space_}};
}

}  // namespace tokenmill
