#include "tokenizers/base/free_memory.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace tokenmill {

void ReturnFreeHeapPages() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

}  // namespace tokenmill
