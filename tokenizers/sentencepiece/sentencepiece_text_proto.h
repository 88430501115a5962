// sentencepiece's SentencePieceText messages (sentencepiece_text.proto) filled as its
// processor fills them, so that serialized they are byte for byte sentencepiece 0.1.97's
// *AsSerializedProto results: which fields are set matters, not only their values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "tokenizers/sentencepiece/sentencepiece_processor.h"
#include "tokenizers/sentencepiece/sentencepiece_text.pb.h"

namespace tokenmill {

// An encoding of `input` (SentencePieceProcessor::Encode & co., without add_bos / add_eos) as
// sentencepiece's PopulateSentencePieceText writes it: text = input; each piece's string, id,
// surface (the input bytes it spans) and span — no surface for a byte-fallback piece other
// than its character's last; `score` only when given (n-best and scored samples).
spm::SentencePieceText EncodedTextProto(const SentencePieceProcessor& sp, std::string_view input,
                                        const SentencePieceText& encoded,
                                        std::optional<float> score = std::nullopt);

// sentencepiece's Decode(pieces, SentencePieceText*): text = the decoded text; every piece's
// string, id (PieceToId), surface and span (see SentencePieceSurfaces).
absl::Status DecodedTextProto(const SentencePieceProcessor& sp, const std::vector<std::string>& pieces,
                              spm::SentencePieceText& out);

// sentencepiece's ImmutableSentencePieceText::ConvertToUnicodeSpans (what its Python
// *AsImmutableProto calls return): every piece's begin and end become code-point offsets in
// the text (characters by their lead byte; spans past the end clipped to it).
void ConvertToUnicodeSpans(spm::SentencePieceText& text);

}  // namespace tokenmill
