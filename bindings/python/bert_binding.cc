// tokenmill.bert: the BERT encoder (bert/) from Python. Arrays in and out are numpy; the
// forward pass runs without the GIL.
//
//   model = tokenmill.bert.BertModel.from_pretrained("bert-dir")   # config.json + model.safetensors
//   out = model(input_ids, token_type_ids, attention_mask)         # dict of float32 arrays
//   model.fill_mask("the capital of france is [MASK].", top_k=5)
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "absl/strings/str_format.h"
#include "bert/extract_features.h"
#include "bert/fill_mask.h"
#include "bert/losses.h"
#include "bert/model.h"
#include "bert/model_tokenizer.h"
#include "bert/pretraining_data.h"
#include "bindings/python/bindings.h"
#include "bindings/python/code_point_offsets.h"
#include "bindings/python/python_text.h"
#include "bindings/python/shared_tokenizer.h"
#include "bindings/python/status_translator.h"
#include "tokenizers/serialization/hf_hub_cache.h"

namespace py = pybind11;

namespace tokenmill::python {
namespace {

// The Python object: the model and, when its folder has one, its tokenizer.
struct PyBertModel {
  std::shared_ptr<const bert::BertModel> model;
  std::shared_ptr<const Tokenizer> tokenizer;

  const Tokenizer& RequireTokenizer() const {
    if (!tokenizer) {
      throw StatusError(absl::FailedPreconditionError(
          "the model folder has no tokenizer.json or vocab.txt"));
    }
    return *tokenizer;
  }
};

// A numpy array that owns `values` (moved, not copied).
template <typename T, typename Allocator>
py::array_t<T> ToNumpy(std::vector<T, Allocator>&& values, std::vector<py::ssize_t> shape) {
  auto* owned = new std::vector<T, Allocator>(std::move(values));
  py::capsule free(owned, [](void* p) { delete static_cast<std::vector<T, Allocator>*>(p); });
  return py::array_t<T>(shape, owned->data(), free);
}

// An int array-like [B, L] (or [L] for one row) as int32 values, range-checked.
std::vector<int32_t> ToIds(py::handle value, const char* what, size_t& batch, size_t& length) {
  auto array = py::array_t<int64_t, py::array::c_style | py::array::forcecast>::ensure(value);
  if (!array) throw py::type_error(absl::StrFormat("%s must be an integer array [batch, length]", what));
  if (array.ndim() != 1 && array.ndim() != 2) {
    throw py::value_error(absl::StrFormat("%s must have 2 dimensions [batch, length], not %d", what, array.ndim()));
  }
  const size_t b = array.ndim() == 2 ? array.shape(0) : 1;
  const size_t l = array.shape(array.ndim() - 1);
  if (batch == 0 && length == 0) {
    batch = b;
    length = l;
  } else if (b != batch || l != length) {
    throw py::value_error(absl::StrFormat("%s has shape [%d, %d], input_ids [%d, %d]", what, b, l,
                                          batch, length));
  }
  std::vector<int32_t> out(array.size());
  const int64_t* data = array.data();
  for (py::ssize_t i = 0; i < array.size(); ++i) {
    if (data[i] < INT32_MIN || data[i] > INT32_MAX) {
      throw py::value_error(absl::StrFormat("%s[%d][%d] = %d is out of range", what, i / l, i % l, data[i]));
    }
    out[i] = static_cast<int32_t>(data[i]);
  }
  return out;
}

py::dict Call(const PyBertModel& self, py::handle input_ids, py::handle token_type_ids,
              py::handle attention_mask, bool output_hidden_states, bool output_mlm,
              py::handle labels, py::handle next_sentence_label) {
  bert::BertInput input;
  input.input_ids = ToIds(input_ids, "input_ids", input.batch, input.length);
  if (!token_type_ids.is_none()) {
    input.token_type_ids = ToIds(token_type_ids, "token_type_ids", input.batch, input.length);
  }
  if (!attention_mask.is_none()) {
    input.attention_mask = ToIds(attention_mask, "attention_mask", input.batch, input.length);
  }
  std::vector<int32_t> mlm_labels, nsp_labels;
  if (!labels.is_none()) mlm_labels = ToIds(labels, "labels", input.batch, input.length);
  if (!next_sentence_label.is_none()) {
    size_t b = 0, one = 0;
    nsp_labels = ToIds(next_sentence_label, "next_sentence_label", b, one);
    if (nsp_labels.size() != input.batch) {
      throw py::value_error("next_sentence_label must have one label per row");
    }
  }
  const bert::BertModel& model = *self.model;
  bert::ForwardOptions options;
  options.hidden_states = output_hidden_states;
  options.mlm = output_mlm || !mlm_labels.empty();
  options.nsp = true;
  absl::StatusOr<bert::BertOutput> result;
  std::optional<absl::StatusOr<double>> mlm_loss, nsp_loss;
  {
    py::gil_scoped_release release;
    result = model.Forward(input, options);
    if (result.ok() && !mlm_labels.empty()) {
      if (result->mlm_logits.empty()) {
        mlm_loss = absl::FailedPreconditionError("labels given, but the model has no MLM head");
      } else {
        mlm_loss = bert::MlmLoss(result->mlm_logits.data(), input.batch * input.length,
                                 model.config().vocab_size, mlm_labels);
      }
    }
    if (result.ok() && !nsp_labels.empty()) {
      if (result->nsp_logits.empty()) {
        nsp_loss = absl::FailedPreconditionError("next_sentence_label given, but the model has no NSP head");
      } else {
        nsp_loss = bert::NspLoss(result->nsp_logits.data(), input.batch, nsp_labels);
      }
    }
  }
  bert::BertOutput out = ValueOrThrow(std::move(result));
  const auto B = static_cast<py::ssize_t>(out.batch), L = static_cast<py::ssize_t>(out.length),
             H = static_cast<py::ssize_t>(out.hidden_size),
             V = static_cast<py::ssize_t>(model.config().vocab_size);
  py::dict d;
  d["last_hidden_state"] = ToNumpy(std::move(out.last_hidden_state), {B, L, H});
  if (!out.pooler_output.empty()) d["pooler_output"] = ToNumpy(std::move(out.pooler_output), {B, H});
  if (!out.mlm_logits.empty() && output_mlm) d["mlm_logits"] = ToNumpy(std::move(out.mlm_logits), {B, L, V});
  if (!out.nsp_logits.empty()) d["nsp_logits"] = ToNumpy(std::move(out.nsp_logits), {B, 2});
  if (output_hidden_states) {
    py::tuple states(out.hidden_states.size());
    for (size_t i = 0; i < out.hidden_states.size(); ++i) {
      states[i] = ToNumpy(std::move(out.hidden_states[i]), {B, L, H});
    }
    d["hidden_states"] = states;
  }
  if (mlm_loss) d["mlm_loss"] = ValueOrThrow(std::move(*mlm_loss));
  if (nsp_loss) d["nsp_loss"] = ValueOrThrow(std::move(*nsp_loss));
  if (mlm_loss && nsp_loss) d["loss"] = d["mlm_loss"].cast<double>() + d["nsp_loss"].cast<double>();
  return d;
}

py::list FillMask(const PyBertModel& self, py::handle text_arg, size_t top_k) {
  const PythonText text = ToText(text_arg, "text");
  const Tokenizer& tokenizer = self.RequireTokenizer();
  absl::StatusOr<std::vector<std::vector<bert::MaskPrediction>>> result;
  {
    py::gil_scoped_release release;
    result = bert::FillMask(*self.model, tokenizer, text.utf8, top_k);
  }
  py::list masks;
  for (const auto& predictions : ValueOrThrow(std::move(result))) {
    py::list top;
    for (const auto& p : predictions) {
      py::dict entry;
      entry["score"] = p.score;
      entry["token"] = p.token_id;
      entry["token_str"] = p.token;
      top.append(entry);
    }
    masks.append(top);
  }
  // As HF's pipeline: one mask → its list; several → a list per mask.
  return masks.size() == 1 ? masks[0].cast<py::list>() : masks;
}

py::list ExtractFeatures(const PyBertModel& self, py::handle texts_arg, std::vector<int> layers,
                         size_t batch_size) {
  BatchInput batch = ToBatchInput(texts_arg);
  const Tokenizer& tokenizer = self.RequireTokenizer();
  bert::FeatureOptions options;
  options.layers = std::move(layers);
  options.batch_size = batch_size;
  const std::vector<std::string_view> texts = batch.TextViews();
  const std::vector<std::string_view> pairs = batch.PairViews();
  absl::StatusOr<std::vector<bert::TextFeatures>> result;
  {
    py::gil_scoped_release release;
    result = bert::ExtractFeatures(*self.model, tokenizer, texts, pairs.empty() ? nullptr : &pairs, options);
    if (result.ok()) {
      CodePointOffsets converter;
      for (size_t i = 0; i < result->size(); ++i) {
        const std::string_view* second = pairs.empty() ? nullptr : &pairs[i];
        converter.Convert((*result)[i].encoding, texts[i], batch.texts[i].ascii, second,
                          pairs.empty() ? true : batch.pairs[i].ascii);
      }
    }
  }
  py::list out;
  for (bert::TextFeatures& f : ValueOrThrow(std::move(result))) {
    py::dict d;
    const auto n = static_cast<py::ssize_t>(f.encoding.size());
    d["tokens"] = f.encoding.tokens;
    d["ids"] = f.encoding.ids;
    std::vector<std::pair<uint32_t, uint32_t>> offsets;
    for (const Span& s : f.encoding.offsets) offsets.emplace_back(s.start, s.end);
    d["offsets"] = offsets;
    d["layers"] = f.layers;
    d["features"] = ToNumpy(std::move(f.values), {static_cast<py::ssize_t>(f.layers.size()), n,
                                                  static_cast<py::ssize_t>(f.hidden_size)});
    out.append(d);
  }
  return out;
}

py::dict Config(const PyBertModel& self) {
  const bert::BertConfig& c = self.model->config();
  py::dict d;
  d["vocab_size"] = c.vocab_size;
  d["hidden_size"] = c.hidden_size;
  d["num_hidden_layers"] = c.num_hidden_layers;
  d["num_attention_heads"] = c.num_attention_heads;
  d["intermediate_size"] = c.intermediate_size;
  d["hidden_act"] = c.hidden_act == bert::Activation::kGeluErf    ? "gelu"
                    : c.hidden_act == bert::Activation::kGeluTanh ? "gelu_new"
                                                                  : "relu";
  d["max_position_embeddings"] = c.max_position_embeddings;
  d["type_vocab_size"] = c.type_vocab_size;
  d["layer_norm_eps"] = c.layer_norm_eps;
  return d;
}

py::dict CreatePretrainingData(py::handle text_arg, const SharedTokenizer& tokenizer,
                               size_t max_seq_length, size_t max_predictions_per_seq,
                               double masked_lm_prob, double short_seq_prob, size_t dupe_factor,
                               bool do_whole_word_mask, uint64_t seed) {
  const PythonText text = ToText(text_arg, "text");
  bert::PretrainingOptions o;
  o.max_seq_length = max_seq_length;
  o.max_predictions_per_seq = max_predictions_per_seq;
  o.masked_lm_prob = masked_lm_prob;
  o.short_seq_prob = short_seq_prob;
  o.dupe_factor = dupe_factor;
  o.do_whole_word_mask = do_whole_word_mask;
  o.seed = seed;
  absl::StatusOr<bert::PretrainingArrays> arrays;
  {
    py::gil_scoped_release release;
    arrays = tokenizer.Read([&](const Tokenizer& t) -> absl::StatusOr<bert::PretrainingArrays> {
      auto docs = bert::ReadDocuments(text.utf8, t);
      if (!docs.ok()) return docs.status();
      auto vocab = bert::PretrainingVocab::FromTokenizer(t);
      if (!vocab.ok()) return vocab.status();
      auto instances = bert::CreatePretrainingInstances(*std::move(docs), *vocab, o);
      if (!instances.ok()) return instances.status();
      return bert::ToArrays(*instances, o);
    });
  }
  bert::PretrainingArrays a = ValueOrThrow(std::move(arrays));
  const auto n = static_cast<py::ssize_t>(a.count), S = static_cast<py::ssize_t>(a.max_seq_length),
             P = static_cast<py::ssize_t>(a.max_predictions_per_seq);
  py::dict d;
  d["input_ids"] = ToNumpy(std::move(a.input_ids), {n, S});
  d["input_mask"] = ToNumpy(std::move(a.input_mask), {n, S});
  d["segment_ids"] = ToNumpy(std::move(a.segment_ids), {n, S});
  d["masked_lm_positions"] = ToNumpy(std::move(a.masked_lm_positions), {n, P});
  d["masked_lm_ids"] = ToNumpy(std::move(a.masked_lm_ids), {n, P});
  d["masked_lm_weights"] = ToNumpy(std::move(a.masked_lm_weights), {n, P});
  d["next_sentence_labels"] = ToNumpy(std::move(a.next_sentence_labels), {n});
  return d;
}

// A local folder, else a Hub model id in the local Hugging Face cache (its snapshot folder).
std::string ModelFolder(py::handle path_arg, const std::string& revision) {
  const std::string path = ToPath(path_arg);
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return path;
  absl::StatusOr<std::string> config = FindHfHubFile(path, revision, "config.json");
  if (!config.ok()) {
    throw StatusError(absl::NotFoundError(absl::StrFormat(
        "%s is not a folder, nor a model in the local Hugging Face cache: %s", path,
        config.status().message())));
  }
  return std::filesystem::path(*config).parent_path().string();
}

std::unique_ptr<PyBertModel> FromPretrained(py::handle path_arg, const std::string& revision) {
  const std::string dir = ModelFolder(path_arg, revision);
  auto result = std::make_unique<PyBertModel>();
  absl::StatusOr<std::unique_ptr<bert::BertModel>> model;
  absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer;
  {
    py::gil_scoped_release release;
    model = bert::BertModel::FromPretrained(dir);
    if (model.ok()) tokenizer = bert::LoadModelTokenizer(dir, (*model)->config().max_position_embeddings);
  }
  result->model = ValueOrThrow(std::move(model));
  // No tokenizer in the folder is fine (ids in, arrays out); a broken one is an error.
  if (tokenizer.ok()) {
    result->tokenizer = *std::move(tokenizer);
  } else if (tokenizer.status().code() != absl::StatusCode::kNotFound) {
    throw StatusError(tokenizer.status());
  }
  return result;
}

}  // namespace

void RegisterBert(py::module_& m) {
  py::module_ sub = m.def_submodule(
      "bert",
      "A compact BERT encoder: HF config.json + model.safetensors, forward pass with pooler, "
      "masked-LM and next-sentence heads, fill-mask, features, pre-training data.");
  // `import tokenmill.bert` / `from tokenmill.bert import BertModel` work too.
  py::module_::import("sys").attr("modules")["tokenmill.bert"] = sub;

  py::class_<PyBertModel>(sub, "BertModel")
      .def_static("from_pretrained", &FromPretrained, py::arg("path"),
                  py::arg("revision") = "main",
                  "Loads config.json and model.safetensors (and tokenizer.json or vocab.txt, "
                  "when present) from a local folder, or from a model id's snapshot in the "
                  "local Hugging Face cache (nothing is downloaded).")
      .def("__call__", &Call, py::arg("input_ids"), py::arg("token_type_ids") = py::none(),
           py::arg("attention_mask") = py::none(), py::kw_only(),
           py::arg("output_hidden_states") = false, py::arg("output_mlm") = true,
           py::arg("labels") = py::none(), py::arg("next_sentence_label") = py::none(),
           "Runs the model on int arrays [batch, length]. Returns a dict of float32 arrays: "
           "last_hidden_state [B, L, H], pooler_output [B, H], mlm_logits [B, L, V], "
           "nsp_logits [B, 2] (heads when the weights have them), hidden_states (with "
           "output_hidden_states); with labels (-100 = ignored) / next_sentence_label also "
           "mlm_loss, nsp_loss and loss (their sum), as HF BertForPreTraining.")
      .def("fill_mask", &FillMask, py::arg("text"), py::arg("top_k") = 5,
           "Top-k predictions for each [MASK] in text: [{score, token, token_str}, ...] "
           "(a list of such lists with several masks).")
      .def("extract_features", &ExtractFeatures, py::arg("texts"),
           py::arg("layers") = std::vector<int>{-1}, py::arg("batch_size") = 8,
           "Per-token hidden states of the chosen layers (hidden_states indexes; -1 = last): "
           "per text a dict of tokens, ids, offsets (code points), layers and features "
           "[len(layers), tokens, H].")
      .def_property_readonly("config", &Config)
      .def_property_readonly("has_mlm_head", [](const PyBertModel& s) { return s.model->has_mlm_head(); })
      .def_property_readonly("has_nsp_head", [](const PyBertModel& s) { return s.model->has_nsp_head(); })
      .def_property_readonly("has_pooler", [](const PyBertModel& s) { return s.model->has_pooler(); });

  sub.def("set_num_threads", &bert::SetNumThreads, py::arg("threads"),
          "Threads of the encoder's pool (process-wide; 0 = one per core).");
  sub.def("get_num_threads", &bert::NumThreads);
  sub.def("kernels", &bert::KernelName, "The kernel build in use: avx512, avx2 or generic.");
  sub.def("create_pretraining_data", &CreatePretrainingData, py::arg("text"), py::arg("tokenizer"),
          py::arg("max_seq_length") = 128, py::arg("max_predictions_per_seq") = 20,
          py::arg("masked_lm_prob") = 0.15, py::arg("short_seq_prob") = 0.1,
          py::arg("dupe_factor") = 10, py::arg("do_whole_word_mask") = false,
          py::arg("seed") = 12345,
          "google-research/bert's create_pretraining_data on text (one sentence per line, blank "
          "lines between documents) with a WordPiece Tokenizer; the same instances as the "
          "script for the same seed. Returns int32/float32 numpy arrays as the script's "
          "features: input_ids, input_mask, segment_ids [n, max_seq_length], "
          "masked_lm_positions, masked_lm_ids, masked_lm_weights [n, max_predictions_per_seq], "
          "next_sentence_labels [n].");
}

}  // namespace tokenmill::python
