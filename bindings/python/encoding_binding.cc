// Encoding as HF's Python package shows it: lists per attribute, offsets in code points
// (converted before the Encoding reaches Python, see code_point_offsets.h).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings/python/bindings.h"
#include "tokenizers/encoding.h"

namespace py = pybind11;

namespace tokenmill::python {
namespace {

// Built with the C API: a list of (start, end) tuples is the hottest conversion here.
py::list OffsetList(const Encoding& e) {
  py::list out(e.offsets.size());
  for (size_t i = 0; i < e.offsets.size(); ++i) {
    PyObject* pair = PyTuple_New(2);
    if (pair == nullptr) throw py::error_already_set();
    PyTuple_SET_ITEM(pair, 0, PyLong_FromUnsignedLong(e.offsets[i].start));
    PyTuple_SET_ITEM(pair, 1, PyLong_FromUnsignedLong(e.offsets[i].end));
    PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i), pair);  // steals `pair`
  }
  return out;
}

// HF: None for tokens that belong to no input text.
py::list SequenceIdList(const Encoding& e) {
  py::list out(e.sequence_ids.size());
  for (size_t i = 0; i < e.sequence_ids.size(); ++i) {
    const int8_t s = e.sequence_ids[i];
    out[i] = s < 0 ? py::object(py::none()) : py::object(py::int_(s));
  }
  return out;
}

std::string Repr(const Encoding& e) {
  return "Encoding(num_tokens=" + std::to_string(e.size()) +
         ", attributes=[ids, type_ids, tokens, offsets, attention_mask, special_tokens_mask, "
         "word_ids, overflowing])";
}

}  // namespace

void RegisterEncoding(py::module_& m) {
  py::class_<Encoding>(m, "Encoding", "The result of encoding one input (text or pair).")
      .def_property_readonly("ids", [](const Encoding& e) { return e.ids; })
      .def_property_readonly("tokens", [](const Encoding& e) { return e.tokens; })
      .def_property_readonly("type_ids", [](const Encoding& e) { return e.type_ids; })
      .def_property_readonly("offsets", &OffsetList,
                             "(start, end) code-point offsets into the text the token came "
                             "from; (0, 0) for added special tokens")
      .def_property_readonly("attention_mask", [](const Encoding& e) { return e.attention_mask; })
      .def_property_readonly("special_tokens_mask",
                             [](const Encoding& e) { return e.special_tokens_mask; })
      .def_property_readonly("word_ids", [](const Encoding& e) { return e.word_ids; })
      .def_property_readonly("sequence_ids", &SequenceIdList)
      .def_property_readonly("n_sequences",
                             [](const Encoding& e) {
                               for (int8_t s : e.sequence_ids) if (s == 1) return 2;
                               return 1;
                             })
      .def_property_readonly("overflowing", [](const Encoding& e) { return e.overflowing; })
      .def("__len__", &Encoding::size)
      .def("__repr__", &Repr);
}

}  // namespace tokenmill::python
