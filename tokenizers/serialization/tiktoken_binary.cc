#include "tokenizers/serialization/tiktoken_binary.h"

#include <zlib.h>

#include <cstring>
#include <vector>

#include "absl/strings/str_format.h"

namespace tokenmill {
namespace {

constexpr std::string_view kMagic = "TMRANKS1";
constexpr size_t kHeaderSize = 8 + 4 + 4;

uint32_t ReadU32(const char* p) {
  const auto* b = reinterpret_cast<const uint8_t*>(p);
  return uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 | uint32_t{b[3]} << 24;
}

void AppendU32(std::string& out, uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>(v >> shift));
}

uint32_t Crc32(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths; the tables are far below 4 GiB, but stay correct anyway.
  while (!bytes.empty()) {
    const size_t chunk = std::min<size_t>(bytes.size(), 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(chunk));
    bytes.remove_prefix(chunk);
  }
  return static_cast<uint32_t>(crc);
}

absl::Status Error(std::string_view source, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrFormat("%s: %s", source, what));
}

}  // namespace

bool IsTiktokenBinary(std::string_view contents) { return contents.starts_with(kMagic); }

absl::StatusOr<TiktokenRanks> ParseTiktokenBinary(std::string_view contents,
                                                  std::string_view source) {
  if (!IsTiktokenBinary(contents)) return Error(source, "not a tokenmill binary rank file");
  if (contents.size() < kHeaderSize) return Error(source, "truncated header");
  const uint32_t slots = ReadU32(contents.data() + 8);
  const uint32_t expected_crc = ReadU32(contents.data() + 12);
  const std::string_view payload = contents.substr(kHeaderSize);
  if (payload.size() < slots) return Error(source, "truncated (the length table is cut short)");
  if (Crc32(payload) != expected_crc) return Error(source, "checksum mismatch (corrupt file)");
  const auto* lengths = reinterpret_cast<const uint8_t*>(payload.data());
  size_t total = 0;
  for (uint32_t rank = 0; rank < slots; ++rank) total += lengths[rank];
  if (payload.size() - slots != total) {
    return Error(source, absl::StrFormat("the tokens take %d bytes, the file holds %d", total,
                                         payload.size() - slots));
  }
  if (total > UINT32_MAX) return Error(source, "too large");
  // The tokens' bytes are already laid out as TiktokenRanks keeps them; lines stay implicit
  // (rank + 1).
  TiktokenRanks ranks;
  ranks.bytes.assign(payload.substr(slots));
  ranks.entries.reserve(slots);
  uint32_t offset = 0;
  for (uint32_t rank = 0; rank < slots; ++rank) {
    if (lengths[rank] == 0) continue;
    ranks.entries.push_back(TiktokenRanks::Entry{offset, lengths[rank], rank});
    offset += lengths[rank];
  }
  if (ranks.entries.empty()) return Error(source, "no ranks");
  return ranks;
}

absl::StatusOr<std::string> WriteTiktokenBinary(const TiktokenRanks& ranks) {
  uint32_t slots = 0;
  for (const TiktokenRanks::Entry& entry : ranks.entries) slots = std::max(slots, entry.rank + 1);
  constexpr uint32_t kNoEntry = UINT32_MAX;
  std::vector<uint32_t> entry_of(slots, kNoEntry);
  for (size_t i = 0; i < ranks.size(); ++i) {
    const uint32_t rank = ranks.rank(i);
    const size_t length = ranks.token(i).size();
    if (length == 0 || length > 255) {
      return absl::InvalidArgumentError(
          absl::StrFormat("the token of rank %d is %d bytes; 1-255 fit", rank, length));
    }
    if (entry_of[rank] != kNoEntry) {
      return absl::InvalidArgumentError(absl::StrFormat("two tokens have rank %d", rank));
    }
    entry_of[rank] = static_cast<uint32_t>(i);
  }
  std::string payload;
  for (uint32_t i : entry_of) {
    payload.push_back(static_cast<char>(i == kNoEntry ? 0 : ranks.token(i).size()));
  }
  for (uint32_t i : entry_of) {
    if (i != kNoEntry) payload += ranks.token(i);
  }
  std::string out(kMagic);
  AppendU32(out, slots);
  AppendU32(out, Crc32(payload));
  out += payload;
  return out;
}

}  // namespace tokenmill
