#include "bindings/python/status_translator.h"

#include <pybind11/pybind11.h>

namespace tokenmill::python {
namespace {

PyObject* ExceptionTypeFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument: return PyExc_ValueError;
    case absl::StatusCode::kNotFound: return PyExc_FileNotFoundError;
    case absl::StatusCode::kPermissionDenied: return PyExc_PermissionError;
    // A file using a component tokenmill does not support (yet); still a RuntimeError.
    case absl::StatusCode::kUnimplemented: return PyExc_NotImplementedError;
    default: return PyExc_RuntimeError;
  }
}

}  // namespace

void RegisterStatusTranslator() {
  pybind11::register_exception_translator([](std::exception_ptr error) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (const StatusError& e) {
      PyErr_SetString(ExceptionTypeFor(e.status().code()), e.what());
    }
  });
}

}  // namespace tokenmill::python
