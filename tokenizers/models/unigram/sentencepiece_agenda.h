// sentencepiece 0.1.97's n-best agenda limits (Lattice::NBest): when its A* agenda reaches
// kMaxAgendaSize hypotheses, it keeps only the best AgendaKeep(n) and goes on. The replay
// (unigram_nbest.cc) does the same; the searches that avoid the replay (unigram_nbest_lazy.cc,
// segmented_nbest.cc) prove the cut cannot happen before the n-th path.
#pragma once

#include <algorithm>
#include <cstddef>

namespace tokenmill::unigram_internal {

inline constexpr size_t kMaxAgendaSize = 10000;
inline constexpr size_t kMinAgendaSize = 512;

// How many hypotheses the cut keeps for an n-best search of n paths.
inline constexpr size_t AgendaKeep(size_t n) { return std::min(kMinAgendaSize, 10 * n); }

}  // namespace tokenmill::unigram_internal
