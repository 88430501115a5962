// Encoding as HF's Python package shows it: lists per attribute, offsets in code points
// (converted before the Encoding reaches Python, see code_point_offsets.h).
//
// A plain C-API type rather than a pybind11 class: a batch makes one Encoding per text, and
// pybind11's instance bookkeeping (a registry insert and erase per object) cost ~0.3 µs per
// object, serial under the GIL — more than encoding a short text. The object is a small
// fixed-size header that takes over the packed block a worker thread made, with its arena
// reference (compact_encoding.h): wrapping under the GIL copies nothing and frees nothing. The
// attribute lists are built on access, as HF builds them.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include <pybind11/pybind11.h>

#include "bindings/python/bindings.h"
#include "bindings/python/compact_encoding.h"
#include "bindings/python/parallel_id_lists.h"
#include "tokenizers/encoding_positions.h"
#include "tokenizers/processors/padding.h"
#include "tokenizers/processors/truncation.h"

namespace py = pybind11;

namespace tokenmill::python {
namespace {

struct PyEncodingObject {
  PyObject_HEAD
  uint32_t size;
  const uint32_t* block;  // the packed block, in `arena`
  BlockArena* arena;      // one reference (null when size is 0)
  uint8_t sequence_ranges;  // Encoding::sequence_ranges
  std::vector<CompactEncoding>* overflowing;  // null when there is none (the common case)
};

PyTypeObject* encoding_type = nullptr;  // made once by RegisterEncoding, never freed

PackedEncoding Of(PyObject* self) {
  auto* object = reinterpret_cast<PyEncodingObject*>(self);
  return PackedEncoding(object->block, object->size);
}

uint8_t SequenceRanges(PyObject* self) {
  return reinterpret_cast<PyEncodingObject*>(self)->sequence_ranges;
}

void Dealloc(PyObject* self) {
  auto* object = reinterpret_cast<PyEncodingObject*>(self);
  BlockArena::Release(object->arena);
  delete object->overflowing;
  PyTypeObject* type = Py_TYPE(self);
  type->tp_free(self);
  Py_DECREF(type);  // instances of a heap type hold a reference to it
}

// A list of `size` items made by make(i) (a new reference or null).
template <typename Make>
PyObject* NewList(size_t size, Make make) {
  PyObject* list = PyList_New(static_cast<Py_ssize_t>(size));
  if (list == nullptr) return nullptr;
  for (size_t i = 0; i < size; ++i) {
    PyObject* item = make(i);
    if (item == nullptr) {
      Py_DECREF(list);
      return nullptr;
    }
    PyList_SET_ITEM(list, static_cast<Py_ssize_t>(i), item);  // steals `item`
  }
  return list;
}

PyObject* NoneOr(long value, bool none) {
  if (none) Py_RETURN_NONE;
  return PyLong_FromLong(value);
}

PyObject* GetIds(PyObject* self, void*) {
  return NewIntList(Of(self).ids(), Of(self).size());
}
PyObject* GetTypeIds(PyObject* self, void*) {
  return NewIntList(Of(self).type_ids(), Of(self).size());
}
PyObject* GetAttentionMask(PyObject* self, void*) {
  return NewIntList(Of(self).attention_mask(), Of(self).size());
}
PyObject* GetSpecialTokensMask(PyObject* self, void*) {
  return NewIntList(Of(self).special_tokens_mask(), Of(self).size());
}

PyObject* GetTokens(PyObject* self, void*) {
  const PackedEncoding e = Of(self);
  return NewList(e.size(), [&](size_t i) {
    const std::string_view token = e.token(i);
    return PyUnicode_DecodeUTF8(token.data(), static_cast<Py_ssize_t>(token.size()), nullptr);
  });
}

PyObject* GetOffsets(PyObject* self, void*) {
  const PackedEncoding e = Of(self);
  return NewList(e.size(), [&](size_t i) -> PyObject* {
    PyObject* start = PyLong_FromUnsignedLong(e.offset_starts()[i]);
    PyObject* end = PyLong_FromUnsignedLong(e.offset_ends()[i]);
    PyObject* pair = start && end ? PyTuple_Pack(2, start, end) : nullptr;
    Py_XDECREF(start);
    Py_XDECREF(end);
    return pair;
  });
}

PyObject* GetWordIds(PyObject* self, void*) {
  const PackedEncoding e = Of(self);
  return NewList(e.size(), [&](size_t i) {
    const uint32_t word = e.word_ids()[i];
    return NoneOr(word, word == PackedEncoding::kNoWord);
  });
}

// HF's deprecated alias of word_ids, with its warning.
PyObject* GetWords(PyObject* self, void* closure) {
  if (PyErr_WarnEx(PyExc_DeprecationWarning,
                   "encoding.words is deprecated, please use encoding.word_ids instead.", 1) < 0) {
    return nullptr;
  }
  return GetWordIds(self, closure);
}

// HF: None for tokens that belong to no input text; before any post-processing marked the
// sequences, every token (padding too) counts as input 0's.
PyObject* GetSequenceIds(PyObject* self, void*) {
  const PackedEncoding e = Of(self);
  const bool marked = SequenceRanges(self) > 0;
  return NewList(e.size(), [&](size_t i) {
    const int8_t sequence = marked ? e.sequence_ids()[i] : 0;
    return NoneOr(sequence, sequence < 0);
  });
}

PyObject* GetNSequences(PyObject* self, void*) {
  return PyLong_FromLong(std::max<long>(1, SequenceRanges(self)));
}

// EncodingPositions' view of the packed encoding: offsets in code points.
struct PackedView {
  PackedEncoding e;
  uint8_t ranges;
  size_t size() const { return e.size(); }
  uint32_t start(size_t i) const { return e.offset_starts()[i]; }
  uint32_t end(size_t i) const { return e.offset_ends()[i]; }
  std::optional<uint32_t> word(size_t i) const {
    const uint32_t w = e.word_ids()[i];
    return w == PackedEncoding::kNoWord ? std::nullopt : std::optional<uint32_t>(w);
  }
  int sequence(size_t i) const { return e.sequence_ids()[i]; }
  size_t sequence_ranges() const { return ranges; }
};

template <typename T>
PyObject* OptionalInt(const std::optional<T>& value) {
  if (!value) Py_RETURN_NONE;
  return PyLong_FromSize_t(static_cast<size_t>(*value));
}

template <typename A, typename B>
PyObject* OptionalPair(const std::optional<std::pair<A, B>>& value) {
  if (!value) Py_RETURN_NONE;
  return Py_BuildValue("(nn)", static_cast<Py_ssize_t>(value->first),
                       static_cast<Py_ssize_t>(value->second));
}

// The position queries take non-negative indices (HF's usize/u32); a negative one is a
// ValueError rather than a huge number.
bool ParseIndex(PyObject* args, PyObject* kwargs, const char* name, Py_ssize_t& index,
                Py_ssize_t& sequence, bool with_sequence) {
  static const char* kSequence = "sequence_index";
  const char* names[] = {name, with_sequence ? kSequence : nullptr, nullptr};
  sequence = 0;
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, with_sequence ? "n|n" : "n",
                                   const_cast<char**>(names), &index, &sequence)) {
    return false;
  }
  if (index < 0 || sequence < 0) {
    PyErr_Format(PyExc_ValueError, "%s and sequence_index must be >= 0", name);
    return false;
  }
  return true;
}

