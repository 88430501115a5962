// sentencepiece 0.1.97's proto outputs in Python: SentencePieceText / NBestSentencePieceText
// serialized to bytes ("serialized_proto"), or wrapped read-only with code-point spans
// ("immutable_proto": ImmutableSentencePieceText & co., the same attributes and printing).
#pragma once

#include <pybind11/pybind11.h>

#include "tokenizers/sentencepiece/sentencepiece_text.pb.h"

namespace tokenmill::python {

// What an encode or decode returns (sentencepiece's out_type).
enum class OutType { kIds, kPieces, kSerializedProto, kImmutableProto };

inline bool IsProto(OutType type) {
  return type == OutType::kSerializedProto || type == OutType::kImmutableProto;
}

// out_type: int, str, 'serialized_proto' (or 'proto'), 'immutable_proto'; None: `fallback`.
OutType ParseOutType(pybind11::handle out_type, OutType fallback);

// One message as out_type asks (bytes, or the immutable wrapper after ConvertToUnicodeSpans).
pybind11::object TextProtoToPython(spm::SentencePieceText text, OutType type);
pybind11::object NBestProtoToPython(spm::NBestSentencePieceText nbests, OutType type);

// The Immutable* classes.
void RegisterSentencePieceProtos(pybind11::module_& m);

}  // namespace tokenmill::python
