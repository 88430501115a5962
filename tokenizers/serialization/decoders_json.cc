#include "tokenizers/base/status_macros.h"
#include "tokenizers/decoders/byte_level_decoder.h"
#include "tokenizers/decoders/wordpiece_decoder.h"
#include "tokenizers/serialization/registries.h"

namespace tokenmill {
namespace {

absl::StatusOr<std::unique_ptr<Decoder>> MakeWordPiece(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(std::string prefix, json::String(o, "prefix", ctx, "##"));
  TM_ASSIGN_OR_RETURN(bool cleanup, json::Bool(o, "cleanup", ctx, true));
  return std::make_unique<WordPieceDecoder>(std::move(prefix), cleanup);
}

absl::StatusOr<std::unique_ptr<Decoder>> MakeByteLevel(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(bool add_prefix_space, json::Bool(o, "add_prefix_space", ctx, true));
  TM_ASSIGN_OR_RETURN(bool trim_offsets, json::Bool(o, "trim_offsets", ctx, true));
  TM_ASSIGN_OR_RETURN(bool use_regex, json::Bool(o, "use_regex", ctx, true));
  return std::make_unique<ByteLevelDecoder>(add_prefix_space, trim_offsets, use_regex);
}

ComponentRegistry<Decoder> Build() {
  ComponentRegistry<Decoder> r("decoder");
  r.Register("WordPiece", MakeWordPiece);
  r.Register("ByteLevel", MakeByteLevel);
  return r;
}

}  // namespace

const ComponentRegistry<Decoder>& DecoderRegistry() {
  static const auto* registry = new ComponentRegistry<Decoder>(Build());
  return *registry;
}

}  // namespace tokenmill
