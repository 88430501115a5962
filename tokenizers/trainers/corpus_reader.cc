#include "tokenizers/trainers/corpus_reader.h"

#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"

namespace tokenmill {
namespace {

bool HasGlobChars(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

absl::Status FileError(const std::string& path, std::string_view what) {
  const int err = errno;
  if (err == ENOENT) {
    return absl::NotFoundError(absl::StrFormat("%s: %s: no such file", path, what));
  }
  return absl::PermissionDeniedError(absl::StrFormat("%s: %s: %s", path, what, std::strerror(err)));
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> paths;
  for (const std::string& input : inputs) {
    if (!HasGlobChars(input)) {
      paths.push_back(input);
      continue;
    }
    glob_t matches{};
    const int rc = glob(input.c_str(), 0, nullptr, &matches);
    if (rc == GLOB_NOMATCH || (rc == 0 && matches.gl_pathc == 0)) {
      globfree(&matches);
      return absl::NotFoundError(absl::StrFormat("%s: no file matches this pattern", input));
    }
    if (rc != 0) {
      globfree(&matches);
      return absl::InvalidArgumentError(absl::StrFormat("%s: cannot expand pattern", input));
    }
    std::vector<std::string> found(matches.gl_pathv, matches.gl_pathv + matches.gl_pathc);
    globfree(&matches);
    std::sort(found.begin(), found.end());
    paths.insert(paths.end(), found.begin(), found.end());
  }
  return paths;
}

absl::StatusOr<std::unique_ptr<CorpusReader>> CorpusReader::Open(std::vector<std::string> paths,
                                                                 size_t batch_bytes) {
  if (paths.empty()) return absl::InvalidArgumentError("no input files given");
  std::unique_ptr<CorpusReader> reader(new CorpusReader());
  for (const std::string& path : paths) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) return FileError(path, "cannot open");
    if (S_ISDIR(st.st_mode)) {
      return absl::InvalidArgumentError(absl::StrFormat("%s: is a directory", path));
    }
    // access(), not a trial open: opening a FIFO would block (and closing it lose data).
    if (access(path.c_str(), R_OK) != 0) return FileError(path, "cannot open");
    reader->total_bytes_ += static_cast<uint64_t>(st.st_size);
  }
  reader->paths_ = std::move(paths);
  reader->batch_bytes_ = std::max<size_t>(batch_bytes, 64);
  TM_RETURN_IF_ERROR(reader->OpenCurrent());
  return reader;
}

CorpusReader::~CorpusReader() {
  if (file_ != nullptr) std::fclose(file_);
}

absl::Status CorpusReader::OpenCurrent() {
  if (file_ != nullptr) std::fclose(file_);
  file_ = nullptr;
  next_line_ = 1;
  carry_.clear();
  if (current_ >= paths_.size()) return absl::OkStatus();
  file_ = std::fopen(paths_[current_].c_str(), "rb");
  if (file_ == nullptr) return FileError(paths_[current_], "cannot open");
  return absl::OkStatus();
}

absl::StatusOr<bool> CorpusReader::Next(LineBatch& batch) {
  batch.Clear();
  while (current_ < paths_.size()) {
    batch.source = static_cast<uint32_t>(current_);
    batch.first_line = next_line_;
    batch.text.swap(carry_);
    carry_.clear();
    bool eof = false;
    // Read until the batch holds at least one whole line and about batch_bytes_.
    while (true) {
      const size_t old = batch.text.size();
      batch.text.resize(old + batch_bytes_);
      const size_t got = std::fread(batch.text.data() + old, 1, batch_bytes_, file_);
      batch.text.resize(old + got);
      if (got < batch_bytes_) {
        if (std::ferror(file_)) return FileError(paths_[current_], "read error");
        eof = true;
        break;
      }
      if (batch.text.find('\n', old) != std::string::npos) break;
    }
    size_t keep = batch.text.size();
    if (!eof) {
      keep = batch.text.rfind('\n') + 1;
      carry_.assign(batch.text, keep, std::string::npos);
      batch.text.resize(keep);
    }
    size_t begin = 0;
    while (begin < keep) {
      const size_t nl = batch.text.find('\n', begin);
      const size_t end = nl == std::string::npos ? keep : nl + 1;
      if (end > UINT32_MAX) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s: line %d: a batch of lines longer than 4 GiB", paths_[current_], next_line_));
      }
      batch.line_ends.push_back(static_cast<uint32_t>(end));
      begin = end;
    }
    next_line_ += batch.line_ends.size();
    if (eof) {
      ++current_;
      TM_RETURN_IF_ERROR(OpenCurrent());
    }
    if (!batch.line_ends.empty()) return true;
  }
  return false;
}

}  // namespace tokenmill
