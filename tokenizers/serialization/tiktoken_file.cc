#include "tokenizers/serialization/tiktoken_file.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "tokenizers/serialization/tiktoken_binary.h"

namespace tokenmill {
namespace {

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

struct Base64Table {
  int8_t value[256];
  constexpr Base64Table() : value() {
    for (int i = 0; i < 256; ++i) value[i] = -1;
    for (int i = 0; i < 64; ++i) value[static_cast<uint8_t>(kBase64Alphabet[i])] = i;
  }
};
constexpr Base64Table kBase64;

absl::Status LineError(std::string_view source, size_t line, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrFormat("%s: line %d: %s", source, line, what));
}

// Parses a decimal rank; false on anything but 1-10 digits fitting in 31 bits.
bool ParseRank(std::string_view digits, uint32_t& rank) {
  if (digits.empty() || digits.size() > 10) return false;
  uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (value > 0x7FFFFFFF) return false;
  rank = static_cast<uint32_t>(value);
  return true;
}

absl::Status ParseLine(std::string_view line, std::string_view source, size_t line_number,
                       TiktokenRanks& out) {
  const size_t space = line.find(' ');
  if (space == std::string_view::npos) {
    return LineError(source, line_number, "expected \"<base64 token> <rank>\"");
  }
  thread_local std::string token;
  if (!DecodeBase64(line.substr(0, space), token) || token.empty()) {
    return LineError(source, line_number,
                     absl::StrFormat("bad base64 token \"%s\"", line.substr(0, space)));
  }
  uint32_t rank = 0;
  if (!ParseRank(line.substr(space + 1), rank)) {
    return LineError(source, line_number,
                     absl::StrFormat("bad rank \"%s\" (expected a non-negative integer)",
                                     line.substr(space + 1)));
  }
  out.Add(token, rank);
  out.lines.push_back(static_cast<uint32_t>(line_number));
  return absl::OkStatus();
}

}  // namespace

bool DecodeBase64(std::string_view text, std::string& out) {
  out.clear();
  if (text.size() % 4 != 0) return false;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int v[4];
    int padding = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + k];
      if (c == '=' && last && k >= 2) {
        v[k] = 0;
        ++padding;
        continue;
      }
      v[k] = kBase64.value[static_cast<uint8_t>(c)];
      if (v[k] < 0 || padding > 0) return false;  // bad character, or data after '='
    }
    const uint32_t group = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out.push_back(static_cast<char>(group >> 16));
    if (padding < 2) out.push_back(static_cast<char>(group >> 8));
    if (padding < 1) out.push_back(static_cast<char>(group));
  }
  return true;
}

