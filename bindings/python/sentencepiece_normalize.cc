#include "bindings/python/sentencepiece_normalize.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "absl/strings/str_format.h"
#include "bindings/python/python_text.h"
#include "tokenizers/models/unigram/unigram_viterbi.h"

namespace py = pybind11;

namespace tokenmill::python {
namespace {

// sentencepiece 0.2's ConvertToUnicodeAlignment: byte alignment (normalized byte → original
// byte) to code points, each normalized character taking its last byte's original position.
std::vector<size_t> ToCodePointAlignment(std::string_view original, std::string_view normalized,
                                         const std::vector<uint32_t>& norm_to_orig) {
  auto code_point_of_byte = [](std::string_view text) {
    std::vector<size_t> index(text.size() + 1, 0);
    size_t count = 0, pos = 0;
    while (pos < text.size()) {
      const size_t length = std::min<size_t>(
          text.size() - pos, unigram_internal::OneCharLen(static_cast<uint8_t>(text[pos])));
      for (size_t i = pos; i < pos + length; ++i) index[i] = count;
      ++count;
      pos += length;
    }
    index[pos] = count;
    return index;
  };
  const std::vector<size_t> original_index = code_point_of_byte(original);
  const std::vector<size_t> normalized_index = code_point_of_byte(normalized);
  std::vector<size_t> result(normalized_index.back() + 1, 0);
  for (size_t i = 0; i < norm_to_orig.size(); ++i) {
    result[normalized_index[i]] = original_index[norm_to_orig[i]];
  }
  return result;
}

py::object NormalizeOne(py::handle input, bool with_offsets,
                        absl::FunctionRef<void(std::string_view, SentencePieceNormalized&)> normalize) {
  const bool is_str = PyUnicode_Check(input.ptr());
  if (!is_str && !PyBytes_Check(input.ptr())) throw py::type_error("normalize expects str or bytes");
  const std::string original =
      is_str ? std::string(ToText(input, "input").utf8) : input.cast<std::string>();
  if (original.size() >= std::numeric_limits<uint32_t>::max() / 4) {
    throw py::value_error(
        absl::StrFormat("normalize: a text of %d bytes is too long", original.size()));
  }
  SentencePieceNormalized normalized;
  normalize(original, normalized);
  py::object text = is_str ? py::object(py::str(normalized.text))
                           : py::object(py::bytes(normalized.text));
  if (!with_offsets) return text;
  std::vector<size_t> offsets(normalized.norm_to_orig.begin(), normalized.norm_to_orig.end());
  if (is_str) offsets = ToCodePointAlignment(original, normalized.text, normalized.norm_to_orig);
  return py::make_tuple(text, offsets);
}

}  // namespace

py::object NormalizeForPython(
    py::handle input, py::handle with_offsets,
    absl::FunctionRef<void(std::string_view, SentencePieceNormalized&)> normalize) {
  const bool offsets = !with_offsets.is_none() && PyObject_IsTrue(with_offsets.ptr()) == 1;
  if (!PyList_Check(input.ptr())) return NormalizeOne(input, offsets, normalize);
  py::list out;
  for (py::handle item : input) out.append(NormalizeOne(item, offsets, normalize));
  return out;
}

}  // namespace tokenmill::python
