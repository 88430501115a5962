// tokenmill.AddedToken, Tokenizer.add_tokens / add_special_tokens, get_added_tokens_decoder and
// encode_special_tokens, as HF's Python package has them: a str is AddedToken(content) (special
// for add_special_tokens), and a token left without an explicit `normalized` is normalized
// unless it is special.
#include <optional>
#include <string>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings/python/bindings.h"

namespace py = pybind11;

namespace tokenmill::python {
namespace {

struct PyAddedToken {
  AddedToken token;
  std::optional<bool> normalized;  // unset: !special, as HF

  // The token to register; `special` forces it special (add_special_tokens).
  AddedToken Resolve(bool special) const {
    AddedToken out = token;
    out.special = out.special || special;
    out.normalized = normalized.value_or(!out.special);
    return out;
  }
};

std::vector<AddedToken> ToAddedTokens(const py::handle& tokens, bool special) {
  if (py::isinstance<py::str>(tokens)) {
    throw py::type_error("expected a list of tokens (str or AddedToken), not one str");
  }
  std::vector<AddedToken> out;
  size_t index = 0;
  for (py::handle item : py::iter(tokens)) {
    if (py::isinstance<py::str>(item)) {
      PyAddedToken plain;
      plain.token.content = item.cast<std::string>();
      out.push_back(plain.Resolve(special));
    } else if (py::isinstance<PyAddedToken>(item)) {
      out.push_back(item.cast<const PyAddedToken&>().Resolve(special));
    } else {
      throw py::type_error("token " + std::to_string(index) +
                           ": expected a str or an AddedToken, got " +
                           std::string(py::str(py::type::of(item))));
    }
    ++index;
  }
  return out;
}

size_t AddTokens(SharedTokenizer& self, const py::handle& tokens, bool special) {
  const std::vector<AddedToken> added = ToAddedTokens(tokens, special);
  py::gil_scoped_release release;
  size_t count = 0;
  self.Write([&](Tokenizer& t) { count = t.AddTokens(added); });
  return count;
}

}  // namespace

void RegisterAddedTokens(py::module_& m, TokenizerClass& tokenizer) {
  py::class_<PyAddedToken>(m, "AddedToken",
                           "A token matched in text before the model sees it (HF's AddedToken).")
      .def(py::init([](std::string content, bool single_word, bool lstrip, bool rstrip,
                       std::optional<bool> normalized, bool special) {
             PyAddedToken t;
             t.token.content = std::move(content);
             t.token.single_word = single_word;
             t.token.lstrip = lstrip;
             t.token.rstrip = rstrip;
             t.token.special = special;
             t.normalized = normalized;
             return t;
           }),
           py::arg("content") = "", py::arg("single_word") = false, py::arg("lstrip") = false,
           py::arg("rstrip") = false, py::arg("normalized") = py::none(),
           py::arg("special") = false)
      .def_property_readonly("content", [](const PyAddedToken& t) { return t.token.content; })
      .def_property_readonly("single_word", [](const PyAddedToken& t) { return t.token.single_word; })
      .def_property_readonly("lstrip", [](const PyAddedToken& t) { return t.token.lstrip; })
      .def_property_readonly("rstrip", [](const PyAddedToken& t) { return t.token.rstrip; })
      .def_property_readonly("normalized",
                             [](const PyAddedToken& t) { return t.Resolve(false).normalized; })
      .def_property_readonly("special", [](const PyAddedToken& t) { return t.token.special; })
      .def("__str__", [](const PyAddedToken& t) { return t.token.content; })
      .def("__repr__", [](const PyAddedToken& t) {
        const AddedToken r = t.Resolve(false);
        auto flag = [](bool b) { return b ? "True" : "False"; };
        return "AddedToken(" + std::string(py::repr(py::str(r.content))) +
               ", rstrip=" + flag(r.rstrip) + ", lstrip=" + flag(r.lstrip) +
               ", single_word=" + flag(r.single_word) + ", normalized=" + flag(r.normalized) +
               ", special=" + flag(r.special) + ")";
      });
  tokenizer
      .def("add_tokens",
           [](SharedTokenizer& self, const py::handle& tokens) { return AddTokens(self, tokens, false); },
           py::arg("tokens"),
           "Adds tokens (str or AddedToken) matched in text from now on; returns how many were "
           "added (ids as HF assigns them: the vocabulary's, else the next free one).")
      .def("add_special_tokens",
           [](SharedTokenizer& self, const py::handle& tokens) { return AddTokens(self, tokens, true); },
           py::arg("tokens"),
           "add_tokens with every token special (skipped by decode(skip_special_tokens=True)).")
      .def_property(
          "encode_special_tokens",
          [](const SharedTokenizer& self) {
            return self.Read([](const Tokenizer& t) { return t.encode_special_tokens(); });
          },
          [](SharedTokenizer& self, bool value) {
            py::gil_scoped_release release;
            self.Write([&](Tokenizer& t) { t.SetEncodeSpecialTokens(value); });
          },
          "When True, special tokens written in the text are encoded as ordinary text (HF's "
          "encode_special_tokens); False by default.")
      .def("get_added_tokens_decoder",
           [](const SharedTokenizer& self) {
             const std::vector<AddedToken> tokens =
                 self.Read([](const Tokenizer& t) { return t.added_vocabulary().tokens(); });
             py::dict out;  // by ascending id, as HF's BTreeMap
             for (const AddedToken& token : tokens) {
               PyAddedToken wrapped;
               wrapped.token = token;
               wrapped.normalized = token.normalized;
               out[py::int_(token.id)] = wrapped;
             }
             return out;
           },
           "The added tokens by id, as AddedToken.");
}

}  // namespace tokenmill::python