template <typename Query>
PyObject* Ask(PyObject* self, PyObject* args, PyObject* kwargs, const char* name,
              bool with_sequence, Query query) {
  Py_ssize_t index, sequence;
  if (!ParseIndex(args, kwargs, name, index, sequence, with_sequence)) return nullptr;
  const PackedView view{Of(self), SequenceRanges(self)};
  const EncodingPositions<PackedView> positions(view);
  return query(positions, static_cast<size_t>(index), static_cast<size_t>(sequence));
}

using Positions = EncodingPositions<PackedView>;

PyObject* TokenToSequence(PyObject* self, PyObject* args, PyObject* kwargs) {
  return Ask(self, args, kwargs, "token_index", false, [](const Positions& p, size_t t, size_t) {
    return OptionalInt(p.TokenToSequence(t));
  });
}
PyObject* TokenToChars(PyObject* self, PyObject* args, PyObject* kwargs) {
  return Ask(self, args, kwargs, "token_index", false, [](const Positions& p, size_t t, size_t) {
    return OptionalPair(p.TokenToChars(t));
  });
}
PyObject* TokenToWord(PyObject* self, PyObject* args, PyObject* kwargs) {
  return Ask(self, args, kwargs, "token_index", false, [](const Positions& p, size_t t, size_t) {
    return OptionalInt(p.TokenToWord(t));
  });
}
PyObject* CharToToken(PyObject* self, PyObject* args, PyObject* kwargs) {
  return Ask(self, args, kwargs, "char_pos", true, [](const Positions& p, size_t c, size_t s) {
    return OptionalInt(p.CharToToken(c, s));
  });
}
PyObject* CharToWord(PyObject* self, PyObject* args, PyObject* kwargs) {
  return Ask(self, args, kwargs, "char_pos", true, [](const Positions& p, size_t c, size_t s) {
    return OptionalInt(p.CharToWord(c, s));
  });
}
PyObject* WordToTokens(PyObject* self, PyObject* args, PyObject* kwargs) {
  return Ask(self, args, kwargs, "word_index", true, [](const Positions& p, size_t w, size_t s) {
    if (w > UINT32_MAX) Py_RETURN_NONE;
    return OptionalPair(p.WordToTokens(static_cast<uint32_t>(w), s));
  });
}
PyObject* WordToChars(PyObject* self, PyObject* args, PyObject* kwargs) {
  return Ask(self, args, kwargs, "word_index", true, [](const Positions& p, size_t w, size_t s) {
    if (w > UINT32_MAX) Py_RETURN_NONE;
    return OptionalPair(p.WordToChars(static_cast<uint32_t>(w), s));
  });
}

