#include "bindings/python/parallel_id_lists.h"

#include "bindings/python/parallel_batch.h"

namespace py = pybind11;

namespace tokenmill::python {

py::list IdList(const std::vector<uint32_t>& ids) {
  PyObject* list = NewIntList(ids.data(), ids.size());
  if (list == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::list>(list);
}

py::list EncodeToIdLists(
    size_t count, size_t num_threads,
    const std::function<absl::Status(size_t, std::vector<uint32_t>&)>& encode_one) {
  ChunkPackedIds<uint32_t> results(count);
  BatchWork work;
  work.produce = [&](size_t i, size_t) {
    return results.Append(i, [&](std::vector<uint32_t>& ids) { return encode_one(i, ids); });
  };
  work.convert = [&](size_t i) {
    PyObject* list = NewIntList(results.data(i), results.size(i));
    results.Done(i);  // frees the chunk's ids now, while the cache still holds them
    return list;
  };
  work.what = "text";
  return RunBatch(count, num_threads, work);
}

}  // namespace tokenmill::python
