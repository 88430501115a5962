// Small hand-made encodings for the processor unit tests (shaped like HF's Rust test fixtures).
#pragma once

#include <string>
#include <vector>

#include "tokenizers/encoding.h"

namespace tokenmill::testing {

// Token i has id ids[i], token text "t<id>", offsets [i, i+1), word i, type id `type_id`.
inline Encoding MakeEncoding(const std::vector<uint32_t>& ids, uint32_t type_id = 0,
                             int8_t sequence = 0) {
  Encoding e;
  for (size_t i = 0; i < ids.size(); ++i) {
    e.Push(ids[i], "t" + std::to_string(ids[i]),
           Span{static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1)},
           static_cast<uint32_t>(i), type_id, false, sequence);
  }
  return e;
}

inline Encoding Empty() { return MakeEncoding({}); }
inline Encoding Short() { return MakeEncoding({1, 2}); }
inline Encoding Medium() { return MakeEncoding({3, 4, 5, 6}); }
inline Encoding Long() { return MakeEncoding({7, 8, 9, 10, 11, 12, 13, 14}); }

}  // namespace tokenmill::testing
