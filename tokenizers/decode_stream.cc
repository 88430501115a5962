#include "tokenizers/decode_stream.h"

#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {
namespace {

bool EndsIncomplete(std::string_view text) { return text.ends_with(utf8::kReplacementCharacter); }

}  // namespace

absl::StatusOr<std::optional<std::string>> DecodeStream::Step(const Tokenizer& tokenizer,
                                                              std::span<const uint32_t> new_ids) {
  if (prefix_.empty() && !ids_.empty()) {
    TM_ASSIGN_OR_RETURN(std::string prefix, tokenizer.Decode(ids_, skip_special_tokens_));
    if (!EndsIncomplete(prefix)) {
      prefix_ = std::move(prefix);
      prefix_index_ = ids_.size();
    }
  }
  ids_.insert(ids_.end(), new_ids.begin(), new_ids.end());
  TM_ASSIGN_OR_RETURN(std::string text, tokenizer.Decode(ids_, skip_special_tokens_));
  if (text.size() <= prefix_.size() || EndsIncomplete(text)) return std::nullopt;
  if (!text.starts_with(prefix_)) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "Invalid prefix encountered while decoding stream. Token ID: %d, Expected prefix: "
        "'%s', Actual string: '%s'",
        ids_.back(), prefix_, text));
  }
  std::string added = text.substr(prefix_.size());
  // Keep the ids from the old prefix on: they make the new prefix decode as it did here.
  const size_t new_prefix_index = ids_.size() - prefix_index_;
  ids_.erase(ids_.begin(), ids_.begin() + static_cast<std::ptrdiff_t>(prefix_index_));
  TM_ASSIGN_OR_RETURN(prefix_, tokenizer.Decode(ids_, skip_special_tokens_));
  prefix_index_ = new_prefix_index;
  return added;
}

}  // namespace tokenmill
