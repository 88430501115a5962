// HF-shaped components built in Python: tokenmill.normalizers.NFD(), pre_tokenizers.Split(...),
// models.BPE(...), processors.TemplateProcessing(...), decoders.ByteLevel(), ... Each holds its
// tokenizer.json form; Tokenizer(model) makes a tokenizer, and its normalizer, pre_tokenizer,
// post_processor, decoder and model properties read and replace those sections. A section is
// validated by the same registries that read tokenizer.json, so a bad argument is the same
// clear error a bad file gives.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "bindings/python/bindings.h"
#include "bindings/python/shared_tokenizer.h"
#include "bindings/python/status_translator.h"
#include "nlohmann/json.hpp"
#include "tokenizers/serialization/registries.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace py = pybind11;

namespace tokenmill::python {
namespace {

using Json = nlohmann::ordered_json;

// One component: its tokenizer.json object. One C++ type per family, so Python sees
// tokenmill.normalizers.Normalizer, tokenmill.models.Model, ...
struct Component {
  Json json;
};
// The C++ component a Python one stands for, built from its JSON on first use (methods such
// as normalize_str run it on its own, as HF's do).
template <typename T>
struct Runnable : Component {
  mutable std::shared_ptr<const T> built;
};
struct PyNormalizer : Runnable<Normalizer> {};
struct PyPreTokenizer : Runnable<PreTokenizer> {};
struct PyModel : Runnable<Model> {};
struct PyPostProcessor : Runnable<PostProcessor> {};
struct PyDecoder : Runnable<Decoder> {};
// tokenmill.Regex("..."): a pattern meant as a regex (a str is a literal string), as HF's.
struct PyRegex {
  std::string pattern;
};

// A Python value as JSON: None, bool, int, float, str, bytes (base64, as charsmaps are
// written), sequences, dicts, components.
Json ToJson(py::handle value) {
  if (value.is_none()) return nullptr;
  if (py::isinstance<py::bool_>(value)) return value.cast<bool>();
  if (py::isinstance<py::int_>(value)) return value.cast<int64_t>();
  if (py::isinstance<py::float_>(value)) return value.cast<double>();
  if (py::isinstance<py::str>(value)) return value.cast<std::string>();
  if (py::isinstance<py::bytes>(value)) return absl::Base64Escape(value.cast<std::string>());
  if (py::isinstance<Component>(value)) return value.cast<const Component&>().json;
  if (py::isinstance<PyRegex>(value)) return Json{{"Regex", value.cast<const PyRegex&>().pattern}};
  if (py::isinstance<py::dict>(value)) {
    Json out = Json::object();
    for (auto [k, v] : value.cast<py::dict>()) out[py::str(k).cast<std::string>()] = ToJson(v);
    return out;
  }
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    Json out = Json::array();
    for (py::handle item : value) out.push_back(ToJson(item));
    return out;
  }
  throw py::type_error(absl::StrFormat("cannot use a %s here",
                                       py::str(value.get_type().attr("__name__")).cast<std::string>()));
}

// How one constructor argument becomes a tokenizer.json field.
enum class Convert {
  kPlain,
  kPattern,    // str → {"String": s}, Regex → {"Regex": r}
  kBehavior,   // "merged_with_previous" → "MergedWithPrevious"
  kTemplate,   // "[CLS] $A [SEP]" → TemplateProcessing pieces
  kSpecials,   // [("[CLS]", 101), ...] → TemplateProcessing's special_tokens
  kMerges,     // [("a", "b"), ...] → [["a", "b"], ...]
};

struct Arg {
  const char* name;        // the Python keyword
  const char* field;       // the tokenizer.json field
  const char* default_json;  // JSON text of the default; nullptr: required
  Convert convert = Convert::kPlain;
};

Json Behavior(const Json& value) {
  if (!value.is_string()) return value;
  std::string out;
  bool upper = true;
  for (char c : value.get<std::string>()) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    upper = false;
  }
  return out;
}

