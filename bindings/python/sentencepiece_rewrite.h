// What sentencepiece's Python API does to a segmentation beyond the model: its extra options
// (set_encode_extra_options / set_decode_extra_options: "bos:eos:reverse:unk") and its
// wrapper's reverse / add_bos / add_eos / emit_unk_piece — the same order as sentencepiece
// 0.1.97, on the ids and piece strings the Python API returns.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "tokenizers/sentencepiece/sentencepiece_processor.h"
#include "tokenizers/sentencepiece/sentencepiece_text.pb.h"

namespace tokenmill::python {

enum class ExtraOption { kBos, kEos, kReverse, kUnkPiece };

// sentencepiece's ParseExtraOptions: names joined by ':' (bos, eos, reverse, unk or
// unk_piece); throws std::runtime_error (Python's RuntimeError, as sentencepiece raises) on
// an unknown name or a bos / eos the model lacks.
std::vector<ExtraOption> ParseExtraOptions(const SentencePieceProcessor& sp, std::string_view text);

// The rewrite of one encoded list: the encode extra options in their order
// (sentencepiece_processor.cc, ApplyExtraOptions), then the wrapper's reverse, add_bos,
// add_eos and emit_unk_piece (RewriteIds).
struct ListRewrite {
  std::vector<ExtraOption> extra;
  bool reverse = false;
  bool add_bos = false;
  bool add_eos = false;
  bool emit_unk_piece = false;
  // Without reverse, extra options or unk pieces, add_bos / add_eos are the processor's own.
  bool NeedsRewrite() const { return reverse || emit_unk_piece || !extra.empty(); }
};

// Rewrites an encoding given as its ids and their piece strings, side by side.
absl::Status Rewrite(const SentencePieceProcessor& sp, const ListRewrite& rewrite,
                     std::vector<int>& ids, std::vector<std::string>& pieces);

// The encode extra options on a SentencePieceText, as sentencepiece's ApplyExtraOptions: bos /
// eos pieces have only their string and id.
void ApplyExtraOptions(const SentencePieceProcessor& sp, const std::vector<ExtraOption>& extra,
                       spm::SentencePieceText& text);

// The ids, or the pieces, given to decode, with the decode extra options applied.
void ApplyDecodeExtra(const SentencePieceProcessor& sp, const std::vector<ExtraOption>& extra,
                      std::vector<int>& ids);
void ApplyDecodeExtra(const SentencePieceProcessor& sp, const std::vector<ExtraOption>& extra,
                      std::vector<std::string>& pieces);

}  // namespace tokenmill::python
