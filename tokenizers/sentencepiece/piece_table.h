// The piece list of a SentencePiece model with sentencepiece's lookups (model_interface.cc):
// two maps — matchable pieces (NORMAL, USER_DEFINED, UNUSED) and reserved ones (CONTROL,
// UNKNOWN, BYTE) — where PieceToId checks the reserved map first and falls back to unk.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/status/statusor.h"
#include "tokenizers/sentencepiece/model_file.h"

namespace tokenmill {

class SentencePieceTable {
 public:
  using Type = SentencePiecePiece::Type;

  // Move-only: the maps hold views of the piece strings.
  SentencePieceTable(SentencePieceTable&&) = default;
  SentencePieceTable& operator=(SentencePieceTable&&) = default;
  SentencePieceTable(const SentencePieceTable&) = delete;
  SentencePieceTable& operator=(const SentencePieceTable&) = delete;

  // The model must be valid (ValidateSentencePieceModel; the loader and the processor check).
  // `live_types`: the types sentencepiece sees after SetVocabulary, which changes them
  // without rebuilding anything: the maps keep the model's own types, the type queries
  // answer the live ones.
  static absl::StatusOr<SentencePieceTable> FromModelProto(
      const SentencePieceModelProto& model, const std::vector<Type>* live_types = nullptr);

  int size() const { return static_cast<int>(pieces_.size()); }
  int unk_id() const { return unk_id_; }
  bool byte_fallback() const { return byte_fallback_; }

  const std::string& IdToPiece(int id) const { return pieces_[id]; }
  float Score(int id) const { return scores_[id]; }
  Type TypeOf(int id) const { return types_[id]; }
  // The type the model was built with (differs from TypeOf only after SetVocabulary).
  Type LoadTypeOf(int id) const { return load_types_[id]; }
  bool IsUnknown(int id) const { return types_[id] == SentencePiecePiece::UNKNOWN; }
  bool IsControl(int id) const { return types_[id] == SentencePiecePiece::CONTROL; }
  bool IsByte(int id) const { return types_[id] == SentencePiecePiece::BYTE; }
  bool IsUnused(int id) const { return types_[id] == SentencePiecePiece::UNUSED; }
  bool IsUserDefined(int id) const { return types_[id] == SentencePiecePiece::USER_DEFINED; }

  // sentencepiece's PieceToId: reserved map, then matchable map, else unk.
  int PieceToId(std::string_view piece) const;
  // The matchable piece with this text, or -1 (what models look up while encoding).
  int FindMatchable(std::string_view piece) const;
  // Id of the byte piece <0xNN> (only with byte fallback; else unk).
  int ByteId(unsigned char byte) const { return byte_ids_[byte]; }
  // Texts of the USER_DEFINED pieces (the normalizer and the models match them first).
  std::vector<std::string_view> UserDefinedSymbols() const;

 private:
  SentencePieceTable() = default;

  std::vector<std::string> pieces_;
  std::vector<float> scores_;
  std::vector<Type> types_;
  std::vector<Type> load_types_;
  // absl::string_view keys get Abseil's fast string hash (Debian's Abseil does not treat
  // std::string_view as its own string_view).
  absl::flat_hash_map<absl::string_view, int> matchable_;
  absl::flat_hash_map<absl::string_view, int> reserved_;
  std::array<int, 256> byte_ids_{};
  int unk_id_ = 0;
  bool byte_fallback_ = false;
};

}  // namespace tokenmill
