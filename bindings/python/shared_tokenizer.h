// The Python-side owner of a Tokenizer. Encoding runs without the GIL, possibly from several
// Python threads at once, while enable_truncation()/enable_padding() change the settings:
// a reader/writer lock keeps those apart. A reader may take the GIL while it holds the lock
// (encode_batch builds its Python results while the batch is still being encoded), so a
// writer never waits for the lock with the GIL held, and a writer's function must not touch
// Python objects.
#pragma once

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <utility>

#include <pybind11/pybind11.h>

#include "tokenizers/tokenizer.h"

namespace tokenmill::python {

class SharedTokenizer {
 public:
  explicit SharedTokenizer(std::unique_ptr<Tokenizer> tokenizer)
      : tokenizer_(std::move(tokenizer)) {}

  // Runs `read(const Tokenizer&)` alongside other readers.
  template <typename F>
  auto Read(F&& read) const {
    std::shared_lock lock(mutex_);
    return read(static_cast<const Tokenizer&>(*tokenizer_));
  }
  // Runs `write(Tokenizer&)` alone. Waits for the readers without the GIL, and gives the lock
  // up before taking the GIL back (a reader may hold the GIL while it waits for the lock).
  template <typename F>
  auto Write(F&& write) {
    {
      std::unique_lock lock(mutex_, std::try_to_lock);
      if (lock.owns_lock() || !PyGILState_Check()) {
        if (!lock.owns_lock()) lock.lock();
        return write(*tokenizer_);
      }
    }
    pybind11::gil_scoped_release release;
    std::unique_lock lock(mutex_);
    return write(*tokenizer_);
  }

 private:
  std::unique_ptr<Tokenizer> tokenizer_;
  mutable std::shared_mutex mutex_;
};

}  // namespace tokenmill::python
