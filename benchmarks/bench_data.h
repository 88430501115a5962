// Inputs for the benchmarks: real text and real tokenizer.json files, found in ../shared
// (the reference kit, or $TOKENMILL_SHARED_DIR) or, without it, in the copies bundled with
// the project.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tokenmill::bench {

// The "text" fields of the dev corpus (../shared/corpus/dev.jsonl, else tests/data's slice).
// Read once and cached; empty when neither file exists.
const std::vector<std::string>& DevTexts();
// Total UTF-8 bytes of `texts`.
size_t TotalBytes(const std::vector<std::string>& texts);

// tokenizer.json of a BERT model by name ("bert-base-uncased", ...): ../shared/vocab first,
// then the project's vocab/ folder; nullopt when neither has it.
std::optional<std::string> TokenizerJsonPath(std::string_view model);

// Lines of ../shared/corpus/train-small.txt (the text sentencepiece's published speeds use);
// empty without the reference kit.
const std::vector<std::string>& TrainSmallLines();
// A SentencePiece model by name ("bpe_8k", ...): ../shared/vocab/spm first, then the slice
// bundled under tests/data/spm; nullopt when neither has it.
std::optional<std::string> SentencePieceModelPath(std::string_view model);

}  // namespace tokenmill::bench
