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

// A batch's id lists, moved per chunk (BatchWork::finish_chunk) into one buffer on the worker
// that made them, so that the thread wrapping them under the GIL frees one buffer per chunk
// instead of one vector per item (a free from another thread's heap costs ~50 ns).
template <typename Id>
class ChunkPackedIds {
 public:
  explicit ChunkPackedIds(size_t count) : items_(count), spans_(count) {}
  // Item i's ids, filled by BatchWork::produce.
  std::vector<Id>& item(size_t i) { return items_[i]; }
  // On the worker, after produce ran for [begin, end).
  void Pack(size_t begin, size_t end) {
    size_t total = 0;
    for (size_t i = begin; i < end; ++i) total += items_[i].size();
    std::vector<Id>& buffer = items_[begin];  // item `begin` keeps the chunk's buffer
    std::vector<Id> packed;
    packed.reserve(total);
    for (size_t i = begin; i < end; ++i) {
      spans_[i] = {packed.size(), items_[i].size(), begin, end};
      packed.insert(packed.end(), items_[i].begin(), items_[i].end());
      if (i != begin) items_[i] = {};
    }
    buffer = std::move(packed);
  }
  const Id* data(size_t i) const { return items_[spans_[i].chunk_begin].data() + spans_[i].offset; }
  size_t size(size_t i) const { return spans_[i].size; }
  // After the last item of a chunk is wrapped: frees the chunk's buffer.
  void Done(size_t i) {
    if (i + 1 == spans_[i].chunk_end) items_[spans_[i].chunk_begin] = {};
  }

 private:
  struct Span {
    size_t offset = 0, size = 0, chunk_begin = 0, chunk_end = 0;
  };
  std::vector<std::vector<Id>> items_;
  std::vector<Span> spans_;
};

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
