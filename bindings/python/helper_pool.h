// Threads kept for the batch calls of the process.
//
// A batch used to start its helper threads and join them. A new thread starts with cold
// thread-local state (the BPE piece cache, scratch buffers, ICU break iterators), so each
// helper ran slower than the calling thread and short batches scaled worse than the encoder
// itself. Kept threads keep that state warm, as HF's rayon pool does.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

namespace tokenmill::python {

// Runs task(w) for w = 1 … helpers on kept threads, each as soon as one is free. Finish
// (or the destructor) waits for the tasks that started and cancels the others, so a task must
// be optional: RunBatch's helpers only take chunks nobody has taken yet. Call without the GIL.
class HelperRun {
 public:
  HelperRun(size_t helpers, std::function<void(size_t worker)> task);
  HelperRun(const HelperRun&) = delete;
  HelperRun& operator=(const HelperRun&) = delete;
  ~HelperRun() { Finish(); }
  void Finish();

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace tokenmill::python
