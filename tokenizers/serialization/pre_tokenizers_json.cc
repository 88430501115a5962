#include "tokenizers/base/status_macros.h"
#include "tokenizers/pre_tokenizers/bert_pre_tokenizer.h"
#include "tokenizers/serialization/registries.h"

namespace tokenmill {
namespace {

ComponentRegistry<PreTokenizer> Build() {
  ComponentRegistry<PreTokenizer> r("pre_tokenizer");
  r.Register("BertPreTokenizer", [](json::Object, std::string_view)
                                     -> absl::StatusOr<std::unique_ptr<PreTokenizer>> {
    return std::make_unique<BertPreTokenizer>();
  });
  return r;
}

}  // namespace

const ComponentRegistry<PreTokenizer>& PreTokenizerRegistry() {
  static const auto* registry = new ComponentRegistry<PreTokenizer>(Build());
  return *registry;
}

}  // namespace tokenmill
