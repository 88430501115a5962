#include "bindings/python/python_text.h"

#include <string>

namespace py = pybind11;

namespace tokenmill::python {
namespace {

bool IsText(py::handle value) {
  return PyUnicode_Check(value.ptr()) || PyBytes_Check(value.ptr());
}

[[noreturn]] void ThrowNotUnicode(const std::string& what) {
  // Replace Python's UnicodeEncodeError by a ValueError that names the argument; the original
  // stays attached as __cause__.
  py::raise_from(PyExc_ValueError,
                 (what + ": text is not valid Unicode (lone surrogates cannot be UTF-8)").c_str());
  throw py::error_already_set();
}

// The common case of a batch item, without building the name ToText needs for its errors:
// a str whose UTF-8 form exists or can be made. False leaves the rest to ToText.
bool FastText(py::handle value, PythonText& text) {
  if (!PyUnicode_Check(value.ptr())) return false;
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
  if (data == nullptr) {
    PyErr_Clear();  // ToText raises the error, naming the input
    return false;
  }
  text.owner = py::reinterpret_borrow<py::object>(value);
  text.utf8 = std::string_view(data, static_cast<size_t>(size));
  text.ascii = PyUnicode_GET_LENGTH(value.ptr()) == size;
  text.valid_utf8 = true;
  return true;
}

}  // namespace

PythonText ToText(py::handle value, const std::string& what) {
  PythonText text;
  text.owner = py::reinterpret_borrow<py::object>(value);
  if (PyUnicode_Check(value.ptr())) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
    if (data == nullptr) ThrowNotUnicode(what);
    text.utf8 = std::string_view(data, static_cast<size_t>(size));
    text.ascii = PyUnicode_GET_LENGTH(value.ptr()) == size;
    text.valid_utf8 = true;
    return text;
  }
  if (PyBytes_Check(value.ptr())) {
    text.utf8 = std::string_view(PyBytes_AS_STRING(value.ptr()),
                                 static_cast<size_t>(PyBytes_GET_SIZE(value.ptr())));
    return text;
  }
  throw py::type_error(what + ": expected str or bytes, got " +
                       std::string(py::str(py::type::handle_of(value).attr("__name__"))));
}

PythonText ToTextReplacingSurrogates(py::handle value, const std::string& what) {
  if (PyUnicode_Check(value.ptr())) {
    Py_ssize_t size = 0;
    if (PyUnicode_AsUTF8AndSize(value.ptr(), &size) == nullptr) {
      PyErr_Clear();
      py::object replaced = py::reinterpret_borrow<py::object>(value)
                                .attr("encode")("utf-16", "surrogatepass")
                                .attr("decode")("utf-16", "replace");
      return ToText(replaced, what);
    }
  }
  return ToText(value, what);
}

std::vector<PythonText> ToTextList(py::handle items, const char* what,
                                   bool replace_surrogates) {
  std::vector<PythonText> texts;
  if (PyList_Check(items.ptr())) texts.reserve(PyList_GET_SIZE(items.ptr()));
  for (py::handle item : py::iter(items)) {
    if (PythonText text; FastText(item, text)) {
      texts.push_back(std::move(text));
      continue;
    }
    // The name is built only here: per item it would cost more than the fast path.
    const std::string name = std::string(what) + " " + std::to_string(texts.size());
    texts.push_back(replace_surrogates ? ToTextReplacingSurrogates(item, name)
                                       : ToText(item, name));
  }
  return texts;
}

std::vector<std::string_view> BatchInput::TextViews() const {
  std::vector<std::string_view> views;
  views.reserve(texts.size());
  for (const PythonText& t : texts) views.push_back(t.utf8);
  return views;
}

std::vector<std::string_view> BatchInput::PairViews() const {
  std::vector<std::string_view> views;
  views.reserve(pairs.size());
  for (const PythonText& t : pairs) views.push_back(t.utf8);
  return views;
}

std::vector<std::optional<std::string_view>> BatchInput::OptionalPairViews() const {
  std::vector<std::optional<std::string_view>> views(texts.size());
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (!mixed() || paired[i]) views[i] = pairs[i].utf8;
  }
  return views;
}

