// Variants of the bundled SentencePiece models that exercise what the trained models do
// not: user-defined symbols, UNUSED pieces, byte fallback in BPE, whitespace as suffix, no
// dummy prefix / kept whitespace / unescaped spaces. The same recipe builds the models for
// the oracle (tools/make_spm_variants.cc) and for the tests, so no model file is stored.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tokenizers/sentencepiece/model_file.h"

namespace tokenmill::testing {

struct SpmVariant {
  const char* name;
  const char* base;  // bundled model it starts from (tests/data/spm/<base>.model)
};

inline const std::vector<SpmVariant>& SpmVariants() {
  static const std::vector<SpmVariant> variants = {
      {"unigram_ud_unused", "unigram_8k"}, {"bpe_ud_unused", "bpe_8k"},
      {"bpe_bytefallback", "bpe_8k"},      {"bpe_suffix", "bpe_8k"},
      {"unigram_suffix", "unigram_8k"},    {"unigram_plain_ws", "unigram_8k"},
      {"unigram_noescape", "unigram_8k"},
  };
  return variants;
}

inline void AddPiece(SentencePieceModelProto& model, const std::string& piece, float score,
                     SentencePiecePiece::Type type) {
  SentencePiecePiece* p = model.add_pieces();
  p->set_piece(piece);
  p->set_score(score);
  p->set_type(type);
}

// Applies variant `name` to `model` (its base).
inline void ApplySpmVariant(std::string_view name, SentencePieceModelProto& model) {
  auto user_defined = [&] {
    for (const char* s : {"<sep>", "[MASK]", "\xEF\xBD\x98", "\xE2\x96\x81\xE2\x96\x81", "a b"}) {
      AddPiece(model, s, 0.0f, SentencePiecePiece::USER_DEFINED);
    }
  };
  auto unused = [&](int first, int count) {
    for (int id = first; id < first + count && id < model.pieces_size(); ++id) {
      model.mutable_pieces(id)->set_type(SentencePiecePiece::UNUSED);
    }
  };
  if (name == "unigram_ud_unused") {
    user_defined();
    unused(300, 40);
  } else if (name == "bpe_ud_unused") {
    user_defined();
    unused(300, 40);
  } else if (name == "bpe_bytefallback") {
    for (int b = 0; b < 256; ++b) AddPiece(model, ByteToPiece(b), 0.0f, SentencePiecePiece::BYTE);
    model.mutable_trainer_spec()->set_byte_fallback(true);
  } else if (name == "bpe_suffix" || name == "unigram_suffix") {
    model.mutable_trainer_spec()->set_treat_whitespace_as_suffix(true);
  } else if (name == "unigram_plain_ws") {
    model.mutable_normalizer_spec()->set_add_dummy_prefix(false);
    model.mutable_normalizer_spec()->set_remove_extra_whitespaces(false);
  } else if (name == "unigram_noescape") {
    model.mutable_normalizer_spec()->set_escape_whitespaces(false);
  }
}

}  // namespace tokenmill::testing
