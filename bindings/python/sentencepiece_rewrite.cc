#include "bindings/python/sentencepiece_rewrite.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <utility>

#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "tokenizers/base/status_macros.h"

namespace tokenmill::python {
namespace {

std::string UnkPiece(const SentencePieceProcessor& sp) {
  return std::string(sp.IdToPiece(sp.unk_id()));
}

// Adds a control piece (bos, eos) at the front or the back of the ids and pieces.
absl::Status AddControl(const SentencePieceProcessor& sp, int id, const char* what, bool front,
                        std::vector<int>& ids, std::vector<std::string>& pieces) {
  if (id < 0) {
    return absl::FailedPreconditionError(absl::StrFormat("the model has no %s piece", what));
  }
  ids.insert(front ? ids.begin() : ids.end(), id);
  pieces.insert(front ? pieces.begin() : pieces.end(), std::string(sp.IdToPiece(id)));
  return absl::OkStatus();
}

absl::Status ApplyExtraOption(const SentencePieceProcessor& sp, ExtraOption option,
                              std::vector<int>& ids, std::vector<std::string>& pieces) {
  switch (option) {
    case ExtraOption::kBos:
      return AddControl(sp, sp.bos_id(), "bos", true, ids, pieces);
    case ExtraOption::kEos:
      return AddControl(sp, sp.eos_id(), "eos", false, ids, pieces);
    case ExtraOption::kReverse:
      std::reverse(ids.begin(), ids.end());
      std::reverse(pieces.begin(), pieces.end());
      return absl::OkStatus();
    case ExtraOption::kUnkPiece:
      for (size_t i = 0; i < ids.size(); ++i) {
        if (sp.IsUnknown(ids[i])) pieces[i] = UnkPiece(sp);
      }
      return absl::OkStatus();
  }
  return absl::OkStatus();
}

// Decode extra options on ids or pieces: bos / eos add the control piece's id or string.
template <typename Item, typename Control, typename UnkPieces>
void ApplyDecodeOptions(const SentencePieceProcessor& sp, const std::vector<ExtraOption>& extra,
                        std::vector<Item>& items, Control control, UnkPieces unk_pieces) {
  for (ExtraOption option : extra) {
    switch (option) {
      case ExtraOption::kBos: items.insert(items.begin(), control(sp.bos_id())); break;
      case ExtraOption::kEos: items.push_back(control(sp.eos_id())); break;
      case ExtraOption::kReverse: std::reverse(items.begin(), items.end()); break;
      case ExtraOption::kUnkPiece: unk_pieces(items); break;
    }
  }
}

}  // namespace

std::vector<ExtraOption> ParseExtraOptions(const SentencePieceProcessor& sp, std::string_view text) {
  std::vector<ExtraOption> options;
  for (absl::string_view part : absl::StrSplit(absl::string_view(text.data(), text.size()), ':')) {
    static constexpr std::pair<std::string_view, ExtraOption> kNames[] = {
        {"bos", ExtraOption::kBos},        {"eos", ExtraOption::kEos},
        {"reverse", ExtraOption::kReverse}, {"unk", ExtraOption::kUnkPiece},
        {"unk_piece", ExtraOption::kUnkPiece}};
    const std::string_view name(part.data(), part.size());
    const auto* named = std::find_if(std::begin(kNames), std::end(kNames),
                                     [&](const auto& entry) { return entry.first == name; });
    if (named == std::end(kNames)) {
      throw std::runtime_error(absl::StrFormat("option \"%s\" is not available.", name));
    }
    const ExtraOption option = named->second;
    if ((option == ExtraOption::kBos && sp.bos_id() < 0) ||
        (option == ExtraOption::kEos && sp.eos_id() < 0)) {
      throw std::runtime_error(absl::StrFormat("id for the %s piece is not defined.", name));
    }
    options.push_back(option);
  }
  return options;
}

absl::Status Rewrite(const SentencePieceProcessor& sp, const ListRewrite& rewrite,
                     std::vector<int>& ids, std::vector<std::string>& pieces) {
  for (ExtraOption option : rewrite.extra) {
    TM_RETURN_IF_ERROR(ApplyExtraOption(sp, option, ids, pieces));
  }
  if (rewrite.reverse) {
    TM_RETURN_IF_ERROR(ApplyExtraOption(sp, ExtraOption::kReverse, ids, pieces));
  }
  if (rewrite.add_bos) TM_RETURN_IF_ERROR(AddControl(sp, sp.bos_id(), "bos", true, ids, pieces));
  if (rewrite.add_eos) TM_RETURN_IF_ERROR(AddControl(sp, sp.eos_id(), "eos", false, ids, pieces));
  if (rewrite.emit_unk_piece) {  // the wrapper looks pieces up by their string
    for (std::string& piece : pieces) {
      if (sp.PieceToId(piece) == sp.unk_id()) piece = UnkPiece(sp);
    }
  }
  return absl::OkStatus();
}

void ApplyExtraOptions(const SentencePieceProcessor& sp, const std::vector<ExtraOption>& extra,
                       spm::SentencePieceText& text) {
  auto control = [&](int id) {
    spm::SentencePieceText::SentencePiece piece;
    piece.set_id(static_cast<uint32_t>(id));
    piece.set_piece(std::string(sp.IdToPiece(id)));
    return piece;
  };
  auto& pieces = *text.mutable_pieces();
  for (ExtraOption option : extra) {
    switch (option) {
      case ExtraOption::kBos:
        *pieces.Add() = control(sp.bos_id());
        std::rotate(pieces.rbegin(), pieces.rbegin() + 1, pieces.rend());
        break;
      case ExtraOption::kEos: *pieces.Add() = control(sp.eos_id()); break;
      case ExtraOption::kReverse: std::reverse(pieces.begin(), pieces.end()); break;
      case ExtraOption::kUnkPiece:
        for (auto& piece : pieces) {
          if (sp.IsUnknown(static_cast<int>(piece.id()))) piece.set_piece(UnkPiece(sp));
        }
        break;
    }
  }
}

void ApplyDecodeExtra(const SentencePieceProcessor& sp, const std::vector<ExtraOption>& extra,
                      std::vector<int>& ids) {
  // Ids decode through their own piece: the unk option changes nothing.
  ApplyDecodeOptions(sp, extra, ids, [](int id) { return id; }, [](std::vector<int>&) {});
}

void ApplyDecodeExtra(const SentencePieceProcessor& sp, const std::vector<ExtraOption>& extra,
                      std::vector<std::string>& pieces) {
  ApplyDecodeOptions(
      sp, extra, pieces, [&](int id) { return std::string(sp.IdToPiece(id)); },
      [&](std::vector<std::string>& items) {
        for (std::string& piece : items) {
          if (sp.IsUnknown(sp.PieceToId(piece))) piece = UnkPiece(sp);
        }
      });
}

}  // namespace tokenmill::python
