// Reader for tiktoken's `.tiktoken` rank files: one mergeable token per line,
// `base64(token bytes) SPACE rank`, as OpenAI publishes them (and `.tiktoken.gz`).
//
// Every error names the file and line. ParseTiktokenRanks checks the syntax (base64, the rank
// number, empty or truncated files). Whether the ranks cover every id exactly once is a property
// of the encoding (p50k_base leaves 50256 to a special token), so CheckRankCoverage takes the
// special tokens' ids. Duplicate tokens are found by the rank table's hash map for free;
// FindDuplicateToken turns that into a file/line error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace tokenmill {

// A rank file's tokens, in file order. Their bytes share one buffer: a vocabulary is ~200K
// short strings, and loading o200k_base spent more on allocating and faulting in a string per
// token than on reading the file.
struct TiktokenRanks {
  struct Entry {
    uint32_t offset;  // of the token's bytes in `bytes`
    uint32_t length;
    uint32_t rank;
  };
  std::string bytes;
  std::vector<Entry> entries;
  // The line of each entry; empty when entry i sits on line rank + 1 (the binary form).
  std::vector<uint32_t> lines;

  size_t size() const { return entries.size(); }
  std::string_view token(size_t i) const {
    return std::string_view(bytes).substr(entries[i].offset, entries[i].length);
  }
  uint32_t rank(size_t i) const { return entries[i].rank; }
  uint32_t line(size_t i) const { return lines.empty() ? entries[i].rank + 1 : lines[i]; }
  // Appends a token (the caller keeps `bytes` under 4 GiB: rank files are a few MB).
  void Add(std::string_view token, uint32_t rank) {
    entries.push_back(Entry{static_cast<uint32_t>(bytes.size()),
                            static_cast<uint32_t>(token.size()), rank});
    bytes.append(token);
  }
  // (bytes, rank) of every entry, in order.
  std::vector<std::pair<std::string, uint32_t>> Pairs() const {
    std::vector<std::pair<std::string, uint32_t>> pairs;
    for (size_t i = 0; i < size(); ++i) pairs.emplace_back(std::string(token(i)), rank(i));
    return pairs;
  }
};

// Parses `.tiktoken` text; `source` names the file in errors ("cl100k_base.tiktoken: line 7: …").
absl::StatusOr<TiktokenRanks> ParseTiktokenRanks(std::string_view contents, std::string_view source);

// Reads and parses a rank file, gunzipping it when the name ends in ".gz"; tokenmill's binary
// form (tiktoken_binary.h) is recognised by its magic.
absl::StatusOr<TiktokenRanks> ReadTiktokenFile(const std::string& path);

// Reads a whole file, gunzipping it when the name ends in ".gz".
absl::StatusOr<std::string> ReadMaybeGzipFile(const std::string& path);

// The ranks and `reserved_ids` (the special tokens' ids) must hold every id below
// `explicit_n_vocab` exactly once (tiktoken's check for r50k/p50k). Without an explicit size
// (cl100k, o200k: specials sit above the ranks with holes between), the ranks must still be
// dense from 0, only skipping reserved ids. Errors name the file and the line where the gap or
// clash shows.
absl::Status CheckRankCoverage(const TiktokenRanks& ranks, const std::vector<uint32_t>& reserved_ids,
                               std::optional<uint32_t> explicit_n_vocab, std::string_view source);

// The error for the first token that appears on two lines (OK if none does).
absl::Status FindDuplicateToken(const TiktokenRanks& ranks, std::string_view source);

// Strict standard base64 (with '=' padding); false on any other character or bad padding.
bool DecodeBase64(std::string_view text, std::string& out);
std::string EncodeBase64(std::string_view bytes);

}  // namespace tokenmill
