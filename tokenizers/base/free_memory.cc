#include "tokenizers/base/free_memory.h"

#include <cstdlib>  // defines __GLIBC__ (through <features.h>) for the test below

// Not under AddressSanitizer: its allocator owns the heap there.
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#define TOKENMILL_MALLOC_TRIM 1
#include <malloc.h>
#endif

namespace tokenmill {

void ReturnFreeHeapPages() {
#ifdef TOKENMILL_MALLOC_TRIM
  malloc_trim(0);
#endif
}

}  // namespace tokenmill
