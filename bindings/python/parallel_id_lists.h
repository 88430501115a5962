// Batch encoding straight into Python lists of ids (the tiktoken-shaped batch calls), the
// lists built while the batch is encoded (parallel_batch.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <type_traits>
#include <vector>

#include <pybind11/pybind11.h>

#include "absl/status/statusor.h"
#include "bindings/python/int_cache.h"

namespace tokenmill::python {

// `encode_one(i)` (called without the GIL, from any thread) encodes input i of `count`.
// Returns list[list[int]] in input order; the first failing input (by index) raises, naming
// it. num_threads 0 means all cores. Call with the GIL held.
pybind11::list EncodeToIdLists(
    size_t count, size_t num_threads,
    const std::function<absl::StatusOr<std::vector<uint32_t>>(size_t)>& encode_one);

// One list of ids as a Python list of int (GIL held).
pybind11::list IdList(const std::vector<uint32_t>& ids);

// A new reference to a list of int, or null with the Python error set (GIL held). The ints
// are shared objects (int_cache.h).
template <typename Int>
PyObject* NewIntList(const Int* values, size_t size) {
  PyObject* list = PyList_New(static_cast<Py_ssize_t>(size));
  if (list == nullptr) return nullptr;
  for (size_t i = 0; i < size; ++i) {
    PyObject* value = std::is_signed_v<Int> && values[i] < 0
                          ? PyLong_FromLongLong(static_cast<long long>(values[i]))
                          : SharedInt(static_cast<uint64_t>(values[i]));
    if (value == nullptr) {
      Py_DECREF(list);
      return nullptr;
    }
    PyList_SET_ITEM(list, static_cast<Py_ssize_t>(i), value);  // steals `value`
  }
  return list;
}

}  // namespace tokenmill::python
