#include <memory>
#include <string>
#include <utility>

#include "bindings/python/bindings.h"
#include "bindings/python/sentencepiece_proto.h"
#include "tokenizers/sentencepiece/sentencepiece_text_proto.h"

namespace tokenmill::python {
namespace {

namespace py = pybind11;
using PieceProto = spm::SentencePieceText::SentencePiece;

// Each wrapper keeps the message it reads alive (nested ones through their root).
struct ImmutablePiece {
  std::shared_ptr<const PieceProto> proto;
};
struct ImmutableText {
  std::shared_ptr<const spm::SentencePieceText> proto;
};
struct ImmutableNBest {
  std::shared_ptr<const spm::NBestSentencePieceText> proto;
};
// sentencepiece's ImmutableSentencePieceIterator / ImmutableSentencePieceTextIterator: a
// sequence view of a repeated field.
struct PieceList {
  std::shared_ptr<const spm::SentencePieceText> proto;
};
struct TextList {
  std::shared_ptr<const spm::NBestSentencePieceText> proto;
};

py::str Utf8(const std::string& s) { return py::str(s.data(), s.size()); }

std::string PieceString(const PieceProto& p) {
  return py::str("piece: \"{}\"\nid: {}\nsurface: \"{}\"\nbegin: {}\nend: {}\n")
      .format(Utf8(p.piece()), p.id(), Utf8(p.surface()), p.begin(), p.end())
      .cast<std::string>();
}

std::string TextString(const spm::SentencePieceText& t) {
  std::string pieces;
  for (int i = 0; i < t.pieces_size(); ++i) {
    if (i > 0) pieces += '\n';
    pieces += "pieces {\n" + PieceString(t.pieces(i)) + "}";
  }
  return py::str("text: \"{}\"\nscore: {}\n{}")
      .format(Utf8(t.text()), py::float_(t.score()), Utf8(pieces))
      .cast<std::string>();
}

std::string NBestString(const spm::NBestSentencePieceText& n) {
  std::string out;
  for (int i = 0; i < n.nbests_size(); ++i) {
    if (i > 0) out += '\n';
    out += "nbests {\n" + TextString(n.nbests(i)) + "}";
  }
  return out;
}

ImmutablePiece PieceAt(const PieceList& list, int i) {
  return ImmutablePiece{std::shared_ptr<const PieceProto>(list.proto, &list.proto->pieces(i))};
}
ImmutableText TextAt(const TextList& list, int i) {
  return ImmutableText{
      std::shared_ptr<const spm::SentencePieceText>(list.proto, &list.proto->nbests(i))};
}

// __getitem__ as sentencepiece's iterators: an int (negative from the end; IndexError past
// either end, naming the field) or a slice (a list).
template <typename List, typename At>
py::object GetItem(const List& list, int size, py::handle index, const char* field, At at) {
  if (py::isinstance<py::slice>(index)) {
    py::list all;
    for (int i = 0; i < size; ++i) all.append(py::cast(at(list, i)));
    return all[py::reinterpret_borrow<py::slice>(index)];
  }
  int i = index.cast<int>();
  if (i < 0) i += size;
  if (i < 0 || i >= size) throw py::index_error(std::string(field) + " index is out of range");
  return py::cast(at(list, i));
}

template <typename List, typename At>
py::iterator Iterate(const List& list, int size, At at) {
  py::list all;
  for (int i = 0; i < size; ++i) all.append(py::cast(at(list, i)));
  return py::iter(all);
}

// __eq__ as sentencepiece: by serialized bytes (anything without SerializeAsString: False).
template <typename T>
bool SameBytes(const T& self, py::handle other) {
  if (!py::hasattr(other, "SerializeAsString")) return false;
  return py::bytes(self.proto->SerializeAsString()).equal(other.attr("SerializeAsString")());
}

}  // namespace

OutType ParseOutType(py::handle out_type, OutType fallback) {
  if (out_type.is_none()) return fallback;
  if (out_type.ptr() == reinterpret_cast<PyObject*>(&PyLong_Type)) return OutType::kIds;
  if (out_type.ptr() == reinterpret_cast<PyObject*>(&PyUnicode_Type)) return OutType::kPieces;
  if (py::isinstance<py::str>(out_type)) {
    const std::string name = out_type.cast<std::string>();
    if (name == "serialized_proto" || name == "proto") return OutType::kSerializedProto;
    if (name == "immutable_proto") return OutType::kImmutableProto;
  }
  throw py::value_error("out_type must be int, str, 'serialized_proto' or 'immutable_proto'");
}

py::object TextProtoToPython(spm::SentencePieceText text, OutType type) {
  if (type == OutType::kSerializedProto) return py::bytes(text.SerializeAsString());
  ConvertToUnicodeSpans(text);
  return py::cast(ImmutableText{std::make_shared<const spm::SentencePieceText>(std::move(text))});
}

py::object NBestProtoToPython(spm::NBestSentencePieceText nbests, OutType type) {
  if (type == OutType::kSerializedProto) return py::bytes(nbests.SerializeAsString());
  for (spm::SentencePieceText& text : *nbests.mutable_nbests()) ConvertToUnicodeSpans(text);
  return py::cast(
      ImmutableNBest{std::make_shared<const spm::NBestSentencePieceText>(std::move(nbests))});
}

void RegisterSentencePieceProtos(py::module_& m) {
  py::class_<ImmutablePiece>(m, "ImmutableSentencePieceText_ImmutableSentencePiece",
                             "One piece of an ImmutableSentencePieceText (sentencepiece's).")
      .def_property_readonly("piece", [](const ImmutablePiece& p) { return Utf8(p.proto->piece()); })
      .def_property_readonly("id", [](const ImmutablePiece& p) { return p.proto->id(); })
      .def_property_readonly("surface", [](const ImmutablePiece& p) { return Utf8(p.proto->surface()); })
      .def_property_readonly("begin", [](const ImmutablePiece& p) { return p.proto->begin(); })
      .def_property_readonly("end", [](const ImmutablePiece& p) { return p.proto->end(); })
      .def("__str__", [](const ImmutablePiece& p) { return PieceString(*p.proto); })
      .def("__repr__", [](const ImmutablePiece& p) { return PieceString(*p.proto); })
      .def("__eq__",
           [](const ImmutablePiece& p, py::handle other) {
             if (!py::isinstance<ImmutablePiece>(other)) return false;
             const PieceProto& o = *other.cast<const ImmutablePiece&>().proto;
             const PieceProto& s = *p.proto;
             return s.piece() == o.piece() && s.id() == o.id() && s.surface() == o.surface() &&
                    s.begin() == o.begin() && s.end() == o.end();
           })
      .def("__hash__", [](const ImmutablePiece& p) { return py::hash(py::str(PieceString(*p.proto))); });

  py::class_<PieceList>(m, "ImmutableSentencePieceIterator", "The pieces of an ImmutableSentencePieceText.")
      .def("__len__", [](const PieceList& l) { return l.proto->pieces_size(); })
      .def("__getitem__",
           [](const PieceList& l, py::handle i) {
             return GetItem(l, l.proto->pieces_size(), i, "piece", PieceAt);
           })
      .def("__iter__", [](const PieceList& l) { return Iterate(l, l.proto->pieces_size(), PieceAt); })
      .def("__str__", [](const PieceList& l) {
        std::string out;
        for (int i = 0; i < l.proto->pieces_size(); ++i) {
          out += (i > 0 ? "\n" : "") + std::string("pieces {\n") + PieceString(l.proto->pieces(i)) + "}";
        }
        return out;
      })
      .def("__repr__", [](py::handle self) { return py::str(self); });

  py::class_<ImmutableText>(m, "ImmutableSentencePieceText",
                            "sentencepiece's SentencePieceText, read-only, spans in code points.")
      .def_property_readonly("text", [](const ImmutableText& t) { return Utf8(t.proto->text()); })
      .def_property_readonly("score", [](const ImmutableText& t) { return t.proto->score(); })
      .def_property_readonly("pieces", [](const ImmutableText& t) { return PieceList{t.proto}; })
      .def("SerializeAsString", [](const ImmutableText& t) { return py::bytes(t.proto->SerializeAsString()); })
      .def("__eq__", &SameBytes<ImmutableText>)
      .def("__hash__", [](const ImmutableText& t) { return py::hash(py::bytes(t.proto->SerializeAsString())); })
      .def("__str__", [](const ImmutableText& t) { return TextString(*t.proto); })
      .def("__repr__", [](const ImmutableText& t) { return TextString(*t.proto); });

  py::class_<TextList>(m, "ImmutableSentencePieceTextIterator", "The texts of an ImmutableNBestSentencePieceText.")
      .def("__len__", [](const TextList& l) { return l.proto->nbests_size(); })
      .def("__getitem__",
           [](const TextList& l, py::handle i) {
             return GetItem(l, l.proto->nbests_size(), i, "nbests", TextAt);
           })
      .def("__iter__", [](const TextList& l) { return Iterate(l, l.proto->nbests_size(), TextAt); })
      .def("__str__", [](const TextList& l) { return NBestString(*l.proto); })
      .def("__repr__", [](const TextList& l) { return NBestString(*l.proto); });

  py::class_<ImmutableNBest>(m, "ImmutableNBestSentencePieceText",
                             "sentencepiece's NBestSentencePieceText, read-only.")
      .def_property_readonly("nbests", [](const ImmutableNBest& n) { return TextList{n.proto}; })
      .def("SerializeAsString", [](const ImmutableNBest& n) { return py::bytes(n.proto->SerializeAsString()); })
      .def("__eq__", &SameBytes<ImmutableNBest>)
      .def("__hash__", [](const ImmutableNBest& n) { return py::hash(py::bytes(n.proto->SerializeAsString())); })
      .def("__str__", [](const ImmutableNBest& n) { return NBestString(*n.proto); })
      .def("__repr__", [](const ImmutableNBest& n) { return NBestString(*n.proto); });
}

}  // namespace tokenmill::python
