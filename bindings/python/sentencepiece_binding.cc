// tokenmill.SentencePieceProcessor: the shape of Google sentencepiece's Python class
// (encode with out_type=int|str, lists batched on threads without the GIL, decode, n-best,
// sampling, piece lookups), over tokenmill's exact reimplementation. Sampling calls take an
// explicit `seed` (None: a fresh random one), so results are reproducible when asked.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_format.h"
#include "bindings/python/bindings.h"
#include "bindings/python/gil.h"
#include "bindings/python/parallel_batch.h"
#include "bindings/python/parallel_id_lists.h"
#include "bindings/python/python_text.h"
#include "bindings/python/sentencepiece_normalize.h"
#include "bindings/python/sentencepiece_proto.h"
#include "bindings/python/sentencepiece_rewrite.h"
#include "bindings/python/status_translator.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/sentencepiece/sentencepiece_processor.h"
#include "tokenizers/sentencepiece/sentencepiece_text_proto.h"

namespace tokenmill::python {
namespace {

namespace py = pybind11;

struct PySentencePiece {
  std::shared_ptr<const SentencePieceProcessor> processor;
  // Defaults for encode(), as sentencepiece's constructor keywords set them.
  OutType out_type = OutType::kIds;
  bool add_bos = false;
  bool add_eos = false;
  bool reverse = false;
  bool emit_unk_piece = false;
  // As given to set_*_extra_options (kept for pickling), and parsed.
  std::string encode_extra_text, decode_extra_text;
  std::vector<ExtraOption> encode_extra, decode_extra;
  bool enable_sampling = false;
  int nbest_size = -1;
  float alpha = 0.1f;
  int num_threads = -1;