// Makes the object hold `encoding` (taking its arena reference over).
void Fill(PyEncodingObject* object, CompactEncoding encoding) {
  object->size = static_cast<uint32_t>(encoding.size());
  object->block = encoding.block();
  object->sequence_ranges = encoding.sequence_ranges();
  object->arena = encoding.ReleaseArena();
  object->overflowing = nullptr;
  if (!encoding.overflowing().empty()) {
    object->overflowing = new std::vector<CompactEncoding>(std::move(encoding.overflowing()));
  }
}

// Replaces the object's contents (Encoding.pad / truncate change the encoding in place, as HF).
void Replace(PyObject* self, CompactEncoding encoding) {
  auto* object = reinterpret_cast<PyEncodingObject*>(self);
  BlockArena::Release(object->arena);
  delete object->overflowing;
  Fill(object, std::move(encoding));
}

Encoding Unpacked(PyObject* self) {
  static const std::vector<CompactEncoding> kNone;
  const auto* parts = reinterpret_cast<PyEncodingObject*>(self)->overflowing;
  return CompactEncoding::Unpack(Of(self), SequenceRanges(self), parts ? *parts : kNone);
}

bool ParseDirection(const char* name, Direction& direction) {
  const std::string_view d = name;
  if (d == "right" || d == "left") {
    direction = d == "left" ? Direction::kLeft : Direction::kRight;
    return true;
  }
  PyErr_Format(PyExc_ValueError, "direction must be 'right' or 'left', got '%s'", name);
  return false;
}

// HF's Encoding.pad(length, direction='right', pad_id=0, pad_type_id=0, pad_token='[PAD]').
PyObject* Pad(PyObject* self, PyObject* args, PyObject* kwargs) {
  static const char* names[] = {"length", "direction", "pad_id", "pad_type_id", "pad_token",
                                nullptr};
  Py_ssize_t length;
  const char* direction = "right";
  unsigned int pad_id = 0, pad_type_id = 0;
  const char* pad_token = "[PAD]";
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "n|sIIs", const_cast<char**>(names), &length,
                                   &direction, &pad_id, &pad_type_id, &pad_token)) {
    return nullptr;
  }
  PaddingParams params;
  if (length < 0) {
    PyErr_SetString(PyExc_ValueError, "length must be >= 0");
    return nullptr;
  }
  if (!ParseDirection(direction, params.direction)) return nullptr;
  params.pad_id = pad_id;
  params.pad_type_id = pad_type_id;
  params.pad_token = pad_token;
  Encoding e = Unpacked(self);
  PadEncoding(e, static_cast<size_t>(length), params);
  Replace(self, CompactEncoding(e));
  Py_RETURN_NONE;
}

