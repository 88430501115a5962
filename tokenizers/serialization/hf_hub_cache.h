// Files of the local Hugging Face Hub cache, as HF's from_pretrained finds them (hf-hub's
// cache layout: <cache>/models--<org>--<name>/refs/<revision> holds a commit, whose files are
// in snapshots/<commit>/). tokenmill downloads nothing: a file not cached is an error that says so.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tokenmill {

// The cache directory: $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub.
std::string HfHubCacheDir();

// The path of `filename` of model `repo_id` at `revision` (a branch or tag with a ref, or a
// commit) in `cache_dir`. Names are checked as HF checks them (alphanumeric or - _ . /).
absl::StatusOr<std::string> FindHfHubFile(std::string_view repo_id, std::string_view revision,
                                          std::string_view filename,
                                          const std::string& cache_dir = HfHubCacheDir());

}  // namespace tokenmill
