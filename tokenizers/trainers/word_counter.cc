#include "tokenizers/trainers/word_counter.h"

#include <algorithm>
#include <memory>

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
      pool_(ResolveThreads(num_threads), [this] {
        // This worker's buffers, shared by the copies std::function may make of the work.
        auto scratch = std::make_shared<PreTokenizedString>();
        auto local = std::make_shared<LocalWordCounts>();
        return [this, scratch, local](const LineBatch& batch, size_t& bad_line) {
          return CountBatch(batch, *scratch, *local, bad_line);
        };
      }, progress) {}

WordCounter::~WordCounter() { (void)Finish(); }

absl::Status WordCounter::Add(LineBatch batch) { return pool_.Add(std::move(batch)); }

absl::Status WordCounter::Finish() { return pool_.Finish(); }

absl::Status WordCounter::AddAllAndFinish(CorpusReader& reader) {
  return pool_.AddAllAndFinish(reader);
}

absl::Status WordCounter::CountBatch(const LineBatch& batch, PreTokenizedString& scratch,
                                     LocalWordCounts& local, size_t& bad_line) {
  absl::Status status;
  for (size_t i = 0; i < batch.size(); ++i) {
    const std::string_view line = batch.line(i);
    if (absl::Status valid = utf8::Validate(line); !valid.ok()) {
      const std::string name =
          batch.source < source_names_.size() ? source_names_[batch.source] : "input";
      status = absl::Status(valid.code(), absl::StrFormat("%s: line %d: %s", name,
                                                          batch.first_line + i, valid.message()));
      bad_line = i;
      break;
    }
    CountSentenceWords(tokenizer_, line, scratch, local);
  }
  counts_.Merge(local);
  local.Clear();
  return status;
}

absl::Status CountWordsInFiles(const std::vector<std::string>& paths, const Tokenizer& tokenizer,
                               WordCounts& counts, size_t num_threads, Progress& progress) {
  TM_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(paths));
  progress.Start("count words", reader->total_bytes(), "MB", 1e6);
  WordCounter counter(tokenizer, counts, num_threads, paths, progress);
  TM_RETURN_IF_ERROR(counter.AddAllAndFinish(*reader));
  progress.Finish();
  return absl::OkStatus();
}

}  // namespace tokenmill
