// GPT-2's tokenizer.json (../shared) with tests/data/golden/byte_level/<name>.overlay.json merged
// in (JSON merge patch): other models' byte-level set-ups over a vocabulary we have.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "tests/testing/test_data.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill::testing {

inline std::string ByteLevelGoldenDir() { return SourceDir() + "/tests/data/golden/byte_level"; }

inline absl::StatusOr<std::unique_ptr<Tokenizer>> LoadGpt2WithOverlay(const std::string& shared,
                                                                      const std::string& name) {
  auto gpt2 = ReadFile(shared + "/vocab/gpt2/tokenizer.json");
  if (!gpt2.ok()) return gpt2.status();
  auto overlay = ReadFile(ByteLevelGoldenDir() + "/" + name + ".overlay.json");
  if (!overlay.ok()) return overlay.status();
  nlohmann::json config = nlohmann::json::parse(*gpt2);
  config.merge_patch(nlohmann::json::parse(*overlay));
  return ParseTokenizerJson(config.dump(), name + ".overlay.json over GPT-2's tokenizer.json");
}

}  // namespace tokenmill::testing
