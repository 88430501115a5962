// A compact binary form of a tiktoken rank table, for the bundled encodings: loading it needs
// neither gunzip nor base64 (o200k_base: 1.6 MB read as is, against 3.6 MB of base64 text
// inflated from 1.7 MB), which keeps `get_encoding("o200k_base")` well under 20 ms.
//
// Layout (little-endian):
//   "TMRANKS1"                 magic, 8 bytes
//   u32 slot_count             ranks 0 .. slot_count-1
//   u32 crc32                  zlib CRC-32 of everything after this field
//   u8  length[slot_count]     token length of each rank; 0 = no token has this rank
//   token bytes                concatenated in rank order
// `.tiktoken` files stay the interchange format; WriteTiktokenBinary derives this one from
// them (tools/pack_tiktoken_ranks), and a test checks it against the source files.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "tokenizers/serialization/tiktoken_file.h"

namespace tokenmill {

// Errors name `source`: bad magic, truncated data, checksum mismatch, trailing bytes.
// Its lines are implicit (TiktokenRanks::line: rank + 1), so coverage errors still point
// somewhere useful.
absl::StatusOr<TiktokenRanks> ParseTiktokenBinary(std::string_view contents,
                                                  std::string_view source);

// Fails on a token longer than 255 bytes or two tokens with one rank.
absl::StatusOr<std::string> WriteTiktokenBinary(const TiktokenRanks& ranks);

// Whether `contents` starts with the magic of this format.
bool IsTiktokenBinary(std::string_view contents);

}  // namespace tokenmill