std::string EncodeBase64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  const auto* b = reinterpret_cast<const uint8_t*>(bytes.data());
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t g = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kBase64Alphabet[(g >> shift) & 63]);
  }
  if (i < bytes.size()) {
    const bool two = i + 1 < bytes.size();
    const uint32_t g = (b[i] << 16) | (two ? b[i + 1] << 8 : 0);
    out.push_back(kBase64Alphabet[(g >> 18) & 63]);
    out.push_back(kBase64Alphabet[(g >> 12) & 63]);
    out.push_back(two ? kBase64Alphabet[(g >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

absl::StatusOr<TiktokenRanks> ParseTiktokenRanks(std::string_view contents,
                                                 std::string_view source) {
  if (contents.empty()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: empty rank file", source));
  }
  // Offsets into the token bytes are 32-bit; decoded tokens are shorter than their base64.
  if (contents.size() > UINT32_MAX) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: %d bytes is too large for a rank file", source, contents.size()));
  }
  TiktokenRanks ranks;
  // A line per ~12 bytes in OpenAI's files, ~7 of them the token's bytes: reserving avoids
  // regrowing 200k entries.
  ranks.entries.reserve(contents.size() / 12);
  ranks.lines.reserve(contents.size() / 12);
  ranks.bytes.reserve(contents.size() / 2);
  size_t line_number = 0;
  size_t start = 0;
  while (start < contents.size()) {
    ++line_number;
    size_t end = contents.find('\n', start);
    const bool unterminated = end == std::string_view::npos;
    if (unterminated) end = contents.size();
    std::string_view line = contents.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;  // tiktoken skips blank lines
    absl::Status status = ParseLine(line, source, line_number, ranks);
    if (!status.ok()) {
      if (unterminated) {
        return LineError(source, line_number,
                         absl::StrFormat("the file ends inside this line (truncated?): %s",
                                         status.message()));
      }
      return status;
    }
  }
  if (ranks.entries.empty()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: no ranks (only blank lines)", source));
  }
  return ranks;
}

absl::StatusOr<std::string> ReadMaybeGzipFile(const std::string& path) {
  // gzopen reads plain files too, so one path serves both.
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return absl::NotFoundError(absl::StrFormat("%s: cannot open file", path));
  gzbuffer(file, 1 << 17);
  std::string out;
  size_t used = 0;
  out.resize(1 << 20);
  while (true) {
    if (used == out.size()) out.resize(out.size() * 2);
    const int n = gzread(file, out.data() + used, static_cast<unsigned>(out.size() - used));
    if (n < 0) {
      int code = 0;
      std::string message = gzerror(file, &code);
      gzclose(file);
      return absl::DataLossError(absl::StrFormat("%s: corrupt gzip data (%s)", path, message));
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  gzclose(file);
  out.resize(used);
  return out;
}

absl::StatusOr<TiktokenRanks> ReadTiktokenFile(const std::string& path) {
  auto contents = ReadMaybeGzipFile(path);
  if (!contents.ok()) return contents.status();
  if (IsTiktokenBinary(*contents)) return ParseTiktokenBinary(*contents, path);
  return ParseTiktokenRanks(*contents, path);
}

absl::Status CheckRankCoverage(const TiktokenRanks& ranks, const std::vector<uint32_t>& reserved_ids,
                               std::optional<uint32_t> explicit_n_vocab, std::string_view source) {
  // The ids that must be held: [0, dense_end). Without an explicit size, the ranks fill
  // [0, #ranks) except where a special token's id sits inside that range.
  uint32_t dense_end = static_cast<uint32_t>(ranks.size());
  if (explicit_n_vocab) {
    dense_end = *explicit_n_vocab;
  } else {
    std::vector<uint32_t> sorted = reserved_ids;
    std::sort(sorted.begin(), sorted.end());
    for (uint32_t id : sorted) dense_end += id < dense_end;
  }
  constexpr uint32_t kReserved = UINT32_MAX;
  // line_of[id]: the line holding rank id, kReserved for a special token, 0 if unseen.
  std::vector<uint32_t> line_of(dense_end, 0);
  for (uint32_t id : reserved_ids) {
    if (id < dense_end) line_of[id] = kReserved;
  }
  for (size_t i = 0; i < ranks.size(); ++i) {
    const uint32_t rank = ranks.rank(i);
    const uint32_t line = ranks.line(i);
    if (rank >= dense_end) {
      return LineError(source, line,
                       explicit_n_vocab
                           ? absl::StrFormat("rank %d is not below the encoding's n_vocab %d",
                                             rank, dense_end)
                           : absl::StrFormat("rank %d leaves a gap: the ranks should fill 0..%d",
                                             rank, dense_end - 1));
    }
    if (line_of[rank] == kReserved) {
      return LineError(source, line,
                       absl::StrFormat("rank %d is the id of a special token", rank));
    }
    if (line_of[rank] != 0) {
      return LineError(source, line,
                       absl::StrFormat("duplicate rank %d (also on line %d)", rank, line_of[rank]));
    }
    line_of[rank] = line;
  }
  const auto missing = std::find(line_of.begin(), line_of.end(), 0u);
  if (missing == line_of.end()) return absl::OkStatus();
  const uint32_t id = static_cast<uint32_t>(missing - line_of.begin());
  // Name the line where the gap shows: the next rank present after the missing one.
  for (auto next = missing; next != line_of.end(); ++next) {
    if (*next != 0 && *next != kReserved) {
      return LineError(source, *next,
                       absl::StrFormat("rank %d is missing (this line has rank %d)", id,
                                       next - line_of.begin()));
    }
  }
  return absl::InvalidArgumentError(absl::StrFormat(
      "%s: line %d: ranks stop at %d but the encoding needs ranks up to %d (truncated file?)",
      source, ranks.line(ranks.size() - 1), id == 0 ? 0 : id - 1, dense_end - 1));
}

absl::Status FindDuplicateToken(const TiktokenRanks& ranks, std::string_view source) {
  absl::flat_hash_map<absl::string_view, uint32_t> line_of;
  line_of.reserve(ranks.size());
  for (size_t i = 0; i < ranks.size(); ++i) {
    const std::string_view token = ranks.token(i);
    auto [it, inserted] = line_of.emplace(absl::string_view(token.data(), token.size()), ranks.line(i));
    if (!inserted) {
      return LineError(source, ranks.line(i),
                       absl::StrFormat("duplicate token (base64 %s, also on line %d)",
                                       EncodeBase64(token), it->second));
    }
  }
  return absl::OkStatus();
}

}  // namespace tokenmill
