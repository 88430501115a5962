#include "tokenizers/processors/bert_processing.h"

namespace tokenmill {

Encoding BertProcessing::Wrap(const Encoding& sequence, bool is_first) const {
  const auto index = static_cast<int8_t>(is_first ? 0 : 1);
  Encoding out;
  out.Reserve(sequence.size() + 2);
  if (is_first) out.Push(cls_.id, cls_.token, Span{0, 0}, std::nullopt, 0, true, -1);
  for (size_t i = 0; i < sequence.size(); ++i) {
    out.Push(sequence.ids[i], sequence.tokens[i], sequence.offsets[i], sequence.word_ids[i],
             sequence.type_ids[i], false, index);
  }
  out.Push(sep_.id, sep_.token, Span{0, 0}, std::nullopt, is_first ? 0 : 1, true, -1);
  return out;
}

absl::StatusOr<std::vector<Encoding>> BertProcessing::ProcessEncodings(
    std::vector<Encoding> encodings, bool add_special_tokens) const {
  // Like HF, every encoding after the first is treated as the pair (inside a Sequence there
  // may be more than two parts).
  if (!add_special_tokens) return encodings;
  return WrapEachPart(encodings, [this](const Encoding& part, bool is_first) {
    return Wrap(part, is_first);
  });
}

nlohmann::ordered_json BertProcessing::ToJson() const {
  return {{"type", "BertProcessing"},
          {"sep", {sep_.token, sep_.id}},
          {"cls", {cls_.token, cls_.id}}};
}

}  // namespace tokenmill
