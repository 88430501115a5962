#include "bert/weights.h"

#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "tokenizers/base/status_macros.h"

namespace tokenmill::bert {
namespace {

// Finds tensors under their HF names, also as older or headless checkpoints spell them.
class WeightReader {
 public:
  WeightReader(const SafetensorsFile& file, BertWeights& out) : file_(file), out_(out) {
    for (const auto& [name, info] : file.tensors()) {
      if (absl::StartsWith(name, "bert.")) has_bert_prefix_ = true;
    }
  }

  bool Has(const std::string& name) const { return Lookup(name) != nullptr; }

  // The tensor as float32 with exactly `shape`, or a clear error.
  absl::StatusOr<const float*> Get(const std::string& name, std::vector<size_t> shape) {
    const TensorInfo* t = Lookup(name);
    if (t == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: missing tensor \"%s\"", file_.path(), name));
    }
    if (t->dtype != DType::kF32 && t->dtype != DType::kF16 && t->dtype != DType::kBF16) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: tensor \"%s\" has dtype %s; expected F32 (or F16/BF16)", file_.path(), name,
          DTypeName(t->dtype)));
    }
    if (t->shape != shape) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: tensor \"%s\" has shape [%s]; config.json implies [%s]", file_.path(), name,
          absl::StrJoin(t->shape, ", "), absl::StrJoin(shape, ", ")));
    }
    if (t->dtype == DType::kF32 && reinterpret_cast<uintptr_t>(t->data) % alignof(float) == 0) {
      return reinterpret_cast<const float*>(t->data);
    }
    out_.storage.push_back(ToFloat32(*t));
    return out_.storage.back().data();
  }

  absl::StatusOr<LinearWeights> Linear(const std::string& prefix, size_t out, size_t in) {
    LinearWeights w{nullptr, nullptr, out, in};
    TM_ASSIGN_OR_RETURN(w.weight, Get(prefix + ".weight", {out, in}));
    TM_ASSIGN_OR_RETURN(w.bias, Get(prefix + ".bias", {out}));
    return w;
  }

  absl::StatusOr<LayerNormWeights> LayerNorm(const std::string& prefix, size_t hidden) {
    LayerNormWeights w;
    TM_ASSIGN_OR_RETURN(w.gamma, Get(prefix + ".weight", {hidden}));
    TM_ASSIGN_OR_RETURN(w.beta, Get(prefix + ".bias", {hidden}));
    return w;
  }

  // Q, K and V stacked into one [3H, H] matrix, so one GEMM computes all three.
  absl::StatusOr<LinearWeights> FusedQkv(const std::string& prefix, size_t hidden) {
    std::vector<float> weight(3 * hidden * hidden), bias(3 * hidden);
    const char* parts[] = {"query", "key", "value"};
    for (int i = 0; i < 3; ++i) {
      TM_ASSIGN_OR_RETURN(LinearWeights part, Linear(prefix + parts[i], hidden, hidden));
      std::memcpy(weight.data() + i * hidden * hidden, part.weight, hidden * hidden * sizeof(float));
      std::memcpy(bias.data() + i * hidden, part.bias, hidden * sizeof(float));
    }
    out_.storage.push_back(std::move(weight));
    const float* w = out_.storage.back().data();
    out_.storage.push_back(std::move(bias));
    return LinearWeights{w, out_.storage.back().data(), 3 * hidden, hidden};
  }

 private:
  const TensorInfo* Lookup(const std::string& name) const {
    for (const std::string& candidate : Spellings(name)) {
      if (const TensorInfo* t = file_.Find(candidate)) return t;
    }
    return nullptr;
  }

  // HF name → the names it may have in a file: without "bert." (BertModel checkpoints),
  // LayerNorm gamma/beta (old checkpoints), cls.predictions.decoder.bias for the MLM bias.
  std::vector<std::string> Spellings(const std::string& name) const {
    std::vector<std::string> names = {name};
    if (!has_bert_prefix_ && absl::StartsWith(name, "bert.")) names.push_back(name.substr(5));
    const size_t n = names.size();
    for (size_t i = 0; i < n; ++i) {
      if (absl::EndsWith(names[i], "LayerNorm.weight")) {
        names.push_back(names[i].substr(0, names[i].size() - 6) + "gamma");
      } else if (absl::EndsWith(names[i], "LayerNorm.bias")) {
        names.push_back(names[i].substr(0, names[i].size() - 4) + "beta");
      }
    }
    if (name == "cls.predictions.bias") names.push_back("cls.predictions.decoder.bias");
    return names;
  }

  const SafetensorsFile& file_;
  BertWeights& out_;
  bool has_bert_prefix_ = false;
};

