#include "tokenizers/base/status_macros.h"
#include "tokenizers/decoders/wordpiece_decoder.h"
#include "tokenizers/serialization/registries.h"

namespace tokenmill {
namespace {

absl::StatusOr<std::unique_ptr<Decoder>> MakeWordPiece(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(std::string prefix, json::String(o, "prefix", ctx, "##"));
  TM_ASSIGN_OR_RETURN(bool cleanup, json::Bool(o, "cleanup", ctx, true));
  return std::make_unique<WordPieceDecoder>(std::move(prefix), cleanup);
}

ComponentRegistry<Decoder> Build() {
  ComponentRegistry<Decoder> r("decoder");
  r.Register("WordPiece", MakeWordPiece);
  return r;
}

}  // namespace

const ComponentRegistry<Decoder>& DecoderRegistry() {
  static const auto* registry = new ComponentRegistry<Decoder>(Build());
  return *registry;
}

}  // namespace tokenmill
