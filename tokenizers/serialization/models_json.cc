#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/models/wordpiece/wordpiece.h"
#include "tokenizers/serialization/registries.h"

namespace tokenmill {
namespace {

// {"token": id, ...} → Vocab.
absl::StatusOr<Vocab> ReadVocabObject(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(json::Value value, json::Field(o, "vocab", ctx));
  const std::string vctx = absl::StrFormat("%s.vocab", ctx);
  TM_ASSIGN_OR_RETURN(json::Object vocab, json::AsObject(value, vctx));
  std::vector<std::pair<std::string_view, uint32_t>> entries;
  entries.reserve(vocab.size());
  for (auto [key, id_value] : vocab) {
    uint64_t id;
    if (id_value.get_uint64().get(id) || id > UINT32_MAX) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: the id of \"%s\" is not a valid token id", vctx, key));
    }
    entries.emplace_back(key, static_cast<uint32_t>(id));
  }
  auto result = Vocab::Create(entries);
  if (!result.ok()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: %s", vctx, result.status().message()));
  }
  return result;
}

absl::StatusOr<std::unique_ptr<Model>> MakeWordPiece(json::Object o, std::string_view ctx) {
  WordPieceOptions options;
  TM_ASSIGN_OR_RETURN(options.unk_token, json::String(o, "unk_token", ctx, "[UNK]"));
  TM_ASSIGN_OR_RETURN(options.continuing_subword_prefix,
                      json::String(o, "continuing_subword_prefix", ctx, "##"));
  TM_ASSIGN_OR_RETURN(options.max_input_chars_per_word,
                      json::Uint(o, "max_input_chars_per_word", ctx, 100));
  TM_ASSIGN_OR_RETURN(Vocab vocab, ReadVocabObject(o, ctx));
  TM_ASSIGN_OR_RETURN(auto model, WordPiece::Create(std::move(vocab), std::move(options)));
  return std::unique_ptr<Model>(std::move(model));
}

ComponentRegistry<Model> Build() {
  ComponentRegistry<Model> r("model");
  r.Register("WordPiece", MakeWordPiece);
  return r;
}

}  // namespace

const ComponentRegistry<Model>& ModelRegistry() {
  static const auto* registry = new ComponentRegistry<Model>(Build());
  return *registry;
}

}  // namespace tokenmill
