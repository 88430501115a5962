// The Python-side owner of a Tokenizer. Encoding runs without the GIL, possibly from several
// Python threads at once, while enable_truncation()/enable_padding() change the settings:
// a reader/writer lock keeps those apart. Never touch Python objects while holding the lock
// (a writer may be waiting for it with the GIL held).
#pragma once

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <utility>

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
  // Runs `write(Tokenizer&)` alone.
  template <typename F>
  auto Write(F&& write) {
    std::unique_lock lock(mutex_);
    return write(*tokenizer_);
  }

 private:
  std::unique_ptr<Tokenizer> tokenizer_;
  mutable std::shared_mutex mutex_;
};

}  // namespace tokenmill::python