// HF's Encoding.truncate(max_length, stride=0, direction='right').
PyObject* Truncate(PyObject* self, PyObject* args, PyObject* kwargs) {
  static const char* names[] = {"max_length", "stride", "direction", nullptr};
  Py_ssize_t max_length, stride = 0;
  const char* direction = "right";
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "n|ns", const_cast<char**>(names), &max_length,
                                   &stride, &direction)) {
    return nullptr;
  }
  Direction d;
  if (!ParseDirection(direction, d)) return nullptr;
  if (max_length < 0 || stride < 0) {
    PyErr_SetString(PyExc_ValueError, "max_length and stride must be >= 0");
    return nullptr;
  }
  Encoding e = Unpacked(self);
  const absl::Status status =
      TruncateEncoding(e, static_cast<size_t>(max_length), static_cast<size_t>(stride), d);
  if (!status.ok()) {
    PyErr_SetString(PyExc_ValueError, std::string(status.message()).c_str());
    return nullptr;
  }
  Replace(self, CompactEncoding(e));
  Py_RETURN_NONE;
}

// HF's Encoding.merge(encodings, growing_offsets=True), a static method: one Encoding of
// all of them, in order (sequence ranges and overflowing parts combined as HF combines them).
PyObject* MergeEncodings(PyObject*, PyObject* args, PyObject* kwargs) {
  static const char* names[] = {"encodings", "growing_offsets", nullptr};
  PyObject* encodings;
  int growing_offsets = 1;
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|p", const_cast<char**>(names), &encodings,
                                   &growing_offsets)) {
    return nullptr;
  }
  PyObject* iterator = PyObject_GetIter(encodings);
  if (iterator == nullptr) return nullptr;
  std::vector<Encoding> parts;
  while (PyObject* item = PyIter_Next(iterator)) {
    const bool is_encoding = PyObject_TypeCheck(item, encoding_type);
    if (is_encoding) parts.push_back(Unpacked(item));
    Py_DECREF(item);
    if (!is_encoding) {
      Py_DECREF(iterator);
      PyErr_SetString(PyExc_TypeError, "Encoding.merge: expected tokenmill.Encoding items");
      return nullptr;
    }
  }
  Py_DECREF(iterator);
  if (PyErr_Occurred()) return nullptr;
  Encoding::MergeOptions options;
  options.growing_offsets = growing_offsets != 0;
  options.user_encodings = true;
  return NewPyEncoding(CompactEncoding(Encoding::Merge(std::move(parts), options)));
}

#define TM_ENCODING_METHOD(name, fn, doc) \
  {name, reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(fn)), \
   METH_VARARGS | METH_KEYWORDS, doc}

PyMethodDef kMethods[] = {
    TM_ENCODING_METHOD("token_to_sequence", TokenToSequence,
                       "token_to_sequence(token_index): the input (0 or 1) the token came from."),
    TM_ENCODING_METHOD("token_to_chars", TokenToChars,
                       "token_to_chars(token_index): the token's (start, end) in its input."),
    TM_ENCODING_METHOD("token_to_word", TokenToWord,
                       "token_to_word(token_index): the word of its input the token is part of."),
    TM_ENCODING_METHOD("char_to_token", CharToToken,
                       "char_to_token(char_pos, sequence_index=0): the token holding a character."),
    TM_ENCODING_METHOD("char_to_word", CharToWord,
                       "char_to_word(char_pos, sequence_index=0): the word holding a character."),
    TM_ENCODING_METHOD("word_to_tokens", WordToTokens,
                       "word_to_tokens(word_index, sequence_index=0): the word's tokens, "
                       "(start, end)."),
    TM_ENCODING_METHOD("word_to_chars", WordToChars,
                       "word_to_chars(word_index, sequence_index=0): the word's characters, "
                       "(start, end)."),
    TM_ENCODING_METHOD("pad", Pad,
                       "pad(length, direction='right', pad_id=0, pad_type_id=0, pad_token='[PAD]'):"
                       " pads in place (overflowing parts too); longer encodings stay."),
    TM_ENCODING_METHOD("truncate", Truncate,
                       "truncate(max_length, stride=0, direction='right'): cuts in place; the "
                       "rest becomes overflowing windows."),
    {"merge", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(MergeEncodings)),
     METH_VARARGS | METH_KEYWORDS | METH_STATIC,
     "merge(encodings, growing_offsets=True): one Encoding of all of them, in order; with "
     "growing_offsets each one's offsets continue from the end of the previous one's last "
     "token."},
    {nullptr, nullptr, 0, nullptr},
};
#undef TM_ENCODING_METHOD

