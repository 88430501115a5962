#include "tokenizers/base/status_macros.h"
#include "tokenizers/normalizers/bert_normalizer.h"
#include "tokenizers/serialization/registries.h"

namespace tokenmill {
namespace {

absl::StatusOr<std::unique_ptr<Normalizer>> MakeBert(json::Object o, std::string_view ctx) {
  BertNormalizerOptions options;
  TM_ASSIGN_OR_RETURN(options.clean_text, json::Bool(o, "clean_text", ctx, true));
  TM_ASSIGN_OR_RETURN(options.handle_chinese_chars, json::Bool(o, "handle_chinese_chars", ctx, true));
  TM_ASSIGN_OR_RETURN(options.strip_accents, json::OptionalBool(o, "strip_accents", ctx));
  TM_ASSIGN_OR_RETURN(options.lowercase, json::Bool(o, "lowercase", ctx, true));
  return std::make_unique<BertNormalizer>(options);
}

ComponentRegistry<Normalizer> Build() {
  ComponentRegistry<Normalizer> r("normalizer");
  r.Register("BertNormalizer", MakeBert);
  return r;
}

}  // namespace

const ComponentRegistry<Normalizer>& NormalizerRegistry() {
  static const auto* registry = new ComponentRegistry<Normalizer>(Build());
  return *registry;
}

}  // namespace tokenmill
