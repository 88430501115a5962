// Python ints for token ids, made once and shared.
//
// A batch returns millions of ids; building each as a new int object (and freeing it when the
// lists are dropped) is an allocation and a free per id, serial under the GIL — for
// SentencePiece and tiktoken batches that was a fifth of a one-thread batch. Token ids are
// few (a vocabulary) and ints are immutable, so every list can share one object per id, as
// CPython itself does for -5..256.
#pragma once

#include <cstdint>

#include <Python.h>

namespace tokenmill::python {

// A new reference to the int `value` (GIL held), or null with the Python error set. Values
// below kSharedIntLimit come from the shared table, which grows to the largest value asked.
inline constexpr uint64_t kSharedIntLimit = uint64_t{1} << 20;
PyObject* SharedInt(uint64_t value);

}  // namespace tokenmill::python