// HF's template syntax: "$A", "$B", "$A:1", "[CLS]", "[SEP]:1" (also given as a list of them).
// No template (only the pair's may be left out) is HF's default pair, "$A $B:1".
Json Template(const Json& value) {
  if (value.is_null()) {
    return Json::array({{{"Sequence", {{"id", "A"}, {"type_id", 0}}}},
                        {{"Sequence", {{"id", "B"}, {"type_id", 1}}}}});
  }
  std::vector<std::string> pieces;
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    for (size_t start = 0; start < text.size();) {
      const size_t end = std::min(text.find(' ', start), text.size());
      if (end > start) pieces.push_back(text.substr(start, end - start));
      start = end + 1;
    }
  } else {
    for (const Json& piece : value) pieces.push_back(piece.get<std::string>());
  }
  Json out = Json::array();
  for (const std::string& piece : pieces) {
    std::string id = piece;
    uint64_t type_id = 0;
    if (const size_t colon = piece.rfind(':'); colon != std::string::npos && colon + 1 < piece.size()) {
      const std::string digits = piece.substr(colon + 1);
      if (digits.find_first_not_of("0123456789") == std::string::npos) {
        id = piece.substr(0, colon);
        type_id = std::stoull(digits);
      }
    }
    if (!id.empty() && id[0] == '$') {
      const std::string which = id.substr(1);
      if (which.empty() || which == "A" || which == "a" || which == "0") {
        out.push_back({{"Sequence", {{"id", "A"}, {"type_id", type_id}}}});
      } else if (which == "B" || which == "b" || which == "1") {
        out.push_back({{"Sequence", {{"id", "B"}, {"type_id", type_id}}}});
      } else {
        throw py::value_error(absl::StrFormat("template piece \"%s\": expected $A or $B", piece));
      }
    } else {
      out.push_back({{"SpecialToken", {{"id", id}, {"type_id", type_id}}}});
    }
  }
  return out;
}

Json Specials(const Json& value) {
  Json out = Json::object();
  if (value.is_null()) return out;
  for (const Json& entry : value) {
    if (entry.is_array() && entry.size() == 2) {  // ("[CLS]", 101) or (101, "[CLS]")
      const bool token_first = entry[0].is_string();
      const std::string token = entry[token_first ? 0 : 1].get<std::string>();
      out[token] = {{"id", token}, {"ids", {entry[token_first ? 1 : 0]}}, {"tokens", {token}}};
    } else if (entry.is_object()) {  // {"id": ..., "ids": [...], "tokens": [...]}
      out[entry.at("id").get<std::string>()] = entry;
    } else {
      throw py::value_error("special_tokens: expected (token, id) pairs");
    }
  }
  return out;
}

Json Converted(const Arg& arg, Json value) {
  switch (arg.convert) {
    case Convert::kPlain: return value;
    case Convert::kPattern:
      return value.is_string() ? Json{{"String", value}} : value;
    case Convert::kBehavior: return Behavior(value);
    case Convert::kTemplate: return Template(value);
    case Convert::kSpecials: return Specials(value);
    case Convert::kMerges: return value;  // tuples are arrays already
  }
  return value;
}

// The JSON of a component of type `type` from Python arguments matched to `args`.
Json BuildJson(const char* type, const std::vector<Arg>& args, py::args positional,
               py::kwargs keywords) {
  if (positional.size() > args.size()) {
    throw py::type_error(absl::StrFormat("%s takes at most %d arguments", type, args.size()));
  }
  for (auto [key, _] : keywords) {
    const std::string name = py::str(key);
    bool known = false;
    for (const Arg& a : args) known |= name == a.name;
    if (!known) throw py::type_error(absl::StrFormat("%s: unexpected argument '%s'", type, name));
  }
  Json json = {{"type", type}};
  for (size_t i = 0; i < args.size(); ++i) {
    const Arg& a = args[i];
    Json value;
    if (i < positional.size()) {
      value = ToJson(positional[i]);
    } else if (keywords.contains(a.name)) {
      value = ToJson(keywords[a.name]);
    } else if (a.default_json != nullptr) {
      value = Json::parse(a.default_json);
    } else {
      throw py::type_error(absl::StrFormat("%s: missing argument '%s'", type, a.name));
    }
    json[a.field] = Converted(a, std::move(value));
  }
  return json;
}

template <typename T>
void Add(py::module_& m, const char* type, std::vector<Arg> args, const char* doc,
         const char* python_name = nullptr) {
  m.def(python_name != nullptr ? python_name : type,
        [type, args](py::args positional, py::kwargs keywords) {
          T component;
          component.json = BuildJson(type, args, positional, keywords);
          return component;
        },
        doc);
}