BatchInput ToBatchInput(py::handle items, bool allow_mixed) {
  if (IsText(items)) throw py::type_error("encode_batch expects a list of texts, not one text");
  BatchInput input;
  std::vector<uint32_t> with_pair;  // indices of the items that are pairs
  size_t index = 0;
  if (PyList_Check(items.ptr())) input.texts.reserve(PyList_GET_SIZE(items.ptr()));
  for (py::handle item : py::iter(items)) {
    if (PythonText text; FastText(item, text)) {
      input.texts.push_back(std::move(text));
      ++index;
      continue;
    }
    const std::string what = "input " + std::to_string(index++);
    if (IsText(item)) {
      input.texts.push_back(ToText(item, what));
      continue;
    }
    if (!PyTuple_Check(item.ptr()) && !PyList_Check(item.ptr())) {
      throw py::type_error(what + ": expected a text or a (text, pair) tuple");
    }
    py::sequence pair = py::reinterpret_borrow<py::sequence>(item);
    if (pair.size() != 2) throw py::value_error(what + ": a pair needs exactly 2 texts");
    with_pair.push_back(static_cast<uint32_t>(input.texts.size()));
    input.texts.push_back(ToText(pair[0], what));
    input.pairs.push_back(ToText(pair[1], what + " (pair)"));
  }
  if (!input.pairs.empty() && input.pairs.size() != input.texts.size()) {
    if (!allow_mixed) {
      throw py::value_error("encode_batch: either every input is a pair or none is");
    }
    // One pair slot per text: the given pairs in their places, empty texts elsewhere.
    std::vector<PythonText> given = std::move(input.pairs);
    input.pairs.assign(input.texts.size(), PythonText{});
    input.paired.assign(input.texts.size(), 0);
    for (size_t k = 0; k < with_pair.size(); ++k) {
      input.pairs[with_pair[k]] = std::move(given[k]);
      input.paired[with_pair[k]] = 1;
    }
  }
  return input;
}

std::vector<PythonText> ToWordList(py::handle words, const std::string& what) {
  if (IsText(words)) {
    throw py::type_error(what + ": is_pretokenized expects a list of words, not one text");
  }
  if (!PyTuple_Check(words.ptr()) && !PyList_Check(words.ptr())) {
    throw py::type_error(what + ": is_pretokenized expects a list of words");
  }
  std::vector<PythonText> list;
  for (py::handle word : py::iter(words)) {
    list.push_back(ToText(word, what + " word " + std::to_string(list.size())));
  }
  return list;
}

std::vector<std::string_view> WordViews(const std::vector<PythonText>& words) {
  std::vector<std::string_view> views;
  views.reserve(words.size());
  for (const PythonText& word : words) views.push_back(word.utf8);
  return views;
}

namespace {

// A pair of word lists: two items, each a list or tuple (a list of two words is one input).
bool IsWordListPair(py::handle item) {
  if (!PyTuple_Check(item.ptr()) && !PyList_Check(item.ptr())) return false;
  py::sequence seq = py::reinterpret_borrow<py::sequence>(item);
  if (seq.size() != 2) return false;
  auto is_list = [](py::handle h) { return PyTuple_Check(h.ptr()) || PyList_Check(h.ptr()); };
  return is_list(seq[0]) && is_list(seq[1]);
}

}  // namespace

BatchWordsInput ToBatchWordsInput(py::handle items) {
  if (IsText(items)) throw py::type_error("encode_batch expects a list of inputs, not one text");
  BatchWordsInput input;
  bool any_pair = false;
  size_t index = 0;
  for (py::handle item : py::iter(items)) {
    const std::string what = "input " + std::to_string(index++);
    if (IsWordListPair(item)) {
      py::sequence pair = py::reinterpret_borrow<py::sequence>(item);
      input.inputs.push_back(ToWordList(pair[0], what));
      input.pairs.push_back(ToWordList(pair[1], what + " (pair)"));
      any_pair = true;
    } else {
      input.inputs.push_back(ToWordList(item, what));
      input.pairs.emplace_back();
    }
  }
  if (!any_pair) input.pairs.clear();
  return input;
}

void AddPairs(py::handle pairs, BatchInput& input) {
  if (!input.pairs.empty()) throw py::value_error("pairs given twice (in texts and in pairs=)");
  if (IsText(pairs)) throw py::type_error("pairs must be a list of texts, not one text");
  size_t index = 0;
  for (py::handle item : py::iter(pairs)) {
    input.pairs.push_back(ToText(item, "pair " + std::to_string(index++)));
  }
  if (input.pairs.size() != input.texts.size()) {
    throw py::value_error("got " + std::to_string(input.texts.size()) + " texts but " +
                          std::to_string(input.pairs.size()) + " pairs");
  }
}

std::string ToPath(py::handle path) {
  py::object fspath = py::module_::import("os").attr("fspath")(path);
  return fspath.cast<std::string>();  // str is encoded as UTF-8, bytes taken as they are
}

}  // namespace tokenmill::python
