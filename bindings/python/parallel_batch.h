// A batch encoded on threads without the GIL, its Python results built while it is encoded.
//
// Python objects need the GIL, so they cannot be built on the worker threads; built after the
// encoding, they are a serial tail that caps the speed-up of threads (for HF-shaped Encoding
// objects that tail was a third of a one-thread batch). Here the calling thread converts
// finished chunks in order, holding the GIL only for that, while the other threads keep
// encoding; when the next chunk is not finished yet it encodes a chunk itself. What the
// converter does under the GIL should be only wrapping (see compact_encoding.h): everything
// that can be computed without Python is computed by `produce`, in parallel.
#pragma once

#include <cstddef>
#include <functional>

#include <pybind11/pybind11.h>

#include "absl/status/status.h"

namespace tokenmill::python {

struct BatchWork {
  // Encodes item `index` without the GIL on one of the threads; `worker` (below
  // BatchWorkers()) says which, so per-thread scratch buffers can be kept.
  std::function<absl::Status(size_t index, size_t worker)> produce;
  // Optional: called on the same thread after produce ran for items [begin, end) (a chunk,
  // converted together), e.g. to pack their results in one allocation.
  std::function<void(size_t begin, size_t end)> finish_chunk;
  // With the GIL: the Python object for produced item `index` (a new reference), or null
  // with a Python error set.
  std::function<PyObject*(size_t index)> convert;
  // Names a failing item in the error: "<what> <index>: <message>".
  const char* what = "input";
};

// RunBatch hands out items in chunks of this many consecutive indices; all items of a chunk are
// produced by one thread, in order (so a chunk can share one output buffer).
inline constexpr size_t kBatchChunk = 16;

// How many threads RunBatch uses for `count` items (num_threads 0: all cores).
size_t BatchWorkers(size_t count, size_t num_threads);

// list of convert(i) for i < count, in order. The first failing item (by index) raises.
// Call with the GIL held.
pybind11::list RunBatch(size_t count, size_t num_threads, const BatchWork& work);

}  // namespace tokenmill::python
