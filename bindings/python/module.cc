// PYBIND11_MODULE(tokenmill): an API shaped like Hugging Face `tokenizers`.
#include <pybind11/pybind11.h>

#include "bindings/python/bindings.h"
#include "bindings/python/sentencepiece_proto.h"
#include "bindings/python/status_translator.h"

PYBIND11_MODULE(tokenmill, m) {
  m.doc() =
      "tokenmill: fast tokenizers matching Hugging Face tokenizers.\n\n"
      "    tok = tokenmill.Tokenizer.from_file('tokenizer.json')\n"
      "    enc = tok.encode('Hello world')  # .ids .tokens .offsets (code points) ...\n";
  m.attr("__version__") = "0.1.0";
  tokenmill::python::RegisterStatusTranslator();
  tokenmill::python::RegisterEncoding(m);
  auto tokenizer = tokenmill::python::RegisterTokenizer(m);
  tokenmill::python::RegisterTruncationAndPadding(tokenizer);
  tokenmill::python::RegisterAddedTokens(m, tokenizer);
  tokenmill::python::RegisterComponents(m, tokenizer);
  tokenmill::python::RegisterNumpyBatch(tokenizer);
  tokenmill::python::RegisterTrainers(m, tokenizer);
  tokenmill::python::RegisterTiktoken(m);
  tokenmill::python::RegisterStreamDecoder(m);
  tokenmill::python::RegisterSentencePieceProtos(m);
  tokenmill::python::RegisterSentencePiece(m);
  tokenmill::python::RegisterSentencePieceNormalizer(m);
  tokenmill::python::RegisterSentencePieceTrainer(m);
  tokenmill::python::RegisterBert(m);
}
