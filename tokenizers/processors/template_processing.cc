#include "tokenizers/processors/template_processing.h"

#include <algorithm>

#include "absl/strings/str_format.h"

namespace tokenmill {

absl::StatusOr<std::unique_ptr<TemplateProcessing>> TemplateProcessing::Create(
    std::vector<TemplatePiece> single, std::vector<TemplatePiece> pair,
    std::vector<TemplateSpecialToken> special_tokens) {
  auto p = std::unique_ptr<TemplateProcessing>(new TemplateProcessing());
  p->single_ = std::move(single);
  p->pair_ = std::move(pair);
  p->special_tokens_ = std::move(special_tokens);
  for (size_t i = 0; i < p->special_tokens_.size(); ++i) {
    const TemplateSpecialToken& t = p->special_tokens_[i];
    if (t.ids.size() != t.tokens.size()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "TemplateProcessing: special token \"%s\" has %d ids but %d tokens", t.id, t.ids.size(),
          t.tokens.size()));
    }
    p->special_by_id_[t.id] = i;
  }
  for (const auto* pieces : {&p->single_, &p->pair_}) {
    for (const TemplatePiece& piece : *pieces) {
      if (piece.kind == TemplatePiece::kSpecialToken && !p->special_by_id_.contains(piece.special_id)) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "TemplateProcessing: the template uses \"%s\" which is not among its special_tokens",
            piece.special_id));
      }
    }
  }
  return p;
}

size_t TemplateProcessing::AddedTokens(bool is_pair) const {
  size_t n = 0;
  for (const TemplatePiece& piece : is_pair ? pair_ : single_) {
    if (piece.kind == TemplatePiece::kSpecialToken) {
      n += special_tokens_[special_by_id_.at(piece.special_id)].ids.size();
    }
  }
  return n;
}

Encoding TemplateProcessing::SpecialTokenPart(const TemplatePiece& piece) const {
  const TemplateSpecialToken& t = special_tokens_[special_by_id_.at(piece.special_id)];
  Encoding part;
  part.Reserve(t.ids.size());
  for (size_t i = 0; i < t.ids.size(); ++i) {
    part.Push(t.ids[i], t.tokens[i], Span{0, 0}, std::nullopt, piece.type_id, true, -1);
  }
  return part;
}

std::optional<Encoding> TemplateProcessing::ApplyInPlace(const std::vector<TemplatePiece>& pieces,
                                                         std::vector<Encoding>& encodings,
                                                         bool add_special_tokens) const {
  size_t uses[2] = {0, 0};
  size_t first_sequence = pieces.size();
  for (size_t p = 0; p < pieces.size(); ++p) {
    if (pieces[p].kind == TemplatePiece::kSpecialToken) continue;
    const size_t index = pieces[p].kind == TemplatePiece::kSequenceB ? 1 : 0;
    if (index >= encodings.size()) return std::nullopt;  // the general path reports it
    ++uses[index];
    first_sequence = std::min(first_sequence, p);
  }
  if (first_sequence == pieces.size() || uses[0] > 1 || uses[1] > 1) return std::nullopt;
  for (const Encoding& e : encodings) {
    if (!e.overflowing.empty()) return std::nullopt;
  }
  auto take = [&](const TemplatePiece& piece) {
    const size_t index = piece.kind == TemplatePiece::kSequenceB ? 1 : 0;
    Encoding& sequence = encodings[index];
    sequence.type_ids.assign(sequence.size(), piece.type_id);
    sequence.SetSequenceId(static_cast<int8_t>(index));
    return std::move(sequence);
  };
  Encoding out = take(pieces[first_sequence]);
  out.Reserve(out.size() + AddedTokens(encodings.size() == 2) +
              (encodings.size() == 2 ? encodings[1].size() + encodings[0].size() : 0));
  if (add_special_tokens) {
    for (size_t p = first_sequence; p-- > 0;) {  // specials before the first sequence
      const TemplateSpecialToken& t = special_tokens_[special_by_id_.at(pieces[p].special_id)];
      for (size_t i = t.ids.size(); i-- > 0;) out.InsertSpecial(0, t.ids[i], t.tokens[i], pieces[p].type_id);
    }
  }
  for (size_t p = first_sequence + 1; p < pieces.size(); ++p) {
    const TemplatePiece& piece = pieces[p];
    if (piece.kind != TemplatePiece::kSpecialToken) {
      out.Append(take(piece));
    } else if (add_special_tokens) {
      const TemplateSpecialToken& t = special_tokens_[special_by_id_.at(piece.special_id)];
      for (size_t i = 0; i < t.ids.size(); ++i) {
        out.InsertSpecial(out.size(), t.ids[i], t.tokens[i], piece.type_id);
      }
    }
  }
  return out;
}

absl::StatusOr<std::vector<Encoding>> TemplateProcessing::ProcessEncodings(
    std::vector<Encoding> encodings, bool add_special_tokens) const {
  if (encodings.empty() || encodings.size() > 2) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "TemplateProcessing: expected 1 or 2 encodings, got %d", encodings.size()));
  }
  const std::vector<TemplatePiece>& pieces = encodings.size() == 2 ? pair_ : single_;
  // A sequence is moved into its last use and copied into earlier ones.
  std::vector<size_t> last_use(2, pieces.size());
  for (size_t p = 0; p < pieces.size(); ++p) {
    if (pieces[p].kind != TemplatePiece::kSpecialToken) {
      last_use[pieces[p].kind == TemplatePiece::kSequenceB ? 1 : 0] = p;
    }
  }
  if (auto merged = ApplyInPlace(pieces, encodings, add_special_tokens)) {
    std::vector<Encoding> parts;
    parts.push_back(*std::move(merged));
    return parts;
  }
  std::vector<Encoding> parts;
  parts.reserve(pieces.size());
  for (size_t p = 0; p < pieces.size(); ++p) {
    const TemplatePiece& piece = pieces[p];
    if (piece.kind == TemplatePiece::kSpecialToken) {
      if (add_special_tokens) parts.push_back(SpecialTokenPart(piece));
      continue;
    }
    const size_t index = piece.kind == TemplatePiece::kSequenceB ? 1 : 0;
    if (index >= encodings.size()) {
      return absl::InvalidArgumentError(
          "TemplateProcessing: the single-sequence template uses $B");
    }
    Encoding& sequence = encodings[index];
    sequence.type_ids.assign(sequence.size(), piece.type_id);
    sequence.SetSequenceId(static_cast<int8_t>(index));
    parts.push_back(last_use[index] == p ? std::move(sequence) : sequence);
  }
  return parts;
}

nlohmann::ordered_json TemplateProcessing::ToJson() const {
  auto pieces_json = [](const std::vector<TemplatePiece>& pieces) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const TemplatePiece& p : pieces) {
      if (p.kind == TemplatePiece::kSpecialToken) {
        arr.push_back({{"SpecialToken", {{"id", p.special_id}, {"type_id", p.type_id}}}});
      } else {
        arr.push_back({{"Sequence",
                        {{"id", p.kind == TemplatePiece::kSequenceA ? "A" : "B"},
                         {"type_id", p.type_id}}}});
      }
    }
    return arr;
  };
  nlohmann::ordered_json specials = nlohmann::ordered_json::object();
  for (const TemplateSpecialToken& t : special_tokens_) {
    specials[t.id] = {{"id", t.id}, {"ids", t.ids}, {"tokens", t.tokens}};
  }
  return {{"type", "TemplateProcessing"},
          {"single", pieces_json(single_)},
          {"pair", pieces_json(pair_)},
          {"special_tokens", specials}};
}

}  // namespace tokenmill
