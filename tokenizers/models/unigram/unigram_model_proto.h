// Builds the sentencepiece-exact UnigramModel from a loaded `.model` (its piece list; the
// normalizer and trainer specs are the processor's business).
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "tokenizers/models/unigram/unigram_model.h"
#include "tokenizers/sentencepiece/model_file.h"

namespace tokenmill {

absl::StatusOr<std::unique_ptr<UnigramModel>> UnigramModelFromProto(
    const SentencePieceModelProto& model);

}  // namespace tokenmill
