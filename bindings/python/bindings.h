// The module is assembled from one registration function per family of classes.
#pragma once

#include <pybind11/pybind11.h>

#include "bindings/python/compact_encoding.h"
#include "bindings/python/shared_tokenizer.h"
#include "tokenizers/models/tiktoken/tiktoken_encoding.h"

namespace tokenmill::python {

using TokenizerClass = pybind11::class_<SharedTokenizer>;

void RegisterEncoding(pybind11::module_& m);
// A new Python Encoding taking over `encoding`'s block (GIL held): a new reference, or
// null with the Python error set. WrapEncoding throws instead.
PyObject* NewPyEncoding(CompactEncoding encoding);
pybind11::object WrapEncoding(CompactEncoding encoding);
// A tokenmill.Encoding as the core's Encoding (TypeError for anything else).
Encoding UnpackPyEncoding(pybind11::handle encoding, const char* what);
TokenizerClass RegisterTokenizer(pybind11::module_& m);
// Truncation / padding settings (enable_*, no_*, the dict-valued properties).
void RegisterTruncationAndPadding(TokenizerClass& tokenizer);
// tokenmill.AddedToken; Tokenizer.add_tokens / add_special_tokens.
void RegisterAddedTokens(pybind11::module_& m, TokenizerClass& tokenizer);
// encode_batch_numpy: model input as int64 arrays.
void RegisterNumpyBatch(TokenizerClass& tokenizer);

// tokenmill.normalizers / pre_tokenizers / models / processors / decoders, Tokenizer(model) and
// the Tokenizer's component properties.
void RegisterComponents(pybind11::module_& m, TokenizerClass& tokenizer);

// tiktoken-shaped API: get_encoding, encoding_for_model, Encoding.
void RegisterTiktoken(pybind11::module_& m);
// The tiktoken encoding behind a Python Encoding (IsTiktokenEncoding first).
bool IsTiktokenEncoding(pybind11::handle object);
const TiktokenEncoding& TiktokenOf(pybind11::handle encoding);
// tokenmill.trainers (BpeTrainer, WordPieceTrainer), Tokenizer.train/train_from_iterator and
// tokenmill.train.
void RegisterTrainers(pybind11::module_& m, TokenizerClass& tokenizer);
// StreamDecoder over an Encoding or a byte-level Tokenizer (after both are registered).
void RegisterStreamDecoder(pybind11::module_& m);
// tokenmill.bert: the BERT encoder (after the Tokenizer class is registered).
void RegisterBert(pybind11::module_& m);

// sentencepiece-shaped API: SentencePieceProcessor over a .model.
void RegisterSentencePiece(pybind11::module_& m);
// sentencepiece 0.2's SentencePieceNormalizer (sentencepiece_normalizer_binding.cc).
void RegisterSentencePieceNormalizer(pybind11::module_& m);
// SentencePieceTrainer.train: spm_train's flags as keywords or one string.
void RegisterSentencePieceTrainer(pybind11::module_& m);

}  // namespace tokenmill::python