constexpr Convert kPattern = Convert::kPattern;
constexpr Convert kBehavior = Convert::kBehavior;

void AddNormalizers(py::module_& m) {
  Add<PyNormalizer>(m, "BertNormalizer",
                    {{"clean_text", "clean_text", "true"},
                     {"handle_chinese_chars", "handle_chinese_chars", "true"},
                     {"strip_accents", "strip_accents", "null"},
                     {"lowercase", "lowercase", "true"}},
                    "BERT's normalizer.");
  for (const char* unit : {"NFC", "NFD", "NFKC", "NFKD", "Lowercase", "StripAccents", "Nmt",
                           "ByteLevel"}) {
    Add<PyNormalizer>(m, unit, {}, "A normalizer without options.");
  }
  Add<PyNormalizer>(m, "Strip", {{"left", "strip_left", "true"}, {"right", "strip_right", "true"}},
                    "Strips whitespace on the left and/or right.");
  Add<PyNormalizer>(m, "Prepend", {{"prepend", "prepend", nullptr}}, "Prepends a string.");
  Add<PyNormalizer>(m, "Replace",
                    {{"pattern", "pattern", nullptr, kPattern}, {"content", "content", nullptr}},
                    "Replaces a string (or a tokenmill.Regex) with content.");
  Add<PyNormalizer>(m, "Precompiled",
                    {{"precompiled_charsmap", "precompiled_charsmap", nullptr}},
                    "SentencePiece's precompiled charsmap (bytes).");
  Add<PyNormalizer>(m, "Sequence", {{"normalizers", "normalizers", nullptr}},
                    "Normalizers applied in order.");
}

void AddPreTokenizers(py::module_& m) {
  for (const char* unit : {"BertPreTokenizer", "Whitespace", "WhitespaceSplit", "UnicodeScripts"}) {
    Add<PyPreTokenizer>(m, unit, {}, "A pre-tokenizer without options.");
  }
  Add<PyPreTokenizer>(m, "ByteLevel",
                      {{"add_prefix_space", "add_prefix_space", "true"},
                       {"trim_offsets", "trim_offsets", "true"},
                       {"use_regex", "use_regex", "true"}},
                      "GPT-2's byte-level pre-tokenizer.");
  Add<PyPreTokenizer>(m, "Metaspace",
                      {{"replacement", "replacement", "\"▁\""},
                       {"prepend_scheme", "prepend_scheme", "\"always\""},
                       {"split", "split", "true"}},
                      "SentencePiece-style ▁ for spaces.");
  Add<PyPreTokenizer>(m, "Split",
                      {{"pattern", "pattern", nullptr, kPattern},
                       {"behavior", "behavior", nullptr, kBehavior},
                       {"invert", "invert", "false"}},
                      "Splits on a string (or a tokenmill.Regex).");
  Add<PyPreTokenizer>(m, "Punctuation", {{"behavior", "behavior", "\"Isolated\"", kBehavior}},
                      "Splits on punctuation.");
  Add<PyPreTokenizer>(m, "Digits", {{"individual_digits", "individual_digits", "false"}},
                      "Splits digits from the rest.");
  Add<PyPreTokenizer>(m, "CharDelimiterSplit", {{"delimiter", "delimiter", nullptr}},
                      "Splits on one character, removing it.");
  Add<PyPreTokenizer>(m, "FixedLength", {{"length", "length", "5"}},
                      "Pieces of a fixed number of characters.");
  Add<PyPreTokenizer>(m, "Sequence", {{"pretokenizers", "pretokenizers", nullptr}},
                      "Pre-tokenizers applied in order.");
}

