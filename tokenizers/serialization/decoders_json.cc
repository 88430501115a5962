#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/decoders/metaspace_decoder.h"
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

// HF's Metaspace fields: "replacement" (one character), "prepend_scheme" (default
// "always"), legacy "add_prefix_space" (false means "never"), "split" (default true).
absl::Status ReadMetaspace(json::Object o, std::string_view ctx, char32_t& replacement,
                           PrependScheme& scheme, bool& split) {
  TM_ASSIGN_OR_RETURN(std::string rep, json::String(o, "replacement", ctx));
  size_t pos = 0;
  if (rep.empty() || !utf8::Validate(rep).ok() ||
      (replacement = utf8::DecodeValid(rep, pos), pos != rep.size())) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.replacement: expected one character", ctx));
  }
  TM_ASSIGN_OR_RETURN(std::string name, json::String(o, "prepend_scheme", ctx, "always"));
  if (name == "always") {
    scheme = PrependScheme::kAlways;
  } else if (name == "first") {
    scheme = PrependScheme::kFirst;
  } else if (name == "never") {
    scheme = PrependScheme::kNever;
  } else {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s.prepend_scheme: \"%s\" is not always, first or never", ctx, name));
  }
  TM_ASSIGN_OR_RETURN(std::optional<bool> add_prefix_space,
                      json::OptionalBool(o, "add_prefix_space", ctx));
  if (add_prefix_space == false) {
    if (scheme != PrependScheme::kNever) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: add_prefix_space does not match declared prepend_scheme", ctx));
    }
  }
  TM_ASSIGN_OR_RETURN(split, json::Bool(o, "split", ctx, true));
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Decoder>> MakeMetaspace(json::Object o, std::string_view ctx) {
  char32_t replacement;
  PrependScheme scheme;
  bool split;
  TM_RETURN_IF_ERROR(ReadMetaspace(o, ctx, replacement, scheme, split));
  return std::make_unique<MetaspaceDecoder>(replacement, scheme, split);
}

ComponentRegistry<Decoder> Build() {
  ComponentRegistry<Decoder> r("decoder");
  r.Register("WordPiece", MakeWordPiece);
  r.Register("ByteLevel", MakeByteLevel);
  r.Register("Metaspace", MakeMetaspace);
  return r;
}

}  // namespace

const ComponentRegistry<Decoder>& DecoderRegistry() {
  static const auto* registry = new ComponentRegistry<Decoder>(Build());
  return *registry;
}

}  // namespace tokenmill
