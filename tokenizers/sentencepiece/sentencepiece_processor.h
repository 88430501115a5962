// Google SentencePiece's SentencePieceProcessor, reimplemented: load a `.model`, normalize,
// segment with the model it names (unigram, BPE, char, word), then turn the segmentation
// into ids, pieces and byte offsets of the original text exactly as sentencepiece 0.1.97
// does (sentencepiece_processor.cc PopulateSentencePieceText): runs of unknown characters
// merge into one piece; with byte_fallback each unknown character becomes its UTF-8 byte
// pieces <0xNN> (all but the last with an empty span). Decode is sentencepiece's too.
//
// Invalid UTF-8 input is an error by default; `InvalidUtf8::kReplace` reproduces
// sentencepiece (each byte that does not start a valid character reads as U+FFFD).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/pre_tokenized_string.h"
#include "tokenizers/sentencepiece/model_file.h"
#include "tokenizers/sentencepiece/model_interface.h"
#include "tokenizers/sentencepiece/piece_table.h"
#include "tokenizers/sentencepiece/sentencepiece_normalizer.h"

namespace tokenmill {

enum class InvalidUtf8 { kError, kReplace };

struct SentencePieceEncodeOptions {
  bool add_bos = false;
  bool add_eos = false;
  InvalidUtf8 invalid_utf8 = InvalidUtf8::kError;
};

// One output piece. [begin, end) are bytes of the original text; [norm_begin, norm_end)
// bytes of the normalized text (what an unknown piece's string is made of).
struct SentencePiecePieceInfo {
  int32_t id;
  uint32_t begin;
  uint32_t end;
  uint32_t norm_begin;
  uint32_t norm_end;
};

// sentencepiece's SentencePieceText: the normalized text and the pieces.
struct SentencePieceText {
  std::string normalized;
  std::vector<SentencePiecePieceInfo> pieces;
};

// What each piece of a decode contributes (sentencepiece's SentencePieceText surfaces): piece
// i's surface is text.substr(spans[i]), in the text before the model's denormalizer (the
// decoded text itself when there is none). Byte pieces: a character's last byte piece holds
// it, the others an empty span; an invalid byte, U+FFFD.
struct SentencePieceSurfaces {
  std::string text;
  std::vector<std::pair<uint32_t, uint32_t>> spans;
};

class SentencePieceProcessor {
 public:
  // Errors name the file and the reason (see model_file.h).
  static absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> Load(const std::string& path);
  static absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> FromSerialized(
      std::string_view bytes, std::string_view source);
  static absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> FromModelProto(
      SentencePieceModelProto model, std::string_view source = "SentencePiece model");

  // sentencepiece's SetVocabulary (Unigram and BPE models only): a processor whose NORMAL,
  // UNUSED and BYTE pieces are NORMAL when `valid` holds them or they are one character, else
  // UNUSED — so encoding uses only those. As in sentencepiece 0.1.97, only the types change:
  // what was built at load (the pieces matched, the unknown piece's score) stays.
  absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> WithVocabulary(
      const std::vector<std::string_view>& valid) const;
  // sentencepiece's ResetVocabulary: every UNUSED piece NORMAL (those of the file too).
  absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> WithAllPiecesUsed() const;
  // sentencepiece's LoadVocabulary: the pieces of a "piece<TAB>frequency" file (frequency 1
  // when absent) whose frequency is at least `threshold`, as WithVocabulary.
  absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> WithVocabularyFile(
      const std::string& path, int threshold) const;
  // The general form of the three: the model as loaded, with these piece types live (one
  // per piece; table().LoadTypeOf gives the loaded ones). Pickling rebuilds processors so.
  absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> WithLiveTypes(
      std::vector<SentencePiecePiece::Type> live_types) const;
  // sentencepiece 0.2's OverrideNormalizerSpec on the fields that act on a loaded model: the
  // normalizer's whitespace options (its charsmap is built once, at load). Piece types stay.
  absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> WithWhitespaceOptions(
      bool add_dummy_prefix, bool remove_extra_whitespaces, bool escape_whitespaces) const;
  // The `.model` bytes with the piece types it was loaded with.
  absl::StatusOr<std::string> SerializeAsLoaded() const;

  // Full encoding (pieces with offsets); `out` is overwritten, its buffers reused.
  absl::Status Encode(std::string_view text, SentencePieceText& out,
                      const SentencePieceEncodeOptions& options = {}) const;
  // What a tokenizer pipeline needs: the pieces' ids and spans of `text` ({id, begin, end},
  // as Encode's pieces), appended to `out`; no piece strings, no copy of the normalized text.
  absl::Status EncodeTokens(std::string_view text, std::vector<Token>& out,
                            const SentencePieceEncodeOptions& options = {}) const;
  // Only the ids (appended to `ids` after clearing it).
  absl::Status EncodeIds(std::string_view text, std::vector<int>& ids,
                         const SentencePieceEncodeOptions& options = {}) const;
  // As EncodeIds, appending to what `ids` holds (batches pack many texts in one buffer).
  absl::Status AppendIds(std::string_view text, std::vector<int>& ids,
                         const SentencePieceEncodeOptions& options = {}) const;
  absl::StatusOr<std::vector<int>> EncodeIds(std::string_view text,
                                             const SentencePieceEncodeOptions& options = {}) const;
  absl::StatusOr<std::vector<std::string>> EncodePieces(
      std::string_view text, const SentencePieceEncodeOptions& options = {}) const;