void AddModels(py::module_& m) {
  Add<PyModel>(m, "BPE",
               {{"vocab", "vocab", "{}"},
                {"merges", "merges", "[]", Convert::kMerges},
                {"dropout", "dropout", "null"},
                {"unk_token", "unk_token", "null"},
                {"continuing_subword_prefix", "continuing_subword_prefix", "null"},
                {"end_of_word_suffix", "end_of_word_suffix", "null"},
                {"fuse_unk", "fuse_unk", "false"},
                {"byte_fallback", "byte_fallback", "false"},
                {"ignore_merges", "ignore_merges", "false"}},
               "A BPE model (empty to train).");
  Add<PyModel>(m, "WordPiece",
               {{"vocab", "vocab", "{}"},
                {"unk_token", "unk_token", "\"[UNK]\""},
                {"continuing_subword_prefix", "continuing_subword_prefix", "\"##\""},
                {"max_input_chars_per_word", "max_input_chars_per_word", "100"}},
               "A WordPiece model (empty to train).");
  Add<PyModel>(m, "WordLevel",
               {{"vocab", "vocab", "{}"}, {"unk_token", "unk_token", "\"<unk>\""}},
               "A WordLevel model (empty to train).");
  Add<PyModel>(m, "Unigram",
               {{"vocab", "vocab", "[]"},
                {"unk_id", "unk_id", "null"},
                {"byte_fallback", "byte_fallback", "false"}},
               "A Unigram model: vocab as [(piece, score), ...] (empty to train).");
}

void AddProcessors(py::module_& m) {
  Add<PyPostProcessor>(m, "TemplateProcessing",
                       {{"single", "single", nullptr, Convert::kTemplate},
                        {"pair", "pair", "null", Convert::kTemplate},
                        {"special_tokens", "special_tokens", "null", Convert::kSpecials}},
                       "Special tokens by template: single=\"[CLS] $A [SEP]\", "
                       "pair=\"[CLS] $A [SEP] $B:1 [SEP]:1\", special_tokens=[(\"[CLS]\", 1), ...].");
  Add<PyPostProcessor>(m, "BertProcessing",
                       {{"sep", "sep", nullptr}, {"cls", "cls", nullptr}},
                       "BERT's [CLS] A [SEP] B [SEP]: sep=(\"[SEP]\", 102), cls=(\"[CLS]\", 101).");
  Add<PyPostProcessor>(m, "RobertaProcessing",
                       {{"sep", "sep", nullptr},
                        {"cls", "cls", nullptr},
                        {"trim_offsets", "trim_offsets", "true"},
                        {"add_prefix_space", "add_prefix_space", "true"}},
                       "RoBERTa's <s> A </s></s> B </s>.");
  Add<PyPostProcessor>(m, "ByteLevel",
                       {{"add_prefix_space", "add_prefix_space", "true"},
                        {"trim_offsets", "trim_offsets", "true"},
                        {"use_regex", "use_regex", "true"}},
                       "Byte-level offset trimming.");
  Add<PyPostProcessor>(m, "Sequence", {{"processors", "processors", nullptr}},
                       "Post-processors applied in order.");
}

void AddDecoders(py::module_& m) {
  for (const char* unit : {"ByteFallback", "Fuse"}) {
    Add<PyDecoder>(m, unit, {}, "A decoder without options.");
  }
  Add<PyDecoder>(m, "ByteLevel",
                 {{"add_prefix_space", "add_prefix_space", "true"},
                  {"trim_offsets", "trim_offsets", "true"},
                  {"use_regex", "use_regex", "true"}},
                 "GPT-2's byte-level decoder.");
  Add<PyDecoder>(m, "WordPiece", {{"prefix", "prefix", "\"##\""}, {"cleanup", "cleanup", "true"}},
                 "WordPiece's decoder.");
  Add<PyDecoder>(m, "Metaspace",
                 {{"replacement", "replacement", "\"▁\""},
                  {"prepend_scheme", "prepend_scheme", "\"always\""},
                  {"split", "split", "true"}},
                 "Metaspace's decoder.");
  Add<PyDecoder>(m, "BPEDecoder", {{"suffix", "suffix", "\"</w>\""}},
                 "BPE with an end-of-word suffix.");
  Add<PyDecoder>(m, "CTC",
                 {{"pad_token", "pad_token", "\"<pad>\""},
                  {"word_delimiter_token", "word_delimiter_token", "\"|\""},
                  {"cleanup", "cleanup", "true"}},
                 "CTC's decoder.");
  Add<PyDecoder>(m, "Strip",
                 {{"content", "content", "\" \""}, {"left", "start", "0"}, {"right", "stop", "0"}},
                 "Strips characters at the start/stop of each token.");
  Add<PyDecoder>(m, "Replace",
                 {{"pattern", "pattern", nullptr, kPattern}, {"content", "content", nullptr}},
                 "Replaces a string (or a tokenmill.Regex) in every token.");
  Add<PyDecoder>(m, "Sequence", {{"decoders", "decoders", nullptr}}, "Decoders applied in order.");
}

