#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/processors/bert_processing.h"
#include "tokenizers/processors/byte_level_processor.h"
#include "tokenizers/processors/processor_sequence.h"
#include "tokenizers/processors/roberta_processing.h"
#include "tokenizers/processors/template_processing.h"
#include "tokenizers/serialization/registries.h"

namespace tokenmill {
namespace {

absl::StatusOr<std::vector<TemplatePiece>> ReadTemplate(json::Object o, std::string_view key,
                                                        std::string_view ctx) {
  const std::string tctx = absl::StrFormat("%s.%s", ctx, key);
  TM_ASSIGN_OR_RETURN(json::Value value, json::Field(o, key, ctx));
  simdjson::dom::array items;
  if (value.get_array().get(items)) return absl::InvalidArgumentError(tctx + ": expected an array");
  std::vector<TemplatePiece> pieces;
  for (json::Value item : items) {
    TM_ASSIGN_OR_RETURN(json::Object piece, json::AsObject(item, tctx));
    TemplatePiece p;
    if (auto seq = json::OptionalField(piece, "Sequence")) {
      TM_ASSIGN_OR_RETURN(json::Object s, json::AsObject(*seq, tctx + ".Sequence"));
      TM_ASSIGN_OR_RETURN(std::string id, json::String(s, "id", tctx + ".Sequence"));
      // One character, compared as such (GCC 12 warns falsely on comparing the moved-from
      // StatusOr's string with a literal).
      const char which = id.size() == 1 ? id[0] : '\0';
      if (which != 'A' && which != 'B') {
        return absl::InvalidArgumentError(absl::StrFormat("%s: unknown sequence \"%s\"", tctx, id));
      }
      p.kind = which == 'A' ? TemplatePiece::kSequenceA : TemplatePiece::kSequenceB;
      TM_ASSIGN_OR_RETURN(p.type_id, json::Uint(s, "type_id", tctx, 0));
    } else if (auto special = json::OptionalField(piece, "SpecialToken")) {
      TM_ASSIGN_OR_RETURN(json::Object s, json::AsObject(*special, tctx + ".SpecialToken"));
      p.kind = TemplatePiece::kSpecialToken;
      TM_ASSIGN_OR_RETURN(p.special_id, json::String(s, "id", tctx + ".SpecialToken"));
      TM_ASSIGN_OR_RETURN(p.type_id, json::Uint(s, "type_id", tctx, 0));
    } else {
      return absl::InvalidArgumentError(tctx + ": expected a Sequence or SpecialToken piece");
    }
    pieces.push_back(std::move(p));
  }
  return pieces;
}

absl::StatusOr<std::unique_ptr<PostProcessor>> MakeTemplate(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(auto single, ReadTemplate(o, "single", ctx));
  TM_ASSIGN_OR_RETURN(auto pair, ReadTemplate(o, "pair", ctx));
  std::vector<TemplateSpecialToken> specials;
  if (auto value = json::OptionalField(o, "special_tokens")) {
    const std::string sctx = absl::StrFormat("%s.special_tokens", ctx);
    TM_ASSIGN_OR_RETURN(json::Object map, json::AsObject(*value, sctx));
    for (auto [key, entry] : map) {
      TM_ASSIGN_OR_RETURN(json::Object e, json::AsObject(entry, sctx));
      TemplateSpecialToken t;
      TM_ASSIGN_OR_RETURN(t.id, json::String(e, "id", sctx));
      simdjson::dom::array ids, tokens;
      if (e["ids"].get_array().get(ids) || e["tokens"].get_array().get(tokens)) {
        return absl::InvalidArgumentError(sctx + ": expected \"ids\" and \"tokens\" arrays");
      }
      for (json::Value id : ids) {
        uint64_t n;
        if (id.get_uint64().get(n)) return absl::InvalidArgumentError(sctx + ": bad id");
        t.ids.push_back(static_cast<uint32_t>(n));
      }
      for (json::Value token : tokens) {
        TM_ASSIGN_OR_RETURN(std::string s, json::AsString(token, sctx));
        t.tokens.push_back(std::move(s));
      }
      specials.push_back(std::move(t));
    }
  }
  TM_ASSIGN_OR_RETURN(auto p, TemplateProcessing::Create(std::move(single), std::move(pair),
                                                         std::move(specials)));
  return std::unique_ptr<PostProcessor>(std::move(p));
}

// A ["token", id] pair as BertProcessing and RobertaProcessing write their "sep" and "cls".
absl::StatusOr<SpecialTokenId> ReadTokenIdPair(json::Object o, std::string_view key,
                                               std::string_view ctx) {
  const std::string kctx = absl::StrFormat("%s.%s", ctx, key);
  TM_ASSIGN_OR_RETURN(json::Value value, json::Field(o, key, ctx));
  simdjson::dom::array pair;
  if (value.get_array().get(pair) || pair.size() != 2) {
    return absl::InvalidArgumentError(kctx + ": expected [\"token\", id]");
  }
  SpecialTokenId out;
  TM_ASSIGN_OR_RETURN(out.token, json::AsString(pair.at(0).value_unsafe(), kctx));
  uint64_t id;
  if (pair.at(1).get_uint64().get(id) || id > UINT32_MAX) {
    return absl::InvalidArgumentError(kctx + ": expected an id (unsigned 32-bit integer)");
  }
  out.id = static_cast<uint32_t>(id);
  return out;
}

absl::StatusOr<std::unique_ptr<PostProcessor>> MakeBert(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(SpecialTokenId sep, ReadTokenIdPair(o, "sep", ctx));
  TM_ASSIGN_OR_RETURN(SpecialTokenId cls, ReadTokenIdPair(o, "cls", ctx));
  return std::unique_ptr<PostProcessor>(new BertProcessing(std::move(sep), std::move(cls)));
}

// HF writes every field; a missing flag takes HF's Default (true).
absl::StatusOr<std::unique_ptr<PostProcessor>> MakeRoberta(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(SpecialTokenId sep, ReadTokenIdPair(o, "sep", ctx));
  TM_ASSIGN_OR_RETURN(SpecialTokenId cls, ReadTokenIdPair(o, "cls", ctx));
  TM_ASSIGN_OR_RETURN(bool trim_offsets, json::Bool(o, "trim_offsets", ctx, true));
  TM_ASSIGN_OR_RETURN(bool add_prefix_space, json::Bool(o, "add_prefix_space", ctx, true));
  return std::unique_ptr<PostProcessor>(
      new RobertaProcessing(std::move(sep), std::move(cls), trim_offsets, add_prefix_space));
}

absl::StatusOr<std::unique_ptr<PostProcessor>> MakeSequence(json::Object o, std::string_view ctx) {
  const std::string pctx = absl::StrFormat("%s.processors", ctx);
  TM_ASSIGN_OR_RETURN(json::Value value, json::Field(o, "processors", ctx));
  simdjson::dom::array items;
  if (value.get_array().get(items)) return absl::InvalidArgumentError(pctx + ": expected an array");
  std::vector<std::unique_ptr<PostProcessor>> processors;
  size_t index = 0;
  for (json::Value item : items) {
    TM_ASSIGN_OR_RETURN(auto p, PostProcessorRegistry().Create(
                                    item, absl::StrFormat("%s[%d]", pctx, index++)));
    processors.push_back(std::move(p));
  }
  return std::unique_ptr<PostProcessor>(new ProcessorSequence(std::move(processors)));
}

absl::StatusOr<std::unique_ptr<PostProcessor>> MakeByteLevel(json::Object o, std::string_view ctx) {
  TM_ASSIGN_OR_RETURN(bool add_prefix_space, json::Bool(o, "add_prefix_space", ctx, true));
  TM_ASSIGN_OR_RETURN(bool trim_offsets, json::Bool(o, "trim_offsets", ctx, true));
  TM_ASSIGN_OR_RETURN(bool use_regex, json::Bool(o, "use_regex", ctx, true));
  return std::unique_ptr<PostProcessor>(
      new ByteLevelProcessor(add_prefix_space, trim_offsets, use_regex));
}

ComponentRegistry<PostProcessor> Build() {
  ComponentRegistry<PostProcessor> r("post_processor");
  r.Register("TemplateProcessing", MakeTemplate);
  r.Register("BertProcessing", MakeBert);
  r.Register("RobertaProcessing", MakeRoberta);
  r.Register("Sequence", MakeSequence);
  r.Register("ByteLevel", MakeByteLevel);
  return r;
}

}  // namespace

const ComponentRegistry<PostProcessor>& PostProcessorRegistry() {
  static const auto* registry = new ComponentRegistry<PostProcessor>(Build());
  return *registry;
}

}  // namespace tokenmill
