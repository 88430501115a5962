#include "tokenizers/trainers/sentencepiece/spm_word_loader.h"

#include <algorithm>
#include <atomic>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "tokenizers/base/free_memory.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/sentencepiece/prefix_matcher.h"
#include "tokenizers/sentencepiece/sentencepiece_normalizer.h"
#include "tokenizers/trainers/corpus_reader.h"
#include "tokenizers/trainers/line_batch_pool.h"
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
    ReplaceSpmMetaPieces(normalized.text, meta_matcher, replaced);
    TM_RETURN_IF_ERROR(CheckNoSpaceInSpmText(replaced));
    SplitSpmWords(replaced, spec.treat_whitespace_as_suffix(),
                  spec.allow_whitespace_only_pieces(), parts);
    for (size_t i = 0; i < parts.size(); ++i) {
      counts.Add(parts[i], 1, i + 1 < parts.size() ? kSpmWordMidSentence : kSpmWordSentenceFinal);
    }
    return absl::OkStatus();
  }
};

// One worker's buffers and the counts shared by all (for LineBatchPool).
class BatchCounter {
 public:
  BatchCounter(const LineToWords& convert, const std::vector<std::string>& paths,
               WordCounts& counts, std::atomic<uint64_t>& usable_lines,
               std::atomic<uint64_t>& too_long_lines, SpmLineSample* sample)
      : convert_(convert), paths_(paths), counts_(counts), usable_lines_(usable_lines),
        too_long_lines_(too_long_lines), sample_(sample) {}

  absl::Status Count(const LineBatch& batch, size_t& bad_line) {
    absl::Status status;
    uint64_t usable = 0, too_long = 0;
    for (size_t i = 0; i < batch.size(); ++i) {
      std::string_view line = batch.line(i);
      if (!line.empty() && line.back() == '\n') line.remove_suffix(1);  // getline keeps '\r'
      // spm_train would read invalid bytes as U+FFFD; here they are an error naming the line.
      if (absl::Status valid = utf8::Validate(line); !valid.ok()) {
        status = absl::InvalidArgumentError(absl::StrCat(paths_[batch.source], ":",
                                                         batch.first_line + i, ": invalid UTF-8 (",
                                                         valid.message(), ")"));
        bad_line = i;
        break;
      }
      bool is_too_long = false;
      if (!convert_.Accept(line, is_too_long)) {
        too_long += is_too_long;
        continue;
      }
      ++usable;
      status = convert_.Count(line, normalized_, replaced_, parts_, local_);
      if (!status.ok()) {
        bad_line = i;
        break;
      }
      if (sample_ != nullptr && sample_->Keep(batch.source, batch.first_line + i)) {
        sampled_lines_.push_back(batch.first_line + i);
        sampled_ += replaced_;
        sampled_.push_back('\0');
      }
    }
    counts_.Merge(local_);
    local_.Clear();
    if (!sampled_lines_.empty()) {
      sample_->Add(batch.source, std::move(sampled_lines_), std::move(sampled_));
    }
    sampled_lines_.clear();
    sampled_.clear();
    usable_lines_ += usable;
    too_long_lines_ += too_long;
    return status;
  }

 private:
  const LineToWords& convert_;
  const std::vector<std::string>& paths_;
  WordCounts& counts_;
  std::atomic<uint64_t>& usable_lines_;
  std::atomic<uint64_t>& too_long_lines_;
  SpmLineSample* sample_;
  std::vector<uint64_t> sampled_lines_;  // this batch's lines for `sample_`
  std::string sampled_;
  SentencePieceNormalized normalized_;
  std::string replaced_;
  std::vector<std::string_view> parts_;
  LocalWordCounts local_;
};

}  // namespace

bool CanStreamSpmWords(const spm::TrainerSpec& spec) {
  return spec.split_by_whitespace() && spec.input_sentence_size() == 0;
}

