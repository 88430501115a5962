// Tokenizer: loading, encoding (GIL released, batches on all cores), decoding, vocabulary,
// saving. Truncation/padding settings live in truncation_padding_binding.cc.
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "bindings/python/bindings.h"
#include "bindings/python/code_point_offsets.h"
#include "bindings/python/gil.h"
#include "bindings/python/parallel_batch.h"
#include "bindings/python/python_text.h"
#include "bindings/python/status_translator.h"
#include "tokenizers/sentencepiece/sentencepiece_tokenizer.h"
#include "tokenizers/serialization/hf_hub_cache.h"
#include "tokenizers/serialization/tokenizer_json.h"
#include "tokenizers/serialization/vocab_txt.h"

namespace py = pybind11;

namespace tokenmill::python {
namespace {

// The core says "cannot open file"; tell the user why.
absl::Status ExplainOpenFailure(absl::Status status, const std::string& path) {
  if (status.code() != absl::StatusCode::kNotFound) return status;
  std::error_code error;
  const auto kind = std::filesystem::status(path, error).type();
  const char* reason = kind == std::filesystem::file_type::not_found ? "no such file"
                       : kind == std::filesystem::file_type::directory
                           ? "is a directory"
                           : "not readable (permission denied?)";
  return absl::NotFoundError(absl::StrFormat("%s (%s)", status.message(), reason));
}

// SharedTokenizer holds a mutex, so Python owns it through a unique_ptr.
using TokenizerPtr = std::unique_ptr<SharedTokenizer>;

TokenizerPtr Loaded(absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer,
                    const std::string& path) {
  if (!tokenizer.ok()) throw StatusError(ExplainOpenFailure(tokenizer.status(), path));
  return std::make_unique<SharedTokenizer>(*std::move(tokenizer));
}

TokenizerPtr FromFile(py::handle path_arg) {
  const std::string path = ToPath(path_arg);
  absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer;
  {
    py::gil_scoped_release release;
    tokenizer = absl::EndsWith(path, ".model") ? LoadSentencePieceTokenizer(path)
                                               : LoadTokenizerJson(path);
  }
  return Loaded(std::move(tokenizer), path);
}

// HF's from_pretrained, from the local Hub cache only (nothing is downloaded).
TokenizerPtr FromPretrained(const std::string& identifier, const std::string& revision,
                            py::handle /*token: only for downloads*/) {
  return FromFile(py::str(ValueOrThrow(FindHfHubFile(identifier, revision, "tokenizer.json"))));
}

// `what` names the argument in errors, `source` the input in parse errors.
TokenizerPtr ParseJsonArgument(py::handle json_arg, const char* what, const char* source) {
  const PythonText json = ToText(json_arg, what);
  absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer;
  {
    py::gil_scoped_release release;
    tokenizer = ParseTokenizerJson(json.utf8, source);
  }
  return std::make_unique<SharedTokenizer>(ValueOrThrow(std::move(tokenizer)));
}

TokenizerPtr FromStr(py::handle json) { return ParseJsonArgument(json, "json", "<string>"); }
// HF's from_buffer: the tokenizer.json's bytes (as read from a file or a blob store).
TokenizerPtr FromBuffer(py::handle buffer) {
  return ParseJsonArgument(buffer, "buffer", "<buffer>");
}

TokenizerPtr FromBertVocab(py::handle path_arg, bool lowercase,
                              std::optional<bool> strip_accents, bool clean_text,
                              bool handle_chinese_chars, std::string unk_token,
                              std::string sep_token, std::string cls_token,
                              std::string pad_token, std::string mask_token,
                              std::string continuing_subword_prefix,
                              size_t max_input_chars_per_word) {
  const std::string path = ToPath(path_arg);
  BertVocabOptions options;
  options.lowercase = lowercase;
  options.strip_accents = strip_accents;
  options.clean_text = clean_text;
  options.handle_chinese_chars = handle_chinese_chars;
  options.unk_token = std::move(unk_token);
  options.sep_token = std::move(sep_token);
  options.cls_token = std::move(cls_token);
  options.pad_token = std::move(pad_token);
  options.mask_token = std::move(mask_token);
  options.continuing_subword_prefix = std::move(continuing_subword_prefix);
  options.max_input_chars_per_word = max_input_chars_per_word;
  absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer;
  {
    py::gil_scoped_release release;
    tokenizer = LoadBertVocabTxt(path, options);
  }
  return Loaded(std::move(tokenizer), path);
}

// is_pretokenized: lists of words in, offsets into each word out (as HF).
py::object EncodeWords(const SharedTokenizer& self, py::handle sequence, py::handle pair,
                       bool add_special_tokens) {
  const std::vector<PythonText> first = ToWordList(sequence, "sequence");
  std::optional<std::vector<PythonText>> second;
  if (!pair.is_none()) second = ToWordList(pair, "pair");
  CompactEncoding compact;
  {
    py::gil_scoped_release release;
    const std::vector<std::string_view> first_views = WordViews(first);
    std::vector<std::string_view> second_views;
    std::optional<Tokenizer::Words> pair_words;
    if (second) {
      second_views = WordViews(*second);
      pair_words = second_views;
    }
    Encoding encoding = ValueOrThrow(self.Read([&](const Tokenizer& t) {
      return t.EncodeWords(first_views, pair_words, add_special_tokens);
    }));
    CodePointOffsets().ConvertWords(encoding, first, second ? &*second : nullptr);
    compact = CompactEncoding(encoding);
  }
  return WrapEncoding(std::move(compact));
}

py::object Encode(const SharedTokenizer& self, py::handle sequence, py::handle pair,
                  bool is_pretokenized, bool add_special_tokens) {
  if (is_pretokenized) return EncodeWords(self, sequence, pair, add_special_tokens);
  const PythonText first = ToText(sequence, "sequence");
  std::optional<PythonText> second;
  if (!pair.is_none()) second = ToText(pair, "pair");
  CompactEncoding compact;
  {
    ReleaseGilFor release(first.utf8.size() + (second ? second->utf8.size() : 0));
    std::optional<std::string_view> pair_view;
    if (second) pair_view = second->utf8;
    Encoding encoding = ValueOrThrow(self.Read([&](const Tokenizer& t) {
      return t.Encode(first.utf8, pair_view, add_special_tokens);
    }));
    CodePointOffsets().Convert(encoding, first.utf8, first.ascii,
                               second ? &second->utf8 : nullptr, second && second->ascii);
    compact = CompactEncoding(encoding);
  }
  return WrapEncoding(std::move(compact));
}

// The batch machinery of encode_batch, for texts and for word lists. Each input is encoded, its
// offsets converted and its result packed on the worker threads; the calling thread only wraps
// finished results (parallel_batch.h). Padding to the batch's longest needs every length first:
// then the batch is encoded whole before it is wrapped. One read lock for the whole batch, so
// a settings change applies to all of it or none.
//   encode_all(t) → vector<Encoding> (with padding), encode_one(t, i) → StatusOr<Encoding>,
//   to_code_points(converter, encoding, i).
template <typename EncodeAll, typename EncodeOne, typename ToCodePoints>
py::list RunEncodeBatch(const SharedTokenizer& self, size_t count, size_t num_threads,
                        EncodeAll encode_all, EncodeOne encode_one, ToCodePoints to_code_points) {
  return self.Read([&](const Tokenizer& t) {
    std::vector<Encoding> padded;
    if (t.padding()) {
      py::gil_scoped_release release;
      padded = ValueOrThrow(encode_all(t));
    }
    std::vector<CodePointOffsets> converters(BatchWorkers(count, num_threads));
    std::vector<CompactEncoding> results(count);
    BatchWork work;
    work.produce = [&](size_t i, size_t worker) -> absl::Status {
      Encoding encoding;
      if (!padded.empty()) {
        encoding = std::move(padded[i]);
      } else {
        absl::StatusOr<Encoding> encoded = encode_one(t, i);
        if (!encoded.ok()) return encoded.status();
        encoding = *std::move(encoded);
      }
      to_code_points(converters[worker], encoding, i);
      results[i] = CompactEncoding(encoding);
      return absl::OkStatus();
    };
    work.finish_chunk = [&](size_t begin, size_t end) {
      CompactEncoding::PackInOneArena(&results[begin], end - begin);
    };
    work.convert = [&](size_t i) { return NewPyEncoding(std::move(results[i])); };
    return RunBatch(count, num_threads, work);
  });
}

py::list EncodeWordsBatch(const SharedTokenizer& self, py::handle input,
                          bool add_special_tokens, size_t num_threads, EncodeDetail detail) {
  const BatchWordsInput batch = ToBatchWordsInput(input);
  std::vector<std::vector<std::string_view>> input_views, pair_views(batch.inputs.size());
  for (const auto& words : batch.inputs) input_views.push_back(WordViews(words));
  const std::vector<Tokenizer::Words> inputs(input_views.begin(), input_views.end());
  std::vector<std::optional<Tokenizer::Words>> pairs(inputs.size());
  for (size_t i = 0; i < batch.pairs.size(); ++i) {
    if (!batch.pairs[i]) continue;
    pair_views[i] = WordViews(*batch.pairs[i]);
    pairs[i] = Tokenizer::Words(pair_views[i]);
  }
  return RunEncodeBatch(
      self, inputs.size(), num_threads,
      [&](const Tokenizer& t) {
        return t.EncodeWordsBatch(inputs, pairs, add_special_tokens, num_threads, detail);
      },
      [&](const Tokenizer& t, size_t i) {
        return t.EncodeWords(inputs[i], pairs[i], add_special_tokens, detail);
      },
      [&](CodePointOffsets& converter, Encoding& encoding, size_t i) {
        if (detail == EncodeDetail::kIdsOnly) return;  // no offsets to convert
        const bool paired = i < batch.pairs.size() && batch.pairs[i].has_value();
        converter.ConvertWords(encoding, batch.inputs[i], paired ? &*batch.pairs[i] : nullptr);
      });
}

py::list EncodeBatch(const SharedTokenizer& self, py::handle input, bool is_pretokenized,
                     bool add_special_tokens, size_t num_threads,
                     EncodeDetail detail = EncodeDetail::kFull) {
  if (is_pretokenized) {
    return EncodeWordsBatch(self, input, add_special_tokens, num_threads, detail);
  }
  const BatchInput batch = ToBatchInput(input, /*allow_mixed=*/true);
  const std::vector<std::string_view> texts = batch.TextViews();
  const std::vector<std::optional<std::string_view>> pairs = batch.OptionalPairViews();
  const bool any_pair = !batch.pairs.empty();
  return RunEncodeBatch(
      self, texts.size(), num_threads,
      [&](const Tokenizer& t) {
        return t.EncodeBatch(texts, pairs, add_special_tokens, num_threads, detail);
      },
      [&](const Tokenizer& t, size_t i) {
        return t.Encode(texts[i], pairs[i], add_special_tokens, detail);
      },
      [&](CodePointOffsets& converter, Encoding& encoding, size_t i) {
        if (detail == EncodeDetail::kIdsOnly) return;  // no offsets to convert
        const bool paired = pairs[i].has_value();
        converter.Convert(encoding, texts[i], batch.texts[i].ascii,
                          paired ? &*pairs[i] : nullptr, paired && any_pair && batch.pairs[i].ascii);
      });
}

std::string Decode(const SharedTokenizer& self, const std::vector<uint32_t>& ids,
                   bool skip_special_tokens) {
  py::gil_scoped_release release;
  return ValueOrThrow(
      self.Read([&](const Tokenizer& t) { return t.Decode(ids, skip_special_tokens); }));
}

std::vector<std::string> DecodeBatch(const SharedTokenizer& self,
                                     const std::vector<std::vector<uint32_t>>& sequences,
                                     bool skip_special_tokens) {
  py::gil_scoped_release release;
  std::vector<std::string> texts;
  texts.reserve(sequences.size());
  self.Read([&](const Tokenizer& t) {
    for (const auto& ids : sequences) texts.push_back(ValueOrThrow(t.Decode(ids, skip_special_tokens)));
  });
  return texts;
}

py::dict GetVocab(const SharedTokenizer& self, bool with_added_tokens) {
  auto vocab = self.Read([&](const Tokenizer& t) {
    return with_added_tokens ? t.GetVocab() : t.parts().model->GetVocab();
  });
  py::dict out;
  for (const auto& [token, id] : vocab) out[py::str(token)] = id;
  return out;
}

size_t GetVocabSize(const SharedTokenizer& self, bool with_added_tokens) {
  return self.Read([&](const Tokenizer& t) {
    return with_added_tokens ? t.GetVocabSize() : t.parts().model->GetVocab().size();
  });
}

void Save(const SharedTokenizer& self, py::handle path_arg, bool pretty) {
  const std::string path = ToPath(path_arg);
  py::gil_scoped_release release;
  self.Read([&](const Tokenizer& t) {
    if (pretty) return ThrowIfError(SaveTokenizerJson(t, path));
    std::ofstream out(path, std::ios::binary);
    out << ToTokenizerJson(t, /*pretty=*/false);
    if (!out) ThrowIfError(absl::PermissionDeniedError(path + ": cannot write file"));
  });
}

size_t NumSpecialTokensToAdd(const SharedTokenizer& self, bool is_pair) {
  return self.Read([&](const Tokenizer& t) -> size_t {
    const auto& processor = t.parts().post_processor;
    return processor ? processor->AddedTokens(is_pair) : 0;
  });
}

}  // namespace

TokenizerClass RegisterTokenizer(py::module_& m) {
  TokenizerClass tokenizer(m, "Tokenizer",
                           "A tokenizer pipeline; build one with from_file, from_str or "
                           "from_bert_vocab.");
  tokenizer
      // Pickled as its tokenizer.json (HF does the same), so it crosses to worker processes.
      .def(py::pickle(
          [](const SharedTokenizer& self) {
            return py::make_tuple(py::bytes(
                self.Read([&](const Tokenizer& t) { return ToTokenizerJson(t, false); })));
          },
          [](const py::tuple& state) {
            if (state.size() != 1) throw py::value_error("Tokenizer: bad pickle state");
            const std::string json = state[0].cast<std::string>();
            return std::make_unique<SharedTokenizer>(
                ValueOrThrow(ParseTokenizerJson(json, "<pickle>")));
          }))
      .def_static("from_file", &FromFile, py::arg("path"),
                  "Loads a Hugging Face tokenizer.json, or a SentencePiece .model.")
      .def_static("from_pretrained", &FromPretrained, py::arg("identifier"),
                  py::arg("revision") = "main", py::arg("token") = py::none(),
                  "HF's from_pretrained from the local Hugging Face cache ($HF_HUB_CACHE, "
                  "$HF_HOME/hub or ~/.cache/huggingface/hub): tokenmill downloads nothing.")
      .def_static("from_str", &FromStr, py::arg("json"),
                  "Parses the text of a Hugging Face tokenizer.json.")
      .def_static("from_buffer", &FromBuffer, py::arg("buffer"),
                  "Parses the bytes of a Hugging Face tokenizer.json.")
      .def_static("from_bert_vocab", &FromBertVocab, py::arg("path"), py::arg("lowercase") = true,
                  py::arg("strip_accents") = py::none(), py::arg("clean_text") = true,
                  py::arg("handle_chinese_chars") = true, py::arg("unk_token") = "[UNK]",
                  py::arg("sep_token") = "[SEP]", py::arg("cls_token") = "[CLS]",
                  py::arg("pad_token") = "[PAD]", py::arg("mask_token") = "[MASK]",
                  py::arg("continuing_subword_prefix") = "##",
                  py::arg("max_input_chars_per_word") = 100,
                  "Builds the BERT tokenizer HF's converter makes for a vocab.txt.")
      .def("encode", &Encode, py::arg("sequence"), py::arg("pair") = py::none(),
           py::arg("is_pretokenized") = false, py::arg("add_special_tokens") = true,
           "Encodes a text (str, or UTF-8 bytes) and optionally its pair; with "
           "is_pretokenized, lists of words (offsets then index each word).")
      .def("encode_batch",
           [](const SharedTokenizer& self, py::handle input, bool is_pretokenized,
              bool add_special_tokens, size_t num_threads) {
             return EncodeBatch(self, input, is_pretokenized, add_special_tokens, num_threads);
           },
           py::arg("input"), py::arg("is_pretokenized") = false,
           py::arg("add_special_tokens") = true, py::kw_only(), py::arg("num_threads") = 0,
           "Encodes a list of texts or of (text, pair) tuples (with is_pretokenized: word "
           "lists, or pairs of them) on threads without the GIL (num_threads=0: all cores).")
      .def("encode_batch_fast",
           [](const SharedTokenizer& self, py::handle input, bool is_pretokenized,
              bool add_special_tokens, size_t num_threads) {
             return EncodeBatch(self, input, is_pretokenized, add_special_tokens, num_threads,
                                EncodeDetail::kIdsOnly);
           },
           py::arg("input"), py::arg("is_pretokenized") = false,
           py::arg("add_special_tokens") = true, py::kw_only(), py::arg("num_threads") = 0,
           "HF's encode_batch_fast: encode_batch's ids, but the input tokens carry no string, "
           "offsets (0, 0), no word and type id 0 before post-processing.")
      .def("post_process",
           [](const SharedTokenizer& self, py::handle encoding, py::handle pair,
              bool add_special_tokens) {
             Encoding first = UnpackPyEncoding(encoding, "encoding");
             std::optional<Encoding> second;
             if (!pair.is_none()) second = UnpackPyEncoding(pair, "pair");
             py::gil_scoped_release release;
             Encoding result = ValueOrThrow(self.Read([&](const Tokenizer& t) {
               return t.PostProcessEncodings(std::move(first), std::move(second),
                                             add_special_tokens);
             }));
             CompactEncoding compact(result);
             py::gil_scoped_acquire acquire;
             return WrapEncoding(std::move(compact));
           },
           py::arg("encoding"), py::arg("pair") = py::none(), py::arg("add_special_tokens") = true,
           "HF's post_process: truncation, the post-processor and padding, on encodings made "
           "without them.")
      .def("decode", &Decode, py::arg("ids"), py::arg("skip_special_tokens") = true)
      .def("decode_batch", &DecodeBatch, py::arg("sequences"),
           py::arg("skip_special_tokens") = true)
      .def("token_to_id",
           [](const SharedTokenizer& self, const std::string& token) {
             return self.Read([&](const Tokenizer& t) { return t.TokenToId(token); });
           },
           py::arg("token"))
      .def("id_to_token",
           [](const SharedTokenizer& self, uint32_t id) {
             return self.Read([&](const Tokenizer& t) { return t.IdToToken(id); });
           },
           py::arg("id"))
      .def("get_vocab", &GetVocab, py::arg("with_added_tokens") = true)
      .def("get_vocab_size", &GetVocabSize, py::arg("with_added_tokens") = true)
      .def("num_special_tokens_to_add", &NumSpecialTokensToAdd, py::arg("is_pair"))
      .def("save", &Save, py::arg("path"), py::arg("pretty") = true,
           "Writes a tokenizer.json that HF tokenizers loads.")
      .def("to_str",
           [](const SharedTokenizer& self, bool pretty) {
             return self.Read([&](const Tokenizer& t) { return ToTokenizerJson(t, pretty); });
           },
           py::arg("pretty") = false);
  // HF 0.22's async_* methods: the same call on the event loop's default executor (the work
  // runs without the GIL), awaitable. List arguments are copied now, as HF takes its inputs
  // before it returns.
  const std::pair<const char*, const char*> async_methods[] = {
      {"async_encode", "encode"},
      {"async_encode_batch", "encode_batch"},
      {"async_encode_batch_fast", "encode_batch_fast"},
      {"async_decode_batch", "decode_batch"},
  };
  for (const auto& [name, sync] : async_methods) {
    tokenizer.def(name, [sync = std::string(sync)](py::object self, py::args args,
                                                   py::kwargs kwargs) {
      py::list owned;
      for (py::handle arg : args) {
        py::object value = py::reinterpret_borrow<py::object>(arg);
        owned.append(PyList_Check(arg.ptr()) ? py::object(py::list(value)) : value);
      }
      py::object call = py::module_::import("functools")
                            .attr("partial")(self.attr(sync.c_str()), *owned, **kwargs);
      py::object loop = py::module_::import("asyncio").attr("get_running_loop")();
      return loop.attr("run_in_executor")(py::none(), call);
    });
  }
  return tokenizer;
}

}  // namespace tokenmill::python
