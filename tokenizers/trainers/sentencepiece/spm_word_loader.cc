#include "tokenizers/trainers/sentencepiece/spm_word_loader.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "tokenizers/base/free_memory.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/sentencepiece/prefix_matcher.h"
#include "tokenizers/sentencepiece/sentencepiece_normalizer.h"
#include "tokenizers/trainers/corpus_reader.h"
#include "tokenizers/trainers/word_counts.h"

namespace tokenmill {
namespace {

constexpr std::string_view kUnknownUtf8 = "\xE2\x96\x85";  // ▅

// What one worker needs to turn a raw line into counted words, as LoadSpmSentences and
// SplitSpmSentencesByWhitespace do it.
struct LineToWords {
  const spm::TrainerSpec& spec;
  const SentencePieceNormalizer& normalizer;
  const PrefixMatcher& meta_matcher;

  // Returns false for a line spm skips (empty, too long, holding ▅); sets too_long.
  bool Accept(std::string_view line, bool& too_long) const {
    too_long = false;
    if (line.empty()) return false;
    if (line.size() > static_cast<size_t>(spec.max_sentence_length())) {
      too_long = true;
      return false;
    }
    return line.find(kUnknownUtf8) == std::string_view::npos;
  }

  // Normalizes, replaces meta pieces found in the text by a tab, splits into words.
  absl::Status Count(std::string_view line, SentencePieceNormalized& normalized,
                     std::string& replaced, std::vector<std::string_view>& parts,
                     LocalWordCounts& counts) const {
    normalizer.Normalize(line, normalized);
    std::string_view w = normalized.text;
    replaced.clear();
    while (!w.empty()) {
      size_t len = meta_matcher.empty() ? 0 : meta_matcher.LongestMatch(w);
      if (len > 0) {
        replaced.push_back('\t');
      } else {
        len = std::min<size_t>(utf8::SequenceLength(static_cast<unsigned char>(w[0])), w.size());
        if (len == 0) len = 1;
        replaced.append(w.data(), len);
      }
      w.remove_prefix(len);
    }
    if (replaced.find(' ') != std::string::npos) {
      return absl::InvalidArgumentError(
          "sentencepiece trainer: the normalized text contains a space (use escape_whitespaces)");
    }
    SplitSpmWords(replaced, spec.treat_whitespace_as_suffix(),
                  spec.allow_whitespace_only_pieces(), parts);
    for (std::string_view word : parts) counts.Add(word);
    return absl::OkStatus();
  }
};

// Batches of lines counted on worker threads while the caller reads the next ones.
class WordCountingPool {
 public:
  WordCountingPool(const LineToWords& convert, const std::vector<std::string>& paths,
                   WordCounts& counts, size_t threads, Progress& progress)
      : convert_(convert), paths_(paths), counts_(counts), progress_(progress),
        max_queued_(2 * threads) {
    for (size_t t = 0; t < threads; ++t) workers_.emplace_back([this] { Work(); });
  }
  ~WordCountingPool() { (void)Finish(); }

  absl::Status Add(LineBatch batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    has_room_.wait(lock, [&] { return queue_.size() < max_queued_ || !error_.ok(); });
    if (!error_.ok()) return error_;
    queue_.push_back(std::move(batch));
    has_work_.notify_one();
    return absl::OkStatus();
  }

  absl::Status Finish() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closing_ = true;
    }
    has_work_.notify_all();
    for (std::thread& t : workers_) t.join();
    workers_.clear();
    return error_;
  }

  uint64_t usable_lines() const { return usable_lines_.load(); }
  uint64_t too_long_lines() const { return too_long_lines_.load(); }

 private:
  void Fail(absl::Status status) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (error_.ok()) error_ = std::move(status);
    has_room_.notify_all();
  }

  void Work() {
    SentencePieceNormalized normalized;
    std::string replaced;
    std::vector<std::string_view> parts;
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
      uint64_t usable = 0, too_long = 0;
      for (size_t i = 0; i < batch.size(); ++i) {
        std::string_view line = batch.line(i);
        if (!line.empty() && line.back() == '\n') line.remove_suffix(1);  // getline keeps '\r'
        // spm_train would read invalid bytes as U+FFFD; here they are an error naming the line.
        if (absl::Status valid = utf8::Validate(line); !valid.ok()) {
          Fail(absl::InvalidArgumentError(absl::StrCat(paths_[batch.source], ":",
                                                       batch.first_line + i, ": invalid UTF-8 (",
                                                       valid.message(), ")")));
          return;
        }
        bool is_too_long = false;
        if (!convert_.Accept(line, is_too_long)) {
          too_long += is_too_long;
          continue;
        }
        ++usable;
        if (absl::Status s = convert_.Count(line, normalized, replaced, parts, local); !s.ok()) {
          Fail(std::move(s));
          return;
        }
      }
      counts_.Merge(local);
      local.Clear();
      usable_lines_ += usable;
      too_long_lines_ += too_long;
      progress_.Advance(batch.text.size());
    }
  }

  const LineToWords& convert_;
  const std::vector<std::string>& paths_;
  WordCounts& counts_;
  Progress& progress_;
  size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable has_work_, has_room_;
  std::deque<LineBatch> queue_;
  bool closing_ = false;
  absl::Status error_;
  std::atomic<uint64_t> usable_lines_{0}, too_long_lines_{0};
  std::vector<std::thread> workers_;
};

}  // namespace

