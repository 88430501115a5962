#include "tokenizers/serialization/tokenizer_json.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/sentencepiece/sentencepiece_tokenizer.h"
#include "tokenizers/serialization/registries.h"

namespace tokenmill {
namespace {

absl::Status Prefixed(std::string_view source, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrFormat("%s: %s", source, status.message()));
}

absl::StatusOr<std::vector<AddedToken>> ReadAddedTokens(json::Object root) {
  std::vector<AddedToken> tokens;
  auto value = json::OptionalField(root, "added_tokens");
  if (!value) return tokens;
  simdjson::dom::array items;
  if (value->get_array().get(items)) {
    return absl::InvalidArgumentError("added_tokens: expected an array");
  }
  for (json::Value item : items) {
    constexpr std::string_view ctx = "added_tokens";
    TM_ASSIGN_OR_RETURN(json::Object o, json::AsObject(item, ctx));
    AddedToken t;
    TM_ASSIGN_OR_RETURN(uint64_t id, json::Uint(o, "id", ctx));
    t.id = static_cast<uint32_t>(id);
    TM_ASSIGN_OR_RETURN(t.content, json::String(o, "content", ctx));
    TM_ASSIGN_OR_RETURN(t.single_word, json::Bool(o, "single_word", ctx, false));
    TM_ASSIGN_OR_RETURN(t.lstrip, json::Bool(o, "lstrip", ctx, false));
    TM_ASSIGN_OR_RETURN(t.rstrip, json::Bool(o, "rstrip", ctx, false));
    TM_ASSIGN_OR_RETURN(t.normalized, json::Bool(o, "normalized", ctx, true));
    TM_ASSIGN_OR_RETURN(t.special, json::Bool(o, "special", ctx, false));
    tokens.push_back(std::move(t));
  }
  return tokens;
}

absl::StatusOr<Direction> ReadDirection(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(std::string d, json::String(o, "direction", ctx, "Right"));
  if (d == "Right") return Direction::kRight;
  if (d == "Left") return Direction::kLeft;
  return absl::InvalidArgumentError(absl::StrFormat("%s.direction: unknown \"%s\"", ctx, d));
}

absl::StatusOr<std::optional<TruncationParams>> ReadTruncation(json::Object root) {
  auto value = json::OptionalField(root, "truncation");
  if (!value) return std::optional<TruncationParams>();
  constexpr std::string_view ctx = "truncation";
  TM_ASSIGN_OR_RETURN(json::Object o, json::AsObject(*value, ctx));
  TruncationParams p;
  TM_ASSIGN_OR_RETURN(p.max_length, json::Uint(o, "max_length", ctx, 512));
  TM_ASSIGN_OR_RETURN(p.stride, json::Uint(o, "stride", ctx, 0));
  TM_ASSIGN_OR_RETURN(p.direction, ReadDirection(o, ctx));
  TM_ASSIGN_OR_RETURN(std::string strategy, json::String(o, "strategy", ctx, "LongestFirst"));
  if (strategy == "LongestFirst") {
    p.strategy = TruncationStrategy::kLongestFirst;
  } else if (strategy == "OnlyFirst") {
    p.strategy = TruncationStrategy::kOnlyFirst;
  } else if (strategy == "OnlySecond") {
    p.strategy = TruncationStrategy::kOnlySecond;
  } else {
    return absl::InvalidArgumentError(
        absl::StrFormat("truncation.strategy: unknown \"%s\"", strategy));
  }
  return std::optional<TruncationParams>(p);
}

absl::StatusOr<std::optional<PaddingParams>> ReadPadding(json::Object root) {
  auto value = json::OptionalField(root, "padding");
  if (!value) return std::optional<PaddingParams>();
  constexpr std::string_view ctx = "padding";
  TM_ASSIGN_OR_RETURN(json::Object o, json::AsObject(*value, ctx));
  PaddingParams p;
  TM_ASSIGN_OR_RETURN(p.direction, ReadDirection(o, ctx));
  TM_ASSIGN_OR_RETURN(uint64_t pad_id, json::Uint(o, "pad_id", ctx, 0));
  TM_ASSIGN_OR_RETURN(uint64_t pad_type_id, json::Uint(o, "pad_type_id", ctx, 0));
  p.pad_id = static_cast<uint32_t>(pad_id);
  p.pad_type_id = static_cast<uint32_t>(pad_type_id);
  TM_ASSIGN_OR_RETURN(p.pad_token, json::String(o, "pad_token", ctx, "[PAD]"));
  if (auto multiple = json::OptionalField(o, "pad_to_multiple_of")) {
    uint64_t n;
    if (multiple->get_uint64().get(n)) {
      return absl::InvalidArgumentError("padding.pad_to_multiple_of: expected an integer");
    }
    p.pad_to_multiple_of = n;
  }
  if (auto strategy = json::OptionalField(o, "strategy")) {
    std::string_view name;
    json::Object fixed;
    if (!strategy->get_string().get(name)) {
      if (name != "BatchLongest") {
        return absl::InvalidArgumentError(
            absl::StrFormat("padding.strategy: unknown \"%s\"", name));
      }
    } else if (!strategy->get_object().get(fixed)) {
      TM_ASSIGN_OR_RETURN(uint64_t length, json::Uint(fixed, "Fixed", "padding.strategy"));
      p.fixed_length = length;
    } else {
      return absl::InvalidArgumentError("padding.strategy: expected \"BatchLongest\" or {\"Fixed\": n}");
    }
  }
  return std::optional<PaddingParams>(p);
}

template <typename T>
absl::Status ReadOptionalComponent(json::Object root, std::string_view key,
                                   const ComponentRegistry<T>& registry, std::unique_ptr<T>& out) {
  auto value = json::OptionalField(root, key);
  if (!value) return absl::OkStatus();
  TM_ASSIGN_OR_RETURN(out, registry.Create(*value, key));
  return absl::OkStatus();
}

// The decoder; {"type": "SentencePiece"} is sentencepiece's own decoding, which needs the
// SentencePiece model it comes with.
absl::Status ReadDecoder(json::Object root, const Model& model, std::unique_ptr<Decoder>& out) {
  auto value = json::OptionalField(root, "decoder");
  if (!value) return absl::OkStatus();
  json::Object decoder;
  std::string_view type;
  if (!value->get_object().get(decoder) && !decoder["type"].get_string().get(type) &&
      type == "SentencePiece") {
    const auto* sentencepiece = dynamic_cast<const SentencePieceTokenizerModel*>(&model);
    if (sentencepiece == nullptr) {
      return absl::InvalidArgumentError(
          "decoder: a SentencePiece decoder needs a SentencePiece model");
    }
    out = std::make_unique<SentencePieceDecoder>(sentencepiece->shared_processor());
    return absl::OkStatus();
  }
  TM_ASSIGN_OR_RETURN(out, DecoderRegistry().Create(*value, "decoder"));
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Tokenizer>> Parse(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  json::Value doc;
  if (auto error = parser.parse(padded).get(doc)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("not valid JSON (%s)", simdjson::error_message(error)));
  }
  TM_ASSIGN_OR_RETURN(json::Object root, json::AsObject(doc, "tokenizer.json"));
  TokenizerParts parts;
  TM_RETURN_IF_ERROR(ReadOptionalComponent(root, "normalizer", NormalizerRegistry(), parts.normalizer));
  TM_RETURN_IF_ERROR(
      ReadOptionalComponent(root, "pre_tokenizer", PreTokenizerRegistry(), parts.pre_tokenizer));
  TM_ASSIGN_OR_RETURN(json::Value model, json::Field(root, "model", "tokenizer.json"));
  TM_ASSIGN_OR_RETURN(parts.model, ModelRegistry().Create(model, "model"));
  TM_RETURN_IF_ERROR(
      ReadOptionalComponent(root, "post_processor", PostProcessorRegistry(), parts.post_processor));
  TM_RETURN_IF_ERROR(ReadDecoder(root, *parts.model, parts.decoder));
  TM_ASSIGN_OR_RETURN(parts.added_tokens, ReadAddedTokens(root));
  TM_ASSIGN_OR_RETURN(parts.truncation, ReadTruncation(root));
  TM_ASSIGN_OR_RETURN(parts.padding, ReadPadding(root));
  return Tokenizer::Create(std::move(parts));
}

nlohmann::ordered_json DirectionJson(Direction d) { return d == Direction::kLeft ? "Left" : "Right"; }

}  // namespace

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrFormat("%s: cannot open file", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrFormat("%s: read error", path));
  return std::move(buffer).str();
}

