// FindHfHubFile: the Hub cache's layout (refs/<revision> → snapshots/<commit>/<file>), commits
// as revisions, HF's name check, and the error when a file is not cached.
#include "tokenizers/serialization/hf_hub_cache.h"

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"

namespace tokenmill {
namespace {

namespace fs = std::filesystem;

TEST(HfHubCacheTest, FindsCachedFilesByRefOrCommit) {
  const fs::path cache = fs::path(::testing::TempDir()) / "hf_hub_cache_test";
  fs::remove_all(cache);
  const fs::path repo = cache / "models--org--name";
  fs::create_directories(repo / "refs");
  fs::create_directories(repo / "snapshots" / "abc123");
  std::ofstream(repo / "refs" / "main") << "abc123\n";
  std::ofstream(repo / "snapshots" / "abc123" / "tokenizer.json") << "{}";
  const std::string want = (repo / "snapshots" / "abc123" / "tokenizer.json").string();
  EXPECT_EQ(*FindHfHubFile("org/name", "main", "tokenizer.json", cache.string()), want);
  EXPECT_EQ(*FindHfHubFile("org/name", "abc123", "tokenizer.json", cache.string()), want);

  auto missing = FindHfHubFile("org/name", "main", "vocab.txt", cache.string());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("downloads nothing"), std::string::npos);
  EXPECT_EQ(FindHfHubFile("org/other", "main", "tokenizer.json", cache.string()).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(FindHfHubFile("org name", "main", "tokenizer.json", cache.string()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FindHfHubFile("org/name", "../x", "tokenizer.json", cache.string()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FindHfHubFile("", "main", "tokenizer.json", cache.string()).status().code(),
            absl::StatusCode::kInvalidArgument);
  fs::remove_all(cache);
}

}  // namespace
}  // namespace tokenmill
