// StreamDecoder: ids one at a time (a generation loop), text out as soon as it is complete
// UTF-8. Works over a tiktoken Encoding or a Tokenizer whose decoder is ByteLevel.
#include <memory>
#include <string>
#include <utility>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings/python/bindings.h"
#include "bindings/python/shared_tokenizer.h"
#include "bindings/python/status_translator.h"
#include "tokenizers/decoders/byte_level_decoder.h"
#include "tokenizers/decoders/stream_decoder.h"
#include "tokenizers/decode_stream.h"

namespace py = pybind11;

namespace tokenmill::python {
namespace {

// `source` (the Python Encoding or Tokenizer) is kept alive: the decoder reads its vocabulary.
struct PyStreamDecoder {
  py::object source;
  StreamDecoder decoder;
};

StreamDecoder ForTiktoken(const TiktokenEncoding& encoding) {
  return StreamDecoder([&encoding](uint32_t id, std::string& bytes) {
    const auto token = encoding.DecodeSingleTokenBytes(id);
    if (!token.ok()) return false;
    bytes.append(*token);
    return true;
  });
}

StreamDecoder ForTokenizer(const SharedTokenizer& shared) {
  // Neither the model nor the decoder changes after loading (truncation/padding settings
  // are the only writes), so the model may be read without the lock.
  const Model* model = shared.Read([](const Tokenizer& t) -> const Model* {
    if (dynamic_cast<const ByteLevelDecoder*>(t.parts().decoder.get()) == nullptr) {
      return nullptr;
    }
    return t.parts().model.get();
  });
  if (model == nullptr) {
    throw py::value_error(
        "StreamDecoder needs a byte-level tokenizer (decoder \"ByteLevel\", e.g. GPT-2); this "
        "tokenizer's decoder is something else");
  }
  return StreamDecoder::ForByteLevel(*model);
}

std::unique_ptr<PyStreamDecoder> Create(py::object source) {
  if (IsTiktokenEncoding(source)) {
    return std::make_unique<PyStreamDecoder>(
        PyStreamDecoder{source, ForTiktoken(TiktokenOf(source))});
  }
  if (py::isinstance<SharedTokenizer>(source)) {
    return std::make_unique<PyStreamDecoder>(
        PyStreamDecoder{source, ForTokenizer(source.cast<const SharedTokenizer&>())});
  }
  throw py::type_error(
      "StreamDecoder expects a tokenmill.TiktokenEncoding or a tokenmill.Tokenizer, got " +
      std::string(py::str(py::type::handle_of(source).attr("__name__"))));
}

}  // namespace

void RegisterStreamDecoder(py::module_& m) {
  py::class_<PyStreamDecoder>(
      m, "StreamDecoder",
      "Decodes ids one at a time: step(id) returns only newly completed text (bytes of a "
      "character split across tokens are held back); flush() ends the stream. The pieces "
      "joined equal decode(all ids) with errors=\"replace\".")
      .def(py::init(&Create), py::arg("tokenizer"),
           "Over a tokenmill.TiktokenEncoding or a byte-level tokenmill.Tokenizer.")
      .def(
          "step",
          [](PyStreamDecoder& self, uint32_t id) { return ValueOrThrow(self.decoder.Step(id)); },
          py::arg("id"), "The text completed by token `id` (may be empty).")
      .def(
          "flush", [](PyStreamDecoder& self) { return self.decoder.Flush(); },
          "Held-back bytes of an unfinished character as U+FFFD; the decoder is then empty.")
      .def_property_readonly(
          "pending",
          [](const PyStreamDecoder& self) {
            return py::bytes(std::string(self.decoder.pending()));
          },
          "Bytes held back waiting for the rest of a character.");

  // HF's tokenizers.decoders.DecodeStream: for any Tokenizer, through its own decode.
  py::module_ decoders = m.attr("decoders");
  py::class_<DecodeStream>(decoders, "DecodeStream",
                           "HF's DecodeStream: step(tokenizer, id) gives the text an id (or a "
                           "list of ids) adds once it is final, else None.")
      .def(py::init([](std::optional<std::vector<uint32_t>> ids, bool skip_special_tokens) {
             return DecodeStream(ids.value_or(std::vector<uint32_t>{}), skip_special_tokens);
           }),
           py::arg("ids") = py::none(), py::arg("skip_special_tokens") = false)
      .def(
          "step",
          [](DecodeStream& self, const SharedTokenizer& tokenizer, py::handle id) {
            std::vector<uint32_t> ids;
            if (PyLong_Check(id.ptr())) {
              ids.push_back(id.cast<uint32_t>());
            } else {
              ids = id.cast<std::vector<uint32_t>>();
            }
            return ValueOrThrow(
                tokenizer.Read([&](const Tokenizer& t) { return self.Step(t, ids); }));
          },
          py::arg("tokenizer"), py::arg("id"))
      .def("__copy__", [](const DecodeStream& self) { return DecodeStream(self); })
      .def("__deepcopy__", [](const DecodeStream& self, py::handle) { return DecodeStream(self); },
           py::arg("memo"));
}

}  // namespace tokenmill::python