// Tensors of encoder layers the config does not have mean the two files do not belong together.
absl::Status CheckNoExtraLayers(const SafetensorsFile& file, const BertConfig& config) {
  for (const auto& [name, info] : file.tensors()) {
    const size_t at = name.find("encoder.layer.");
    if (at == std::string::npos) continue;
    const std::string rest = name.substr(at + 14);
    const std::string index = rest.substr(0, rest.find('.'));
    size_t layer = 0;
    if (absl::SimpleAtoi(index, &layer) && layer >= config.num_hidden_layers) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: tensor \"%s\" belongs to layer %d, but config.json says num_hidden_layers = %d",
          file.path(), name, layer, config.num_hidden_layers));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<BertWeights> LoadBertWeights(std::shared_ptr<const SafetensorsFile> file,
                                            const BertConfig& config) {
  BertWeights w;
  w.storage.reserve(8 * config.num_hidden_layers + 16);  // pointers into it stay valid anyway
  WeightReader r(*file, w);
  const size_t H = config.hidden_size, I = config.intermediate_size, V = config.vocab_size;
  TM_RETURN_IF_ERROR(CheckNoExtraLayers(*file, config));

  auto& e = w.embeddings;
  TM_ASSIGN_OR_RETURN(e.word, r.Get("bert.embeddings.word_embeddings.weight", {V, H}));
  TM_ASSIGN_OR_RETURN(e.position, r.Get("bert.embeddings.position_embeddings.weight",
                                        {config.max_position_embeddings, H}));
  TM_ASSIGN_OR_RETURN(e.token_type, r.Get("bert.embeddings.token_type_embeddings.weight",
                                          {config.type_vocab_size, H}));
  TM_ASSIGN_OR_RETURN(e.layer_norm, r.LayerNorm("bert.embeddings.LayerNorm", H));

  for (size_t l = 0; l < config.num_hidden_layers; ++l) {
    const std::string p = absl::StrFormat("bert.encoder.layer.%d.", l);
    EncoderLayerWeights layer;
    TM_ASSIGN_OR_RETURN(layer.qkv, r.FusedQkv(p + "attention.self.", H));
    TM_ASSIGN_OR_RETURN(layer.attention_output, r.Linear(p + "attention.output.dense", H, H));
    TM_ASSIGN_OR_RETURN(layer.attention_layer_norm, r.LayerNorm(p + "attention.output.LayerNorm", H));
    TM_ASSIGN_OR_RETURN(layer.intermediate, r.Linear(p + "intermediate.dense", I, H));
    TM_ASSIGN_OR_RETURN(layer.output, r.Linear(p + "output.dense", H, I));
    TM_ASSIGN_OR_RETURN(layer.output_layer_norm, r.LayerNorm(p + "output.LayerNorm", H));
    w.layers.push_back(layer);
  }
  if (r.Has("bert.pooler.dense.weight")) {
    TM_ASSIGN_OR_RETURN(w.pooler, r.Linear("bert.pooler.dense", H, H));
  }
  if (r.Has("cls.predictions.transform.dense.weight")) {
    MlmHeadWeights mlm;
    TM_ASSIGN_OR_RETURN(mlm.transform, r.Linear("cls.predictions.transform.dense", H, H));
    TM_ASSIGN_OR_RETURN(mlm.transform_layer_norm, r.LayerNorm("cls.predictions.transform.LayerNorm", H));
    mlm.decoder = {e.word, nullptr, V, H};
    if (!config.tie_word_embeddings) {
      TM_ASSIGN_OR_RETURN(mlm.decoder.weight, r.Get("cls.predictions.decoder.weight", {V, H}));
    }
    TM_ASSIGN_OR_RETURN(mlm.decoder.bias, r.Get("cls.predictions.bias", {V}));
    w.mlm = mlm;
  }
  if (r.Has("cls.seq_relationship.weight")) {
    if (!w.pooler) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: has the next-sentence head (cls.seq_relationship) but no pooler", file->path()));
    }
    TM_ASSIGN_OR_RETURN(w.nsp, r.Linear("cls.seq_relationship", 2, H));
  }
  w.file = std::move(file);
  return w;
}

}  // namespace tokenmill::bert