// Each access returns new objects, as HF's does (they are copies of the parts).
PyObject* GetOverflowing(PyObject* self, void*) {
  const auto* parts = reinterpret_cast<PyEncodingObject*>(self)->overflowing;
  if (parts == nullptr) return PyList_New(0);
  return NewList(parts->size(), [&](size_t i) { return NewPyEncoding((*parts)[i].Clone()); });
}

Py_ssize_t Length(PyObject* self) { return static_cast<Py_ssize_t>(Of(self).size()); }

PyObject* Repr(PyObject* self) {
  const std::string repr =
      "Encoding(num_tokens=" + std::to_string(Of(self).size()) +
      ", attributes=[ids, type_ids, tokens, offsets, attention_mask, special_tokens_mask, "
      "word_ids, overflowing])";
  return PyUnicode_FromStringAndSize(repr.data(), static_cast<Py_ssize_t>(repr.size()));
}

PyGetSetDef kGetters[] = {
    {"ids", GetIds, nullptr, "The token ids.", nullptr},
    {"tokens", GetTokens, nullptr, "The token strings.", nullptr},
    {"type_ids", GetTypeIds, nullptr, "The type (segment) id of each token.", nullptr},
    {"offsets", GetOffsets, nullptr,
     "(start, end) code-point offsets into the text the token came from; (0, 0) for added "
     "special tokens",
     nullptr},
    {"attention_mask", GetAttentionMask, nullptr, "1 for tokens, 0 for padding.", nullptr},
    {"special_tokens_mask", GetSpecialTokensMask, nullptr, "1 for added special tokens.",
     nullptr},
    {"word_ids", GetWordIds, nullptr, "The word each token belongs to (None: no word).",
     nullptr},
    {"words", GetWords, nullptr, "Deprecated: word_ids.", nullptr},
    {"sequence_ids", GetSequenceIds, nullptr,
     "0 or 1: the input the token came from; None for added tokens.", nullptr},
    {"n_sequences", GetNSequences, nullptr, "1, or 2 for an encoded pair.", nullptr},
    {"overflowing", GetOverflowing, nullptr, "The parts truncation cut off, as Encodings.",
     nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

PyType_Slot kSlots[] = {
    {Py_tp_dealloc, reinterpret_cast<void*>(Dealloc)},
    {Py_tp_repr, reinterpret_cast<void*>(Repr)},
    {Py_sq_length, reinterpret_cast<void*>(Length)},
    {Py_tp_getset, kGetters},
    {Py_tp_methods, kMethods},
    {Py_tp_doc, const_cast<char*>("The result of encoding one input (text or pair).")},
    {0, nullptr},
};

PyType_Spec kSpec = {
    "tokenmill.Encoding",
    static_cast<int>(sizeof(PyEncodingObject)),
    0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    kSlots,
};


}  // namespace

PyObject* NewPyEncoding(CompactEncoding encoding) {
  PyEncodingObject* object = PyObject_New(PyEncodingObject, encoding_type);
  if (object == nullptr) return nullptr;
  Fill(object, std::move(encoding));
  return reinterpret_cast<PyObject*>(object);
}

Encoding UnpackPyEncoding(py::handle encoding, const char* what) {
  if (!PyObject_TypeCheck(encoding.ptr(), encoding_type)) {
    throw py::type_error(std::string(what) + ": expected a tokenmill.Encoding");
  }
  return Unpacked(encoding.ptr());
}

py::object WrapEncoding(CompactEncoding encoding) {
  PyObject* object = NewPyEncoding(std::move(encoding));
  if (object == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(object);
}

void RegisterEncoding(py::module_& m) {
  PyObject* type = PyType_FromSpec(&kSpec);
  if (type == nullptr) throw py::error_already_set();
  encoding_type = reinterpret_cast<PyTypeObject*>(type);
  m.attr("Encoding") = py::reinterpret_steal<py::object>(type);
  Py_INCREF(type);  // encoding_type's own reference
}

}  // namespace tokenmill::python
