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

constexpr uint64_t kMinSeedSampleBytes = uint64_t{1} << 10;

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
  // Normalized text is rarely smaller than the input: a larger input will not fit.
  if (total_bytes > budget_bytes_) overflowed_ = true;
}

bool SpmSeedSample::Keep(uint32_t, uint64_t) { return !overflowed(); }

void SpmSeedSample::Add(uint32_t source, std::vector<uint64_t> lines, std::string sentences) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (overflowed()) return;
  kept_bytes_ += sentences.size();
  if (kept_bytes_ > budget_bytes_) {
    overflowed_ = true;
    std::vector<Batch>().swap(batches_);
    return;
  }
  sentences.shrink_to_fit();  // a batch's buffer may have grown past its size
  batches_.push_back(Batch{source, lines.front(), std::move(sentences)});
}

std::string SpmSeedSample::TakeText(
    const absl::flat_hash_map<char32_t, int64_t>& required_chars) {
  std::sort(batches_.begin(), batches_.end(), [](const Batch& a, const Batch& b) {
    return std::tie(a.source, a.first_line) < std::tie(b.source, b.first_line);
  });
  std::vector<std::string_view> kept;
  size_t bytes = 0;
  for (const Batch& batch : batches_) {
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
  for (std::string_view sentence : kept) {
    size_t pos = 0;
    while (pos < sentence.size()) {
      const char32_t c = utf8::DecodeValid(sentence, pos);
      utf8::Append(required_chars.contains(c) ? c : kSpmUnknownChar, out);
    }
    out.push_back('\0');
  }
  std::vector<std::string_view>().swap(kept);
  std::vector<Batch>().swap(batches_);
  return out;
}

}  // namespace tokenmill
