#include "bert/kernels.h"

#include <cstdlib>
#include <string_view>

namespace tokenmill::bert {
namespace generic { extern const KernelSet kKernels; }
#if defined(TOKENMILL_BERT_X86_KERNELS)
namespace avx2 { extern const KernelSet kKernels; }
namespace avx512 { extern const KernelSet kKernels; }
#endif

namespace {

const KernelSet* Choose() {
#if defined(TOKENMILL_BERT_X86_KERNELS)
  __builtin_cpu_init();
  const bool has_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  const bool has_avx512 = has_avx2 && __builtin_cpu_supports("avx512f") &&
                          __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
                          __builtin_cpu_supports("avx512bw");
  const char* forced = std::getenv("TOKENMILL_BERT_KERNELS");
  const std::string_view want = forced ? forced : "";
  if (want == "generic") return &generic::kKernels;
  if (want == "avx2" && has_avx2) return &avx2::kKernels;
  if (has_avx512 && (want.empty() || want == "avx512")) return &avx512::kKernels;
  if (has_avx2) return &avx2::kKernels;
#endif
  return &generic::kKernels;
}

}  // namespace

const KernelSet& Kernels() {
  static const KernelSet* chosen = Choose();
  return *chosen;
}

}  // namespace tokenmill::bert
