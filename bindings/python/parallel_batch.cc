#include "bindings/python/parallel_batch.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "bindings/python/helper_pool.h"
#include "bindings/python/status_translator.h"

namespace py = pybind11;

namespace tokenmill::python {
namespace {

// Small enough that the converter rarely waits, large enough that the GIL hand-over
// (~0.1 µs) and the per-chunk bookkeeping stay negligible.
constexpr size_t kChunk = kBatchChunk;

size_t ChunkCount(size_t count) { return (count + kChunk - 1) / kChunk; }

// Pauses CPython's cyclic collector while a chunk's results are wrapped. Every 700 new
// containers (each id list is one) start a collection that walks the young objects and, every
// few, the whole heap, serially under the GIL: for batches of id lists that was over half of
// the wrapping time. The results hold only ints, strings and tokenmill objects, so they form
// no cycles; the collector still sees them afterwards. Other Python threads run only while
// the GIL is released, between chunks, so they never see the collector paused.
class PausedCollector {
 public:
#if PY_VERSION_HEX >= 0x030A0000
  PausedCollector() : was_enabled_(PyGC_Disable()) {}
  ~PausedCollector() {
    if (was_enabled_) PyGC_Enable();
  }

 private:
  int was_enabled_;
#endif
};

}  // namespace

size_t BatchWorkers(size_t count, size_t num_threads) {
  if (num_threads == 0) num_threads = std::max(1u, std::thread::hardware_concurrency());
  return std::max<size_t>(1, std::min(num_threads, ChunkCount(count)));
}

py::list RunBatch(size_t count, size_t num_threads, const BatchWork& work) {
  py::list out(count);
  if (count == 0) return out;
  const size_t chunks = ChunkCount(count);
  const size_t workers = BatchWorkers(count, num_threads);

  std::vector<absl::Status> statuses(count);
  const auto done = std::make_unique<std::atomic<bool>[]>(chunks);  // value-initialized: false
  std::atomic<size_t> next_chunk{0};
  auto produce_chunk = [&](size_t chunk, size_t worker) {
    const size_t end = std::min(count, (chunk + 1) * kChunk);
    for (size_t i = chunk * kChunk; i < end; ++i) statuses[i] = work.produce(i, worker);
    if (work.finish_chunk) work.finish_chunk(chunk * kChunk, end);
    done[chunk].store(true, std::memory_order_release);
  };
  auto helper = [&](size_t worker) {
    for (size_t c = next_chunk++; c < chunks; c = next_chunk++) produce_chunk(c, worker);
  };

  absl::Status error;
  size_t error_index = 0;
  bool python_error = false;  // set while converting (out of memory): raised after the join
  {
    py::gil_scoped_release release;
    HelperRun helpers(workers - 1, helper);
    for (size_t converted = 0; converted < chunks && error.ok() && !python_error;) {
      if (done[converted].load(std::memory_order_acquire)) {
        const size_t end = std::min(count, (converted + 1) * kChunk);
        py::gil_scoped_acquire acquire;
        PausedCollector paused;
        for (size_t i = converted * kChunk; i < end; ++i) {
          if (!statuses[i].ok()) {
            error = std::move(statuses[i]);
            error_index = i;
            next_chunk = chunks;  // the helpers stop after their current chunk
            break;
          }
          PyObject* item = work.convert(i);
          if (item == nullptr) {
            python_error = true;
            next_chunk = chunks;
            break;
          }
          PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i), item);  // steals `item`
        }
        ++converted;
      } else if (size_t c = next_chunk++; c < chunks) {
        produce_chunk(c, 0);
      } else {
        std::this_thread::yield();  // a helper is finishing chunk `converted`
      }
    }
    helpers.Finish();
  }
  if (python_error) throw py::error_already_set();
  if (!error.ok()) {
    throw StatusError(absl::Status(
        error.code(), absl::StrFormat("%s %d: %s", work.what, error_index, error.message())));
  }
  return out;
}

}  // namespace tokenmill::python
