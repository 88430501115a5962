#include "bert/config.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "nlohmann/json.hpp"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill::bert {
namespace {

using nlohmann::json;

absl::Status KeyError(std::string_view source, std::string_view key, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrFormat("%s: \"%s\" %s", source, key, what));
}

// A positive integer (HF writes sizes as JSON integers).
absl::Status ReadSize(const json& j, std::string_view source, const char* key, size_t& out,
                      bool allow_zero = false) {
  auto it = j.find(key);
  if (it == j.end()) return absl::OkStatus();
  if (!it->is_number_integer()) return KeyError(source, key, "must be an integer");
  const int64_t v = it->get<int64_t>();
  if (v < 0 || (v == 0 && !allow_zero) || v > (int64_t{1} << 31)) {
    return KeyError(source, key, absl::StrFormat("has an invalid value %d", v));
  }
  out = static_cast<size_t>(v);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Activation> ActivationFromName(std::string_view name) {
  if (name == "gelu") return Activation::kGeluErf;
  if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast") {
    return Activation::kGeluTanh;
  }
  if (name == "relu") return Activation::kRelu;
  return absl::UnimplementedError(absl::StrFormat("hidden_act \"%s\" is not supported", name));
}

absl::StatusOr<BertConfig> ParseBertConfig(std::string_view json_text, std::string_view source) {
  json j = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: not a JSON object", source));
  }
  BertConfig c;
  TM_RETURN_IF_ERROR(ReadSize(j, source, "vocab_size", c.vocab_size));
  TM_RETURN_IF_ERROR(ReadSize(j, source, "hidden_size", c.hidden_size));
  TM_RETURN_IF_ERROR(ReadSize(j, source, "num_hidden_layers", c.num_hidden_layers));
  TM_RETURN_IF_ERROR(ReadSize(j, source, "num_attention_heads", c.num_attention_heads));
  TM_RETURN_IF_ERROR(ReadSize(j, source, "intermediate_size", c.intermediate_size));
  TM_RETURN_IF_ERROR(ReadSize(j, source, "max_position_embeddings", c.max_position_embeddings));
  TM_RETURN_IF_ERROR(ReadSize(j, source, "type_vocab_size", c.type_vocab_size));
  TM_RETURN_IF_ERROR(ReadSize(j, source, "pad_token_id", c.pad_token_id, /*allow_zero=*/true));
  if (auto it = j.find("hidden_act"); it != j.end()) {
    if (!it->is_string()) return KeyError(source, "hidden_act", "must be a string");
    auto act = ActivationFromName(it->get<std::string>());
    if (!act.ok()) return absl::Status(act.status().code(), absl::StrFormat("%s: %s", source, act.status().message()));
    c.hidden_act = *act;
  }
  if (auto it = j.find("layer_norm_eps"); it != j.end()) {
    if (!it->is_number() || it->get<double>() <= 0) {
      return KeyError(source, "layer_norm_eps", "must be a positive number");
    }
    c.layer_norm_eps = it->get<double>();
  }
  if (auto it = j.find("tie_word_embeddings"); it != j.end()) {
    if (!it->is_boolean()) return KeyError(source, "tie_word_embeddings", "must be true or false");
    c.tie_word_embeddings = it->get<bool>();
  }
  if (auto it = j.find("position_embedding_type"); it != j.end()) {
    if (!it->is_string() || it->get<std::string>() != "absolute") {
      return absl::UnimplementedError(absl::StrFormat(
          "%s: only position_embedding_type \"absolute\" is supported", source));
    }
  }
  if (c.hidden_size % c.num_attention_heads != 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: hidden_size %d is not a multiple of num_attention_heads %d", source, c.hidden_size,
        c.num_attention_heads));
  }
  return c;
}

absl::StatusOr<BertConfig> LoadBertConfig(const std::string& path) {
  TM_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseBertConfig(text, path);
}

}  // namespace tokenmill::bert
