// Post-processors add special tokens around one or two encoded sequences and set type ids.
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "tokenizers/encoding.h"

namespace tokenmill {

class PostProcessor {
 public:
  virtual ~PostProcessor() = default;
  // How many tokens Process adds (truncation reserves room for them).
  virtual size_t AddedTokens(bool is_pair) const = 0;
  virtual absl::StatusOr<Encoding> Process(Encoding first, std::optional<Encoding> second,
                                           bool add_special_tokens) const = 0;
  virtual nlohmann::ordered_json ToJson() const = 0;
};

}  // namespace tokenmill
