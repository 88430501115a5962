#include "tokenizers/decoders/stream_decoder.h"

#include "absl/strings/str_format.h"
#include "tokenizers/decoders/byte_level_decoder.h"

namespace tokenmill {
namespace {

enum class Sequence { kComplete, kInvalid, kTruncated };

// Reads the sequence at `pos` as from_utf8_lossy does; `length` gets the bytes it
// covers (the whole character, the maximal invalid prefix, or what is left).
Sequence ReadSequence(std::string_view s, size_t pos, size_t& length) {
  const auto lead = static_cast<unsigned char>(s[pos]);
  length = 1;
  if (lead < 0x80) return Sequence::kComplete;
  size_t needed;
  unsigned char low = 0x80, high = 0xBF;  // range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    needed = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    needed = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    needed = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return Sequence::kInvalid;
  }
  for (size_t k = 1; k < needed; ++k) {
    if (pos + k >= s.size()) {
      length = k;
      return Sequence::kTruncated;
    }
    const auto c = static_cast<unsigned char>(s[pos + k]);
    const bool ok = k == 1 ? (c >= low && c <= high) : (c >= 0x80 && c <= 0xBF);
    if (!ok) {
      length = k;
      return Sequence::kInvalid;
    }
  }
  length = needed;
  return Sequence::kComplete;
}

}  // namespace

size_t IncompleteUtf8TailStart(std::string_view bytes) {
  for (size_t pos = 0; pos < bytes.size();) {
    size_t length;
    if (ReadSequence(bytes, pos, length) == Sequence::kTruncated) return pos;
    pos += length;
  }
  return bytes.size();
}

StreamDecoder StreamDecoder::ForByteLevel(const Model& model) {
  return StreamDecoder([&model](uint32_t id, std::string& bytes) {
    const auto token = model.IdToToken(id);
    if (!token) return false;
    ByteLevelDecoder::AppendTokenBytes(*token, bytes);
    return true;
  });
}

absl::StatusOr<std::string> StreamDecoder::Step(uint32_t id) {
  const size_t before = pending_.size();
  if (!token_bytes_(id, pending_)) {
    pending_.resize(before);
    return absl::NotFoundError(absl::StrFormat("token id %d is not in the vocabulary", id));
  }
  return PushBytes({});
}

std::string StreamDecoder::PushBytes(std::string_view bytes) {
  pending_.append(bytes);
  const size_t cut = IncompleteUtf8TailStart(pending_);
  std::string text = Utf8Lossy(std::string_view(pending_).substr(0, cut));
  pending_.erase(0, cut);
  return text;
}

std::string StreamDecoder::Flush() {
  std::string text = Utf8Lossy(pending_);
  pending_.clear();
  return text;
}

}  // namespace tokenmill
