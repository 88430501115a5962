#include "tokenizers/trainers/sentencepiece/spm_train.h"

#include <cstdio>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tokenizers/base/atomic_file.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/sentencepiece/model_file.h"
#include "tokenizers/trainers/sentencepiece/builtin_charsmaps.h"
#include "tokenizers/trainers/sentencepiece/spm_bpe_trainer.h"
#include "tokenizers/trainers/sentencepiece/spm_seed_sample.h"
#include "tokenizers/trainers/sentencepiece/spm_trainer_spec.h"
#include "tokenizers/trainers/sentencepiece/spm_unigram_trainer.h"
#include "tokenizers/trainers/sentencepiece/spm_word_loader.h"
#include "tokenizers/trainers/train_tokenizer.h"

namespace tokenmill {

absl::Status PopulateSpmNormalizerSpec(spm::NormalizerSpec& spec) {
  if (!spec.normalization_rule_tsv().empty()) {
    return absl::UnimplementedError(
        "sentencepiece trainer: --normalization_rule_tsv is not supported (use a built-in "
        "--normalization_rule_name)");
  }
  if (!spec.has_name() || spec.name().empty()) spec.set_name("nmt_nfkc");
  if (spec.precompiled_charsmap().empty()) {
    TM_ASSIGN_OR_RETURN(std::string charsmap, BuiltinCharsmap(spec.name()));
    spec.set_precompiled_charsmap(std::move(charsmap));
  }
  return absl::OkStatus();
}

namespace {

void NotePrunedWords(const SpmWordTable& table, size_t max_memory, Progress& progress) {
  if (table.pruned_words == 0) return;
  progress.Note(absl::StrFormat(
      "warning: the word table reached the memory bound (%d bytes): %d distinct words seen "
      "at most %d times (%d occurrences) were dropped while counting; raise "
      "--max_memory to keep them",
      max_memory, table.pruned_words, table.prune_threshold, table.pruned_occurrences));
}

// The corpus as the trainer needs it. BPE: a streamed word table when possible, else
// sentences. Unigram: the same word table, and in `seed` the sentences while they fit
// --seed_sample_bytes (else the trainer mines seeds from the words); else whole sentences.
absl::StatusOr<SpmSentences> LoadSpmCorpus(const spm::TrainerSpec& spec,
                                           const spm::NormalizerSpec& normalizer_spec,
                                           const SpmMetaPieces& meta,
                                           const SpmTrainOptions& options, Progress& progress,
                                           SpmSeedText& seed) {
  if (CanStreamSpmWords(spec)) {
    const size_t max_memory = options.max_memory ? options.max_memory : DefaultMaxMemory();
    const bool unigram = spec.model_type() == spm::TrainerSpec::UNIGRAM;
    SpmSeedSample sample(options.seed_sample_bytes ? options.seed_sample_bytes
                                                   : DefaultSpmSeedSampleBytes(max_memory));
    absl::StatusOr<SpmWordTable> table = LoadSpmWords(spec, normalizer_spec, meta, max_memory,
                                                      progress, unigram ? &sample : nullptr);
    if (table.ok()) {
      NotePrunedWords(*table, max_memory, progress);
      if (!unigram) std::vector<uint8_t>().swap(table->words.word_ends);  // Unigram's seeds only
      if (unigram && !sample.overflowed()) {
        seed.text = sample.TakeText(table->words.required_chars);
      } else if (unigram) {
        seed.word_text_budget = sample.budget_bytes();
      }
      return std::move(table->words);
    }
    if (table.status().code() != absl::StatusCode::kFailedPrecondition) return table.status();
  }
  return LoadSpmSentences(spec, normalizer_spec, meta, progress);
}

}  // namespace

absl::StatusOr<spm::ModelProto> TrainSentencePiece(const spm::TrainerSpec& trainer_spec,
                                                   spm::NormalizerSpec normalizer_spec,
                                                   Progress& progress,
                                                   const SpmTrainOptions& options) {
  TM_RETURN_IF_ERROR(VerifySpmTrainerSpec(trainer_spec));
  const bool unigram = trainer_spec.model_type() == spm::TrainerSpec::UNIGRAM;
  if (!unigram && trainer_spec.model_type() != spm::TrainerSpec::BPE) {
    return absl::UnimplementedError(
        "sentencepiece trainer: only --model_type=unigram and bpe are implemented so far");
  }
  if (!normalizer_spec.escape_whitespaces()) {
    return absl::InvalidArgumentError("sentencepiece trainer needs escape_whitespaces");
  }
  TM_RETURN_IF_ERROR(PopulateSpmNormalizerSpec(normalizer_spec));
  TM_ASSIGN_OR_RETURN(SpmMetaPieces meta, MakeSpmMetaPieces(trainer_spec));
  if (options.seed_sample_bytes != 0) {
    TM_RETURN_IF_ERROR(ValidateSpmSeedSampleBytes(options.seed_sample_bytes));
  }
  SpmSeedText seed;
  TM_ASSIGN_OR_RETURN(SpmSentences sentences, LoadSpmCorpus(trainer_spec, normalizer_spec, meta,
                                                            options, progress, seed));
  if (sentences.skipped_too_long > 0) {
    progress.Note(absl::StrCat("skipped ", sentences.skipped_too_long,
                               " lines longer than --max_sentence_length=",
                               trainer_spec.max_sentence_length(), " bytes"));
  }
  TM_ASSIGN_OR_RETURN(
      auto pieces,
      unigram ? TrainSpmUnigram(trainer_spec, meta.size(), std::move(sentences), progress,
                                std::move(seed))
              : TrainSpmBpe(trainer_spec, meta.size(), std::move(sentences), progress));

  spm::ModelProto model;
  std::set<std::string> seen;
  size_t next = 0;
  for (int id = 0; id < trainer_spec.vocab_size(); ++id) {
    auto* piece = model.add_pieces();
    if (auto it = meta.find(id); it != meta.end()) {
      piece->set_piece(it->second.first);
      piece->set_type(it->second.second);
      piece->set_score(0.0);
    } else if (next < pieces.size()) {
      piece->set_piece(pieces[next].first);
      piece->set_score(pieces[next].second);
      ++next;
    } else {
      model.mutable_pieces()->RemoveLast();
      continue;
    }
    if (!seen.insert(piece->piece()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("sentencepiece trainer: the piece ", piece->piece(), " is defined twice"));
    }
  }
  if (next != pieces.size() || (trainer_spec.hard_vocab_limit() &&
                                model.pieces_size() != trainer_spec.vocab_size())) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "sentencepiece trainer: vocabulary size too high (%d). Please set it to a value <= %d.",
        trainer_spec.vocab_size(), model.pieces_size()));
  }
  *model.mutable_trainer_spec() = trainer_spec;
  if (!trainer_spec.hard_vocab_limit()) {
    model.mutable_trainer_spec()->set_vocab_size(model.pieces_size());
  }
  *model.mutable_normalizer_spec() = std::move(normalizer_spec);
  return model;
}

std::string SpmVocabText(const spm::ModelProto& model) {
  std::string out;
  const bool scores = model.trainer_spec().vocabulary_output_piece_score();
  for (const auto& piece : model.pieces()) {
    out += piece.piece();
    if (scores) {
      char buf[32];
      std::snprintf(buf, sizeof(buf), "\t%g", static_cast<double>(piece.score()));
      out += buf;
    }
    out += '\n';
  }
  return out;
}

absl::Status SaveSpmTraining(const spm::ModelProto& model, const std::string& prefix) {
  TM_ASSIGN_OR_RETURN(std::string bytes, SerializeSentencePieceModel(model));
  TM_RETURN_IF_ERROR(WriteFileAtomically(prefix + ".model", bytes));
  return WriteFileAtomically(prefix + ".vocab", SpmVocabText(model));
}

}  // namespace tokenmill
