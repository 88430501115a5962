#include "tokenizers/sentencepiece/model_file.h"

#include <array>
#include <fstream>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill {
namespace {

using Type = SentencePiecePiece::Type;

absl::Status Invalid(std::string_view source, std::string_view reason) {
  return absl::InvalidArgumentError(absl::StrFormat("%s: %s", source, reason));
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A short printable form of a piece for error messages.
std::string Quoted(std::string_view piece) {
  constexpr size_t kMax = 40;
  return absl::StrFormat("\"%s%s\"", piece.substr(0, kMax), piece.size() > kMax ? "…" : "");
}

}  // namespace

std::string ByteToPiece(unsigned char byte) { return absl::StrFormat("<0x%02X>", byte); }

int PieceToByte(std::string_view piece) {
  if (piece.size() != 6 || piece.substr(0, 3) != "<0x" || piece[5] != '>') return -1;
  const int high = HexDigit(piece[3]), low = HexDigit(piece[4]);
  if (high < 0 || low < 0) return -1;
  return high * 16 + low;
}

absl::Status ValidateSentencePieceModel(const SentencePieceModelProto& model,
                                        std::string_view source) {
  if (!model.has_trainer_spec())
    return Invalid(source, "no trainer_spec (field 2): not a SentencePiece model, or truncated");
  if (!model.has_normalizer_spec())
    return Invalid(source, "no normalizer_spec (field 3): not a SentencePiece model, or truncated");
  // Two namespaces, as sentencepiece keeps them: matchable pieces and reserved ones.
  absl::flat_hash_set<absl::string_view> normal, reserved;
  normal.reserve(model.pieces_size());
  std::array<bool, 256> byte_found{};
  int unk_id = -1;
  const bool byte_fallback = model.trainer_spec().byte_fallback();
  for (int id = 0; id < model.pieces_size(); ++id) {
    const SentencePiecePiece& p = model.pieces(id);
    const std::string& piece = p.piece();
    if (piece.empty()) return Invalid(source, absl::StrFormat("piece %d is empty", id));
    const bool matchable = p.type() == SentencePiecePiece::NORMAL ||
                           p.type() == SentencePiecePiece::USER_DEFINED ||
                           p.type() == SentencePiecePiece::UNUSED;
    if (!(matchable ? normal : reserved).insert(absl::string_view(piece)).second)
      return Invalid(source, absl::StrFormat("piece %d %s is defined twice", id, Quoted(piece)));
    if (p.type() == SentencePiecePiece::UNKNOWN) {
      if (unk_id >= 0)
        return Invalid(source, absl::StrFormat("pieces %d and %d are both UNKNOWN", unk_id, id));
      unk_id = id;
    }
    if (p.type() == SentencePiecePiece::BYTE) {
      if (!byte_fallback)
        return Invalid(source, absl::StrFormat("byte piece %d %s but trainer_spec.byte_fallback "
                                               "is false", id, Quoted(piece)));
      const int byte = PieceToByte(piece);
      if (byte < 0)
        return Invalid(source, absl::StrFormat("BYTE piece %d %s is not spelled <0xNN>", id,
                                               Quoted(piece)));
      byte_found[byte] = true;
    }
  }
  if (unk_id < 0) return Invalid(source, "no piece of type UNKNOWN");
  if (byte_fallback) {
    for (int b = 0; b < 256; ++b) {
      if (!byte_found[b])
        return Invalid(source, absl::StrFormat("byte_fallback is true but byte piece %s is "
                                               "missing", ByteToPiece(b)));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<SentencePieceModelProto> ParseSentencePieceModel(std::string_view bytes,
                                                                std::string_view source,
                                                                bool validate) {
  if (bytes.empty()) return Invalid(source, "empty file, not a SentencePiece model");
  SentencePieceModelProto model;
  if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
      bytes.size() > static_cast<size_t>(INT32_MAX)) {
    return Invalid(source, absl::StrFormat("not a SentencePiece ModelProto: the %d bytes do not "
                                           "parse as protobuf (truncated or corrupt file)",
                                           bytes.size()));
  }
  if (validate) TM_RETURN_IF_ERROR(ValidateSentencePieceModel(model, source));
  return model;
}

absl::StatusOr<SentencePieceModelProto> LoadSentencePieceModel(const std::string& path) {
  TM_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  return ParseSentencePieceModel(bytes, path);
}

absl::StatusOr<std::string> SerializeSentencePieceModel(const SentencePieceModelProto& model) {
  std::string bytes;
  if (!model.SerializeToString(&bytes))
    return absl::InternalError("SentencePiece model: protobuf serialization failed");
  return bytes;
}

absl::Status SaveSentencePieceModel(const SentencePieceModelProto& model,
                                    const std::string& path) {
  TM_ASSIGN_OR_RETURN(std::string bytes, SerializeSentencePieceModel(model));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return absl::PermissionDeniedError(absl::StrFormat("%s: cannot create file", path));
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return absl::DataLossError(absl::StrFormat("%s: write error", path));
  return absl::OkStatus();
}

}  // namespace tokenmill
