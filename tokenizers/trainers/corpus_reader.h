// Streams a training corpus: text files (or glob patterns), one line = one sentence, read in
// batches of whole lines so the corpus is never held in memory. Lines keep their line ending
// ("\n" or "\r\n"), as HF's train_from_files feeds them to the tokenizer.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace tokenmill {

// A batch of consecutive lines of one source.
struct LineBatch {
  std::string text;                 // the lines, back to back
  std::vector<uint32_t> line_ends;  // end offset of each line in `text`
  uint32_t source = 0;              // index of the file (or iterator) the lines come from
  uint64_t first_line = 1;          // 1-based number of the first line in its source
  size_t size() const { return line_ends.size(); }
  std::string_view line(size_t i) const {
    const uint32_t begin = i == 0 ? 0 : line_ends[i - 1];
    return std::string_view(text).substr(begin, line_ends[i] - begin);
  }
  void Clear() {
    text.clear();
    line_ends.clear();
  }
};

// Expands glob patterns (a plain path is kept as is); a pattern that matches nothing is an
// error naming it. The result keeps the order given (each pattern's matches sorted).
absl::StatusOr<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& inputs);

class CorpusReader {
 public:
  // Opens every file up front, so an unreadable file fails before any work starts.
  static absl::StatusOr<std::unique_ptr<CorpusReader>> Open(std::vector<std::string> paths,
                                                            size_t batch_bytes = 1 << 20);
  ~CorpusReader();

  // Fills `batch` with the next lines (about batch_bytes, always whole lines; a line longer
  // than that comes alone). Returns false at the end of the corpus.
  absl::StatusOr<bool> Next(LineBatch& batch);

  const std::vector<std::string>& paths() const { return paths_; }
  uint64_t total_bytes() const { return total_bytes_; }

 private:
  CorpusReader() = default;
  absl::Status OpenCurrent();

  std::vector<std::string> paths_;
  uint64_t total_bytes_ = 0;
  size_t batch_bytes_ = 1 << 20;
  size_t current_ = 0;
  std::FILE* file_ = nullptr;
  uint64_t next_line_ = 1;
  std::string carry_;  // the start of a line that continues in the next read
};

}  // namespace tokenmill
