// Hands the heap's free pages back to the system (glibc's malloc_trim; a no-op elsewhere).
// Phases that free many small blocks (word tables, line batches) before phases whose big
// arrays are mapped separately would otherwise keep those pages in the process's RSS.
#pragma once

namespace tokenmill {

void ReturnFreeHeapPages();

}  // namespace tokenmill
