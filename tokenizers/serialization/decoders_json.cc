#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/decoders/bpe_decoder.h"
#include "tokenizers/decoders/chain_decoders.h"
#include "tokenizers/decoders/ctc_decoder.h"
#include "tokenizers/decoders/metaspace_decoder.h"
#include "tokenizers/decoders/byte_level_decoder.h"
#include "tokenizers/decoders/wordpiece_decoder.h"
#include "tokenizers/serialization/metaspace_json.h"
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


absl::StatusOr<std::unique_ptr<Decoder>> MakeMetaspace(json::Object o, std::string_view ctx) {
  char32_t replacement;
  PrependScheme scheme;
  bool split;
  TM_RETURN_IF_ERROR(ReadMetaspace(o, ctx, replacement, scheme, split));
  return std::make_unique<MetaspaceDecoder>(replacement, scheme, split);
}

using DecoderResult = absl::StatusOr<std::unique_ptr<Decoder>>;

template <typename T>
DecoderResult MakePlainDecoder(json::Object, std::string_view) {
  return std::make_unique<T>();
}

DecoderResult MakeStrip(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(std::string content, json::String(o, "content", ctx));
  size_t pos = 0;
  char32_t c = 0;
  if (content.empty() || !utf8::Validate(content).ok() ||
      (c = utf8::DecodeValid(content, pos), pos != content.size())) {
    return absl::InvalidArgumentError(absl::StrFormat("%s.content: expected one character", ctx));
  }
  TM_ASSIGN_OR_RETURN(uint64_t start, json::Uint(o, "start", ctx));
  TM_ASSIGN_OR_RETURN(uint64_t stop, json::Uint(o, "stop", ctx));
  return std::make_unique<StripDecoder>(c, start, stop);
}

DecoderResult MakeReplace(json::Object o, std::string_view ctx) {
  const std::string field = absl::StrFormat("%s.pattern", ctx);
  TM_ASSIGN_OR_RETURN(json::Value value, json::Field(o, "pattern", ctx));
  TM_ASSIGN_OR_RETURN(json::Object pattern_object, json::AsObject(value, field));
  SplitPattern pattern;
  if (auto s = json::OptionalField(pattern_object, "String")) {
    TM_ASSIGN_OR_RETURN(pattern.text, json::AsString(*s, field + ".String"));
    pattern.kind = SplitPattern::Kind::kString;
  } else if (auto r = json::OptionalField(pattern_object, "Regex")) {
    TM_ASSIGN_OR_RETURN(pattern.text, json::AsString(*r, field + ".Regex"));
    pattern.kind = SplitPattern::Kind::kRegex;
  } else {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: expected {\"String\": ...} or {\"Regex\": ...}", field));
  }
  TM_ASSIGN_OR_RETURN(std::string content, json::String(o, "content", ctx));
  auto replace = ReplaceDecoder::Create(std::move(pattern), std::move(content));
  if (!replace.ok()) {
    return absl::Status(replace.status().code(),
                        absl::StrFormat("%s: %s", ctx, replace.status().message()));
  }
  return std::move(*replace);
}

// HF writes every field; a missing one takes HF's Default.
DecoderResult MakeBpe(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(std::string suffix, json::String(o, "suffix", ctx, "</w>"));
  return std::make_unique<BpeDecoder>(std::move(suffix));
}

DecoderResult MakeCtc(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(std::string pad_token, json::String(o, "pad_token", ctx, "<pad>"));
  TM_ASSIGN_OR_RETURN(std::string delimiter, json::String(o, "word_delimiter_token", ctx, "|"));
  TM_ASSIGN_OR_RETURN(bool cleanup, json::Bool(o, "cleanup", ctx, true));
  return std::make_unique<CtcDecoder>(std::move(pad_token), std::move(delimiter), cleanup);
}

DecoderResult MakeSequence(json::Object o, std::string_view ctx) {
  const std::string field = absl::StrFormat("%s.decoders", ctx);
  TM_ASSIGN_OR_RETURN(json::Value value, json::Field(o, "decoders", ctx));
  simdjson::dom::array list;
  if (value.get_array().get(list)) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: expected an array", field));
  }
  std::vector<std::unique_ptr<Decoder>> decoders;
  size_t index = 0;
  for (json::Value item : list) {
    TM_ASSIGN_OR_RETURN(auto decoder,
                        DecoderRegistry().Create(item, absl::StrFormat("%s[%d]", field, index++)));
    decoders.push_back(std::move(decoder));
  }
  return std::make_unique<DecoderSequence>(std::move(decoders));
}

ComponentRegistry<Decoder> Build() {
  ComponentRegistry<Decoder> r("decoder");
  r.Register("WordPiece", MakeWordPiece);
  r.Register("ByteLevel", MakeByteLevel);
  r.Register("Metaspace", MakeMetaspace);
  r.Register("ByteFallback", MakePlainDecoder<ByteFallbackDecoder>);
  r.Register("Fuse", MakePlainDecoder<FuseDecoder>);
  r.Register("Strip", MakeStrip);
  r.Register("Replace", MakeReplace);
  r.Register("BPEDecoder", MakeBpe);
  r.Register("CTC", MakeCtc);
  r.Register("Sequence", MakeSequence);
  return r;
}

}  // namespace

const ComponentRegistry<Decoder>& DecoderRegistry() {
  static const auto* registry = new ComponentRegistry<Decoder>(Build());
  return *registry;
}

}  // namespace tokenmill
