// The kernels built for generic (compile options in bert/CMakeLists.txt).
#define TM_KERNEL_NS generic
#define TM_KERNEL_NAME "generic"
#define TM_EIGEN_NS tokenmill_eigen_generic
#include "bert/kernels_impl.inc"
