#include "tokenizers/trainers/word_counter.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {

size_t ResolveThreads(size_t num_threads) {
  if (num_threads > 0) return num_threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

void CountSentenceWords(const Tokenizer& tokenizer, std::string_view sentence,
                        PreTokenizedString& scratch, LocalWordCounts& counts) {
  const TokenizerParts& parts = tokenizer.parts();
  tokenizer.added_vocabulary().ExtractAndNormalize(sentence, parts.normalizer.get(), scratch);
  if (parts.pre_tokenizer != nullptr) parts.pre_tokenizer->PreTokenize(scratch);
  // Every split is a word, added tokens included (HF's get_splits).
  for (const Split& split : scratch.splits()) counts.Add(scratch.SplitText(split));
}

WordCounter::WordCounter(const Tokenizer& tokenizer, WordCounts& counts, size_t num_threads,
                         std::vector<std::string> source_names, Progress& progress)
    : tokenizer_(tokenizer),
      counts_(counts),
      source_names_(std::move(source_names)),
      progress_(progress) {
  num_threads = ResolveThreads(num_threads);
  max_queued_ = 2 * num_threads;
  for (size_t t = 0; t < num_threads; ++t) threads_.emplace_back([this] { Work(); });
}

WordCounter::~WordCounter() { (void)Finish(); }

absl::Status WordCounter::Add(LineBatch batch) {
  std::unique_lock<std::mutex> lock(mutex_);
  has_room_.wait(lock, [&] { return queue_.size() < max_queued_ || !error_.ok(); });
  if (!error_.ok()) return error_;
  queue_.push_back(std::move(batch));
  has_work_.notify_one();
  return absl::OkStatus();
}

absl::Status WordCounter::Finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  has_work_.notify_all();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  return error_;
}

void WordCounter::Record(const LineBatch& batch, size_t line, const absl::Status& status) {
  const uint64_t line_number = batch.first_line + line;
  std::lock_guard<std::mutex> lock(mutex_);
  const bool earlier = error_.ok() || batch.source < error_source_ ||
                       (batch.source == error_source_ && line_number < error_line_);
  if (!earlier) return;
  const std::string name =
      batch.source < source_names_.size() ? source_names_[batch.source] : "input";
  error_ = absl::Status(status.code(), absl::StrFormat("%s: line %d: %s", name, line_number,
                                                        status.message()));
  error_source_ = batch.source;
  error_line_ = line_number;
  has_room_.notify_all();
}

void WordCounter::Work() {
  PreTokenizedString scratch;
  LocalWordCounts local;
  while (true) {
    LineBatch batch;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      has_work_.wait(lock, [&] { return !queue_.empty() || closing_; });
      if (queue_.empty()) return;
      batch = std::move(queue_.front());
      queue_.pop_front();
      has_room_.notify_one();
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      const std::string_view line = batch.line(i);
      if (absl::Status valid = utf8::Validate(line); !valid.ok()) {
        Record(batch, i, valid);
        break;
      }
      CountSentenceWords(tokenizer_, line, scratch, local);
    }
    counts_.Merge(local);
    local.Clear();
    progress_.Advance(batch.text.size());
  }
}

absl::Status CountWordsInFiles(const std::vector<std::string>& paths, const Tokenizer& tokenizer,
                               WordCounts& counts, size_t num_threads, Progress& progress) {
  TM_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(paths));
  progress.Start("count words", reader->total_bytes(), "MB", 1e6);
  WordCounter counter(tokenizer, counts, num_threads, paths, progress);
  while (true) {
    LineBatch batch;
    TM_ASSIGN_OR_RETURN(bool more, reader->Next(batch));
    if (!more) break;
    if (!counter.Add(std::move(batch)).ok()) break;
  }
  TM_RETURN_IF_ERROR(counter.Finish());
  progress.Finish();
  return absl::OkStatus();
}

}  // namespace tokenmill