// The submodule tokenmill.<module> (importable by name): its class `name` and its constructors.
template <typename T>
py::class_<T, Component> AddFamily(py::module_& m, const char* module, const char* name,
                                   void (*add_constructors)(py::module_&)) {
  py::module_ sub = m.def_submodule(module, "HF-shaped components (see tokenmill.pyi).");
  py::module_::import("sys").attr("modules")[("tokenmill." + std::string(module)).c_str()] = sub;
  py::class_<T, Component> cls(sub, name);
  cls.def("__repr__", [name](const T& c) { return absl::StrFormat("%s(%s)", name, c.json.dump()); });
  add_constructors(sub);
  return cls;
}

// The component built from its JSON by the registry that reads tokenizer.json (once).
template <typename T>
const T& Built(const Runnable<T>& component, const ComponentRegistry<T>& registry,
               const char* family) {
  if (!component.built) {
    simdjson::dom::parser parser;
    const std::string text = component.json.dump();
    simdjson::dom::element element;
    if (parser.parse(text).get(element) != simdjson::SUCCESS) {
      throw py::value_error(absl::StrFormat("%s: not valid JSON", family));
    }
    component.built = ValueOrThrow(registry.Create(element, family));
  }
  return *component.built;
}

// The code-point index of every byte offset of `text`: the characters that start before it.
std::vector<uint32_t> CodePointIndex(std::string_view text) {
  std::vector<uint32_t> index(text.size() + 1, 0);
  for (size_t i = 0; i < text.size(); ++i) {
    index[i + 1] = index[i] + ((static_cast<uint8_t>(text[i]) & 0xC0) != 0x80 ? 1 : 0);
  }
  return index;
}

// HF's normalize_str, pre_tokenize_str (splits with their code-point spans in the text),
// decode (a decoder on token strings), num_special_tokens_to_add, and a model's lookups.
void AddComponentMethods(py::class_<PyNormalizer, Component>& normalizer,
                         py::class_<PyPreTokenizer, Component>& pre_tokenizer,
                         py::class_<PyModel, Component>& model,
                         py::class_<PyPostProcessor, Component>& processor,
                         py::class_<PyDecoder, Component>& decoder) {
  normalizer.def(
      "normalize_str",
      [](const PyNormalizer& self, const std::string& sequence) {
        NormalizedString text(sequence);
        Built(self, NormalizerRegistry(), "normalizer").Normalize(text);
        return text.normalized();
      },
      py::arg("sequence"), "The normalized text (HF's normalize_str).");
  pre_tokenizer.def(
      "pre_tokenize_str",
      [](const PyPreTokenizer& self, const std::string& sequence) {
        PreTokenizedString text;
        text.Reset(NormalizedString(sequence));
        Built(self, PreTokenizerRegistry(), "pre_tokenizer").PreTokenize(text);
        const std::vector<uint32_t> chars = CodePointIndex(sequence);
        py::list splits;
        for (const Split& split : text.splits()) {
          const Span span = text.normalized().OriginalSpan(split.begin, split.end);
          const std::string_view piece = text.SplitText(split);
          splits.append(py::make_tuple(py::str(piece.data(), piece.size()),
                                       py::make_tuple(chars[span.start], chars[span.end])));
        }
        return splits;
      },
      py::arg("sequence"),
      "The splits and their spans in the text, in code points (HF's pre_tokenize_str).");
  decoder.def(
      "decode",
      [](const PyDecoder& self, std::vector<std::string> tokens) {
        return Built(self, DecoderRegistry(), "decoder").Decode(std::move(tokens));
      },
      py::arg("tokens"), "The text of these token strings (HF's Decoder.decode).");
  processor.def(
      "num_special_tokens_to_add",
      [](const PyPostProcessor& self, bool is_pair) {
        return Built(self, PostProcessorRegistry(), "post_processor").AddedTokens(is_pair);
      },
      py::arg("is_pair"));
  model.def(
           "token_to_id",
           [](const PyModel& self, const std::string& token) {
             return Built(self, ModelRegistry(), "model").TokenToId(token);
           },
           py::arg("token"))
      .def(
          "id_to_token",
          [](const PyModel& self, uint32_t id) -> std::optional<std::string> {
            auto token = Built(self, ModelRegistry(), "model").IdToToken(id);
            if (!token) return std::nullopt;
            return std::string(*token);
          },
          py::arg("id"))
      .def(
          "tokenize",
          [](const PyModel& self, const std::string& sequence) {
            std::vector<Token> tokens;
            const Model& built = Built(self, ModelRegistry(), "model");
            ThrowIfError(built.Tokenize(sequence, tokens));
            py::list out;
            for (const Token& t : tokens) {
              std::string value(built.IdToToken(t.id).value_or(""));
              out.append(py::make_tuple(t.id, py::str(value), py::make_tuple(t.begin, t.end)));
            }
            return out;
          },
          py::arg("sequence"),
          "The model's tokens of one word: (id, token, (begin, end) in bytes), as HF's "
          "Token.as_tuple().");
}