  const SentencePieceProcessor& sp() const {
    if (!processor) throw py::value_error("SentencePieceProcessor: no model loaded (call load)");
    return *processor;
  }
};

// One encode request with every option resolved.
struct EncodeRequest {
  OutType out_type = OutType::kIds;
  bool pieces = false;  // out_type is str
  SentencePieceEncodeOptions options;
  ListRewrite rewrite;
  bool sampling = false;
  int nbest_size = -1;
  float alpha = 0.1f;
  uint64_t seed = 0;
};

struct EncodeResult {
  std::vector<int> ids;
  std::vector<std::string> pieces;
};

// One encoded text as the caller asked for it: ids or pieces, rewritten as sentencepiece does.
absl::StatusOr<EncodeResult> Rewritten(const SentencePieceProcessor& sp, const SentencePieceText& text,
                                       const ListRewrite& rewrite, bool want_pieces) {
  EncodeResult result;
  const bool rewriting = rewrite.NeedsRewrite();
  for (size_t i = 0; i < text.pieces.size(); ++i) {
    if (want_pieces || rewriting) result.pieces.emplace_back(sp.PieceString(text, i));
    result.ids.push_back(text.pieces[i].id);
  }
  if (rewriting) TM_RETURN_IF_ERROR(Rewrite(sp, rewrite, result.ids, result.pieces));
  if (want_pieces) {
    result.ids.clear();
  } else {
    result.pieces.clear();
  }
  return result;
}

uint64_t MixSeed(uint64_t seed, uint64_t index) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ull * (index + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// set_random_generator_seed's generator: once set, calls without a seed draw theirs from it
// (in call order, so a script that seeds once samples the same way each run).
std::optional<std::mt19937_64>& SeededGenerator() {
  static auto* generator = new std::optional<std::mt19937_64>();
  return *generator;
}

uint64_t SeedOrRandom(py::handle seed) {  // with the GIL held
  if (!seed.is_none()) return seed.cast<uint64_t>();
  if (SeededGenerator()) return (*SeededGenerator())();
  std::random_device device;
  return (uint64_t{device()} << 32) | device();
}

absl::StatusOr<EncodeResult> EncodeOne(const SentencePieceProcessor& sp, std::string_view text,
                                       const EncodeRequest& r, uint64_t index) {
  EncodeResult result;
  if (!r.sampling && !r.pieces && !r.rewrite.NeedsRewrite()) {
    if (auto s = sp.EncodeIds(text, result.ids, r.options); !s.ok()) return s;
    return result;
  }
  SentencePieceText encoded;
  absl::Status status;
  if (r.sampling) {
    SamplingRng rng(MixSeed(r.seed, index));
    status = sp.SampleEncode(text, r.nbest_size, r.alpha, rng, encoded, r.options);
  } else {
    status = sp.Encode(text, encoded, r.options);
  }
  if (!status.ok()) return status;
  return Rewritten(sp, encoded, r.rewrite, r.pieces);
}

// The processor's options and the rewrite for one call: add_bos / add_eos go to the
// processor unless the list is rewritten (they then follow reverse, as in sentencepiece).
void ResolveListOptions(const PySentencePiece& self, std::optional<bool> add_bos,
                        std::optional<bool> add_eos, std::optional<bool> reverse,
                        std::optional<bool> emit_unk_piece, SentencePieceEncodeOptions& options,
                        ListRewrite& rewrite) {
  rewrite.extra = self.encode_extra;
  rewrite.reverse = reverse.value_or(self.reverse);
  rewrite.emit_unk_piece = emit_unk_piece.value_or(self.emit_unk_piece);
  const bool bos = add_bos.value_or(self.add_bos), eos = add_eos.value_or(self.add_eos);
  if (rewrite.NeedsRewrite()) {
    rewrite.add_bos = bos;
    rewrite.add_eos = eos;
  } else {
    options.add_bos = bos;
    options.add_eos = eos;
  }
}

// A new reference: list[str] or list[int] (or null with the Python error set).
PyObject* NewPythonList(const EncodeResult& result, bool pieces) {
  if (!pieces) return NewIntList(result.ids.data(), result.ids.size());
  PyObject* list = PyList_New(static_cast<Py_ssize_t>(result.pieces.size()));
  if (list == nullptr) return nullptr;
  for (size_t i = 0; i < result.pieces.size(); ++i) {
    const std::string& piece = result.pieces[i];
    PyObject* item =
        PyUnicode_DecodeUTF8(piece.data(), static_cast<Py_ssize_t>(piece.size()), nullptr);
    if (item == nullptr) {
      Py_DECREF(list);
      return nullptr;
    }
    PyList_SET_ITEM(list, static_cast<Py_ssize_t>(i), item);  // steals `item`
  }
  return list;
}

py::object ToPython(EncodeResult&& result, bool pieces) {
  PyObject* list = NewPythonList(result, pieces);
  if (list == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(list);
}

bool IsTextList(py::handle input) {
  return !PyUnicode_Check(input.ptr()) && !PyBytes_Check(input.ptr());
}

// sentencepiece's proto API takes none of the list rewrites (its RewriteIds refuses them).
void RefuseRewrites(const SentencePieceEncodeOptions& options, const ListRewrite& rewrite) {
  if (options.add_bos || options.add_eos || rewrite.add_bos || rewrite.add_eos ||
      rewrite.reverse || rewrite.emit_unk_piece) {
    throw std::runtime_error(
        "Unimplemented: add_bos, add_eos, reverse, and emit_unk_piece is not supported in "
        "proto API");
  }
}

py::object ProtoToPython(spm::SentencePieceText proto, OutType type) {
  return TextProtoToPython(std::move(proto), type);
}
py::object ProtoToPython(spm::NBestSentencePieceText proto, OutType type) {
  return NBestProtoToPython(std::move(proto), type);
}

// One text or a list of them, each made into a message by `make(sp, text, index)` without the
// GIL, then returned as `type` asks.
template <typename Make>
py::object EachAsProto(const PySentencePiece& self, py::handle input, OutType type, Make make) {
  const SentencePieceProcessor& sp = self.sp();
  uint64_t index = 0;
  auto one = [&](py::handle text_arg) {
    const PythonText text = ToText(text_arg, "input");
    auto proto = [&] {
      ReleaseGilFor release(text.utf8.size());
      return make(sp, std::string_view(text.utf8), index++);
    }();
    return ProtoToPython(std::move(proto), type);
  };
  if (!IsTextList(input)) return one(input);
  py::list out;
  for (py::handle item : py::iter(input)) out.append(one(item));
  return out;
}

// An encoding as sentencepiece's processor returns it, its encode extra options applied.
spm::SentencePieceText EncodedProto(const PySentencePiece& self, std::string_view text,
                                    const SentencePieceText& encoded,
                                    std::optional<float> score = std::nullopt) {
  spm::SentencePieceText proto = EncodedTextProto(self.sp(), text, encoded, score);
  ApplyExtraOptions(self.sp(), self.encode_extra, proto);
  return proto;
}

// An n-best list or scored samples as one NBestSentencePieceText.
spm::NBestSentencePieceText ScoredProto(
    const PySentencePiece& self, std::string_view text,
    absl::StatusOr<std::vector<SentencePieceProcessor::Scored>> scored) {
  spm::NBestSentencePieceText nbests;
  for (const auto& one : ValueOrThrow(std::move(scored))) {
    *nbests.add_nbests() = EncodedProto(self, text, one.text, one.score);
  }
  return nbests;
}

py::object EncodeProtos(const PySentencePiece& self, py::handle input, const EncodeRequest& r) {
  RefuseRewrites(r.options, r.rewrite);
  return EachAsProto(self, input, r.out_type, [&](const SentencePieceProcessor& sp,
                                                  std::string_view text, uint64_t index) {
    SentencePieceText encoded;
    if (r.sampling) {
      SamplingRng rng(MixSeed(r.seed, index));
      ThrowIfError(sp.SampleEncode(text, r.nbest_size, r.alpha, rng, encoded));
    } else {
      ThrowIfError(sp.Encode(text, encoded));
    }
    return EncodedProto(self, text, encoded);
  });
}

py::object Encode(const PySentencePiece& self, py::handle input, py::handle out_type,
                  std::optional<bool> add_bos, std::optional<bool> add_eos,
                  std::optional<bool> reverse, std::optional<bool> emit_unk_piece,
                  std::optional<bool> enable_sampling, std::optional<int> nbest_size,
                  std::optional<float> alpha, std::optional<int> num_threads, py::handle seed) {
  const SentencePieceProcessor& sp = self.sp();
  EncodeRequest r;
  r.out_type = ParseOutType(out_type, self.out_type);
  r.pieces = r.out_type == OutType::kPieces;
  ResolveListOptions(self, add_bos, add_eos, reverse, emit_unk_piece, r.options, r.rewrite);
  r.sampling = enable_sampling.value_or(self.enable_sampling);
  r.nbest_size = nbest_size.value_or(self.nbest_size);
  r.alpha = alpha.value_or(self.alpha);
  if (r.sampling) {
    if (r.nbest_size == 0 || r.nbest_size == 1 || r.alpha < 0) {
      throw std::runtime_error(
          "When enable_sampling is True, We must specify \"nbest_size > 1\" or "
          "\"nbest_size = -1\", and \"alpha\" (as sentencepiece requires)");
    }
    r.seed = SeedOrRandom(seed);
  }
  if (IsProto(r.out_type)) return EncodeProtos(self, input, r);
  if (!IsTextList(input)) {
    const PythonText text = ToText(input, "input");
    absl::StatusOr<EncodeResult> result;
    {
      ReleaseGilFor release(text.utf8.size());
      result = EncodeOne(sp, text.utf8, r, 0);
    }
    return ToPython(ValueOrThrow(std::move(result)), r.pieces);
  }
  const std::vector<PythonText> texts = ToTextList(input, "input", /*replace_surrogates=*/false);
  // Encoded on threads; the lists are built while the rest is encoded (parallel_batch.h).
  // Ids are packed per chunk (parallel_id_lists.h); pieces stay per item.
  std::vector<EncodeResult> results(r.pieces ? texts.size() : 0);
  ChunkPackedIds<int> ids(r.pieces ? 0 : texts.size());
  BatchWork work;
  work.produce = [&](size_t i, size_t) -> absl::Status {
    // The common case: straight into the chunk's buffer.
    if (!r.sampling && !r.pieces && !r.rewrite.NeedsRewrite()) {
      return ids.Append(
          i, [&](std::vector<int>& buffer) { return sp.AppendIds(texts[i].utf8, buffer, r.options); });
    }
    absl::StatusOr<EncodeResult> result = EncodeOne(sp, texts[i].utf8, r, i);
    if (!result.ok()) return result.status();
    if (r.pieces) {
      results[i] = *std::move(result);
      return absl::OkStatus();
    }
    return ids.Append(i, [&](std::vector<int>& buffer) {
      buffer.insert(buffer.end(), result->ids.begin(), result->ids.end());
      return absl::OkStatus();
    });
  };
  work.convert = [&](size_t i) {
    if (!r.pieces) {
      PyObject* list = NewIntList(ids.data(i), ids.size(i));
      ids.Done(i);  // frees the chunk's ids now, while the cache still holds them
      return list;
    }
    PyObject* list = NewPythonList(results[i], r.pieces);
    results[i] = {};  // frees the result now, while the cache still holds it
    return list;
  };
  const int threads = num_threads.value_or(self.num_threads);
  return RunBatch(texts.size(), threads <= 0 ? 0 : static_cast<size_t>(threads), work);
}

// Ids (checked against the piece count: IndexError) or pieces, with the decode extra options
// applied: the pieces sentencepiece decodes (ids stay ids; pieces is then empty).
struct DecodeInput {
  std::vector<int> ids;
  std::vector<std::string> pieces;
};

DecodeInput ReadDecodeInput(const SentencePieceProcessor& sp, py::handle items,
                            const std::vector<ExtraOption>& extra) {
  DecodeInput in;
  for (py::handle item : py::iter(items)) {
    if (PyUnicode_Check(item.ptr())) {
      in.pieces.push_back(item.cast<std::string>());
    } else {
      const int id = item.cast<int>();
      if (id < 0 || id >= sp.GetPieceSize()) {
        throw py::index_error(absl::StrFormat(
            "piece id %d is out of range: the model has %d pieces", id, sp.GetPieceSize()));
      }
      in.ids.push_back(id);
    }
  }
  if (!in.ids.empty() && !in.pieces.empty()) throw py::type_error("decode: mix of ids and pieces");
  if (in.pieces.empty()) {
    ApplyDecodeExtra(sp, extra, in.ids);
  } else {
    ApplyDecodeExtra(sp, extra, in.pieces);
  }
  return in;
}

// One list decoded as out_type asks: the text, or sentencepiece's SentencePieceText.
py::object DecodeList(const SentencePieceProcessor& sp, py::handle items,
                      const std::vector<ExtraOption>& extra, OutType type) {
  DecodeInput in = ReadDecodeInput(sp, items, extra);
  if (!IsProto(type)) {
    absl::StatusOr<std::string> text;
    {
      py::gil_scoped_release release;
      text = in.pieces.empty() ? sp.Decode(in.ids) : sp.DecodePieces(in.pieces);
    }
    return py::str(ValueOrThrow(std::move(text)));
  }
  spm::SentencePieceText proto;
  {
    py::gil_scoped_release release;
    for (const int id : in.ids) in.pieces.emplace_back(sp.IdToPiece(id));
    ThrowIfError(DecodedTextProto(sp, in.pieces, proto));
  }
  return TextProtoToPython(std::move(proto), type);
}

// decode(input, out_type=str): one id or piece, a list of them, or a list of such lists.
py::object Decode(const PySentencePiece& self, py::handle input, py::handle out_type,
                  py::handle /*num_threads: the lists are decoded on this thread*/) {
  const SentencePieceProcessor& sp = self.sp();
  const OutType type = ParseOutType(out_type, OutType::kPieces);
  if (type == OutType::kIds) throw py::value_error("decode: out_type must be str or a proto type");
  // sentencepiece's wrapper answers '' for any false input (an empty list, but also the id 0).
  if (!PyObject_IsTrue(input.ptr())) return py::str("");
  if (PyLong_Check(input.ptr()) || PyUnicode_Check(input.ptr())) {
    py::list one;
    one.append(input);
    return DecodeList(sp, one, self.decode_extra, type);
  }
  py::list items = py::list(py::iter(input));
  if (items.size() > 0 && !PyLong_Check(items[0].ptr()) && !PyUnicode_Check(items[0].ptr())) {
    py::list out;
    for (py::handle sequence : items) out.append(DecodeList(sp, sequence, self.decode_extra, type));
    return out;
  }
  return DecodeList(sp, items, self.decode_extra, type);
}

py::object NBestEncode(const PySentencePiece& self, py::handle input, py::handle out_type,
                       std::optional<bool> add_bos, std::optional<bool> add_eos,
                       std::optional<bool> reverse, std::optional<bool> emit_unk_piece,
                       std::optional<int> nbest_size_arg) {
  const SentencePieceProcessor& sp = self.sp();
  const OutType type = ParseOutType(out_type, self.out_type);
  const bool pieces = type == OutType::kPieces;
  SentencePieceEncodeOptions options;
  ListRewrite rewrite;
  ResolveListOptions(self, add_bos, add_eos, reverse, emit_unk_piece, options, rewrite);
  const int nbest_size = std::max(1, nbest_size_arg.value_or(self.nbest_size));
  if (IsProto(type)) {
    RefuseRewrites(options, rewrite);
    return EachAsProto(self, input, type, [&](const SentencePieceProcessor& processor,
                                              std::string_view text, uint64_t) {
      return ScoredProto(self, text, processor.NBestEncode(text, nbest_size));
    });
  }
  auto one = [&](py::handle text_arg) {
    const PythonText text = ToText(text_arg, "input");
    absl::StatusOr<std::vector<SentencePieceProcessor::Scored>> nbests;
    {
      py::gil_scoped_release release;
      nbests = sp.NBestEncode(text.utf8, nbest_size, options);
    }
    py::list out;
    for (const auto& scored : ValueOrThrow(std::move(nbests))) {
      out.append(ToPython(ValueOrThrow(Rewritten(sp, scored.text, rewrite, pieces)), pieces));
    }
    return out;
  };
  if (!IsTextList(input)) return one(input);
  py::list out;
  for (py::handle item : py::iter(input)) out.append(one(item));
  return out;
}

py::object SampleEncodeAndScore(const PySentencePiece& self, py::handle input,
                                py::handle out_type, std::optional<bool> add_bos,
                                std::optional<bool> add_eos, std::optional<bool> reverse,
                                std::optional<bool> emit_unk_piece, int num_samples, float alpha,
                                bool wor, bool include_best, py::handle seed) {
  const SentencePieceProcessor& sp = self.sp();
  const OutType type = ParseOutType(out_type, self.out_type);
  const bool pieces = type == OutType::kPieces;
  // sentencepiece's own argument errors (RuntimeError, as its Python wrapper raises).
  if (num_samples <= 0) throw std::runtime_error("num_examples must be positive");
  if (include_best && !wor) {
    throw std::runtime_error("When include_best is True, We must specify \"wor = True\".");
  }
  SentencePieceEncodeOptions options;
  ListRewrite rewrite;
  ResolveListOptions(self, add_bos, add_eos, reverse, emit_unk_piece, options, rewrite);
  const uint64_t base_seed = SeedOrRandom(seed);
  if (IsProto(type)) {
    RefuseRewrites(options, rewrite);
    return EachAsProto(self, input, type, [&](const SentencePieceProcessor& processor,
                                              std::string_view text, uint64_t i) {
      SamplingRng rng(MixSeed(base_seed, i));
      return ScoredProto(self, text,
                         processor.SampleEncodeAndScore(text, num_samples, alpha, wor,
                                                        include_best, rng));
    });
  }
  uint64_t index = 0;
  auto one = [&](py::handle text_arg) {
    const PythonText text = ToText(text_arg, "input");
    absl::StatusOr<std::vector<SentencePieceProcessor::Scored>> samples;
    {
      py::gil_scoped_release release;
      SamplingRng rng(MixSeed(base_seed, index++));
      samples = sp.SampleEncodeAndScore(text.utf8, num_samples, alpha, wor, include_best, rng,
                                        options);
    }
    py::list out;
    for (const auto& scored : ValueOrThrow(std::move(samples))) {
      EncodeResult r = ValueOrThrow(Rewritten(sp, scored.text, rewrite, pieces));
      out.append(py::make_tuple(ToPython(std::move(r), pieces), scored.score));
    }
    return out;
  };
  if (!IsTextList(input)) return one(input);
  py::list out;
  for (py::handle item : py::iter(input)) out.append(one(item));
  return out;
}

void SetExtraOptions(PySentencePiece& self, const std::string& text, bool encode) {
  // As sentencepiece, clearing them needs no model.
  std::vector<ExtraOption> parsed;
  if (!text.empty()) parsed = ParseExtraOptions(self.sp(), text);
  (encode ? self.encode_extra : self.decode_extra) = std::move(parsed);
  (encode ? self.encode_extra_text : self.decode_extra_text) = text;
}

void Load(PySentencePiece& self, py::handle model_file, py::handle model_proto) {
  absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> loaded;
  if (!model_proto.is_none()) {
    const std::string bytes = model_proto.cast<std::string>();
    py::gil_scoped_release release;
    loaded = SentencePieceProcessor::FromSerialized(bytes, "model_proto");
  } else if (!model_file.is_none()) {
    const std::string path = ToPath(model_file);
    py::gil_scoped_release release;
    loaded = SentencePieceProcessor::Load(path);
  } else {
    throw py::value_error("give model_file or model_proto");
  }
  self.processor = std::shared_ptr<const SentencePieceProcessor>(ValueOrThrow(std::move(loaded)));
}

// set_vocabulary & co. make a new processor (encodes already running keep the old one).
void Replace(PySentencePiece& self,
             absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> processor) {
  if (!processor.ok()) throw std::runtime_error(std::string(processor.status().message()));
  self.processor = std::shared_ptr<const SentencePieceProcessor>(*std::move(processor));
}

// The live piece types as bytes (pickled with the model as loaded), or None when none changed.
py::object LiveTypes(const SentencePieceProcessor& sp) {
  std::string types;
  bool changed = false;
  for (int id = 0; id < sp.GetPieceSize(); ++id) {
    types.push_back(static_cast<char>(sp.table().TypeOf(id)));
    changed |= sp.table().TypeOf(id) != sp.table().LoadTypeOf(id);
  }
  return changed ? py::object(py::bytes(types)) : py::object(py::none());
}

void RestoreLiveTypes(PySentencePiece& self, py::handle state) {
  if (state.is_none()) return;
  const std::string bytes = state.cast<std::string>();
  std::vector<SentencePiecePiece::Type> types;
  for (char c : bytes) types.push_back(static_cast<SentencePiecePiece::Type>(c));
  absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> processor =
      self.sp().WithLiveTypes(std::move(types));
  if (!processor.ok()) throw py::value_error(std::string(processor.status().message()));
  self.processor = std::shared_ptr<const SentencePieceProcessor>(*std::move(processor));
}

// Pickled out_type: an OutType number (a bool, pieces or not, in older pickles).
OutType OutTypeFromState(py::handle value) {
  const int type = value.cast<int>();
  if (type < 0 || type > static_cast<int>(OutType::kImmutableProto)) {
    throw py::value_error("SentencePieceProcessor state: bad out_type");
  }
  return static_cast<OutType>(type);
}

int CheckedId(const SentencePieceProcessor& sp, int id) {
  if (id < 0 || id >= sp.GetPieceSize()) throw py::index_error("piece id is out of range.");
  return id;
}

// sentencepiece's bool parsing (util.h lexical_cast; an empty value is true).
bool ParseSpecBool(std::string value) {
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (value.empty()) return true;
  for (const char* t : {"1", "t", "true", "y", "yes"}) {
    if (value == t) return true;
  }
  for (const char* f : {"0", "f", "false", "n", "no"}) {
    if (value == f) return false;
  }
  throw py::value_error(absl::StrFormat("cannot parse \"%s\" as bool.", value));
}

// sentencepiece 0.2's OverrideNormalizerSpec(**kwargs): values as str(value). The whitespace
// options act at once; name, precompiled_charsmap and normalization_rule_tsv would act in
// sentencepiece only once the model is reloaded, so they are refused here rather than kept.
bool OverrideNormalizerSpec(PySentencePiece& self, const py::kwargs& kwargs) {
  const spm::NormalizerSpec& spec = self.sp().model_proto().normalizer_spec();
  bool add_dummy_prefix = spec.add_dummy_prefix();
  bool remove_extra_whitespaces = spec.remove_extra_whitespaces();
  bool escape_whitespaces = spec.escape_whitespaces();
  for (const auto& [key_object, value] : kwargs) {
    const std::string key = key_object.cast<std::string>();
    const std::string text = py::str(value).cast<std::string>();
    if (key == "add_dummy_prefix") {
      add_dummy_prefix = ParseSpecBool(text);
    } else if (key == "remove_extra_whitespaces") {
      remove_extra_whitespaces = ParseSpecBool(text);
    } else if (key == "escape_whitespaces") {
      escape_whitespaces = ParseSpecBool(text);
    } else if (key == "name" || key == "precompiled_charsmap" || key == "normalization_rule_tsv") {
      throw py::value_error(absl::StrFormat(
          "OverrideNormalizerSpec: %s does not act on a loaded model (sentencepiece builds the "
          "normalization at load); load a model with that spec instead",
          key));
    } else {
      PyErr_SetString(PyExc_OSError,
                      absl::StrFormat("unknown field name \"%s\" in NormalizerSpec.", key).c_str());
      throw py::error_already_set();
    }
  }
  Replace(self, self.sp().WithWhitespaceOptions(add_dummy_prefix, remove_extra_whitespaces,
                                                escape_whitespaces));
  return true;
}

// CalculateEntropy: one text, or a list (sentencepiece's _CalculateEntropyBatch, on threads).
py::object CalculateEntropy(const PySentencePiece& self, py::handle input, float alpha,
                            std::optional<int> num_threads) {
  if (!PyList_Check(input.ptr())) {
    const PythonText text = ToText(input, "input");
    absl::StatusOr<float> entropy;
    {
      py::gil_scoped_release release;
      entropy = self.sp().CalculateEntropy(text.utf8, alpha);
    }
    return py::float_(ValueOrThrow(std::move(entropy)));
  }
  const std::vector<PythonText> texts = ToTextList(input, "input", /*replace_surrogates=*/false);
  std::vector<float> entropies(texts.size());
  BatchWork work;
  work.produce = [&](size_t i, size_t) -> absl::Status {
    TM_ASSIGN_OR_RETURN(entropies[i], self.sp().CalculateEntropy(texts[i].utf8, alpha));
    return absl::OkStatus();
  };
  work.convert = [&](size_t i) { return PyFloat_FromDouble(entropies[i]); };
  const int threads = num_threads.value_or(self.num_threads);
  return RunBatch(texts.size(), threads <= 0 ? 0 : static_cast<size_t>(threads), work);
}

py::object Normalize(const PySentencePiece& self, py::handle input, py::handle with_offsets) {
  return NormalizeForPython(input, with_offsets,
                            [&](std::string_view text, SentencePieceNormalized& out) {
                              ThrowIfError(self.sp().Normalize(text, InvalidUtf8::kReplace, out));
                            });
}

}  // namespace

// sentencepiece's other names for the same calls (python/src/sentencepiece/__init__.py): its
// CamelCase methods, their snake_case forms, Tokenize/Detokenize, and the shortcuts that fix
// out_type (…AsPieces, …AsIds) or turn sampling on (Sample…).
void AddSentencePieceAliases(py::class_<PySentencePiece>& cls) {
  const std::pair<const char*, const char*> renames[] = {
      {"Encode", "encode"},          {"Tokenize", "encode"},
      {"tokenize", "encode"},        {"Decode", "decode"},
      {"Detokenize", "decode"},      {"detokenize", "decode"},
      {"DecodePieces", "decode_pieces"}, {"DecodeIds", "decode_ids"},
      {"NBestEncode", "nbest_encode"}, {"SampleEncodeAndScore", "sample_encode_and_score"},
      {"CalculateEntropy", "calculate_entropy"}, {"GetPieceSize", "get_piece_size"},
      {"Normalize", "normalize"},    {"OverrideNormalizerSpec", "override_normalizer_spec"},
      {"piece_size", "get_piece_size"}, {"PieceToId", "piece_to_id"},
      {"IdToPiece", "id_to_piece"},  {"GetScore", "get_score"},
      {"IsUnknown", "is_unknown"},   {"IsControl", "is_control"},
      {"IsUnused", "is_unused"},     {"IsByte", "is_byte"},
      {"Load", "load"},              {"LoadFromFile", "load"},
      {"SetEncodeExtraOptions", "set_encode_extra_options"},
      {"SetVocabulary", "set_vocabulary"}, {"ResetVocabulary", "reset_vocabulary"},
      {"LoadVocabulary", "load_vocabulary"},
      {"SetDecodeExtraOptions", "set_decode_extra_options"},
      {"load_from_file", "load"},    {"LoadFromSerializedProto", "load_from_serialized_proto"},
      {"__getitem__", "piece_to_id"},
  };
  for (const auto& [name, target] : renames) {
    const std::string to = target;
    cls.def(name, [to](py::object self, py::args args, py::kwargs kwargs) {
      return self.attr(to.c_str())(*args, **kwargs);
    });
  }
  // A shortcut: `target(input, out_type=…, [enable_sampling=True], <named>=…, **kwargs)`, the
  // named parameters taken positionally after input as sentencepiece's do.
  struct Shortcut {
    const char* name;
    const char* target;
    OutType out_type;
    bool sampling;
    std::vector<std::string> named;
  };
  constexpr OutType kIds = OutType::kIds, kPieces = OutType::kPieces,
                    kSerialized = OutType::kSerializedProto, kImmutable = OutType::kImmutableProto;
  const Shortcut shortcuts[] = {
      {"EncodeAsPieces", "encode", kPieces, false, {}},
      {"EncodeAsIds", "encode", kIds, false, {}},
      {"EncodeAsSerializedProto", "encode", kSerialized, false, {}},
      {"EncodeAsImmutableProto", "encode", kImmutable, false, {}},
      {"SampleEncodeAsPieces", "encode", kPieces, true, {"nbest_size", "alpha"}},
      {"SampleEncodeAsIds", "encode", kIds, true, {"nbest_size", "alpha"}},
      {"SampleEncodeAsSerializedProto", "encode", kSerialized, true, {"nbest_size", "alpha"}},
      {"SampleEncodeAsImmutableProto", "encode", kImmutable, true, {"nbest_size", "alpha"}},
      {"NBestEncodeAsPieces", "nbest_encode", kPieces, false, {"nbest_size"}},
      {"NBestEncodeAsIds", "nbest_encode", kIds, false, {"nbest_size"}},
      {"NBestEncodeAsSerializedProto", "nbest_encode", kSerialized, false, {"nbest_size"}},
      {"NBestEncodeAsImmutableProto", "nbest_encode", kImmutable, false, {"nbest_size"}},
      {"SampleEncodeAndScoreAsPieces", "sample_encode_and_score", kPieces, false,
       {"num_samples", "alpha"}},
      {"SampleEncodeAndScoreAsIds", "sample_encode_and_score", kIds, false,
       {"num_samples", "alpha"}},
      {"SampleEncodeAndScoreAsSerializedProto", "sample_encode_and_score", kSerialized, false,
       {"num_samples", "alpha"}},
      {"SampleEncodeAndScoreAsImmutableProto", "sample_encode_and_score", kImmutable, false,
       {"num_samples", "alpha"}},
      {"DecodeIdsAsSerializedProto", "decode", kSerialized, false, {}},
      {"DecodePiecesAsSerializedProto", "decode", kSerialized, false, {}},
      {"DecodeIdsAsImmutableProto", "decode", kImmutable, false, {}},
      {"DecodePiecesAsImmutableProto", "decode", kImmutable, false, {}},
  };
  for (const Shortcut& shortcut : shortcuts) {
    auto call = [shortcut](py::object self, py::object input, py::args args, py::kwargs kwargs) {
      if (args.size() > shortcut.named.size()) {
        throw py::type_error(std::string(shortcut.name) + ": too many positional arguments");
      }
      for (size_t i = 0; i < args.size(); ++i) {
        if (kwargs.contains(shortcut.named[i])) {
          throw py::type_error(std::string(shortcut.name) + ": " + shortcut.named[i] +
                               " given twice");
        }
        kwargs[py::str(shortcut.named[i])] = args[i];
      }
      for (const std::string& key : shortcut.named) {  // None: the target's default
        if (kwargs.contains(key) && kwargs[py::str(key)].is_none()) PyDict_DelItemString(kwargs.ptr(), key.c_str());
      }
      switch (shortcut.out_type) {
        case OutType::kIds:
        case OutType::kPieces:
          kwargs["out_type"] = py::reinterpret_borrow<py::object>(reinterpret_cast<PyObject*>(
              shortcut.out_type == OutType::kPieces ? &PyUnicode_Type : &PyLong_Type));
          break;
        case OutType::kSerializedProto: kwargs["out_type"] = py::str("serialized_proto"); break;
        case OutType::kImmutableProto: kwargs["out_type"] = py::str("immutable_proto"); break;
      }
      if (shortcut.sampling) kwargs["enable_sampling"] = true;
      return self.attr(shortcut.target)(input, **kwargs);
    };
    cls.def(shortcut.name, call, py::arg("input"));
    // sentencepiece's snake_case form: EncodeAsPieces → encode_as_pieces, NBest → nbest.
    std::string snake;
    for (const char* c = shortcut.name; *c != '\0'; ++c) {
      if (std::isupper(static_cast<unsigned char>(*c)) && c != shortcut.name) snake += '_';
      snake += static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
    }
    if (snake.rfind("n_best", 0) == 0) snake = "nbest" + snake.substr(6);
    cls.def(snake.c_str(), call, py::arg("input"));
  }
}

void RegisterSentencePiece(py::module_& m) {
  for (const char* name : {"set_random_generator_seed", "SetRandomGeneratorSeed"}) {
    m.def(
        name, [](uint64_t seed) { SeededGenerator().emplace(seed); }, py::arg("seed"),
        "sentencepiece's: sampling calls without a seed draw it from a generator seeded so.");
  }
  py::class_<PySentencePiece> cls(m, "SentencePieceProcessor",
                                  "Google sentencepiece's SentencePieceProcessor, exact and faster.");
  auto initialize = [](PySentencePiece& self, py::handle model_file, py::handle model_proto,
                       py::handle out_type, bool add_bos, bool add_eos, bool reverse,
                       bool emit_unk_piece, bool enable_sampling, int nbest_size, float alpha,
                       int num_threads) {
    self.out_type = ParseOutType(out_type, OutType::kIds);
    self.add_bos = add_bos;
    self.add_eos = add_eos;
    self.reverse = reverse;
    self.emit_unk_piece = emit_unk_piece;
    self.enable_sampling = enable_sampling;
    self.nbest_size = nbest_size;
    self.alpha = alpha;
    self.num_threads = num_threads;
    if (!model_file.is_none() || !model_proto.is_none()) Load(self, model_file, model_proto);
  };
  // The constructor's keywords, shared with Init.
  const auto init_args = std::make_tuple(
      py::arg("model_file") = py::none(), py::arg("model_proto") = py::none(),
      py::arg("out_type") = py::none(), py::arg("add_bos") = false, py::arg("add_eos") = false,
      py::arg("reverse") = false, py::arg("emit_unk_piece") = false,
      py::arg("enable_sampling") = false, py::arg("nbest_size") = -1, py::arg("alpha") = 0.1f,
      py::arg("num_threads") = -1);
  std::apply(
      [&](auto&&... args) {
        cls.def(py::init([initialize](py::handle model_file, py::handle model_proto,
                                      py::handle out_type, bool add_bos, bool add_eos,
                                      bool reverse, bool emit_unk_piece, bool enable_sampling,
                                      int nbest_size, float alpha, int num_threads) {
                  auto self = std::make_unique<PySentencePiece>();
                  initialize(*self, model_file, model_proto, out_type, add_bos, add_eos,
                             reverse, emit_unk_piece, enable_sampling, nbest_size, alpha,
                             num_threads);
                  return self;
                }),
                args...);
        // sentencepiece's Init: the constructor again, on this processor.
        for (const char* name : {"Init", "init"}) cls.def(name, initialize, args...);
      },
      init_args);
  cls
      // Pickled as the .model bytes and the encode() defaults (for worker processes).
      .def(py::pickle(
          [](const PySentencePiece& self) {
            py::object proto = py::none(), live_types = py::none();
            if (self.processor) {
              proto = py::bytes(ValueOrThrow(self.processor->SerializeAsLoaded()));
              live_types = LiveTypes(*self.processor);
            }
            return py::make_tuple(proto, static_cast<int>(self.out_type), self.add_bos, self.add_eos,
                                  self.enable_sampling, self.nbest_size, self.alpha,
                                  self.num_threads, self.reverse, self.emit_unk_piece,
                                  self.encode_extra_text, self.decode_extra_text, live_types);
          },
          [](const py::tuple& state) {
            // 8 items: pickled before reverse, emit_unk_piece, the extra options and the
            // vocabulary restriction.
            if (state.size() != 8 && state.size() != 13) {
              throw py::value_error("SentencePieceProcessor: bad pickle state");
            }
            auto self = std::make_unique<PySentencePiece>();
            if (!state[0].is_none()) Load(*self, py::none(), state[0]);
            self->out_type = OutTypeFromState(state[1]);
            self->add_bos = state[2].cast<bool>();
            self->add_eos = state[3].cast<bool>();
            self->enable_sampling = state[4].cast<bool>();
            self->nbest_size = state[5].cast<int>();
            self->alpha = state[6].cast<float>();
            self->num_threads = state[7].cast<int>();
            if (state.size() == 13) {
              if (!state[0].is_none()) RestoreLiveTypes(*self, state[12]);
              self->reverse = state[8].cast<bool>();
              self->emit_unk_piece = state[9].cast<bool>();
              SetExtraOptions(*self, state[10].cast<std::string>(), /*encode=*/true);
              SetExtraOptions(*self, state[11].cast<std::string>(), /*encode=*/false);
            }
            return self;
          }))
      .def("load",
           [](PySentencePiece& self, py::handle model_file) { Load(self, model_file, py::none()); },
           py::arg("model_file"))
      .def("load_from_serialized_proto",
           [](PySentencePiece& self, py::bytes proto) { Load(self, py::none(), proto); },
           py::arg("serialized"))
      .def("set_vocabulary",
           [](PySentencePiece& self, const std::vector<std::string>& valid_vocab) {
             const std::vector<std::string_view> valid(valid_vocab.begin(), valid_vocab.end());
             Replace(self, self.sp().WithVocabulary(valid));
           },
           py::arg("valid_vocab"),
           "Encodes with only these pieces (and single characters), as sentencepiece's.")
      .def("reset_vocabulary",
           [](PySentencePiece& self) { Replace(self, self.sp().WithAllPiecesUsed()); },
           "Makes every UNUSED piece NORMAL again, as sentencepiece's.")
      .def("load_vocabulary",
           [](PySentencePiece& self, py::handle filename, int threshold) {
             Replace(self, self.sp().WithVocabularyFile(ToPath(filename), threshold));
           },
           py::arg("filename"), py::arg("threshold"),
           "set_vocabulary with the pieces of a \"piece<TAB>frequency\" file seen at least "
           "`threshold` times.")
      .def("set_encode_extra_options",
           [](PySentencePiece& self, std::string options) { SetExtraOptions(self, options, true); },
           py::arg("extra_option"),
           "sentencepiece's extra options for every encode, in order: \"bos:eos:reverse:unk\".")
      .def("set_decode_extra_options",
           [](PySentencePiece& self, std::string options) { SetExtraOptions(self, options, false); },
           py::arg("extra_option"), "sentencepiece's extra options applied before decoding.")
      .def("encode", &Encode, py::arg("input"), py::arg("out_type") = py::none(),
           py::arg("add_bos") = py::none(), py::arg("add_eos") = py::none(),
           py::arg("reverse") = py::none(), py::arg("emit_unk_piece") = py::none(),
           py::arg("enable_sampling") = py::none(), py::arg("nbest_size") = py::none(),
           py::arg("alpha") = py::none(), py::arg("num_threads") = py::none(),
           py::arg("seed") = py::none(),
           "Encodes a text or a list of texts (threads, GIL released) to ids or pieces.")
      .def("decode", &Decode, py::arg("input"), py::arg("out_type") = py::none(),
           py::arg("num_threads") = py::none(),
           "Decodes ids or pieces (or a list of such lists) to text, as sentencepiece.")
      .def("decode_ids", &Decode, py::arg("input"), py::arg("out_type") = py::none(),
           py::arg("num_threads") = py::none())
      .def("decode_pieces", &Decode, py::arg("input"), py::arg("out_type") = py::none(),
           py::arg("num_threads") = py::none())
      .def("nbest_encode", &NBestEncode, py::arg("input"), py::arg("out_type") = py::none(),
           py::arg("add_bos") = py::none(), py::arg("add_eos") = py::none(),
           py::arg("reverse") = py::none(), py::arg("emit_unk_piece") = py::none(),
           py::arg("nbest_size") = py::none(),
           "Unigram models: the nbest_size best segmentations.")
      .def("sample_encode_and_score", &SampleEncodeAndScore, py::arg("input"),
           py::arg("out_type") = py::none(), py::arg("add_bos") = py::none(),
           py::arg("add_eos") = py::none(), py::arg("reverse") = py::none(),
           py::arg("emit_unk_piece") = py::none(), py::arg("num_samples") = 1, py::arg("alpha") = 1.0f,
           py::arg("wor") = false, py::arg("include_best") = false, py::arg("seed") = py::none(),
           "Unigram models: num_samples (segmentation, score) pairs, as sentencepiece.")
      .def("override_normalizer_spec", &OverrideNormalizerSpec,
           "sentencepiece 0.2's OverrideNormalizerSpec(**fields): add_dummy_prefix, "
           "remove_extra_whitespaces, escape_whitespaces.")
      .def("normalize", &Normalize, py::arg("input"), py::arg("with_offsets") = py::none(),
           "sentencepiece 0.2's Normalize: the model's normalization of a text (or list); with "
           "with_offsets, (text, where each position comes from).")
      .def("calculate_entropy", &CalculateEntropy, py::arg("input"), py::arg("alpha"),
           py::arg("num_threads") = py::none(),
           "Entropy of the segmentations sampling draws from (a text, or a list on threads).")
      .def("piece_to_id",
           [](const PySentencePiece& self, py::handle piece) -> py::object {
             if (PyUnicode_Check(piece.ptr()))
               return py::int_(self.sp().PieceToId(piece.cast<std::string>()));
             py::list out;
             for (py::handle p : py::iter(piece))
               out.append(self.sp().PieceToId(p.cast<std::string>()));
             return out;
           },
           py::arg("piece"))
      .def("id_to_piece",
           [](const PySentencePiece& self, py::handle id) -> py::object {
             const SentencePieceProcessor& sp = self.sp();
             if (PyLong_Check(id.ptr()))
               return py::str(std::string(sp.IdToPiece(CheckedId(sp, id.cast<int>()))));
             py::list out;
             for (py::handle i : py::iter(id))
               out.append(py::str(std::string(sp.IdToPiece(CheckedId(sp, i.cast<int>())))));
             return out;
           },
           py::arg("id"))
      .def("get_piece_size", [](const PySentencePiece& self) { return self.sp().GetPieceSize(); })
      .def("vocab_size", [](const PySentencePiece& self) { return self.sp().GetPieceSize(); })
      .def("__len__", [](const PySentencePiece& self) { return self.sp().GetPieceSize(); })
      .def("get_score",
           [](const PySentencePiece& self, int id) {
             return self.sp().GetScore(CheckedId(self.sp(), id));
           },
           py::arg("id"))
      .def("is_unknown", [](const PySentencePiece& self, int id) { return self.sp().IsUnknown(CheckedId(self.sp(), id)); }, py::arg("id"))
      .def("is_control", [](const PySentencePiece& self, int id) { return self.sp().IsControl(CheckedId(self.sp(), id)); }, py::arg("id"))
      .def("is_unused", [](const PySentencePiece& self, int id) { return self.sp().IsUnused(CheckedId(self.sp(), id)); }, py::arg("id"))
      .def("is_byte", [](const PySentencePiece& self, int id) { return self.sp().IsByte(CheckedId(self.sp(), id)); }, py::arg("id"))
      .def("unk_id", [](const PySentencePiece& self) { return self.sp().unk_id(); })
      .def("bos_id", [](const PySentencePiece& self) { return self.sp().bos_id(); })
      .def("eos_id", [](const PySentencePiece& self) { return self.sp().eos_id(); })
      .def("pad_id", [](const PySentencePiece& self) { return self.sp().pad_id(); })
      .def("serialized_model_proto",
           [](const PySentencePiece& self) {
             return py::bytes(ValueOrThrow(self.sp().Serialize()));
           },
           "The .model bytes (sentencepiece loads them and encodes identically).")
      .def("save",
           [](const PySentencePiece& self, py::handle path) {
             const std::string p = ToPath(path);
             ThrowIfError(self.sp().Save(p));
           },
           py::arg("path"), "Writes the model as a .model file.");
  AddSentencePieceAliases(cls);
}

}  // namespace tokenmill::python
