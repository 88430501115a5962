#include "tokenizers/normalizers/sequence.h"

namespace tokenmill {

nlohmann::ordered_json NormalizerSequence::ToJson() const {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& n : normalizers_) list.push_back(n->ToJson());
  return {{"type", "Sequence"}, {"normalizers", std::move(list)}};
}

}  // namespace tokenmill
