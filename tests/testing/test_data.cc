#include "tests/testing/test_data.h"

#include <zlib.h>

#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill::testing {

std::string SourceDir() { return TOKENMILL_SOURCE_DIR; }

std::optional<std::string> SharedDir() {
  if (const char* env = std::getenv("TOKENMILL_SHARED_DIR")) return std::string(env);
  const std::string dir = SourceDir() + "/../shared";
  if (std::filesystem::exists(dir + "/golden")) return dir;
  return std::nullopt;
}

absl::StatusOr<std::string> ReadMaybeGzip(const std::string& path) {
  if (!absl::EndsWith(path, ".gz")) return ReadFile(path);
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return absl::NotFoundError(absl::StrFormat("%s: cannot open", path));
  std::string out;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0) out.append(buffer, n);
  const bool failed = n < 0;
  gzclose(file);
  if (failed) return absl::DataLossError(absl::StrFormat("%s: corrupt gzip", path));
  return out;
}

absl::StatusOr<std::vector<nlohmann::json>> ReadJsonLines(const std::string& path) {
  auto text = ReadMaybeGzip(path);
  if (!text.ok()) return text.status();
  std::vector<nlohmann::json> lines;
  size_t start = 0;
  while (start < text->size()) {
    size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    if (end > start) {
      auto parsed = nlohmann::json::parse(text->begin() + start, text->begin() + end, nullptr, false);
      if (parsed.is_discarded()) {
        return absl::InvalidArgumentError(
            absl::StrFormat("%s: line %d is not JSON", path, lines.size() + 1));
      }
      lines.push_back(std::move(parsed));
    }
    start = end + 1;
  }
  return lines;
}

std::string DataDirFor(const std::string& relative_in_shared) {
  if (auto shared = SharedDir()) return *shared + "/" + relative_in_shared;
  return SourceDir() + "/tests/data/" + relative_in_shared;
}

}  // namespace tokenmill::testing
