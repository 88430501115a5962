// The kernels built for avx512 (compile options in bert/CMakeLists.txt).
#define TM_KERNEL_NS avx512
#define TM_KERNEL_NAME "avx512"
#define TM_EIGEN_NS tokenmill_eigen_avx512
#include "bert/kernels_impl.inc"