  // Subword regularization (sentencepiece's SampleEncode): unigram samples (nbest_size < 0:
  // the whole lattice, > 1: among the n-best, 0/1: Viterbi), BPE drops merges with
  // probability alpha. nbest_size > 512 is an error. Reproducible for a given rng state.
  absl::Status SampleEncode(std::string_view text, int nbest_size, float alpha, SamplingRng& rng,
                            SentencePieceText& out,
                            const SentencePieceEncodeOptions& options = {}) const;
  struct Scored {
    SentencePieceText text;
    float score = 0.0f;
  };
  // Unigram only: the nbest_size best segmentations with their scores, best first.
  absl::StatusOr<std::vector<Scored>> NBestEncode(
      std::string_view text, int nbest_size, const SentencePieceEncodeOptions& options = {}) const;
  // Unigram only: sentencepiece's SampleEncodeAndScore.
  absl::StatusOr<std::vector<Scored>> SampleEncodeAndScore(
      std::string_view text, int num_samples, float alpha, bool wor, bool include_best,
      SamplingRng& rng, const SentencePieceEncodeOptions& options = {}) const;
  // Unigram only: entropy of the nbest_size = -1 sampling distribution.
  absl::StatusOr<float> CalculateEntropy(std::string_view text, float alpha,
                                         const SentencePieceEncodeOptions& options = {}) const;

  // The string of an output piece: the normalized text it covers for unknown pieces,
  // otherwise the vocabulary piece.
  std::string_view PieceString(const SentencePieceText& text, size_t index) const;

  // sentencepiece's Decode. Ids outside [0, piece size) are an OutOfRange error.
  absl::StatusOr<std::string> Decode(const std::vector<int>& ids) const;
  // Pieces not in the vocabulary decode verbatim (as sentencepiece's DecodePieces).
  absl::StatusOr<std::string> DecodePieces(const std::vector<std::string>& pieces) const;
  // DecodePieces into `text`, with each piece's surface.
  absl::Status DecodePiecesWithSurfaces(const std::vector<std::string>& pieces, std::string& text,
                                        SentencePieceSurfaces& surfaces) const;

  int GetPieceSize() const { return table_->size(); }
  int PieceToId(std::string_view piece) const { return table_->PieceToId(piece); }
  // Empty for ids out of range.
  std::string_view IdToPiece(int id) const;
  float GetScore(int id) const;
  bool IsUnknown(int id) const { return InRange(id) && table_->IsUnknown(id); }
  bool IsControl(int id) const { return InRange(id) && table_->IsControl(id); }
  bool IsUnused(int id) const { return InRange(id) && table_->IsUnused(id); }
  bool IsByte(int id) const { return InRange(id) && table_->IsByte(id); }
  int unk_id() const { return unk_id_; }
  int bos_id() const { return bos_id_; }
  int eos_id() const { return eos_id_; }
  int pad_id() const { return pad_id_; }

  const SentencePieceModelProto& model_proto() const { return model_; }
  const SentencePieceTable& table() const { return *table_; }
  const SentencePieceNormalizer& normalizer() const { return normalizer_; }
  spm::TrainerSpec::ModelType model_type() const { return model_.trainer_spec().model_type(); }
  // The `.model` bytes (sentencepiece loads them and encodes identically).
  absl::StatusOr<std::string> Serialize() const { return SerializeSentencePieceModel(model_); }
  absl::Status Save(const std::string& path) const { return SaveSentencePieceModel(model_, path); }

  // Normalization + input checks shared by every encode flavour.
  absl::Status Normalize(std::string_view text, InvalidUtf8 invalid_utf8,
                         SentencePieceNormalized& out) const;
  // Turns a model segmentation of `normalized` into output pieces (merging unknown runs,
  // expanding byte fallback) — sentencepiece's PopulateSentencePieceText.
  absl::Status Populate(const SentencePieceNormalized& normalized, const std::vector<Token>& tokens,
                        const SentencePieceEncodeOptions& options, SentencePieceText& out) const;
  const SentencePieceModelInterface& model() const { return *model_impl_; }

 private:
  SentencePieceProcessor(SentencePieceModelProto model, SentencePieceTable table,
                         SentencePieceNormalizer normalizer);
  // `live_types`: see SentencePieceTable::FromModelProto; `model` has the types it was built
  // with.
  static absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> Build(
      SentencePieceModelProto model, std::string_view source,
      const std::vector<SentencePiecePiece::Type>* live_types);

  template <typename Piece>
  absl::Status PopulatePieces(const SentencePieceNormalized& normalized,
                              const std::vector<Token>& tokens,
                              const SentencePieceEncodeOptions& options,
                              std::vector<Piece>& pieces) const;
  bool InRange(int id) const { return id >= 0 && id < table_->size(); }
  int ControlIdOf(const std::string& piece, const char* fallback) const;
  absl::Status RunSelfTest(std::string_view source) const;
  absl::Status DecodeInternal(const std::vector<std::string_view>& pieces,
                              const std::vector<int>& ids, std::string& text,
                              SentencePieceSurfaces* surfaces = nullptr) const;

  SentencePieceModelProto model_;  // with the live piece types (what Serialize writes)
  std::unique_ptr<SentencePieceTable> table_;
  SentencePieceNormalizer normalizer_;
  std::unique_ptr<SentencePieceModelInterface> model_impl_;
  std::unique_ptr<SentencePieceNormalizer> denormalizer_;
  int unk_id_ = 0, bos_id_ = -1, eos_id_ = -1, pad_id_ = -1;
};

}  // namespace tokenmill
