// The one place where absl::Status becomes a Python exception.
#pragma once

#include <exception>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tokenmill::python {

// Carries a non-OK status out of binding code (also from GIL-free sections) to the translator
// that RegisterStatusTranslator installs:
//   InvalidArgument → ValueError, NotFound → FileNotFoundError,
//   PermissionDenied → PermissionError, Unimplemented → NotImplementedError (a RuntimeError),
//   anything else → RuntimeError.
class StatusError : public std::exception {
 public:
  explicit StatusError(absl::Status status)
      : status_(std::move(status)), message_(status_.message()) {}
  const char* what() const noexcept override { return message_.c_str(); }
  const absl::Status& status() const { return status_; }

 private:
  absl::Status status_;
  std::string message_;
};

inline void ThrowIfError(absl::Status status) {
  if (!status.ok()) throw StatusError(std::move(status));
}

template <typename T>
T ValueOrThrow(absl::StatusOr<T> result) {
  if (!result.ok()) throw StatusError(std::move(result).status());
  return *std::move(result);
}

void RegisterStatusTranslator();

}  // namespace tokenmill::python
