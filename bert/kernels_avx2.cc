// The kernels built for avx2 (compile options in bert/CMakeLists.txt).
#define TM_KERNEL_NS avx2
#define TM_KERNEL_NAME "avx2"
#define TM_EIGEN_NS tokenmill_eigen_avx2
#include "bert/kernels_impl.inc"
