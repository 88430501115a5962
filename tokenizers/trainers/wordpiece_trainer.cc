#include "tokenizers/trainers/wordpiece_trainer.h"

#include "tokenizers/base/status_macros.h"
#include "tokenizers/models/wordpiece/wordpiece.h"

namespace tokenmill {

BpeTrainerOptions WordPieceTrainerDefaults() {
  BpeTrainerOptions options;
  options.continuing_subword_prefix = "##";
  return options;
}

absl::StatusOr<TrainedModel> WordPieceTrainer::Train(WordList words, const Model* base,
                                                     Progress& progress) const {
  TM_ASSIGN_OR_RETURN(BpeTrainingResult result,
                      TrainBpeVocabulary(std::move(words), options_, progress));
  std::vector<std::pair<std::string_view, uint32_t>> entries;
  entries.reserve(result.vocab.size());
  for (size_t id = 0; id < result.vocab.size(); ++id) {
    entries.emplace_back(result.vocab[id], static_cast<uint32_t>(id));
  }
  TM_ASSIGN_OR_RETURN(Vocab vocab, Vocab::Create(entries));
  WordPieceOptions wp_options;
  if (const auto* base_wp = dynamic_cast<const WordPiece*>(base)) wp_options = base_wp->options();
  // HF's WordPiece::from_bpe: the BPE prefix, or WordPiece's default.
  wp_options.continuing_subword_prefix = options_.continuing_subword_prefix.value_or("##");
  TM_ASSIGN_OR_RETURN(std::unique_ptr<WordPiece> model,
                      WordPiece::Create(std::move(vocab), std::move(wp_options)));
  TrainedModel trained;
  trained.model = std::move(model);
  trained.special_tokens = options_.special_tokens;
  return trained;
}

}  // namespace tokenmill
