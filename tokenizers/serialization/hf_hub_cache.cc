#include "tokenizers/serialization/hf_hub_cache.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"

namespace tokenmill {
namespace {

std::string EnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

// HF's check (from_pretrained.rs): alphanumeric or one of - _ . / (ASCII here: HF's Rust
// accepts any Unicode alphanumeric, which no Hub name uses).
absl::Status CheckName(std::string_view what, std::string_view name) {
  for (const char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.' &&
        c != '/') {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s \"%s\" contains invalid characters, expected only alphanumeric or '/', '-', '_', "
          "'.'",
          what, name));
    }
  }
  if (name.empty() || name.find("..") != std::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrFormat("%s \"%s\" is not a valid name", what, name));
  }
  return absl::OkStatus();
}

}  // namespace

std::string HfHubCacheDir() {
  const std::string home = EnvOr("HOME", ".");
  const std::string hf_home = EnvOr("HF_HOME", home + "/.cache/huggingface");
  return EnvOr("HF_HUB_CACHE", hf_home + "/hub");
}

absl::StatusOr<std::string> FindHfHubFile(std::string_view repo_id, std::string_view revision,
                                          std::string_view filename,
                                          const std::string& cache_dir) {
  if (absl::Status s = CheckName("Model", repo_id); !s.ok()) return s;
  if (absl::Status s = CheckName("Revision", revision); !s.ok()) return s;
  namespace fs = std::filesystem;
  const fs::path repo = fs::path(cache_dir) / ("models--" + absl::StrReplaceAll(absl::string_view(repo_id.data(), repo_id.size()), {{"/", "--"}}));
  // A branch or tag names a commit in refs/; a commit is its own snapshot.
  std::string commit(revision);
  if (std::ifstream ref(repo / "refs" / std::string(revision)); ref) {
    std::getline(ref, commit);
    commit = std::string(absl::StripAsciiWhitespace(commit));
  }
  const fs::path file = repo / "snapshots" / commit / std::string(filename);
  std::error_code error;
  if (!commit.empty() && fs::is_regular_file(file, error)) return file.string();
  return absl::NotFoundError(absl::StrFormat(
      "%s of %s at revision %s is not in the local Hugging Face cache (looked for %s); tokenmill "
      "downloads nothing: fetch it once (e.g. huggingface_hub.hf_hub_download), or load the file "
      "with from_file",
      filename, repo_id, revision, file.string()));
}

}  // namespace tokenmill
