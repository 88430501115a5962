// The module is assembled from one registration function per family of classes.
#pragma once

#include <pybind11/pybind11.h>

#include "bindings/python/shared_tokenizer.h"

namespace tokenmill::python {

using TokenizerClass = pybind11::class_<SharedTokenizer>;

void RegisterEncoding(pybind11::module_& m);
TokenizerClass RegisterTokenizer(pybind11::module_& m);
// Truncation / padding settings (enable_*, no_*, the dict-valued properties).
void RegisterTruncationAndPadding(TokenizerClass& tokenizer);
// encode_batch_numpy: model input as int64 arrays.
void RegisterNumpyBatch(TokenizerClass& tokenizer);

}  // namespace tokenmill::python
