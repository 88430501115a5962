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
#include "bindings/python/parallel_batch.h"

namespace tokenmill::python {

// A batch's id lists, appended per chunk (parallel_batch.h: one thread produces a chunk, in
// order) into one buffer: no allocation per item on the workers, and the thread wrapping them
// under the GIL frees one buffer per chunk instead of one vector per item (a free from another
// thread's heap costs ~50 ns).
template <typename Id>
class ChunkPackedIds {
 public:
  explicit ChunkPackedIds(size_t count)
      : chunks_((count + kBatchChunk - 1) / kBatchChunk), spans_(count) {}
  // On the worker producing item i: `append(buffer)` appends item i's ids to `buffer` and
  // returns its status.
  template <typename AppendIds>
  absl::Status Append(size_t i, AppendIds&& append) {
    std::vector<Id>& buffer = chunks_[i / kBatchChunk].ids;
    const size_t offset = buffer.size();
    absl::Status status = append(buffer);
    spans_[i] = {offset, buffer.size() - offset};
    return status;
  }
  const Id* data(size_t i) const { return chunks_[i / kBatchChunk].ids.data() + spans_[i].offset; }
  size_t size(size_t i) const { return spans_[i].size; }
  // After the last item of a chunk is wrapped: frees the chunk's buffer.
  void Done(size_t i) {
    if ((i + 1) % kBatchChunk == 0 || i + 1 == spans_.size()) chunks_[i / kBatchChunk].ids = {};
  }

 private:
  struct Span {
    size_t offset = 0, size = 0;
  };
  // A cache line each: threads append to neighbouring chunks at once, and every append writes
  // the vector's end pointer.
  struct alignas(64) Chunk {
    std::vector<Id> ids;
  };
  std::vector<Chunk> chunks_;
  std::vector<Span> spans_;
};

// `encode_one(i, ids)` (called without the GIL, from any thread) appends the ids of input i of
// `count` to `ids`. Returns list[list[int]] in input order; the first failing input (by index)
// raises, naming it. num_threads 0 means all cores. Call with the GIL held.
pybind11::list EncodeToIdLists(
    size_t count, size_t num_threads,
    const std::function<absl::Status(size_t, std::vector<uint32_t>&)>& encode_one);

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
