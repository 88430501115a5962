#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/normalizers/bert_normalizer.h"
#include "tokenizers/normalizers/byte_level_normalizer.h"
#include "tokenizers/normalizers/lowercase.h"
#include "tokenizers/normalizers/nmt.h"
#include "tokenizers/normalizers/precompiled.h"
#include "tokenizers/normalizers/prepend.h"
#include "tokenizers/normalizers/replace.h"
#include "tokenizers/normalizers/sequence.h"
#include "tokenizers/normalizers/strip.h"
#include "tokenizers/normalizers/strip_accents.h"
#include "tokenizers/normalizers/unicode_normalizers.h"
#include "tokenizers/serialization/registries.h"
#include "tokenizers/serialization/tiktoken_file.h"

namespace tokenmill {
namespace {

using Result = absl::StatusOr<std::unique_ptr<Normalizer>>;

Result MakeBert(json::Object o, std::string_view ctx) {
  BertNormalizerOptions options;
  TM_ASSIGN_OR_RETURN(options.clean_text, json::Bool(o, "clean_text", ctx, true));
  TM_ASSIGN_OR_RETURN(options.handle_chinese_chars, json::Bool(o, "handle_chinese_chars", ctx, true));
  TM_ASSIGN_OR_RETURN(options.strip_accents, json::OptionalBool(o, "strip_accents", ctx));
  TM_ASSIGN_OR_RETURN(options.lowercase, json::Bool(o, "lowercase", ctx, true));
  return std::make_unique<BertNormalizer>(options);
}

template <NormalizationForm form>
Result MakeUnicode(json::Object, std::string_view) {
  return std::make_unique<UnicodeNormalizer>(form);
}

template <typename T>
Result MakePlain(json::Object, std::string_view) {
  return std::make_unique<T>();
}

// A boolean HF requires (its serde struct has no default for it).
absl::StatusOr<bool> RequiredBool(json::Object o, std::string_view key, std::string_view ctx) {
  TM_RETURN_IF_ERROR(json::Field(o, key, ctx).status());
  return json::Bool(o, key, ctx, false);
}

Result MakeStrip(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(bool left, RequiredBool(o, "strip_left", ctx));
  TM_ASSIGN_OR_RETURN(bool right, RequiredBool(o, "strip_right", ctx));
  return std::make_unique<StripNormalizer>(left, right);
}

Result MakePrepend(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(json::Value value, json::Field(o, "prepend", ctx));
  TM_ASSIGN_OR_RETURN(std::string prepend, json::AsString(value, absl::StrFormat("%s.prepend", ctx)));
  return std::make_unique<PrependNormalizer>(std::move(prepend));
}

// "pattern": {"String": "..."} or {"Regex": "..."}.
absl::StatusOr<SplitPattern> Pattern(json::Object o, std::string_view ctx) {
  const std::string field = absl::StrFormat("%s.pattern", ctx);
  TM_ASSIGN_OR_RETURN(json::Value value, json::Field(o, "pattern", ctx));
  TM_ASSIGN_OR_RETURN(json::Object pattern, json::AsObject(value, field));
  if (auto s = json::OptionalField(pattern, "String")) {
    TM_ASSIGN_OR_RETURN(std::string text, json::AsString(*s, field + ".String"));
    return SplitPattern{SplitPattern::Kind::kString, std::move(text)};
  }
  if (auto r = json::OptionalField(pattern, "Regex")) {
    TM_ASSIGN_OR_RETURN(std::string text, json::AsString(*r, field + ".Regex"));
    return SplitPattern{SplitPattern::Kind::kRegex, std::move(text)};
  }
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: expected {\"String\": ...} or {\"Regex\": ...}", field));
}

Result MakeReplace(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(SplitPattern pattern, Pattern(o, ctx));
  TM_ASSIGN_OR_RETURN(json::Value value, json::Field(o, "content", ctx));
  TM_ASSIGN_OR_RETURN(std::string content, json::AsString(value, absl::StrFormat("%s.content", ctx)));
  auto replace = ReplaceNormalizer::Create(std::move(pattern), std::move(content));
  if (!replace.ok()) {
    return absl::Status(replace.status().code(),
                        absl::StrFormat("%s: %s", ctx, replace.status().message()));
  }
  return std::unique_ptr<Normalizer>(std::move(*replace));
}

Result MakeSequence(json::Object o, std::string_view ctx) {
  const std::string field = absl::StrFormat("%s.normalizers", ctx);
  TM_ASSIGN_OR_RETURN(json::Value value, json::Field(o, "normalizers", ctx));
  simdjson::dom::array list;
  if (value.get_array().get(list)) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: expected an array", field));
  }
  std::vector<std::unique_ptr<Normalizer>> normalizers;
  size_t index = 0;
  for (json::Value item : list) {
    TM_ASSIGN_OR_RETURN(auto normalizer, NormalizerRegistry().Create(
                                             item, absl::StrFormat("%s[%d]", field, index++)));
    normalizers.push_back(std::move(normalizer));
  }
  return std::make_unique<NormalizerSequence>(std::move(normalizers));
}

// "precompiled_charsmap": base64 of a SentencePiece charsmap.
Result MakePrecompiled(json::Object o, std::string_view ctx) {
  const std::string field = absl::StrFormat("%s.precompiled_charsmap", ctx);
  TM_ASSIGN_OR_RETURN(std::string base64, json::String(o, "precompiled_charsmap", ctx));
  std::string blob;
  if (!DecodeBase64(base64, blob)) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: not base64", field));
  }
  auto normalizer = PrecompiledNormalizer::Create(blob);
  if (!normalizer.ok()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: %s", field, normalizer.status().message()));
  }
  return std::move(*normalizer);
}

ComponentRegistry<Normalizer> Build() {
  ComponentRegistry<Normalizer> r("normalizer");
  r.Register("BertNormalizer", MakeBert);
  r.Register("NFC", MakeUnicode<NormalizationForm::kNfc>);
  r.Register("NFD", MakeUnicode<NormalizationForm::kNfd>);
  r.Register("NFKC", MakeUnicode<NormalizationForm::kNfkc>);
  r.Register("NFKD", MakeUnicode<NormalizationForm::kNfkd>);
  r.Register("Lowercase", MakePlain<LowercaseNormalizer>);
  r.Register("StripAccents", MakePlain<StripAccentsNormalizer>);
  r.Register("Strip", MakeStrip);
  r.Register("Prepend", MakePrepend);
  r.Register("Precompiled", MakePrecompiled);
  r.Register("Replace", MakeReplace);
  r.Register("Nmt", MakePlain<NmtNormalizer>);
  r.Register("ByteLevel", MakePlain<ByteLevelNormalizer>);
  r.Register("Sequence", MakeSequence);
  return r;
}

}  // namespace

const ComponentRegistry<Normalizer>& NormalizerRegistry() {
  static const auto* registry = new ComponentRegistry<Normalizer>(Build());
  return *registry;
}

}  // namespace tokenmill
