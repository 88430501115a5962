#include "tokenizers/processors/processor_sequence.h"

#include "tokenizers/base/status_macros.h"

namespace tokenmill {

size_t ProcessorSequence::AddedTokens(bool is_pair) const {
  size_t n = 0;
  for (const auto& p : processors_) n += p->AddedTokens(is_pair);
  return n;
}

absl::StatusOr<std::vector<Encoding>> ProcessorSequence::ProcessEncodings(
    std::vector<Encoding> encodings, bool add_special_tokens) const {
  for (const auto& p : processors_) {
    TM_ASSIGN_OR_RETURN(encodings, p->ProcessEncodings(std::move(encodings), add_special_tokens));
  }
  return encodings;
}

nlohmann::ordered_json ProcessorSequence::ToJson() const {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& p : processors_) list.push_back(p->ToJson());
  return {{"type", "Sequence"}, {"processors", list}};
}

}  // namespace tokenmill
