// Hands the heap's free pages back to the system (glibc's malloc_trim; a no-op elsewhere).
// Phases that free many small blocks (word tables, line batches) before phases whose big
// arrays are mapped separately would otherwise keep those pages in the process's RSS.
#pragma once

#include <vector>

namespace tokenmill {

void ReturnFreeHeapPages();

// Hands back the whole pages between `begin` and `end`: memory the caller still owns but holds
// nothing in (a vector's capacity past its size). They read as zeros if touched again.
void ReturnUnusedPages(const void* begin, const void* end);

// A vector shrunk by pop_back keeps its buffer: this returns the pages past its size.
template <typename T>
void ReturnUnusedCapacity(std::vector<T>& v) {
  ReturnUnusedPages(v.data() + v.size(), v.data() + v.capacity());
}

}  // namespace tokenmill