// The tokenizer's tokenizer.json form.
Json TokenizerJson(const SharedTokenizer& self) {
  return Json::parse(self.Read([](const Tokenizer& t) { return ToTokenizerJson(t, false); }));
}

// The tokenizer.json sections a property reads and writes, and the class it returns.
template <typename T>
void AddSection(TokenizerClass& tokenizer, const char* section) {
  tokenizer.def_property(
      section,
      [section](const SharedTokenizer& self) -> std::optional<T> {
        const Json json = TokenizerJson(self);
        if (!json.contains(section) || json.at(section).is_null()) return std::nullopt;
        T component;
        component.json = json.at(section);
        return component;
      },
      [section](SharedTokenizer& self, std::optional<T> value) {
        Json json = TokenizerJson(self);
        if (json.contains("model") && json["model"].value("type", "") == "SentencePiece") {
          throw py::value_error(absl::StrFormat(
              "%s: a tokenizer loaded from a SentencePiece .model keeps sentencepiece's own "
              "pipeline, whose parts cannot be replaced",
              section));
        }
        json[section] = value ? value->json : Json(nullptr);
        auto rebuilt = ValueOrThrow(ParseTokenizerJson(json.dump(), section));
        self.Write([&](Tokenizer& t) {
          rebuilt->SetEncodeSpecialTokens(t.encode_special_tokens());  // not in the JSON
          t = std::move(*rebuilt);
        });
      });
}

}  // namespace

void RegisterComponents(py::module_& m, TokenizerClass& tokenizer) {
  py::class_<Component>(m, "_Component");
  py::class_<PyRegex>(m, "Regex", "A pattern meant as a regex (a plain str is a literal).")
      .def(py::init([](std::string pattern) { return PyRegex{std::move(pattern)}; }),
           py::arg("pattern"))
      .def_property_readonly("pattern", [](const PyRegex& r) { return r.pattern; });

  auto normalizer = AddFamily<PyNormalizer>(m, "normalizers", "Normalizer", AddNormalizers);
  auto pre_tokenizer =
      AddFamily<PyPreTokenizer>(m, "pre_tokenizers", "PreTokenizer", AddPreTokenizers);
  auto model = AddFamily<PyModel>(m, "models", "Model", AddModels);
  auto processor = AddFamily<PyPostProcessor>(m, "processors", "PostProcessor", AddProcessors);
  auto decoder = AddFamily<PyDecoder>(m, "decoders", "Decoder", AddDecoders);
  AddComponentMethods(normalizer, pre_tokenizer, model, processor, decoder);

  tokenizer.def(py::init([](const PyModel& model) {
                  Json json = {{"version", "1.0"},       {"truncation", nullptr},
                               {"padding", nullptr},     {"added_tokens", Json::array()},
                               {"normalizer", nullptr},  {"pre_tokenizer", nullptr},
                               {"post_processor", nullptr}, {"decoder", nullptr},
                               {"model", model.json}};
                  return std::make_unique<SharedTokenizer>(
                      ValueOrThrow(ParseTokenizerJson(json.dump(), "Tokenizer(model)")));
                }),
                py::arg("model"), "A tokenizer with this model and no other component.");
  AddSection<PyNormalizer>(tokenizer, "normalizer");
  AddSection<PyPreTokenizer>(tokenizer, "pre_tokenizer");
  AddSection<PyModel>(tokenizer, "model");
  AddSection<PyPostProcessor>(tokenizer, "post_processor");
  AddSection<PyDecoder>(tokenizer, "decoder");
}

}  // namespace tokenmill::python
