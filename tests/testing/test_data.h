// Where test data lives, and readers for the (gzipped) JSONL goldens.
//
// Goldens come from ../shared (the full reference kit, present in CI) or, in a fresh clone
// without it, from the small slice committed under tests/data. Tests that need ../shared
// call SharedDirOrSkip(), which prints clearly why they are skipped.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace tokenmill::testing {

// The project root (where CMakeLists.txt is).
std::string SourceDir();
// ../shared next to the project root, or nullopt when absent.
std::optional<std::string> SharedDir();
// The reference kit if present; else the committed slice under tests/data.
std::string DataDirFor(const std::string& relative_in_shared);

// Reads a file, gunzipping it when the name ends in ".gz".
absl::StatusOr<std::string> ReadMaybeGzip(const std::string& path);
// Splits JSONL text on '\n' (only) and parses each non-empty line.
absl::StatusOr<std::vector<nlohmann::json>> ReadJsonLines(const std::string& path);

}  // namespace tokenmill::testing

// Skips the current test with a clear message when ../shared is missing.
#define TM_SHARED_DIR_OR_SKIP(var)                                                  \
  std::string var;                                                                  \
  if (auto tm_shared_ = ::tokenmill::testing::SharedDir()) {                        \
    var = *tm_shared_;                                                              \
  } else {                                                                          \
    GTEST_SKIP() << "../shared (the reference kit) is not present: full parity "    \
                    "suite skipped; the committed slice under tests/data still runs"; \
  }
