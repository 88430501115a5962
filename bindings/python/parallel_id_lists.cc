#include "bindings/python/parallel_id_lists.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>

#include "absl/strings/str_format.h"
#include "bindings/python/status_translator.h"

namespace py = pybind11;

namespace tokenmill::python {
namespace {

// Small enough that the converter rarely waits, large enough that the GIL hand-over
// (~0.1 µs) and the per-chunk bookkeeping stay negligible.
constexpr size_t kChunk = 16;

// A new reference, or null with the Python error set (out of memory).
PyObject* NewIdList(const std::vector<uint32_t>& ids) {
  PyObject* list = PyList_New(static_cast<Py_ssize_t>(ids.size()));
  if (list == nullptr) return nullptr;
  for (size_t i = 0; i < ids.size(); ++i) {
    PyObject* id = PyLong_FromUnsignedLong(ids[i]);
    if (id == nullptr) {
      Py_DECREF(list);
      return nullptr;
    }
    PyList_SET_ITEM(list, static_cast<Py_ssize_t>(i), id);  // steals `id`
  }
  return list;
}

}  // namespace

py::list IdList(const std::vector<uint32_t>& ids) {
  PyObject* list = NewIdList(ids);
  if (list == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::list>(list);
}

py::list EncodeToIdLists(
    size_t count, size_t num_threads,
    const std::function<absl::StatusOr<std::vector<uint32_t>>(size_t)>& encode_one) {
  py::list out(count);
  if (count == 0) return out;
  const size_t chunks = (count + kChunk - 1) / kChunk;
  if (num_threads == 0) num_threads = std::max(1u, std::thread::hardware_concurrency());
  num_threads = std::min(num_threads, chunks);

  std::vector<absl::StatusOr<std::vector<uint32_t>>> results(count);
  const auto done = std::make_unique<std::atomic<bool>[]>(chunks);  // value-initialized: false
  std::atomic<size_t> next_chunk{0};
  auto encode_chunk = [&](size_t chunk) {
    const size_t end = std::min(count, (chunk + 1) * kChunk);
    for (size_t i = chunk * kChunk; i < end; ++i) results[i] = encode_one(i);
    done[chunk].store(true, std::memory_order_release);
  };
  auto helper = [&] {
    for (size_t c = next_chunk++; c < chunks; c = next_chunk++) encode_chunk(c);
  };

  absl::Status error;
  size_t error_index = 0;
  bool python_error = false;  // set while converting (out of memory): raised after the join
  {
    py::gil_scoped_release release;
    std::vector<std::thread> helpers;
    for (size_t t = 1; t < num_threads; ++t) helpers.emplace_back(helper);
    for (size_t converted = 0; converted < chunks && error.ok() && !python_error;) {
      if (done[converted].load(std::memory_order_acquire)) {
        const size_t end = std::min(count, (converted + 1) * kChunk);
        py::gil_scoped_acquire acquire;
        for (size_t i = converted * kChunk; i < end; ++i) {
          if (!results[i].ok()) {
            error = results[i].status();
            error_index = i;
            next_chunk = chunks;  // the helpers stop after their current chunk
            break;
          }
          PyObject* ids = NewIdList(*results[i]);
          if (ids == nullptr) {
            python_error = true;
            next_chunk = chunks;
            break;
          }
          PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i), ids);  // steals `ids`
          *results[i] = {};  // frees the ids now, while the cache still holds them
        }
        ++converted;
      } else if (size_t c = next_chunk++; c < chunks) {
        encode_chunk(c);
      } else {
        std::this_thread::yield();  // a helper is finishing chunk `converted`
      }
    }
    for (std::thread& thread : helpers) thread.join();
  }
  if (python_error) throw py::error_already_set();
  if (!error.ok()) {
    throw StatusError(absl::Status(error.code(),
                                   absl::StrFormat("text %d: %s", error_index, error.message())));
  }
  return out;
}

}  // namespace tokenmill::python
