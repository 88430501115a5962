#include "tokenizers/processors/template_processing.h"

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

Encoding TemplateProcessing::Apply(const std::vector<TemplatePiece>& pieces,
                                   const Encoding& first, const Encoding* second,
                                   bool add_special_tokens) const {
  Encoding out;
  out.Reserve(first.size() + (second ? second->size() : 0) + 4);
  for (const TemplatePiece& piece : pieces) {
    if (piece.kind == TemplatePiece::kSpecialToken) {
      if (!add_special_tokens) continue;
      const TemplateSpecialToken& t = special_tokens_[special_by_id_.at(piece.special_id)];
      for (size_t i = 0; i < t.ids.size(); ++i) {
        out.Push(t.ids[i], t.tokens[i], Span{0, 0}, std::nullopt, piece.type_id, true, -1);
      }
      continue;
    }
    const bool is_b = piece.kind == TemplatePiece::kSequenceB;
    const Encoding* seq = is_b ? second : &first;
    if (seq == nullptr) continue;
    const size_t begin = out.size();
    out.Append(*seq);
    for (size_t i = begin; i < out.size(); ++i) {
      out.type_ids[i] = piece.type_id;
      if (out.sequence_ids[i] >= 0) out.sequence_ids[i] = is_b ? 1 : 0;
    }
  }
  return out;
}

absl::StatusOr<Encoding> TemplateProcessing::Process(Encoding first, std::optional<Encoding> second,
                                                     bool add_special_tokens) const {
  const bool is_pair = second.has_value();
  Encoding out = Apply(is_pair ? pair_ : single_, first, is_pair ? &*second : nullptr,
                       add_special_tokens);
  // HF merges overflowing parts pairwise: each overflow of the first with the second, and
  // the first with each overflow of the second.
  for (const Encoding& over : first.overflowing) {
    out.overflowing.push_back(Apply(is_pair ? pair_ : single_, over, is_pair ? &*second : nullptr,
                                    add_special_tokens));
    if (is_pair) {
      for (const Encoding& over2 : second->overflowing) {
        out.overflowing.push_back(Apply(pair_, over, &over2, add_special_tokens));
      }
    }
  }
  if (is_pair) {
    for (const Encoding& over2 : second->overflowing) {
      out.overflowing.push_back(Apply(pair_, first, &over2, add_special_tokens));
    }
  }
  return out;
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