absl::StatusOr<SpmWordTable> LoadSpmWords(const spm::TrainerSpec& spec,
                                          const spm::NormalizerSpec& normalizer_spec,
                                          const SpmMetaPieces& meta_pieces, size_t max_memory,
                                          Progress& progress, SpmLineSample* sample) {
  TM_ASSIGN_OR_RETURN(SentencePieceNormalizer normalizer,
                      SentencePieceNormalizer::FromSpec(normalizer_spec,
                                                        spec.treat_whitespace_as_suffix()));
  const PrefixMatcher meta_matcher = MakeSpmMetaPieceMatcher(meta_pieces);
  const LineToWords convert{spec, normalizer, meta_matcher};
  std::vector<std::string> paths(spec.input().begin(), spec.input().end());
  auto reader = CorpusReader::Open(paths);
  if (!reader.ok()) {
    return absl::Status(reader.status().code(),
                        absl::StrCat(reader.status().message(), " (the training input)"));
  }
  if (sample != nullptr) sample->Begin((*reader)->total_bytes());
  auto counts = std::make_unique<WordCounts>(max_memory);
  std::atomic<uint64_t> usable_lines{0}, too_long_lines{0};
  progress.Start("read and split", (*reader)->total_bytes(), "MB", 1e6);
  {
    LineBatchPool pool(SpmLoadThreads(spec), [&] {
      auto counter = std::make_shared<BatchCounter>(convert, (*reader)->paths(), *counts,
                                                    usable_lines, too_long_lines, sample);
      return [counter](const LineBatch& batch, size_t& bad_line) {
        return counter->Count(batch, bad_line);
      };
    }, progress);
    TM_RETURN_IF_ERROR(pool.AddAllAndFinish(**reader));
  }
  progress.Finish();
  if (usable_lines == 0) {
    return absl::InvalidArgumentError("sentencepiece trainer: the corpus has no usable line");
  }

  SpmWordTable table;
  table.words.skipped_too_long = too_long_lines;
  table.pruned_words = counts->pruned_words();
  table.pruned_occurrences = counts->pruned_occurrences();
  table.prune_threshold = counts->prune_threshold();
  SpmSentences& out = table.words;
  // Copied shard by shard, each freed once copied: the table and its copy are never both whole.
  out.sentences.reserve(counts->size());
  out.word_ends.reserve(counts->size());
  counts->Drain([&](std::string_view word, uint64_t count, WordFlags ends) {
    out.sentences.emplace_back(std::string(word), static_cast<int64_t>(count));
    out.word_ends.push_back(ends);
  });
  counts.reset();
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
  // Meanwhile (and while sorting) the words' ends ride in their counts' top bits.
  for (size_t i = 0; i < out.sentences.size(); ++i) {
    out.sentences[i].second =
        static_cast<int64_t>(WithFlags(static_cast<uint64_t>(out.sentences[i].second),
                                       out.word_ends[i]));
  }
  std::vector<uint8_t>().swap(out.word_ends);
  auto count_of = [](int64_t value) { return static_cast<int64_t>(CountOf(value)); };
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
    int64_t& sum = merged[word];
    sum = static_cast<int64_t>(SumCounts(sum, count));
    count = 0;  // moved into `merged`
  }
  if (!merged.empty()) {
    // The words kept as they were are distinct: each takes the count of its merged twin, if
    // any (looked up in `merged`, small, rather than indexing every word).
    for (auto& [word, count] : out.sentences) {
      if (count == 0) continue;
      if (auto it = merged.find(word); it != merged.end()) {
        count = static_cast<int64_t>(SumCounts(count, it->second));
        merged.erase(it);
      }
    }
    std::erase_if(out.sentences, [](const auto& w) { return w.second == 0; });
    for (auto& [word, count] : merged) out.sentences.emplace_back(word, count);
  }
  std::sort(out.sentences.begin(), out.sentences.end(), [&](const auto& a, const auto& b) {
    const int64_t ca = count_of(a.second), cb = count_of(b.second);
    return ca > cb || (ca == cb && a.first < b.first);
  });
  out.word_ends.reserve(out.sentences.size());
  for (auto& [word, value] : out.sentences) {
    out.word_ends.push_back(FlagsOf(static_cast<uint64_t>(value)));
    value = count_of(value);
  }
  out.split_into_words = true;
  return table;
}

}  // namespace tokenmill
