#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/models/bpe/bpe.h"
#include "tokenizers/models/bpe/merges_text.h"
#include "tokenizers/models/unigram/hf_json_float.h"
#include "tokenizers/models/unigram/unigram.h"
#include "tokenizers/models/wordlevel/word_level.h"
#include "tokenizers/models/wordpiece/wordpiece.h"
#include "tokenizers/sentencepiece/sentencepiece_tokenizer.h"
#include "tokenizers/serialization/registries.h"
#include "tokenizers/serialization/tiktoken_file.h"

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

absl::StatusOr<std::unique_ptr<Model>> MakeWordLevel(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(std::string unk_token, json::String(o, "unk_token", ctx, "<unk>"));
  TM_ASSIGN_OR_RETURN(Vocab vocab, ReadVocabObject(o, ctx));
  return std::unique_ptr<Model>(new WordLevel(std::move(vocab), std::move(unk_token)));
}

absl::StatusOr<std::optional<std::string>> OptionalString(json::Object o, std::string_view key,
                                                          std::string_view ctx) {
  auto v = json::OptionalField(o, key);
  if (!v) return std::optional<std::string>();
  TM_ASSIGN_OR_RETURN(std::string s, json::AsString(*v, absl::StrFormat("%s.%s", ctx, key)));
  return std::optional<std::string>(std::move(s));
}

// One entry of "merges": ["a", "b"] (HF >= 0.20 writes these) or the legacy "a b".
absl::Status ReadMerge(json::Value entry, std::string_view ectx, std::vector<MergeStrings>& out,
                       bool& skipped) {
  skipped = false;
  std::string_view line;
  if (!entry.get_string().get(line)) {
    if (IsMergesVersionLine(line)) {
      skipped = true;
      return absl::OkStatus();
    }
    auto merge = SplitMergeLine(line);
    if (!merge) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: \"%s\" is not two tokens separated by one space", ectx, line));
    }
    out.push_back(*merge);
    return absl::OkStatus();
  }
  simdjson::dom::array pair;
  std::string_view a, b;
  if (entry.get_array().get(pair) || pair.size() != 2 || pair.at(0).get_string().get(a) ||
      pair.at(1).get_string().get(b)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: expected a pair of token strings or a \"a b\" string", ectx));
  }
  out.push_back({a, b});
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Model>> MakeBpe(json::Object o, std::string_view ctx) {
  BpeOptions options;
  if (auto v = json::OptionalField(o, "dropout")) {
    double dropout;
    if (v->get_double().get(dropout)) {
      return absl::InvalidArgumentError(absl::StrFormat("%s.dropout: expected a number", ctx));
    }
    if (!(dropout >= 0.0 && dropout <= 1.0)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s.dropout: should be between 0 and 1, inclusive", ctx));
    }
    options.dropout = static_cast<float>(dropout);
  }
  TM_ASSIGN_OR_RETURN(options.unk_token, OptionalString(o, "unk_token", ctx));
  TM_ASSIGN_OR_RETURN(options.continuing_subword_prefix,
                      OptionalString(o, "continuing_subword_prefix", ctx));
  TM_ASSIGN_OR_RETURN(options.end_of_word_suffix, OptionalString(o, "end_of_word_suffix", ctx));
  TM_ASSIGN_OR_RETURN(options.fuse_unk, json::Bool(o, "fuse_unk", ctx, false));
  TM_ASSIGN_OR_RETURN(options.byte_fallback, json::Bool(o, "byte_fallback", ctx, false));
  TM_ASSIGN_OR_RETURN(options.ignore_merges, json::Bool(o, "ignore_merges", ctx, false));
  TM_ASSIGN_OR_RETURN(Vocab vocab, ReadVocabObject(o, ctx));
  const std::string mctx = absl::StrFormat("%s.merges", ctx);
  TM_ASSIGN_OR_RETURN(json::Value merges_value, json::Field(o, "merges", ctx));
  simdjson::dom::array merges_array;
  if (merges_value.get_array().get(merges_array)) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: expected an array", mctx));
  }
  std::vector<MergeStrings> merges;
  std::vector<size_t> json_index;  // merge → its index in the JSON array
  merges.reserve(merges_array.size());
  size_t index = 0;
  for (json::Value entry : merges_array) {
    bool skipped;
    TM_RETURN_IF_ERROR(
        ReadMerge(entry, absl::StrFormat("%s[%d]", mctx, index), merges, skipped));
    if (!skipped) json_index.push_back(index);
    ++index;
  }
  auto locate = [&](size_t i) { return absl::StrFormat("%s[%d]", mctx, json_index[i]); };
  TM_ASSIGN_OR_RETURN(auto model,
                      Bpe::Create(std::move(vocab), merges, std::move(options), locate));
  return std::unique_ptr<Model>(std::move(model));
}