absl::StatusOr<std::unique_ptr<Tokenizer>> ParseTokenizerJson(std::string_view json,
                                                              std::string_view source) {
  auto result = Parse(json);
  if (!result.ok()) return Prefixed(source, result.status());
  return result;
}

absl::StatusOr<std::unique_ptr<Tokenizer>> LoadTokenizerJson(const std::string& path) {
  TM_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseTokenizerJson(text, path);
}

std::string ToTokenizerJson(const Tokenizer& tokenizer, bool pretty) {
  const TokenizerParts& parts = tokenizer.parts();
  nlohmann::ordered_json j;
  j["version"] = "1.0";
  if (const auto& t = tokenizer.truncation()) {
    static constexpr const char* kStrategies[] = {"LongestFirst", "OnlyFirst", "OnlySecond"};
    j["truncation"] = {{"direction", DirectionJson(t->direction)},
                       {"max_length", t->max_length},
                       {"strategy", kStrategies[static_cast<int>(t->strategy)]},
                       {"stride", t->stride}};
  } else {
    j["truncation"] = nullptr;
  }
  if (const auto& p = tokenizer.padding()) {
    nlohmann::ordered_json strategy = "BatchLongest";
    if (p->fixed_length) strategy = {{"Fixed", *p->fixed_length}};
    j["padding"] = {{"strategy", strategy},
                    {"direction", DirectionJson(p->direction)},
                    {"pad_to_multiple_of", p->pad_to_multiple_of
                                               ? nlohmann::ordered_json(*p->pad_to_multiple_of)
                                               : nlohmann::ordered_json(nullptr)},
                    {"pad_id", p->pad_id},
                    {"pad_type_id", p->pad_type_id},
                    {"pad_token", p->pad_token}};
  } else {
    j["padding"] = nullptr;
  }
  j["added_tokens"] = tokenizer.added_vocabulary().ToJson();
  auto component = [](const auto& ptr) {
    return ptr ? ptr->ToJson() : nlohmann::ordered_json(nullptr);
  };
  j["normalizer"] = component(parts.normalizer);
  j["pre_tokenizer"] = component(parts.pre_tokenizer);
  j["post_processor"] = component(parts.post_processor);
  j["decoder"] = component(parts.decoder);
  j["model"] = parts.model->ToJson();
  return j.dump(pretty ? 2 : -1, ' ', /*ensure_ascii=*/false);
}

absl::Status SaveTokenizerJson(const Tokenizer& tokenizer, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return absl::PermissionDeniedError(absl::StrFormat("%s: cannot write file", path));
  out << ToTokenizerJson(tokenizer);
  if (!out) return absl::DataLossError(absl::StrFormat("%s: write failed", path));
  return absl::OkStatus();
}

}  // namespace tokenmill
