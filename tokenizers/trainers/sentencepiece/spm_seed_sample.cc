#include "tokenizers/trainers/sentencepiece/spm_seed_sample.h"

#include <algorithm>
#include <limits>
#include <string_view>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/trainers/sentencepiece/spm_trainer_spec.h"

namespace tokenmill {
namespace {

constexpr uint64_t kSampleSeed = 12345678;  // spm's sampling seed, for want of another
constexpr uint64_t kMinSeedSampleBytes = uint64_t{1} << 10;

// splitmix64's finalizer: a line's position → 64 well-mixed bits.
uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

uint64_t LineHash(uint32_t source, uint64_t line) {
  return Mix(kSampleSeed ^ Mix((static_cast<uint64_t>(source) << 40) ^ line));
}

// Keeps the batch's lines whose hash is below `threshold`.
void FilterBatch(uint64_t threshold, uint32_t source, std::vector<uint64_t>& lines,
                 std::string& sentences) {
  std::string kept_text;
  std::vector<uint64_t> kept_lines;
  std::string_view text = sentences;
  for (const uint64_t line : lines) {
    const size_t end = text.find('\0');
    if (LineHash(source, line) < threshold) {
      kept_lines.push_back(line);
      kept_text.append(text.substr(0, end + 1));
    }
    text.remove_prefix(end + 1);
  }
  lines = std::move(kept_lines);
  sentences = std::move(kept_text);
}

}  // namespace

uint64_t DefaultSpmSeedSampleBytes(uint64_t max_memory) {
  return std::max(kMinSeedSampleBytes, std::min(kDefaultSpmSeedSampleBytes, max_memory / 8));
}

absl::Status ValidateSpmSeedSampleBytes(uint64_t budget_bytes) {
  if (budget_bytes < kMinSeedSampleBytes ||
      budget_bytes >= static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "sentencepiece trainer: --seed_sample_bytes=", budget_bytes,
        " is out of range: it must be at least 1K and below 2G (a 32-bit suffix array)"));
  }
  return absl::OkStatus();
}

void SpmSeedSample::Begin(uint64_t total_bytes) {
  total_bytes_ = total_bytes;
  if (total_bytes > budget_bytes_) {
    const long double rate = static_cast<long double>(budget_bytes_) / total_bytes;
    threshold_ = static_cast<uint64_t>(rate * 18446744073709551616.0L);  // rate × 2^64
  }
}

bool SpmSeedSample::Keep(uint32_t source, uint64_t line) {
  const uint64_t threshold = threshold_.load(std::memory_order_relaxed);
  return threshold == kKeepAll || LineHash(source, line) < threshold;
}

void SpmSeedSample::Add(uint32_t source, std::vector<uint64_t> lines, std::string sentences) {
  std::lock_guard<std::mutex> lock(mutex_);
  // A line let through just before the threshold was lowered goes now.
  const uint64_t threshold = threshold_.load(std::memory_order_relaxed);
  if (threshold != kKeepAll) FilterBatch(threshold, source, lines, sentences);
  if (lines.empty()) return;
  sentences.shrink_to_fit();  // a batch's buffer may have grown past its size
  kept_bytes_ += sentences.size();
  batches_.push_back(Batch{source, std::move(lines), std::move(sentences)});
  while (kept_bytes_ > budget_bytes_) {
    const uint64_t t = threshold_.load(std::memory_order_relaxed);
    threshold_.store(t - std::max<uint64_t>(t / 10, 1), std::memory_order_relaxed);
    Prune();
  }
}

void SpmSeedSample::Prune() {
  const uint64_t threshold = threshold_.load(std::memory_order_relaxed);
  kept_bytes_ = 0;
  for (Batch& batch : batches_) {
    FilterBatch(threshold, batch.source, batch.lines, batch.sentences);
    kept_bytes_ += batch.sentences.size();
  }
  std::erase_if(batches_, [](const Batch& b) { return b.lines.empty(); });
}

std::string SpmSeedSample::TakeText(const absl::flat_hash_map<char32_t, int64_t>& required_chars,
                                    uint64_t& sentences, uint64_t& chars) {
  std::sort(batches_.begin(), batches_.end(), [](const Batch& a, const Batch& b) {
    return std::tie(a.source, a.lines.front()) < std::tie(b.source, b.lines.front());
  });
  std::vector<std::string_view> kept;
  size_t bytes = 0;
  for (const auto& batch : batches_) {
    std::string_view text = batch.sentences;
    bytes += text.size();
    while (!text.empty()) {
      const size_t end = text.find('\0');
      kept.push_back(text.substr(0, end));
      text.remove_prefix(end + 1);
    }
  }
  // LoadSpmSentences' (spm's) removal of empty sentences: the last one takes the place and is
  // not checked again.
  for (size_t i = 0; i < kept.size(); ++i) {
    if (kept[i].empty()) {
      std::swap(kept[i], kept.back());
      kept.pop_back();
    }
  }
  std::string out;
  out.reserve(bytes);
  chars = 0;
  for (std::string_view sentence : kept) {
    size_t pos = 0;
    while (pos < sentence.size()) {
      const char32_t c = utf8::DecodeValid(sentence, pos);
      const bool required = required_chars.contains(c);
      chars += required;
      utf8::Append(required ? c : kSpmUnknownChar, out);
    }
    out.push_back('\0');
  }
  sentences = kept.size();
  std::vector<std::string_view>().swap(kept);
  decltype(batches_)().swap(batches_);
  return out;
}

}  // namespace tokenmill
