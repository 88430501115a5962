#include "bindings/python/int_cache.h"

#include <vector>

namespace tokenmill::python {

PyObject* SharedInt(uint64_t value) {
  if (value >= kSharedIntLimit) return PyLong_FromUnsignedLongLong(value);
  // Only touched with the GIL held. The objects live as long as the process (never freed,
  // like CPython's small ints), so ids handed out stay valid across interpreter calls.
  static std::vector<PyObject*>* const table = new std::vector<PyObject*>();
  if (value >= table->size()) table->resize(value + 1, nullptr);
  PyObject*& slot = (*table)[value];
  if (slot == nullptr) {
    slot = PyLong_FromUnsignedLongLong(value);
    if (slot == nullptr) return nullptr;
  }
  Py_INCREF(slot);
  return slot;
}

}  // namespace tokenmill::python
