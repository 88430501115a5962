#include "tokenizers/base/free_memory.h"

#include <cstdlib>  // defines __GLIBC__ (through <features.h>) for the test below

// Not under AddressSanitizer: its allocator owns the heap there.
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#define TOKENMILL_MALLOC_TRIM 1
#include <malloc.h>
#endif
#if defined(__linux__) && !defined(__SANITIZE_ADDRESS__)
#define TOKENMILL_MADVISE 1
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#endif

namespace tokenmill {

void ReturnFreeHeapPages() {
#ifdef TOKENMILL_MALLOC_TRIM
  malloc_trim(0);
#endif
}

void ReturnUnusedPages(const void* begin, const void* end) {
#ifdef TOKENMILL_MADVISE
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t first = (reinterpret_cast<uintptr_t>(begin) + page - 1) & ~(page - 1);
  const uintptr_t last = reinterpret_cast<uintptr_t>(end) & ~(page - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
#else
  (void)begin;
  (void)end;
#endif
}

}  // namespace tokenmill
