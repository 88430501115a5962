#include "tokenizers/processors/post_processor.h"

#include <utility>

#include "tokenizers/base/status_macros.h"

namespace tokenmill {

absl::StatusOr<Encoding> PostProcessor::Process(Encoding first, std::optional<Encoding> second,
                                                bool add_special_tokens) const {
  std::vector<Encoding> encodings;
  encodings.reserve(2);
  encodings.push_back(std::move(first));
  if (second) encodings.push_back(*std::move(second));
  for (size_t i = 0; i < encodings.size(); ++i) {
    Encoding& encoding = encodings[i];
    const auto sequence = static_cast<int8_t>(i);
    encoding.SetSequenceId(sequence);
    // As in HF, overflowing parts get the sequence id but keep the type ids they had.
    for (Encoding& part : encoding.overflowing) part.SetSequenceId(sequence);
    encoding.type_ids.assign(encoding.size(), static_cast<uint32_t>(i));
  }
  TM_ASSIGN_OR_RETURN(std::vector<Encoding> parts,
                      ProcessEncodings(std::move(encodings), add_special_tokens));
  return Encoding::Merge(std::move(parts));
}

}  // namespace tokenmill
