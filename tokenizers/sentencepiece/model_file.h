// SentencePiece `.model` files: one serialized ModelProto (see sentencepiece_model.proto),
// parsed and written with Debian's protobuf (lite runtime), then checked the way
// sentencepiece checks a model before using it.
//
// Every error names the file (or the `source` given) and the reason: an unreadable or empty
// file, bytes that are not a ModelProto (truncated or corrupt), or a ModelProto that
// sentencepiece would refuse (empty or duplicate pieces, no or two UNKNOWN pieces, byte pieces
// without byte_fallback or not all 256 of them). A file cut exactly between two fields still
// parses, so the loader also insists on the trainer and normalizer specs every trained model
// carries; a cut inside the piece list then shows as a missing trainer_spec.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tokenizers/sentencepiece/sentencepiece_model.pb.h"

namespace tokenmill {

using SentencePieceModelProto = spm::ModelProto;
using SentencePiecePiece = spm::ModelProto::SentencePiece;  // {piece, score, type}

// Reads, parses and validates `path`.
absl::StatusOr<SentencePieceModelProto> LoadSentencePieceModel(const std::string& path);
// Parses and validates serialized bytes; `source` names them in errors ("x.model", "<bytes>").
// `validate = false` leaves ValidateSentencePieceModel to the caller.
absl::StatusOr<SentencePieceModelProto> ParseSentencePieceModel(std::string_view bytes,
                                                                std::string_view source,
                                                                bool validate = true);
// sentencepiece's load-time checks (model_interface.cc InitializePieces) plus the presence
// of trainer_spec and normalizer_spec.
absl::Status ValidateSentencePieceModel(const SentencePieceModelProto& model,
                                        std::string_view source);

// Serialized bytes (unknown fields and extensions read from a file are written back).
absl::StatusOr<std::string> SerializeSentencePieceModel(const SentencePieceModelProto& model);
absl::Status SaveSentencePieceModel(const SentencePieceModelProto& model, const std::string& path);

// "<0x0A>" ↔ 0x0A: the spelling of BYTE pieces (upper-case hex, two digits). -1 if not one.
std::string ByteToPiece(unsigned char byte);
int PieceToByte(std::string_view piece);

}  // namespace tokenmill
