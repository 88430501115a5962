#include "tokenizers/sentencepiece/sentencepiece_text_proto.h"

#include <algorithm>

#include "tokenizers/base/status_macros.h"
#include "tokenizers/sentencepiece/spm_utf8.h"

namespace tokenmill {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

spm::SentencePieceText EncodedTextProto(const SentencePieceProcessor& sp, std::string_view input,
                                        const SentencePieceText& encoded,
                                        std::optional<float> score) {
  spm::SentencePieceText out;
  if (score) out.set_score(*score);
  const std::string& normalized = encoded.normalized;
  for (size_t i = 0; i < encoded.pieces.size(); ++i) {
    const SentencePiecePieceInfo& info = encoded.pieces[i];
    spm::SentencePieceText::SentencePiece* piece = out.add_pieces();
    piece->set_piece(std::string(sp.PieceString(encoded, i)));
    piece->set_id(static_cast<uint32_t>(info.id));
    piece->set_begin(info.begin);
    piece->set_end(info.end);
    // A control piece stands for no text; a byte piece inside its character neither.
    const bool inside_character = sp.IsByte(info.id) && info.norm_end < normalized.size() &&
                                  IsContinuationByte(normalized[info.norm_end]);
    if (!sp.IsControl(info.id) && !inside_character) {
      piece->set_surface(std::string(input.substr(info.begin, info.end - info.begin)));
    }
  }
  out.set_text(std::string(input));
  return out;
}

absl::Status DecodedTextProto(const SentencePieceProcessor& sp, const std::vector<std::string>& pieces,
                              spm::SentencePieceText& out) {
  out.Clear();
  std::string text;
  SentencePieceSurfaces surfaces;
  TM_RETURN_IF_ERROR(sp.DecodePiecesWithSurfaces(pieces, text, surfaces));
  for (size_t i = 0; i < pieces.size(); ++i) {
    spm::SentencePieceText::SentencePiece* piece = out.add_pieces();
    piece->set_piece(pieces[i]);
    piece->set_id(static_cast<uint32_t>(sp.PieceToId(pieces[i])));
    const auto [begin, end] = surfaces.spans[i];
    piece->set_surface(surfaces.text.substr(begin, end - begin));
    piece->set_begin(begin);
    piece->set_end(end);
  }
  out.set_text(std::move(text));
  return absl::OkStatus();
}

void ConvertToUnicodeSpans(spm::SentencePieceText& text) {
  const std::string& s = text.text();
  if (s.empty()) return;
  std::vector<uint32_t> code_point_at(s.size() + 1, 0);
  uint32_t chars = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t length = std::min(spm_utf8::LeadByteLength(static_cast<unsigned char>(s[pos])), s.size() - pos);
    for (size_t i = pos; i < pos + length; ++i) code_point_at[i] = chars;
    ++chars;
    pos += length;
  }
  code_point_at[s.size()] = chars;
  auto convert = [&](uint32_t offset) { return code_point_at[std::min<size_t>(offset, s.size())]; };
  for (spm::SentencePieceText::SentencePiece& piece : *text.mutable_pieces()) {
    piece.set_begin(convert(piece.begin()));
    piece.set_end(convert(piece.end()));
  }
}

}  // namespace tokenmill
