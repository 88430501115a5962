#include "tokenizers/processors/truncation.h"

namespace tokenmill {

absl::Status Truncate(Encoding& first, Encoding* second, const TruncationParams& params) {
  return absl::UnimplementedError("truncation is not implemented yet");
}

}  // namespace tokenmill
