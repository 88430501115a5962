// tiktoken-shaped API: get_encoding, encoding_for_model and the Encoding class (encode with
// allowed/disallowed special tokens, encode_ordinary, batches on threads, decode, ...), with
// the argument conventions and error messages of OpenAI's tiktoken (tiktoken/core.py).
#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "bindings/python/bindings.h"
#include "bindings/python/gil.h"
#include "bindings/python/parallel_id_lists.h"
#include "bindings/python/python_text.h"
#include "bindings/python/status_translator.h"
#include "tokenizers/models/tiktoken/tiktoken_loader.h"
#include "tokenizers/models/tiktoken/tiktoken_specs.h"

namespace py = pybind11;

namespace tokenmill::python {
namespace {

// Model names as tiktoken/model.py maps them (encodings tokenmill bundles only): exact names
// first, then the first matching prefix.
constexpr std::pair<std::string_view, std::string_view> kModelToEncoding[] = {
    {"o1", "o200k_base"},
    {"o3", "o200k_base"},
    {"o4-mini", "o200k_base"},
    {"gpt-5", "o200k_base"},
    {"gpt-4.1", "o200k_base"},
    {"gpt-4o", "o200k_base"},
    {"gpt-4", "cl100k_base"},
    {"gpt-3.5-turbo", "cl100k_base"},
    {"gpt-3.5", "cl100k_base"},
    {"gpt-35-turbo", "cl100k_base"},
    {"davinci-002", "cl100k_base"},
    {"babbage-002", "cl100k_base"},
    {"text-embedding-ada-002", "cl100k_base"},
    {"text-embedding-3-small", "cl100k_base"},
    {"text-embedding-3-large", "cl100k_base"},
    {"text-davinci-003", "p50k_base"},
    {"text-davinci-002", "p50k_base"},
    {"text-davinci-001", "r50k_base"},
    {"text-curie-001", "r50k_base"},
    {"text-babbage-001", "r50k_base"},
    {"text-ada-001", "r50k_base"},
    {"davinci", "r50k_base"},
    {"curie", "r50k_base"},
    {"babbage", "r50k_base"},
    {"ada", "r50k_base"},
    {"code-davinci-002", "p50k_base"},
    {"code-davinci-001", "p50k_base"},
    {"code-cushman-002", "p50k_base"},
    {"code-cushman-001", "p50k_base"},
    {"davinci-codex", "p50k_base"},
    {"cushman-codex", "p50k_base"},
    {"text-similarity-davinci-001", "r50k_base"},
    {"text-similarity-curie-001", "r50k_base"},
    {"text-similarity-babbage-001", "r50k_base"},
    {"text-similarity-ada-001", "r50k_base"},
    {"text-search-davinci-doc-001", "r50k_base"},
    {"text-search-curie-doc-001", "r50k_base"},
    {"text-search-babbage-doc-001", "r50k_base"},
    {"text-search-ada-doc-001", "r50k_base"},
    {"code-search-babbage-code-001", "r50k_base"},
    {"code-search-ada-code-001", "r50k_base"},
    {"gpt2", "gpt2"},
    {"gpt-2", "gpt2"},
};

constexpr std::pair<std::string_view, std::string_view> kModelPrefixToEncoding[] = {
    {"o1-", "o200k_base"},
    {"o3-", "o200k_base"},
    {"o4-mini-", "o200k_base"},
    {"gpt-5-", "o200k_base"},
    {"gpt-4.5-", "o200k_base"},
    {"gpt-4.1-", "o200k_base"},
    {"chatgpt-4o-", "o200k_base"},
    {"gpt-4o-", "o200k_base"},
    {"gpt-4-", "cl100k_base"},
    {"gpt-3.5-turbo-", "cl100k_base"},
    {"gpt-35-turbo-", "cl100k_base"},
    {"ft:gpt-4o", "o200k_base"},
    {"ft:gpt-4", "cl100k_base"},
    {"ft:gpt-3.5-turbo", "cl100k_base"},
    {"ft:davinci-002", "cl100k_base"},
    {"ft:babbage-002", "cl100k_base"},
};

std::string_view EncodingNameForModel(std::string_view model) {
  for (const auto& [name, encoding] : kModelToEncoding) {
    if (name == model) return encoding;
  }
  for (const auto& [prefix, encoding] : kModelPrefixToEncoding) {
    if (model.starts_with(prefix)) return encoding;
  }
  return {};
}

// A loaded encoding under the name it was asked for ("gpt2" stays "gpt2", as in tiktoken).
struct PyTiktoken {
  std::shared_ptr<const TiktokenEncoding> encoding;
  std::string name;
};

// tiktoken caches encodings by name; loading one reads and parses megabytes of ranks.
std::shared_ptr<PyTiktoken> GetEncoding(const std::string& name) {
  static auto* cache = new absl::flat_hash_map<std::string, std::shared_ptr<PyTiktoken>>();
  if (auto it = cache->find(name); it != cache->end()) return it->second;
  if (!FindTiktokenSpec(name)) {  // tiktoken says ValueError, not a missing file
    throw py::value_error(absl::StrFormat("Unknown encoding %s. Known encodings: %s", name,
                                          KnownTiktokenEncodingNames()));
  }
  absl::StatusOr<std::unique_ptr<TiktokenEncoding>> loaded;
  {
    py::gil_scoped_release release;
    loaded = LoadTiktokenEncoding(name);
  }
  auto encoding = std::make_shared<PyTiktoken>(
      PyTiktoken{std::shared_ptr<const TiktokenEncoding>(ValueOrThrow(std::move(loaded))), name});
  return cache->try_emplace(name, std::move(encoding)).first->second;
}

std::shared_ptr<PyTiktoken> EncodingForModel(const std::string& model) {
  const std::string_view name = EncodingNameForModel(model);
  if (name.empty()) {
    throw py::key_error(absl::StrFormat(
        "Could not automatically map %s to a tokeniser. Please use `tiktoken.get_encoding` to "
        "explicitly get the tokeniser you expect.",
        model));
  }
  return GetEncoding(std::string(name));
}

// allowed_special / disallowed_special: the string "all", or any iterable of str.
SpecialTokenSet ToSpecialTokenSet(py::handle value, const char* what) {
  if (PyUnicode_Check(value.ptr())) {
    if (value.cast<std::string>() == "all") return SpecialTokenSet::All();
    throw py::type_error(absl::StrFormat(
        "%s must be \"all\" or a collection of str, not the string %s", what,
        std::string(py::repr(value))));
  }
  std::vector<std::string> texts;
  for (py::handle item : py::iter(value)) {
    if (!PyUnicode_Check(item.ptr())) {
      throw py::type_error(absl::StrFormat("%s: expected str items, got %s", what,
                                           std::string(py::repr(item))));
    }
    texts.push_back(item.cast<std::string>());
  }
  return SpecialTokenSet::Of(std::move(texts));
}

std::vector<PythonText> ToTexts(py::handle items) {
  if (PyUnicode_Check(items.ptr()) || PyBytes_Check(items.ptr())) {
    throw py::type_error("expected a list of texts, not one text");
  }
  return ToTextList(items, "text", /*replace_surrogates=*/true);
}

py::list Encode(const PyTiktoken& self, py::handle text_arg, py::handle allowed_special,
                py::handle disallowed_special) {
  const PythonText text = ToTextReplacingSurrogates(text_arg, "text");
  const SpecialTokenSet allowed = ToSpecialTokenSet(allowed_special, "allowed_special");
  const SpecialTokenSet disallowed = ToSpecialTokenSet(disallowed_special, "disallowed_special");
  absl::StatusOr<std::vector<uint32_t>> ids;
  {
    ReleaseGilFor release(text.utf8.size());
    ids = self.encoding->Encode(text.utf8, allowed, disallowed);
  }
  return IdList(ValueOrThrow(std::move(ids)));
}

py::list EncodeOrdinary(const PyTiktoken& self, py::handle text_arg) {
  const PythonText text = ToTextReplacingSurrogates(text_arg, "text");
  absl::StatusOr<std::vector<uint32_t>> ids;
  {
    ReleaseGilFor release(text.utf8.size());
    if (text.valid_utf8) {
      ids.emplace();
      self.encoding->EncodeOrdinaryValidUtf8(text.utf8, *ids);
    } else {
      ids = self.encoding->EncodeOrdinary(text.utf8);
    }
  }
  return IdList(ValueOrThrow(std::move(ids)));
}

py::list EncodeBatch(const PyTiktoken& self, py::handle texts_arg, size_t num_threads,
                     py::handle allowed_special, py::handle disallowed_special) {
  const std::vector<PythonText> texts = ToTexts(texts_arg);
  const SpecialTokenSet allowed = ToSpecialTokenSet(allowed_special, "allowed_special");
  const SpecialTokenSet disallowed = ToSpecialTokenSet(disallowed_special, "disallowed_special");
  return EncodeToIdLists(texts.size(), num_threads, [&](size_t i, std::vector<uint32_t>& ids) {
    return self.encoding->Encode(texts[i].utf8, allowed, disallowed, ids, nullptr);
  });
}

py::list EncodeOrdinaryBatch(const PyTiktoken& self, py::handle texts_arg, size_t num_threads) {
  const std::vector<PythonText> texts = ToTexts(texts_arg);
  return EncodeToIdLists(texts.size(), num_threads, [&](size_t i, std::vector<uint32_t>& ids) {
    if (!texts[i].valid_utf8) return self.encoding->EncodeOrdinary(texts[i].utf8, ids, nullptr);
    self.encoding->EncodeOrdinaryValidUtf8(texts[i].utf8, ids);
    return absl::OkStatus();
  });
}

py::bytes DecodeBytes(const PyTiktoken& self, const std::vector<uint32_t>& ids) {
  std::string bytes;
  {
    py::gil_scoped_release release;
    bytes = ValueOrThrow(self.encoding->Decode(ids));
  }
  return py::bytes(bytes);
}

// tiktoken decodes the bytes with Python's codec, so `errors` means what it means there.
py::str Decode(const PyTiktoken& self, const std::vector<uint32_t>& ids,
               const std::string& errors) {
  return DecodeBytes(self, ids).attr("decode")("utf-8", errors);
}

py::bytes DecodeSingleTokenBytes(const PyTiktoken& self, uint32_t id) {
  return py::bytes(std::string(ValueOrThrow(self.encoding->DecodeSingleTokenBytes(id))));
}

py::list DecodeTokensBytes(const PyTiktoken& self, const std::vector<uint32_t>& ids) {
  py::list out;
  for (uint32_t id : ids) out.append(DecodeSingleTokenBytes(self, id));
  return out;
}

py::set SpecialTokensSet(const PyTiktoken& self) {
  py::set out;
  for (const auto& [text, id] : self.encoding->special_tokens()) out.add(py::str(text));
  return out;
}

py::object EotToken(const PyTiktoken& self) {
  const auto eot = self.encoding->eot_token();
  if (!eot) return py::none();
  return py::int_(*eot);
}

}  // namespace

const TiktokenEncoding& TiktokenOf(py::handle encoding) {
  return *encoding.cast<const PyTiktoken&>().encoding;
}

bool IsTiktokenEncoding(py::handle object) { return py::isinstance<PyTiktoken>(object); }

void RegisterTiktoken(py::module_& m) {
  py::class_<PyTiktoken, std::shared_ptr<PyTiktoken>>(
      m, "TiktokenEncoding",
      "A tiktoken encoding (cl100k_base, o200k_base, r50k_base/gpt2, p50k_base) with tiktoken's "
      "API; get one with tokenmill.get_encoding or tokenmill.encoding_for_model.")
      .def_property_readonly("name", [](const PyTiktoken& self) { return self.name; })
      .def_property_readonly("n_vocab",
                             [](const PyTiktoken& self) { return self.encoding->n_vocab(); })
      .def_property_readonly("max_token_value",
                             [](const PyTiktoken& self) { return self.encoding->n_vocab() - 1; })
      .def_property_readonly("eot_token", &EotToken)
      .def_property_readonly("special_tokens_set", &SpecialTokensSet)
      .def("encode", &Encode, py::arg("text"), py::kw_only(),
           py::arg("allowed_special") = py::set(), py::arg("disallowed_special") = "all",
           "Token ids of `text`. Special-token text is an error unless allowed (then it is the "
           "special token) or not disallowed (then it is ordinary text), as in tiktoken.")
      .def("encode_ordinary", &EncodeOrdinary, py::arg("text"),
           "Token ids of `text`, special-token text read as ordinary text.")
      .def("encode_batch", &EncodeBatch, py::arg("text"), py::kw_only(),
           py::arg("num_threads") = 8, py::arg("allowed_special") = py::set(),
           py::arg("disallowed_special") = "all",
           "encode() of every text, on threads without the GIL.")
      .def("encode_ordinary_batch", &EncodeOrdinaryBatch, py::arg("text"), py::kw_only(),
           py::arg("num_threads") = 8, "encode_ordinary() of every text, on threads.")
      .def("decode", &Decode, py::arg("tokens"), py::arg("errors") = "replace",
           "The text of the tokens' bytes, decoded with Python's codec and `errors`.")
      .def("decode_bytes", &DecodeBytes, py::arg("tokens"), "The tokens' bytes, joined.")
      .def("decode_single_token_bytes", &DecodeSingleTokenBytes, py::arg("token"),
           "The bytes of one token (not necessarily valid UTF-8).")
      .def("decode_tokens_bytes", &DecodeTokensBytes, py::arg("tokens"),
           "The bytes of each token.")
      .def("__repr__",
           [](const PyTiktoken& self) { return "<TiktokenEncoding '" + self.name + "'>"; });

  m.def("get_encoding", &GetEncoding, py::arg("encoding_name"),
        "A bundled tiktoken encoding by name: cl100k_base, o200k_base, r50k_base (gpt2), "
        "p50k_base. Cached: the same object each time.");
  m.def("encoding_for_model", &EncodingForModel, py::arg("model_name"),
        "The encoding an OpenAI model uses, mapped as tiktoken does (KeyError if unknown).");
}

}  // namespace tokenmill::python
