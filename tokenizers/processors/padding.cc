#include "tokenizers/processors/padding.h"

namespace tokenmill {

void Pad(std::vector<Encoding*>& encodings, const PaddingParams& params) {}

}  // namespace tokenmill