// {"type": "Unigram", "unk_id": id|null, "vocab": [[token, score], ...], "byte_fallback": bool}
absl::StatusOr<std::unique_ptr<Model>> MakeUnigram(json::Object o, std::string_view ctx) {
  std::optional<uint32_t> unk_id;
  if (auto v = json::OptionalField(o, "unk_id")) {
    uint64_t id;
    if (v->get_uint64().get(id) || id > UINT32_MAX) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s.unk_id: expected a token id or null", ctx));
    }
    unk_id = static_cast<uint32_t>(id);
  }
  TM_ASSIGN_OR_RETURN(const bool byte_fallback, json::Bool(o, "byte_fallback", ctx, false));
  const std::string vctx = absl::StrFormat("%s.vocab", ctx);
  TM_ASSIGN_OR_RETURN(json::Value vocab_value, json::Field(o, "vocab", ctx));
  simdjson::dom::array vocab_array;
  if (vocab_value.get_array().get(vocab_array)) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: expected an array", vctx));
  }
  std::vector<std::pair<std::string, double>> vocab;
  vocab.reserve(vocab_array.size());
  size_t index = 0;
  for (json::Value entry : vocab_array) {
    simdjson::dom::array pair;
    std::string_view token;
    double score;
    if (entry.get_array().get(pair) || pair.size() != 2 || pair.at(0).get_string().get(token) ||
        pair.at(1).get_double().get(score)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s[%d]: expected [token, score]", vctx, index));
    }
    // The f64 HF reads (serde_json's rounding), so exact ties break as in HF.
    vocab.emplace_back(std::string(token), HfJsonF64(score));
    ++index;
  }
  auto model = Unigram::Create(std::move(vocab), unk_id, byte_fallback);
  if (!model.ok()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: %s", ctx, model.status().message()));
  }
  return std::unique_ptr<Model>(std::move(*model));
}

// tokenmill's own type for a tokenizer loaded from a SentencePiece .model (the .model in
// base64): the whole sentencepiece pipeline as the model.
absl::StatusOr<std::unique_ptr<Model>> MakeSentencePiece(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(std::string encoded, json::String(o, "model_proto", ctx, ""));
  std::string proto;
  if (encoded.empty() || !DecodeBase64(encoded, proto)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.model_proto: expected the .model file in base64", ctx));
  }
  TM_ASSIGN_OR_RETURN(std::unique_ptr<SentencePieceProcessor> processor,
                      SentencePieceProcessor::FromSerialized(proto, absl::StrFormat("%s.model_proto", ctx)));
  return std::unique_ptr<Model>(std::make_unique<SentencePieceTokenizerModel>(
      std::shared_ptr<const SentencePieceProcessor>(std::move(processor))));
}

ComponentRegistry<Model> Build() {
  ComponentRegistry<Model> r("model");
  r.Register("WordPiece", MakeWordPiece);
  r.Register("BPE", MakeBpe);
  r.Register("Unigram", MakeUnigram);
  r.Register("WordLevel", MakeWordLevel);
  r.Register("SentencePiece", MakeSentencePiece);
  return r;
}

}  // namespace

const ComponentRegistry<Model>& ModelRegistry() {
  static const auto* registry = new ComponentRegistry<Model>(Build());
  return *registry;
}

}  // namespace tokenmill