bool CanStreamSpmWords(const spm::TrainerSpec& spec) {
  return spec.split_by_whitespace() && spec.input_sentence_size() == 0;
}

absl::StatusOr<SpmWordTable> LoadSpmWords(const spm::TrainerSpec& spec,
                                          const spm::NormalizerSpec& normalizer_spec,
                                          const SpmMetaPieces& meta_pieces, size_t max_memory,
                                          Progress& progress) {
  TM_ASSIGN_OR_RETURN(SentencePieceNormalizer normalizer,
                      SentencePieceNormalizer::FromSpec(normalizer_spec,
                                                        spec.treat_whitespace_as_suffix()));
  std::vector<std::string_view> meta_strings;
  for (const auto& [id, piece] : meta_pieces) meta_strings.push_back(piece.first);
  const PrefixMatcher meta_matcher(meta_strings);
  const LineToWords convert{spec, normalizer, meta_matcher};
  std::vector<std::string> paths(spec.input().begin(), spec.input().end());
  auto reader = CorpusReader::Open(paths);
  if (!reader.ok()) {
    return absl::Status(reader.status().code(),
                        absl::StrCat(reader.status().message(), " (the training input)"));
  }
  const size_t threads = std::max<size_t>(
      1, std::min<size_t>(spec.num_threads(), std::max(1u, std::thread::hardware_concurrency())));
  auto counts = std::make_unique<WordCounts>(max_memory);
  progress.Start("read and split", (*reader)->total_bytes(), "MB", 1e6);
  WordCountingPool pool(convert, (*reader)->paths(), *counts, threads, progress);
  while (true) {
    LineBatch batch;
    TM_ASSIGN_OR_RETURN(bool more, (*reader)->Next(batch));
    if (!more || !pool.Add(std::move(batch)).ok()) break;
  }
  TM_RETURN_IF_ERROR(pool.Finish());
  progress.Finish();
  if (pool.usable_lines() == 0) {
    return absl::InvalidArgumentError("sentencepiece trainer: the corpus has no usable line");
  }

  SpmWordTable table;
  table.words.skipped_too_long = pool.too_long_lines();
  table.pruned_words = counts->pruned_words();
  table.pruned_occurrences = counts->pruned_occurrences();
  table.prune_threshold = counts->prune_threshold();
  SpmSentences& out = table.words;
  {
    const std::vector<WordCount> entries = counts->Entries();
    out.sentences.reserve(entries.size());
    for (const WordCount& e : entries) {
      out.sentences.emplace_back(std::string(e.word), static_cast<int64_t>(e.count));
    }
  }
  counts.reset();  // the strings are copied: free the table before the next step
  ReturnFreeHeapPages();
  TM_RETURN_IF_ERROR(SelectSpmRequiredChars(spec, meta_pieces.size(), out));
  if (!out.required_chars.contains(kSpmSpaceChar)) {
    // spm would turn ▁ into ▅ before splitting: sentences would stay whole. Not seen in
    // practice (▁ starts every word); the caller then loads sentences as spm does.
    for (const auto& [word, count] : out.sentences) {
      if (word.find("\xE2\x96\x81") != std::string::npos) {
        return absl::FailedPreconditionError("▁ is below the character coverage");
      }
    }
  }

  // Words with a character below the coverage become ▅ there; words that then read the same
  // are one word (spm replaces in the sentences, then splits).
  absl::flat_hash_map<std::string, int64_t> merged;
  std::string scratch;
  for (auto& [word, count] : out.sentences) {
    bool all_required = true;
    size_t pos = 0;
    while (pos < word.size() && all_required) {
      all_required = out.required_chars.contains(utf8::DecodeValid(word, pos));
    }
    if (all_required) continue;
    ReplaceNonRequiredChars(out.required_chars, word, scratch);
    merged[word] += count;
    count = 0;  // moved into `merged`
  }
  if (!merged.empty()) {
    absl::flat_hash_map<std::string_view, size_t> index;
    for (size_t i = 0; i < out.sentences.size(); ++i) {
      if (out.sentences[i].second > 0) index.emplace(out.sentences[i].first, i);
    }
    std::vector<std::pair<std::string, int64_t>> added;
    for (auto& [word, count] : merged) {
      if (auto it = index.find(word); it != index.end()) {
        out.sentences[it->second].second += count;
      } else {
        added.emplace_back(word, count);
      }
    }
    index.clear();
    for (auto& entry : added) out.sentences.push_back(std::move(entry));
    std::erase_if(out.sentences, [](const auto& w) { return w.second == 0; });
  }
  std::sort(out.sentences.begin(), out.sentences.end(), [](const auto& a, const auto& b) {
    return a.second > b.second || (a.second == b.second && a.first < b.first);
  });
  out.split_into_words = true;
  return table;
}

}  // namespace tokenmill
