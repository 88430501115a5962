// sentencepiece 0.2's Normalize(input, with_offsets), shared by SentencePieceProcessor and
// SentencePieceNormalizer: a str gives a str (and code-point offsets), bytes give bytes (and
// byte offsets), a list gives a list.
#pragma once

#include <string_view>

#include <pybind11/pybind11.h>

#include "absl/functional/function_ref.h"
#include "tokenizers/sentencepiece/sentencepiece_normalizer.h"

namespace tokenmill::python {

// `normalize(text, out)` normalizes one text (raising a Python exception on error).
pybind11::object NormalizeForPython(
    pybind11::handle input, pybind11::handle with_offsets,
    absl::FunctionRef<void(std::string_view, SentencePieceNormalized&)> normalize);

}  // namespace tokenmill::python
