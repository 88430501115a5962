#include "absl/strings/str_format.h"
#include "tokenizers/pre_tokenizers/metaspace.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/pre_tokenizers/bert_pre_tokenizer.h"
#include "tokenizers/pre_tokenizers/byte_level.h"
#include "tokenizers/pre_tokenizers/char_delimiter_split.h"
#include "tokenizers/pre_tokenizers/digits.h"
#include "tokenizers/pre_tokenizers/fixed_length.h"
#include "tokenizers/pre_tokenizers/punctuation.h"
#include "tokenizers/pre_tokenizers/sequence.h"
#include "tokenizers/pre_tokenizers/split.h"
#include "tokenizers/pre_tokenizers/split_behavior.h"
#include "tokenizers/pre_tokenizers/unicode_scripts.h"
#include "tokenizers/pre_tokenizers/whitespace.h"
#include "tokenizers/pre_tokenizers/whitespace_split.h"
#include "tokenizers/serialization/metaspace_json.h"
#include "tokenizers/serialization/registries.h"

namespace tokenmill {
namespace {

using Result = absl::StatusOr<std::unique_ptr<PreTokenizer>>;

// A factory for a pre-tokenizer without options.
template <typename T>
Result MakePlain(json::Object, std::string_view) {
  return std::make_unique<T>();
}

absl::StatusOr<SplitBehavior> Behavior(json::Object o, std::string_view ctx,
                                       std::string_view fallback) {
  TM_ASSIGN_OR_RETURN(std::string name, json::String(o, "behavior", ctx, fallback));
  auto behavior = ParseSplitBehavior(name);
  if (!behavior.ok()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.behavior: %s", ctx, behavior.status().message()));
  }
  return *behavior;
}

Result MakePunctuation(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(SplitBehavior behavior, Behavior(o, ctx, "Isolated"));
  return std::make_unique<PunctuationPreTokenizer>(behavior);
}

Result MakeCharDelimiterSplit(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(std::string delimiter, json::String(o, "delimiter", ctx));
  size_t pos = 0;
  if (delimiter.empty() || !utf8::Validate(delimiter).ok() ||
      (utf8::DecodeValid(delimiter, pos), pos != delimiter.size())) {
    return absl::InvalidArgumentError(absl::StrFormat("%s.delimiter: expected one character", ctx));
  }
  return std::make_unique<CharDelimiterSplitPreTokenizer>(std::move(delimiter));
}

Result MakeFixedLength(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(uint64_t length, json::Uint(o, "length", ctx, 5));
  auto fixed = FixedLengthPreTokenizer::Create(length);
  if (!fixed.ok()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: %s", ctx, fixed.status().message()));
  }
  return std::move(*fixed);
}

Result MakeDigits(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(bool individual, json::Bool(o, "individual_digits", ctx, false));
  return std::make_unique<DigitsPreTokenizer>(individual);
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

Result MakeSplit(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(SplitPattern pattern, Pattern(o, ctx));
  // HF requires both fields for Split (no defaults).
  TM_RETURN_IF_ERROR(json::Field(o, "behavior", ctx).status());
  TM_RETURN_IF_ERROR(json::Field(o, "invert", ctx).status());
  TM_ASSIGN_OR_RETURN(SplitBehavior behavior, Behavior(o, ctx, "Isolated"));
  TM_ASSIGN_OR_RETURN(bool invert, json::Bool(o, "invert", ctx, false));
  auto split = SplitPreTokenizer::Create(std::move(pattern), behavior, invert);
  if (!split.ok()) {
    return absl::Status(split.status().code(),
                        absl::StrFormat("%s: %s", ctx, split.status().message()));
  }
  return std::unique_ptr<PreTokenizer>(std::move(*split));
}

// ByteLevel's three flags, shared by the pre-tokenizer, decoder and post-processor forms.
struct ByteLevelFlags {
  bool add_prefix_space, trim_offsets, use_regex;
};
absl::StatusOr<ByteLevelFlags> ReadByteLevelFlags(json::Object o, std::string_view ctx) {
  ByteLevelFlags f;
  TM_ASSIGN_OR_RETURN(f.add_prefix_space, json::Bool(o, "add_prefix_space", ctx, true));
  TM_ASSIGN_OR_RETURN(f.trim_offsets, json::Bool(o, "trim_offsets", ctx, true));
  TM_ASSIGN_OR_RETURN(f.use_regex, json::Bool(o, "use_regex", ctx, true));
  return f;
}

Result MakeByteLevel(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(ByteLevelFlags f, ReadByteLevelFlags(o, ctx));
  return std::make_unique<ByteLevelPreTokenizer>(f.add_prefix_space, f.trim_offsets, f.use_regex);
}

Result MakeSequence(json::Object o, std::string_view ctx) {
  const std::string field = absl::StrFormat("%s.pretokenizers", ctx);
  TM_ASSIGN_OR_RETURN(json::Value value, json::Field(o, "pretokenizers", ctx));
  simdjson::dom::array list;
  if (value.get_array().get(list)) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: expected an array", field));
  }
  std::vector<std::unique_ptr<PreTokenizer>> pre_tokenizers;
  size_t index = 0;
  for (json::Value item : list) {
    TM_ASSIGN_OR_RETURN(auto pre_tokenizer, PreTokenizerRegistry().Create(
                                                item, absl::StrFormat("%s[%d]", field, index++)));
    pre_tokenizers.push_back(std::move(pre_tokenizer));
  }
  return std::make_unique<SequencePreTokenizer>(std::move(pre_tokenizers));
}


Result MakeMetaspace(json::Object o, std::string_view ctx) {
  char32_t replacement;
  PrependScheme scheme;
  bool split;
  TM_RETURN_IF_ERROR(ReadMetaspace(o, ctx, replacement, scheme, split));
  return std::make_unique<MetaspacePreTokenizer>(replacement, scheme, split);
}

ComponentRegistry<PreTokenizer> Build() {
  ComponentRegistry<PreTokenizer> r("pre_tokenizer");
  r.Register("BertPreTokenizer", MakePlain<BertPreTokenizer>);
  r.Register("Whitespace", MakePlain<WhitespacePreTokenizer>);
  r.Register("WhitespaceSplit", MakePlain<WhitespaceSplitPreTokenizer>);
  r.Register("Punctuation", MakePunctuation);
  r.Register("Digits", MakeDigits);
  r.Register("Split", MakeSplit);
  r.Register("CharDelimiterSplit", MakeCharDelimiterSplit);
  r.Register("UnicodeScripts", MakePlain<UnicodeScriptsPreTokenizer>);
  r.Register("FixedLength", MakeFixedLength);
  r.Register("Sequence", MakeSequence);
  r.Register("ByteLevel", MakeByteLevel);
  r.Register("Metaspace", MakeMetaspace);
  return r;
}

}  // namespace

const ComponentRegistry<PreTokenizer>& PreTokenizerRegistry() {
  static const auto* registry = new ComponentRegistry<PreTokenizer>(Build());
  return *registry;
}

}  // namespace tokenmill
