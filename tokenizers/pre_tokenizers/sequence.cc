#include "tokenizers/pre_tokenizers/sequence.h"

namespace tokenmill {

nlohmann::ordered_json SequencePreTokenizer::ToJson() const {
  auto list = nlohmann::ordered_json::array();
  for (const auto& pre_tokenizer : pre_tokenizers_) list.push_back(pre_tokenizer->ToJson());
  return {{"type", "Sequence"}, {"pretokenizers", std::move(list)}};
}

}  // namespace tokenmill
