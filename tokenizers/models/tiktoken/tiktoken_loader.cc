#include "tokenizers/models/tiktoken/tiktoken_loader.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "tokenizers/base/status_macros.h"

namespace tokenmill {
namespace {

std::vector<std::string> VocabDirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("TOKENMILL_VOCAB_DIR")) dirs.emplace_back(env);
#ifdef TOKENMILL_SOURCE_VOCAB_DIR
  dirs.emplace_back(TOKENMILL_SOURCE_VOCAB_DIR);
#endif
#ifdef TOKENMILL_INSTALL_VOCAB_DIR
  dirs.emplace_back(TOKENMILL_INSTALL_VOCAB_DIR);
#endif
  return dirs;
}

}  // namespace

std::optional<TiktokenSpec> TiktokenSpecFromFileName(std::string_view path) {
  std::string_view file = path.substr(path.find_last_of('/') + 1);  // npos + 1 == 0
  for (std::string_view name : {"cl100k_base", "o200k_base", "r50k_base", "p50k_base", "gpt2"}) {
    if (file.starts_with(name)) return FindTiktokenSpec(name);
  }
  return std::nullopt;
}

absl::StatusOr<std::unique_ptr<TiktokenEncoding>> LoadTiktokenFile(const std::string& path,
                                                                   const TiktokenSpec& spec) {
  TM_ASSIGN_OR_RETURN(TiktokenRanks ranks, ReadTiktokenFile(path));
  TM_ASSIGN_OR_RETURN(TiktokenEncoding encoding,
                      TiktokenEncoding::Create(spec, std::move(ranks), path));
  return std::make_unique<TiktokenEncoding>(std::move(encoding));
}

absl::StatusOr<std::unique_ptr<TiktokenEncoding>> LoadTiktokenFile(const std::string& path) {
  auto spec = TiktokenSpecFromFileName(path);
  if (!spec) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: cannot tell the encoding from the file name; name it after one of %s "
        "(e.g. cl100k_base.tiktoken)",
        path, KnownTiktokenEncodingNames()));
  }
  return LoadTiktokenFile(path, *spec);
}

absl::StatusOr<std::unique_ptr<TiktokenEncoding>> LoadTiktokenEncoding(std::string_view name) {
  auto spec = FindTiktokenSpec(name);
  if (!spec) {
    return absl::NotFoundError(absl::StrFormat("unknown tiktoken encoding \"%s\" (known: %s)",
                                               name, KnownTiktokenEncodingNames()));
  }
  std::vector<std::string> tried;
  for (const std::string& dir : VocabDirs()) {
    // The binary form loads fastest (tiktoken_binary.h); a .tiktoken(.gz) also serves.
    for (const char* suffix : {".tmranks", ".tiktoken.gz", ".tiktoken"}) {
      const std::string path = absl::StrFormat("%s/tiktoken/%s%s", dir, spec->RanksName(), suffix);
      if (std::filesystem::exists(path)) return LoadTiktokenFile(path, *spec);
      tried.push_back(path);
    }
  }
  return absl::NotFoundError(absl::StrFormat(
      "the rank file of %s is not bundled here (looked for %s); set TOKENMILL_VOCAB_DIR or "
      "load a .tiktoken file by path",
      spec->name, absl::StrJoin(tried, ", ")));
}

}  // namespace tokenmill
