// tiktoken-shaped API: get_encoding, encoding_for_model and the Encoding class (encode with
// allowed/disallowed special tokens, encode_ordinary, batches on threads, decode, ...), with
// the argument conventions and error messages of OpenAI's tiktoken (tiktoken/core.py).
#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
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
#include "tokenizers/serialization/tiktoken_file.h"

namespace py = pybind11;

namespace tokenmill::python {
namespace {

// Model names as tiktoken 0.14's tiktoken/model.py maps them: exact names first, then the first
// matching prefix.
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
    {"text-davinci-edit-001", "p50k_edit"},
    {"code-davinci-edit-001", "p50k_edit"},
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
    {"gpt-5", "o200k_base"},
    {"gpt-4.5-", "o200k_base"},
    {"gpt-4.1-", "o200k_base"},
    {"chatgpt-4o-", "o200k_base"},
    {"gpt-4o-", "o200k_base"},
    {"gpt-4-", "cl100k_base"},
    {"gpt-3.5-turbo-", "cl100k_base"},
    {"gpt-35-turbo-", "cl100k_base"},
    {"gpt-oss-", "o200k_harmony"},
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
  bool custom = false;  // made from its parts: pickled with them, not by name
  py::object mergeable_ranks;  // the _mergeable_ranks dict, made on first use
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

// tiktoken's encoding_name_for_model: KeyError, with its message, for an unknown model.
std::string EncodingNameForModelOrThrow(const std::string& model) {
  const std::string_view name = EncodingNameForModel(model);
  if (name.empty()) {
    throw py::key_error(absl::StrFormat(
        "Could not automatically map %s to a tokeniser. Please use `tiktoken.get_encoding` to "
        "explicitly get the tokeniser you expect.",
        model));
  }
  return std::string(name);
}

std::shared_ptr<PyTiktoken> EncodingForModel(const std::string& model) {
  return GetEncoding(EncodingNameForModelOrThrow(model));
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

// tiktoken's encode, as ids (Encode and EncodeToNumpy wrap them).
std::vector<uint32_t> EncodeIds(const PyTiktoken& self, py::handle text_arg,
                                py::handle allowed_special, py::handle disallowed_special) {
  const PythonText text = ToTextReplacingSurrogates(text_arg, "text");
  const SpecialTokenSet allowed = ToSpecialTokenSet(allowed_special, "allowed_special");
  const SpecialTokenSet disallowed = ToSpecialTokenSet(disallowed_special, "disallowed_special");
  absl::StatusOr<std::vector<uint32_t>> ids;
  {
    ReleaseGilFor release(text.utf8.size());
    ids = self.encoding->Encode(text.utf8, allowed, disallowed);
  }
  return ValueOrThrow(std::move(ids));
}

py::list Encode(const PyTiktoken& self, py::handle text_arg, py::handle allowed_special,
                py::handle disallowed_special) {
  return IdList(EncodeIds(self, text_arg, allowed_special, disallowed_special));
}

py::tuple EncodeWithUnstable(const PyTiktoken& self, py::handle text_arg,
                             py::handle allowed_special, py::handle disallowed_special) {
  const PythonText text = ToTextReplacingSurrogates(text_arg, "text");
  const SpecialTokenSet allowed = ToSpecialTokenSet(allowed_special, "allowed_special");
  const SpecialTokenSet disallowed = ToSpecialTokenSet(disallowed_special, "disallowed_special");
  absl::StatusOr<TiktokenEncoding::UnstableEncoding> encoded;
  {
    py::gil_scoped_release release;
    encoded = self.encoding->EncodeWithUnstable(text.utf8, allowed, disallowed);
  }
  TiktokenEncoding::UnstableEncoding result = ValueOrThrow(std::move(encoded));
  py::list completions(result.completions.size());
  for (size_t i = 0; i < result.completions.size(); ++i) {
    completions[i] = IdList(result.completions[i]);
  }
  return py::make_tuple(IdList(result.stable), std::move(completions));
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

// tiktoken: KeyError(bytes) when no token has exactly these bytes.
// A str (as UTF-8) or bytes argument, as tiktoken's *_single_* methods take them.
std::string TextOrBytes(py::handle text_or_bytes, const char* method) {
  if (PyUnicode_Check(text_or_bytes.ptr())) return std::string(ToText(text_or_bytes, "text_or_bytes").utf8);
  if (PyBytes_Check(text_or_bytes.ptr())) return text_or_bytes.cast<std::string>();
  throw py::type_error(absl::StrFormat("%s expects str or bytes", method));
}

uint32_t EncodeSingleToken(const PyTiktoken& self, py::handle text_or_bytes) {
  const std::string bytes = TextOrBytes(text_or_bytes, "encode_single_token");
  if (std::optional<uint32_t> id = self.encoding->EncodeSingleToken(bytes)) return *id;
  throw py::key_error(py::repr(py::bytes(bytes)).cast<std::string>());
}

// tiktoken's decode_with_offsets: each token's start as an index into the text, the first
// character holding bytes of the token when a character spans tokens; strict UTF-8.
py::tuple DecodeWithOffsets(const PyTiktoken& self, const std::vector<uint32_t>& ids) {
  std::vector<size_t> offsets;
  offsets.reserve(ids.size());
  std::string bytes;
  size_t text_length = 0;
  auto continuation = [](char c) { return (static_cast<uint8_t>(c) & 0xC0) == 0x80; };
  for (uint32_t id : ids) {
    const std::string_view token = ValueOrThrow(self.encoding->DecodeSingleTokenBytes(id));
    offsets.push_back(text_length - (text_length > 0 && continuation(token[0]) ? 1 : 0));
    text_length += static_cast<size_t>(
        std::count_if(token.begin(), token.end(), [&](char c) { return !continuation(c); }));
    bytes += token;
  }
  py::object text = py::bytes(bytes).attr("decode")("utf-8", "strict");
  return py::make_tuple(text, offsets);
}

template <typename DecodeOne>
py::list DecodeEach(const std::vector<std::vector<uint32_t>>& batch, DecodeOne decode_one) {
  std::vector<std::string> decoded(batch.size());
  {
    py::gil_scoped_release release;
    for (size_t i = 0; i < batch.size(); ++i) decoded[i] = decode_one(batch[i]);
  }
  py::list out;
  for (std::string& bytes : decoded) out.append(py::bytes(bytes));
  return out;
}

// num_threads is tiktoken's; decoding is a copy per token, done here without the GIL.
py::list DecodeBytesBatch(const PyTiktoken& self, const std::vector<std::vector<uint32_t>>& batch,
                          size_t /*num_threads*/) {
  absl::Status failed;
  py::list out = DecodeEach(batch, [&](const std::vector<uint32_t>& ids) {
    absl::StatusOr<std::string> bytes = self.encoding->Decode(ids);
    if (!bytes.ok()) {
      failed.Update(bytes.status());
      return std::string();
    }
    return *std::move(bytes);
  });
  if (!failed.ok()) throw StatusError(failed);
  return out;
}

py::list DecodeBatch(const PyTiktoken& self, const std::vector<std::vector<uint32_t>>& batch,
                     const std::string& errors, size_t num_threads) {
  py::list out;
  for (py::handle bytes : DecodeBytesBatch(self, batch, num_threads)) {
    out.append(bytes.attr("decode")("utf-8", errors));
  }
  return out;
}

py::list TokenByteValues(const PyTiktoken& self) {
  py::list out;
  for (std::string_view bytes : self.encoding->TokenByteValues()) {
    out.append(py::bytes(bytes.data(), bytes.size()));
  }
  return out;
}

py::array_t<uint32_t> EncodeToNumpy(const PyTiktoken& self, py::handle text_arg,
                                    py::handle allowed_special, py::handle disallowed_special) {
  const std::vector<uint32_t> values =
      EncodeIds(self, text_arg, allowed_special, disallowed_special);
  py::array_t<uint32_t> out(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), out.mutable_data());
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

// tiktoken's mergeable_ranks (a dict bytes → rank) as a rank table; errors name the entry.
TiktokenRanks RanksFromDict(py::handle ranks) {
  if (!py::isinstance<py::dict>(ranks)) throw py::type_error("mergeable_ranks must be a dict");
  TiktokenRanks out;
  for (auto [key, value] : ranks.cast<py::dict>()) {
    if (!PyBytes_Check(key.ptr())) {
      throw py::type_error(absl::StrFormat("mergeable_ranks: key %s is not bytes",
                                           py::repr(key).cast<std::string>()));
    }
    const std::string token = key.cast<std::string>();
    const int64_t rank = value.cast<int64_t>();
    if (rank < 0 || rank > UINT32_MAX - 1) {
      throw py::value_error(absl::StrFormat("mergeable_ranks: rank %d is out of range", rank));
    }
    out.entries.push_back(TiktokenRanks::Entry{static_cast<uint32_t>(out.bytes.size()),
                                               static_cast<uint32_t>(token.size()),
                                               static_cast<uint32_t>(rank)});
    out.bytes += token;
  }
  return out;
}

py::dict RanksToDict(const TiktokenRanks& ranks) {
  py::dict out;
  for (size_t i = 0; i < ranks.size(); ++i) {
    const std::string_view token = ranks.token(i);
    out[py::bytes(token.data(), token.size())] = ranks.rank(i);
  }
  return out;
}

// tiktoken's Encoding(name, *, pat_str, mergeable_ranks, special_tokens, explicit_n_vocab).
std::shared_ptr<PyTiktoken> MakeEncoding(std::string name, std::string pat_str,
                                         py::handle mergeable_ranks, py::handle special_tokens,
                                         std::optional<uint32_t> explicit_n_vocab) {
  TiktokenDefinition definition{std::move(name), std::move(pat_str), {}, explicit_n_vocab};
  if (!py::isinstance<py::dict>(special_tokens)) throw py::type_error("special_tokens must be a dict");
  for (auto [text, id] : special_tokens.cast<py::dict>()) {
    definition.special_tokens.emplace_back(text.cast<std::string>(), id.cast<uint32_t>());
  }
  TiktokenRanks ranks = RanksFromDict(mergeable_ranks);
  absl::StatusOr<TiktokenEncoding> made;
  {
    py::gil_scoped_release release;
    made = TiktokenEncoding::Create(std::move(definition), std::move(ranks));
  }
  TiktokenEncoding encoding = ValueOrThrow(std::move(made));
  const std::string encoding_name = encoding.name();
  auto result = std::make_shared<PyTiktoken>();
  result->encoding = std::make_shared<const TiktokenEncoding>(std::move(encoding));
  result->name = encoding_name;
  result->custom = true;
  return result;
}

// _mergeable_ranks: every token that is not special, with its rank (built once).
py::object MergeableRanks(PyTiktoken& self) {
  if (!self.mergeable_ranks) {
    py::dict ranks;
    const TiktokenEncoding& e = *self.encoding;
    for (uint32_t id = 0; id < e.n_vocab(); ++id) {
      if (e.IsSpecialToken(id)) continue;
      auto bytes = e.DecodeSingleTokenBytes(id);
      if (bytes.ok()) ranks[py::bytes(bytes->data(), bytes->size())] = id;
    }
    self.mergeable_ranks = std::move(ranks);
  }
  return self.mergeable_ranks;
}

py::dict SpecialTokens(const PyTiktoken& self) {
  py::dict out;
  for (const auto& [text, id] : self.encoding->special_tokens()) out[py::str(text)] = id;
  return out;
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
      .def(py::init(&MakeEncoding), py::arg("name"), py::kw_only(), py::arg("pat_str"),
           py::arg("mergeable_ranks"), py::arg("special_tokens"),
           py::arg("explicit_n_vocab") = py::none(),
           "tiktoken's Encoding(name, *, pat_str, mergeable_ranks, special_tokens, "
           "explicit_n_vocab): e.g. cl100k_base's ranks with more special tokens. OpenAI's "
           "patterns run on their exact scanners, others on RE2.")
      .def_property_readonly("name", [](const PyTiktoken& self) { return self.name; })
      .def_property_readonly("_pat_str", [](const PyTiktoken& self) { return self.encoding->pat_str(); })
      .def_property_readonly("_mergeable_ranks", &MergeableRanks)
      .def_property_readonly("_special_tokens", &SpecialTokens)
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
      .def("encode_with_unstable", &EncodeWithUnstable, py::arg("text"), py::kw_only(),
           py::arg("allowed_special") = py::set(), py::arg("disallowed_special") = "all",
           "(stable tokens, completions): the ids of `text` that more text cannot change, and "
           "every token sequence that may follow them for a text starting with `text` "
           "(tiktoken's encode_with_unstable; completions sorted).")
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
      // Pickled by name, as tiktoken pickles its registered encodings (the rank table is
      // shared with the cached encoding of that name); a custom one with its parts.
      .def(py::pickle(
          [](PyTiktoken& self) {
            if (!self.custom) return py::make_tuple(self.name);
            const auto n_vocab = self.encoding->explicit_n_vocab();
            return py::make_tuple(self.name, self.encoding->pat_str(), MergeableRanks(self),
                                  SpecialTokens(self),
                                  n_vocab ? py::object(py::int_(*n_vocab)) : py::object(py::none()));
          },
          [](const py::tuple& state) {
            if (state.size() == 5) {
              return MakeEncoding(state[0].cast<std::string>(), state[1].cast<std::string>(),
                                  state[2], state[3], state[4].cast<std::optional<uint32_t>>());
            }
            if (state.size() != 1) throw py::value_error("bad pickle state");
            return std::make_shared<PyTiktoken>(*GetEncoding(state[0].cast<std::string>()));
          }))
      .def("encode_single_token", &EncodeSingleToken, py::arg("text_or_bytes"),
           "The id of the one token (special ones included) with exactly these bytes; "
           "KeyError if there is none.")
      // tiktoken's private helpers that other libraries call.
      .def("_encode_single_piece",
           [](const PyTiktoken& self, py::handle text_or_bytes) {
             return IdList(self.encoding->EncodeSinglePiece(
                 TextOrBytes(text_or_bytes, "_encode_single_piece")));
           },
           py::arg("text_or_bytes"), "The text as one piece: its token, else its BPE merges.")
      .def("_encode_only_native_bpe", &EncodeOrdinary, py::arg("text"),
           "encode_ordinary (tiktoken splits with the pattern, then merges each piece).")
      .def("_encode_bytes",
           [](const PyTiktoken& self, const py::bytes& bytes) {
             std::vector<uint32_t> ids;
             {
               std::string_view view = bytes;
               py::gil_scoped_release release;
               ids = self.encoding->EncodeBytes(view);
             }
             return IdList(ids);
           },
           py::arg("text"), "Any bytes: the valid UTF-8 prefix as encode_ordinary, the rest "
           "merged with the last piece (tiktoken's _encode_bytes).")
      .def("encode_to_numpy", &EncodeToNumpy, py::arg("text"), py::kw_only(),
           py::arg("allowed_special") = py::set(), py::arg("disallowed_special") = "all",
           "encode, as a uint32 numpy array.")
      .def("decode_with_offsets", &DecodeWithOffsets, py::arg("tokens"),
           "(text, offsets): each token's start as an index into text.")
      .def("decode_batch", &DecodeBatch, py::arg("batch"), py::kw_only(),
           py::arg("errors") = "replace", py::arg("num_threads") = 8)
      .def("decode_bytes_batch", &DecodeBytesBatch, py::arg("batch"), py::kw_only(),
           py::arg("num_threads") = 8)
      .def("token_byte_values", &TokenByteValues,
           "The bytes of every mergeable token, sorted.")
      .def("is_special_token", [](const PyTiktoken& self, uint32_t token) {
             return self.encoding->IsSpecialToken(token);
           }, py::arg("token"))
      .def("decode_tokens_bytes", &DecodeTokensBytes, py::arg("tokens"),
           "The bytes of each token.")
      .def("__repr__",
           [](const PyTiktoken& self) { return "<TiktokenEncoding '" + self.name + "'>"; });

  m.def("get_encoding", &GetEncoding, py::arg("encoding_name"),
        "A bundled tiktoken encoding by name: cl100k_base, o200k_base, r50k_base (gpt2), "
        "p50k_base. Cached: the same object each time.");
  m.def(
      "load_tiktoken_bpe",
      [](py::handle path) {
        const std::string file = ToPath(path);
        if (file.find("://") != std::string::npos) {
          throw py::value_error("load_tiktoken_bpe: " + file +
                                ": only local files (tokenmill downloads nothing)");
        }
        absl::StatusOr<TiktokenRanks> ranks;
        {
          py::gil_scoped_release release;
          ranks = ReadTiktokenFile(file);
        }
        return RanksToDict(ValueOrThrow(std::move(ranks)));
      },
      py::arg("tiktoken_bpe_file"),
      "tiktoken.load.load_tiktoken_bpe for a local .tiktoken file: {token bytes: rank}.");
  m.def("encoding_for_model", &EncodingForModel, py::arg("model_name"),
        "The encoding an OpenAI model uses, mapped as tiktoken does (KeyError if unknown).");
  m.def("encoding_name_for_model", &EncodingNameForModelOrThrow, py::arg("model_name"),
        "The name of the encoding an OpenAI model uses (KeyError if unknown).");
  m.def(
      "list_encoding_names",
      [] {
        std::vector<std::string> names;
        for (const std::string_view name : TiktokenEncodingNames()) names.emplace_back(name);
        return names;
      },
      "The encodings get_encoding knows, as tiktoken lists them.");
}

}  // namespace tokenmill::python
