// sentencepiece 0.2's SentencePieceNormalizer: a model's normalizer (or a built-in rule's) on
// its own. As there, the whitespace options are the constructor's (all off by default), not the
// model's, and neither user-defined symbols nor treat_whitespace_as_suffix apply: it is the
// normalizer built from the normalizer_spec alone.
#include <memory>
#include <optional>
#include <string>

#include <pybind11/pybind11.h>

#include "bindings/python/bindings.h"
#include "bindings/python/python_text.h"
#include "bindings/python/sentencepiece_normalize.h"
#include "bindings/python/status_translator.h"
#include "tokenizers/sentencepiece/model_file.h"
#include "tokenizers/trainers/sentencepiece/spm_train.h"

namespace py = pybind11;

namespace tokenmill::python {
namespace {

struct PySentencePieceNormalizer {
  std::shared_ptr<const SentencePieceNormalizer> normalizer;
  SentencePieceModelProto proto;  // what it was made from, with the options set
};

// Whether an optional argument was given (sentencepiece tests them for truth).
bool Given(py::handle value) { return !value.is_none() && PyObject_IsTrue(value.ptr()) == 1; }

// The spec to normalize with: a model's (file or bytes) or a built-in rule's.
spm::NormalizerSpec SpecFrom(py::handle model_file, py::handle model_proto, py::handle rule_tsv,
                             py::handle rule_name, SentencePieceModelProto& proto) {
  if (Given(model_file)) {
    proto = ValueOrThrow(LoadSentencePieceModel(ToPath(model_file)));
  } else if (Given(model_proto)) {
    proto = ValueOrThrow(ParseSentencePieceModel(model_proto.cast<std::string>(), "model_proto"));
  } else if (Given(rule_tsv)) {
    throw py::value_error(ToPath(rule_tsv) +
                          ": rule_tsv is not supported (use a model or a built-in rule_name)");
  } else if (Given(rule_name)) {
    spm::NormalizerSpec& spec = *proto.mutable_normalizer_spec();
    spec.set_name(rule_name.cast<std::string>());
    ThrowIfError(PopulateSpmNormalizerSpec(spec));
  } else {
    throw std::runtime_error("no model is specified");
  }
  return proto.normalizer_spec();
}

void Init(PySentencePieceNormalizer& self, py::handle model_file, py::handle model_proto,
          py::handle rule_tsv, py::handle rule_name, bool add_dummy_prefix,
          bool escape_whitespaces, bool remove_extra_whitespaces) {
  SentencePieceModelProto proto;
  spm::NormalizerSpec spec = SpecFrom(model_file, model_proto, rule_tsv, rule_name, proto);
  spec.set_add_dummy_prefix(add_dummy_prefix);
  spec.set_escape_whitespaces(escape_whitespaces);
  spec.set_remove_extra_whitespaces(remove_extra_whitespaces);
  *proto.mutable_normalizer_spec() = spec;
  SentencePieceNormalizer::Options options;
  options.add_dummy_prefix = add_dummy_prefix;
  options.escape_whitespaces = escape_whitespaces;
  options.remove_extra_whitespaces = remove_extra_whitespaces;
  options.treat_whitespace_as_suffix = false;
  self.normalizer = std::make_shared<const SentencePieceNormalizer>(
      ValueOrThrow(SentencePieceNormalizer::Create(spec.precompiled_charsmap(), options)));
  self.proto = std::move(proto);
}

}  // namespace

void RegisterSentencePieceNormalizer(py::module_& m) {
  auto init = [](PySentencePieceNormalizer& self, py::handle model_file, py::handle model_proto,
                 py::handle rule_tsv, py::handle rule_name, bool add_dummy_prefix,
                 bool escape_whitespaces, bool remove_extra_whitespaces) {
    Init(self, model_file, model_proto, rule_tsv, rule_name, add_dummy_prefix,
         escape_whitespaces, remove_extra_whitespaces);
  };
  auto normalize = [](const PySentencePieceNormalizer& self, py::handle input,
                      py::handle with_offsets) {
    return NormalizeForPython(input, with_offsets,
                              [&](std::string_view text, SentencePieceNormalized& out) {
                                self.normalizer->Normalize(text, out);
                              });
  };
  py::class_<PySentencePieceNormalizer>(
      m, "SentencePieceNormalizer",
      "sentencepiece 0.2's SentencePieceNormalizer(model_file=, model_proto=, rule_name=, "
      "add_dummy_prefix=False, escape_whitespaces=False, remove_extra_whitespaces=False): a "
      "model's normalizer, or a built-in rule's (nmt_nfkc, nfkc, nmt_nfkc_cf, nfkc_cf, identity).")
      .def(py::init([init](py::handle model_file, py::handle model_proto, py::handle rule_tsv,
                           py::handle rule_name, bool add_dummy_prefix, bool escape_whitespaces,
                           bool remove_extra_whitespaces) {
             auto self = std::make_unique<PySentencePieceNormalizer>();
             init(*self, model_file, model_proto, rule_tsv, rule_name, add_dummy_prefix,
                  escape_whitespaces, remove_extra_whitespaces);
             return self;
           }),
           py::arg("model_file") = py::none(), py::arg("model_proto") = py::none(),
           py::arg("rule_tsv") = py::none(), py::arg("rule_name") = py::none(),
           py::arg("add_dummy_prefix") = false, py::arg("escape_whitespaces") = false,
           py::arg("remove_extra_whitespaces") = false)
      .def("Init", init, py::arg("model_file") = py::none(), py::arg("model_proto") = py::none(),
           py::arg("rule_tsv") = py::none(), py::arg("rule_name") = py::none(),
           py::arg("add_dummy_prefix") = false, py::arg("escape_whitespaces") = false,
           py::arg("remove_extra_whitespaces") = false)
      .def("normalize", normalize, py::arg("input"), py::arg("with_offsets") = py::none(),
           "The normalized text (or list); with with_offsets, (text, where each position "
           "comes from: code points for str, bytes for bytes).")
      .def("Normalize", normalize, py::arg("input"), py::arg("with_offsets") = py::none())
      .def("serialized_model_proto", [](const PySentencePieceNormalizer& self) {
        return py::bytes(ValueOrThrow(SerializeSentencePieceModel(self.proto)));
      });
}

}  // namespace tokenmill::python
