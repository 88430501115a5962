#include "tokenizers/sentencepiece/sentencepiece_processor.h"

#include <cmath>
#include <limits>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/models/sentencepiece_bpe/sentencepiece_bpe_model.h"
#include "tokenizers/sentencepiece/char_word_models.h"
#include "tokenizers/sentencepiece/sentencepiece_unigram.h"
#include "tokenizers/sentencepiece/spm_utf8.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill {
namespace {

// Buffers reused by every encode call on a thread.
struct EncodeScratch {
  SentencePieceNormalized normalized;
  std::vector<Token> tokens;
};
EncodeScratch& ThreadScratch() {
  thread_local EncodeScratch scratch;
  return scratch;
}

absl::Status Prefixed(std::string_view source, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrFormat("%s: %s", source, status.message()));
}

}  // namespace

SentencePieceProcessor::SentencePieceProcessor(SentencePieceModelProto model,
                                               SentencePieceTable table,
                                               SentencePieceNormalizer normalizer)
    : model_(std::move(model)),
      table_(std::make_unique<SentencePieceTable>(std::move(table))),
      normalizer_(std::move(normalizer)) {}

absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> SentencePieceProcessor::Load(
    const std::string& path) {
  TM_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  return FromSerialized(bytes, path);
}

absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> SentencePieceProcessor::FromSerialized(
    std::string_view bytes, std::string_view source) {
  // FromModelProto validates (once).
  TM_ASSIGN_OR_RETURN(SentencePieceModelProto model,
                      ParseSentencePieceModel(bytes, source, /*validate=*/false));
  return FromModelProto(std::move(model), source);
}

absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> SentencePieceProcessor::FromModelProto(
    SentencePieceModelProto model, std::string_view source) {
  TM_RETURN_IF_ERROR(ValidateSentencePieceModel(model, source));
  return Build(std::move(model), source, nullptr);
}

absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> SentencePieceProcessor::Build(
    SentencePieceModelProto model, std::string_view source,
    const std::vector<SentencePiecePiece::Type>* live_types) {
  auto table = SentencePieceTable::FromModelProto(model, live_types);
  if (!table.ok()) return Prefixed(source, table.status());
  auto normalizer = SentencePieceNormalizer::FromSpec(
      model.normalizer_spec(), model.trainer_spec().treat_whitespace_as_suffix(),
      table->UserDefinedSymbols());
  if (!normalizer.ok()) return Prefixed(source, normalizer.status());
  if (live_types != nullptr) {  // the proto as sentencepiece holds it after SetVocabulary
    for (int id = 0; id < model.pieces_size(); ++id) {
      model.mutable_pieces(id)->set_type((*live_types)[id]);
    }
  }
  std::unique_ptr<SentencePieceProcessor> processor(
      new SentencePieceProcessor(std::move(model), std::move(*table), std::move(*normalizer)));
  const SentencePieceModelProto& proto = processor->model_;
  if (proto.has_denormalizer_spec() && !proto.denormalizer_spec().precompiled_charsmap().empty()) {
    auto denormalizer = SentencePieceNormalizer::FromSpec(proto.denormalizer_spec(), false);
    if (!denormalizer.ok()) return Prefixed(source, denormalizer.status());
    processor->denormalizer_ = std::make_unique<SentencePieceNormalizer>(std::move(*denormalizer));
  }
  const SentencePieceTable& t = *processor->table_;
  const bool suffix = proto.trainer_spec().treat_whitespace_as_suffix();
  switch (proto.trainer_spec().model_type()) {
    case spm::TrainerSpec::BPE: {
      auto bpe = SentencePieceBpeModel::Create(t, suffix);
      if (!bpe.ok()) return Prefixed(source, bpe.status());
      processor->model_impl_ = std::move(*bpe);
      break;
    }
    case spm::TrainerSpec::UNIGRAM: {
      auto unigram = SentencePieceUnigram::Create(t);
      if (!unigram.ok()) return Prefixed(source, unigram.status());
      processor->model_impl_ = std::move(*unigram);
      break;
    }
    case spm::TrainerSpec::CHAR:
      processor->model_impl_ = std::make_unique<SentencePieceCharModel>(t);
      break;
    case spm::TrainerSpec::WORD:
      processor->model_impl_ = std::make_unique<SentencePieceWordModel>(t);
      break;
    default:
      return absl::UnimplementedError(
          absl::StrFormat("%s: model_type %d is not supported yet", source,
                          static_cast<int>(proto.trainer_spec().model_type())));
  }
  const spm::TrainerSpec& ts = proto.trainer_spec();
  {
    const int unk = t.PieceToId(ts.unk_piece().empty() ? "<unk>" : ts.unk_piece());
    processor->unk_id_ = t.IsUnknown(unk) ? unk : -1;
  }
  processor->bos_id_ = processor->ControlIdOf(ts.bos_piece(), "<s>");
  processor->eos_id_ = processor->ControlIdOf(ts.eos_piece(), "</s>");
  processor->pad_id_ = processor->ControlIdOf(ts.pad_piece(), "<pad>");
  // sentencepiece tests its samples at load only, not after SetVocabulary.
  if (live_types == nullptr) TM_RETURN_IF_ERROR(processor->RunSelfTest(source));
  return processor;
}

namespace {

SentencePieceModelProto WithTypesOf(const SentencePieceModelProto& model,
                                    const SentencePieceTable& table) {
  SentencePieceModelProto loaded = model;
  for (int id = 0; id < loaded.pieces_size(); ++id) {
    loaded.mutable_pieces(id)->set_type(table.LoadTypeOf(id));
  }
  return loaded;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> SentencePieceProcessor::WithLiveTypes(
    std::vector<SentencePiecePiece::Type> live_types) const {
  if (live_types.size() != static_cast<size_t>(table_->size())) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "piece types: %d given for %d pieces", live_types.size(), table_->size()));
  }
  // Only what SetVocabulary and ResetVocabulary do: NORMAL, UNUSED and BYTE pieces become
  // NORMAL or UNUSED; the others keep their type.
  auto changeable = [](SentencePiecePiece::Type t) {
    return t == SentencePiecePiece::NORMAL || t == SentencePiecePiece::UNUSED ||
           t == SentencePiecePiece::BYTE;
  };
  for (int id = 0; id < table_->size(); ++id) {
    const SentencePiecePiece::Type from = table_->LoadTypeOf(id), to = live_types[id];
    const bool allowed = to == from || (changeable(from) && (to == SentencePiecePiece::NORMAL ||
                                                             to == SentencePiecePiece::UNUSED));
    if (!allowed) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "piece types: piece %d cannot turn from type %d to %d", id, from, to));
    }
  }
  return Build(WithTypesOf(model_, *table_), "SentencePiece model", &live_types);
}

absl::StatusOr<std::unique_ptr<SentencePieceProcessor>>
SentencePieceProcessor::WithWhitespaceOptions(bool add_dummy_prefix, bool remove_extra_whitespaces,
                                              bool escape_whitespaces) const {
  SentencePieceModelProto model = WithTypesOf(model_, *table_);
  spm::NormalizerSpec& spec = *model.mutable_normalizer_spec();
  spec.set_add_dummy_prefix(add_dummy_prefix);
  spec.set_remove_extra_whitespaces(remove_extra_whitespaces);
  spec.set_escape_whitespaces(escape_whitespaces);
  std::vector<SentencePiecePiece::Type> live_types(table_->size());
  for (int id = 0; id < table_->size(); ++id) live_types[id] = table_->TypeOf(id);
  return Build(std::move(model), "SentencePiece model", &live_types);
}

absl::StatusOr<std::string> SentencePieceProcessor::SerializeAsLoaded() const {
  return SerializeSentencePieceModel(WithTypesOf(model_, *table_));
}

absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> SentencePieceProcessor::WithVocabulary(
    const std::vector<std::string_view>& valid) const {
  if (model_type() != spm::TrainerSpec::UNIGRAM && model_type() != spm::TrainerSpec::BPE) {
    return absl::FailedPreconditionError(
        "Vocabulary constraint is only enabled in subword units.");
  }
  const absl::flat_hash_set<std::string_view> vocabulary(valid.begin(), valid.end());
  std::vector<SentencePiecePiece::Type> types(table_->size());
  for (int id = 0; id < table_->size(); ++id) {
    const SentencePiecePiece::Type type = table_->TypeOf(id);
    const std::string& piece = table_->IdToPiece(id);
    if (type == SentencePiecePiece::CONTROL || type == SentencePiecePiece::UNKNOWN ||
        type == SentencePiecePiece::USER_DEFINED) {
      types[id] = type;
    } else if (vocabulary.contains(piece) ||
               spm_utf8::LeadByteLength(static_cast<unsigned char>(piece[0])) == piece.size()) {
      types[id] = SentencePiecePiece::NORMAL;  // listed, or a single character
    } else {
      types[id] = SentencePiecePiece::UNUSED;
    }
  }
  return WithLiveTypes(std::move(types));
}

absl::StatusOr<std::unique_ptr<SentencePieceProcessor>>
SentencePieceProcessor::WithAllPiecesUsed() const {
  std::vector<SentencePiecePiece::Type> types(table_->size());
  for (int id = 0; id < table_->size(); ++id) {
    types[id] = table_->IsUnused(id) ? SentencePiecePiece::NORMAL : table_->TypeOf(id);
  }
  return WithLiveTypes(std::move(types));
}

absl::StatusOr<std::unique_ptr<SentencePieceProcessor>> SentencePieceProcessor::WithVocabularyFile(
    const std::string& path, int threshold) const {
  TM_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  std::vector<std::string_view> valid;
  size_t line_number = 0;
  for (size_t begin = 0; begin < text.size();) {  // lines as std::getline reads them
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + begin, end - begin);
    begin = end + 1;
    ++line_number;
    const size_t tab = line.find('\t');
    const std::string_view piece = line.substr(0, tab);
    if (piece.empty()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s:%d: a vocabulary line starts with its piece", path, line_number));
    }
    int frequency = 1;
    if (tab != std::string_view::npos) {
      std::string_view field = line.substr(tab + 1);
      field = field.substr(0, field.find('\t'));
      if (!absl::SimpleAtoi(absl::string_view(field.data(), field.size()), &frequency)) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s:%d: could not parse the frequency \"%s\"", path, line_number, field));
      }
    }
    if (frequency >= threshold) valid.push_back(piece);
  }
  return WithVocabulary(valid);
}

int SentencePieceProcessor::ControlIdOf(const std::string& piece, const char* fallback) const {
  const int id = table_->PieceToId(piece.empty() ? std::string_view(fallback) : piece);
  return table_->IsControl(id) ? id : -1;
}

// sentencepiece runs the model's self-test samples at load and refuses the model when one
// fails (unigram compares total scores, the others the piece strings).
absl::Status SentencePieceProcessor::RunSelfTest(std::string_view source) const {
  if (model_.self_test_data().samples_size() == 0) return absl::OkStatus();
  const bool unigram = model_type() == spm::TrainerSpec::UNIGRAM;
  float min_score = std::numeric_limits<float>::max();
  float max_score = std::numeric_limits<float>::min();
  for (int id = 0; id < table_->size(); ++id) {
    if (table_->TypeOf(id) != SentencePiecePiece::NORMAL) continue;
    min_score = std::min(min_score, table_->Score(id));
    max_score = std::max(max_score, table_->Score(id));
  }
  auto total_score = [&](std::string_view pieces) {
    float total = 0;
    for (size_t from = 0; from <= pieces.size();) {
      size_t to = pieces.find(' ', from);
      if (to == std::string_view::npos) to = pieces.size();
      const std::string_view p = pieces.substr(from, to - from);
      from = to + 1;
      const int id = table_->PieceToId(p);
      if (id == table_->unk_id()) {
        total += min_score - 10.0f;
      } else {
        total += table_->IsUserDefined(id) ? static_cast<float>(p.size() * max_score - 0.1)
                                           : table_->Score(id);
      }
    }
    return total;
  };
  int failures = 0;
  std::string first;
  for (const auto& sample : model_.self_test_data().samples()) {
    TM_ASSIGN_OR_RETURN(std::vector<std::string> pieces,
                        EncodePieces(sample.input(), {.invalid_utf8 = InvalidUtf8::kReplace}));
    const std::string got = absl::StrJoin(pieces, " ");
    const bool same = unigram ? std::abs(total_score(got) - total_score(sample.expected())) <= 1e-7f
                              : got == sample.expected();
    if (!same && failures++ == 0) {
      first = absl::StrFormat("\"%s\" gives \"%s\", expected \"%s\"", sample.input(), got,
                              sample.expected());
    }
  }
  if (failures > 0) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "%s: %d of %d self-test samples fail, e.g. %s", source, failures,
        model_.self_test_data().samples_size(), first));
  }
  return absl::OkStatus();
}

absl::Status SentencePieceProcessor::Normalize(std::string_view text, InvalidUtf8 invalid_utf8,
                                               SentencePieceNormalized& out) const {
  if (text.size() >= std::numeric_limits<uint32_t>::max() / 4) {
    return absl::InvalidArgumentError(
        absl::StrFormat("text of %d bytes is too long for 32-bit offsets", text.size()));
  }
  if (invalid_utf8 == InvalidUtf8::kError) TM_RETURN_IF_ERROR(utf8::Validate(text));
  normalizer_.Normalize(text, out);
  return absl::OkStatus();
}

namespace {

// A piece of the output: the full SentencePiecePieceInfo, or a pipeline Token (id and
// original span only).
void SetNormalizedSpan(SentencePiecePieceInfo& p, uint32_t begin, uint32_t end) {
  p.norm_begin = begin;
  p.norm_end = end;
}
void SetNormalizedSpan(Token&, uint32_t, uint32_t) {}
void SetNormalizedEnd(SentencePiecePieceInfo& p, uint32_t end) { p.norm_end = end; }
void SetNormalizedEnd(Token&, uint32_t) {}
template <typename Piece>
Piece MakePiece(int id, uint32_t begin, uint32_t end, uint32_t norm_begin, uint32_t norm_end) {
  Piece p;
  p.id = static_cast<decltype(p.id)>(id);
  p.begin = begin;
  p.end = end;
  SetNormalizedSpan(p, norm_begin, norm_end);
  return p;
}

}  // namespace

template <typename Piece>
absl::Status SentencePieceProcessor::PopulatePieces(const SentencePieceNormalized& normalized,
                                                    const std::vector<Token>& tokens,
                                                    const SentencePieceEncodeOptions& options,
                                                    std::vector<Piece>& pieces) const {
  if (options.add_bos) {
    if (bos_id_ < 0) return absl::FailedPreconditionError("the model has no bos piece");
    pieces.push_back(MakePiece<Piece>(bos_id_, 0, 0, 0, 0));
  }
  const std::vector<uint32_t>& n2o = normalized.norm_to_orig;
  const std::string& text = normalized.text;
  const bool byte_fallback = table_->byte_fallback();
  uint32_t consumed = 0;
  bool prev_unknown = false;
  for (const Token& t : tokens) {
    const int id = static_cast<int>(t.id);
    const bool unknown = table_->IsUnknown(id);
    if (table_->IsControl(id)) {  // no surface: an empty span where it stands
      const uint32_t at = n2o.empty() ? 0 : n2o[consumed];
      pieces.push_back(MakePiece<Piece>(id, at, at, consumed, consumed));
    } else {
      const uint32_t begin = consumed, end = consumed + (t.end - t.begin);
      if (t.begin != consumed || end >= n2o.size() || end <= begin) {
        return absl::InternalError("the model's pieces do not cover the normalized text");
      }
      const uint32_t orig_begin = n2o[begin], orig_end = n2o[end];
      if (unknown && byte_fallback) {  // one piece per UTF-8 byte; the last one has the span
        for (uint32_t i = begin; i < end; ++i) {
          const int byte_id = table_->ByteId(static_cast<unsigned char>(text[i]));
          const bool last = i + 1 == end;
          pieces.push_back(
              MakePiece<Piece>(byte_id, orig_begin, last ? orig_end : orig_begin, i, i + 1));
        }
      } else if (unknown && prev_unknown) {  // runs of unknown characters are one piece
        pieces.back().end = orig_end;
        SetNormalizedEnd(pieces.back(), end);
      } else {
        pieces.push_back(MakePiece<Piece>(id, orig_begin, orig_end, begin, end));
      }
      consumed = end;
    }
    prev_unknown = unknown;
  }
  if (consumed != text.size()) {
    return absl::InternalError("the model's pieces do not cover the normalized text");
  }
  if (options.add_eos) {
    if (eos_id_ < 0) return absl::FailedPreconditionError("the model has no eos piece");
    pieces.push_back(MakePiece<Piece>(eos_id_, 0, 0, consumed, consumed));
  }
  return absl::OkStatus();
}

absl::Status SentencePieceProcessor::Populate(const SentencePieceNormalized& normalized,
                                              const std::vector<Token>& tokens,
                                              const SentencePieceEncodeOptions& options,
                                              SentencePieceText& out) const {
  out.normalized = normalized.text;
  out.pieces.clear();
  out.pieces.reserve(tokens.size() + 2);
  return PopulatePieces(normalized, tokens, options, out.pieces);
}

absl::Status SentencePieceProcessor::Encode(std::string_view text, SentencePieceText& out,
                                            const SentencePieceEncodeOptions& options) const {
  EncodeScratch& scratch = ThreadScratch();
  TM_RETURN_IF_ERROR(Normalize(text, options.invalid_utf8, scratch.normalized));
  scratch.tokens.clear();
  model_impl_->Encode(scratch.normalized.text, scratch.tokens);
  return Populate(scratch.normalized, scratch.tokens, options, out);
}

absl::Status SentencePieceProcessor::EncodeTokens(std::string_view text, std::vector<Token>& out,
                                                  const SentencePieceEncodeOptions& options) const {
  EncodeScratch& scratch = ThreadScratch();
  TM_RETURN_IF_ERROR(Normalize(text, options.invalid_utf8, scratch.normalized));
  scratch.tokens.clear();
  model_impl_->Encode(scratch.normalized.text, scratch.tokens);
  return PopulatePieces(scratch.normalized, scratch.tokens, options, out);
}

absl::Status SentencePieceProcessor::EncodeIds(std::string_view text, std::vector<int>& ids,
                                               const SentencePieceEncodeOptions& options) const {
  ids.clear();
  return AppendIds(text, ids, options);
}

absl::Status SentencePieceProcessor::AppendIds(std::string_view text, std::vector<int>& ids,
                                               const SentencePieceEncodeOptions& options) const {
  EncodeScratch& scratch = ThreadScratch();
  TM_RETURN_IF_ERROR(Normalize(text, options.invalid_utf8, scratch.normalized));
  std::vector<Token>& tokens = scratch.tokens;
  tokens.clear();
  const std::string& normalized = scratch.normalized.text;
  model_impl_->Encode(normalized, tokens);
  if (options.add_bos) {
    if (bos_id_ < 0) return absl::FailedPreconditionError("the model has no bos piece");
    ids.push_back(bos_id_);
  }
  const bool byte_fallback = table_->byte_fallback();
  bool prev_unknown = false;
  for (const Token& t : tokens) {
    const int id = static_cast<int>(t.id);
    const bool unknown = table_->IsUnknown(id);
    if (unknown && byte_fallback) {
      for (uint32_t i = t.begin; i < t.end; ++i)
        ids.push_back(table_->ByteId(static_cast<unsigned char>(normalized[i])));
    } else if (!(unknown && prev_unknown)) {
      ids.push_back(id);
    }
    prev_unknown = unknown;
  }
  if (options.add_eos) {
    if (eos_id_ < 0) return absl::FailedPreconditionError("the model has no eos piece");
    ids.push_back(eos_id_);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<int>> SentencePieceProcessor::EncodeIds(
    std::string_view text, const SentencePieceEncodeOptions& options) const {
  std::vector<int> ids;
  TM_RETURN_IF_ERROR(EncodeIds(text, ids, options));
  return ids;
}

absl::Status SentencePieceProcessor::SampleEncode(std::string_view text, int nbest_size,
                                                  float alpha, SamplingRng& rng,
                                                  SentencePieceText& out,
                                                  const SentencePieceEncodeOptions& options) const {
  if (nbest_size > 512) {
    return absl::InvalidArgumentError(
        absl::StrFormat("nbest_size must be at most 512, got %d", nbest_size));
  }
  if (!model_impl_->SupportsSampling()) {
    return absl::FailedPreconditionError("sampling is not available for this model type");
  }
  EncodeScratch& scratch = ThreadScratch();
  TM_RETURN_IF_ERROR(Normalize(text, options.invalid_utf8, scratch.normalized));
  scratch.tokens.clear();
  TM_RETURN_IF_ERROR(
      model_impl_->SampleEncode(scratch.normalized.text, nbest_size, alpha, rng, scratch.tokens));
  return Populate(scratch.normalized, scratch.tokens, options, out);
}

absl::StatusOr<std::vector<SentencePieceProcessor::Scored>> SentencePieceProcessor::NBestEncode(
    std::string_view text, int nbest_size, const SentencePieceEncodeOptions& options) const {
  if (!model_impl_->SupportsNBest()) {
    return absl::FailedPreconditionError("NBestEncode is not available for this model type");
  }
  SentencePieceNormalized normalized;
  TM_RETURN_IF_ERROR(Normalize(text, options.invalid_utf8, normalized));
  TM_ASSIGN_OR_RETURN(auto nbests, model_impl_->NBestEncode(normalized.text, nbest_size));
  std::vector<Scored> result(nbests.size());
  for (size_t i = 0; i < nbests.size(); ++i) {
    result[i].score = nbests[i].score;
    TM_RETURN_IF_ERROR(Populate(normalized, nbests[i].tokens, options, result[i].text));
  }
  return result;
}

absl::StatusOr<std::vector<SentencePieceProcessor::Scored>>
SentencePieceProcessor::SampleEncodeAndScore(std::string_view text, int num_samples, float alpha,
                                             bool wor, bool include_best, SamplingRng& rng,
                                             const SentencePieceEncodeOptions& options) const {
  if (!model_impl_->SupportsSampleEncodeAndScore()) {
    return absl::FailedPreconditionError(
        "SampleEncodeAndScore is not available for this model type");
  }
  SentencePieceNormalized normalized;
  TM_RETURN_IF_ERROR(Normalize(text, options.invalid_utf8, normalized));
  TM_ASSIGN_OR_RETURN(auto samples, model_impl_->SampleEncodeAndScore(
                                        normalized.text, num_samples, alpha, wor, include_best, rng));
  std::vector<Scored> result(samples.size());
  for (size_t i = 0; i < samples.size(); ++i) {
    result[i].score = samples[i].score;
    TM_RETURN_IF_ERROR(Populate(normalized, samples[i].tokens, options, result[i].text));
  }
  return result;
}

absl::StatusOr<float> SentencePieceProcessor::CalculateEntropy(
    std::string_view text, float alpha, const SentencePieceEncodeOptions& options) const {
  if (!model_impl_->SupportsEntropy()) {
    return absl::FailedPreconditionError("CalculateEntropy is not available for this model type");
  }
  SentencePieceNormalized normalized;
  TM_RETURN_IF_ERROR(Normalize(text, options.invalid_utf8, normalized));
  return model_impl_->CalculateEntropy(normalized.text, alpha);
}

absl::StatusOr<std::vector<std::string>> SentencePieceProcessor::EncodePieces(
    std::string_view text, const SentencePieceEncodeOptions& options) const {
  SentencePieceText encoded;
  TM_RETURN_IF_ERROR(Encode(text, encoded, options));
  std::vector<std::string> pieces;
  pieces.reserve(encoded.pieces.size());
  for (size_t i = 0; i < encoded.pieces.size(); ++i)
    pieces.emplace_back(PieceString(encoded, i));
  return pieces;
}

std::string_view SentencePieceProcessor::PieceString(const SentencePieceText& text,
                                                     size_t index) const {
  const SentencePiecePieceInfo& p = text.pieces[index];
  if (table_->IsUnknown(p.id)) {
    return std::string_view(text.normalized).substr(p.norm_begin, p.norm_end - p.norm_begin);
  }
  return table_->IdToPiece(p.id);
}

std::string_view SentencePieceProcessor::IdToPiece(int id) const {
  return InRange(id) ? std::string_view(table_->IdToPiece(id)) : std::string_view();
}

float SentencePieceProcessor::GetScore(int id) const {
  return InRange(id) ? table_->Score(id) : 0.0f;
}

absl::StatusOr<std::string> SentencePieceProcessor::Decode(const std::vector<int>& ids) const {
  std::vector<std::string_view> pieces;
  pieces.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!InRange(ids[i])) {
      return absl::OutOfRangeError(absl::StrFormat(
          "id %d at position %d is out of range: the model has %d pieces", ids[i], i,
          table_->size()));
    }
    pieces.push_back(table_->IdToPiece(ids[i]));
  }
  std::string text;
  TM_RETURN_IF_ERROR(DecodeInternal(pieces, ids, text));
  return text;
}

absl::StatusOr<std::string> SentencePieceProcessor::DecodePieces(
    const std::vector<std::string>& pieces) const {
  std::vector<std::string_view> views(pieces.begin(), pieces.end());
  std::vector<int> ids;
  ids.reserve(pieces.size());
  for (const std::string& p : pieces) ids.push_back(table_->PieceToId(p));
  std::string text;
  TM_RETURN_IF_ERROR(DecodeInternal(views, ids, text));
  return text;
}

// sentencepiece's Decode: ▁ → space; control pieces vanish; the unk piece becomes
// unk_surface while other text mapped to unk is copied; runs of byte pieces are decoded as
// UTF-8 (each invalid byte → U+FFFD); the leading ▁ of the text is dropped when the
// normalizer adds a dummy prefix or removes extra whitespace (then every leading ▁ until
// some text has been produced).
absl::Status SentencePieceProcessor::DecodeInternal(const std::vector<std::string_view>& pieces,
                                                    const std::vector<int>& ids, std::string& text,
                                                    SentencePieceSurfaces* surfaces) const {
  const spm::NormalizerSpec& spec = model_.normalizer_spec();
  const bool strip_bos_space = spec.add_dummy_prefix() || spec.remove_extra_whitespaces();
  const std::string_view space = spm_utf8::kSpaceSymbol;
  const std::string& unk_surface = model_.trainer_spec().unk_surface();
  text.clear();
  if (surfaces != nullptr) surfaces->spans.assign(pieces.size(), {0, 0});
  // Piece i's surface is what it appends to the text.
  auto mark = [&](size_t i, size_t from) {
    if (surfaces != nullptr) {
      surfaces->spans[i] = {static_cast<uint32_t>(from), static_cast<uint32_t>(text.size())};
    }
  };

  // A run of byte pieces: each UTF-8 character's surface goes to its last byte piece.
  auto decode_bytes = [&](size_t from, size_t to) {
    std::string bytes;
    for (size_t i = from; i < to; ++i) bytes.push_back(static_cast<char>(PieceToByte(pieces[i])));
    for (size_t pos = 0; pos < bytes.size();) {
      const size_t n = spm_utf8::ValidCharLength(std::string_view(bytes).substr(pos));
      const size_t start = text.size();
      if (n == 0) {
        text.append(spm_utf8::kReplacementChar);
        mark(from + pos, start);
        pos += 1;
      } else {
        for (size_t j = 0; j + 1 < n; ++j) mark(from + pos + j, start);
        text.append(bytes, pos, n);
        mark(from + pos + n - 1, start);
        pos += n;
      }
    }
  };
  auto append_piece = [&](std::string_view piece) {
    for (size_t pos = 0; pos < piece.size();) {
      if (piece.compare(pos, space.size(), space) == 0) {
        text.push_back(' ');
        pos += space.size();
      } else {
        text.push_back(piece[pos++]);
      }
    }
  };

  bool is_bos_ws = true;     // still at the start, where one ▁ may be dropped
  bool bos_ws_seen = false;  // the previous piece dropped it
  size_t byte_start = 0;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const int id = ids[i];
    if (table_->IsByte(id)) continue;
    decode_bytes(byte_start, i);
    byte_start = i + 1;
    if (bos_ws_seen || !text.empty()) is_bos_ws = false;
    bos_ws_seen = false;
    std::string_view piece = pieces[i];
    const size_t start = text.size();
    if (table_->IsControl(id)) {
      mark(i, start);
      continue;
    }
    if (table_->IsUnknown(id)) {
      text.append(piece == table_->IdToPiece(id) ? std::string_view(unk_surface) : piece);
      mark(i, start);
      continue;
    }
    if (is_bos_ws && strip_bos_space && piece.substr(0, space.size()) == space) {
      piece.remove_prefix(space.size());
      bos_ws_seen = !spec.remove_extra_whitespaces();
    }
    append_piece(piece);
    mark(i, start);
  }
  decode_bytes(byte_start, pieces.size());
  if (denormalizer_) {
    if (surfaces != nullptr) surfaces->text = text;
    text = denormalizer_->Normalize(text);
  } else if (surfaces != nullptr) {
    surfaces->text.clear();
  }
  return absl::OkStatus();
}

absl::Status SentencePieceProcessor::DecodePiecesWithSurfaces(
    const std::vector<std::string>& pieces, std::string& text,
    SentencePieceSurfaces& surfaces) const {
  std::vector<std::string_view> views(pieces.begin(), pieces.end());
  std::vector<int> ids;
  ids.reserve(pieces.size());
  for (const std::string& p : pieces) ids.push_back(table_->PieceToId(p));
  TM_RETURN_IF_ERROR(DecodeInternal(views, ids, text, &surfaces));
  if (!denormalizer_) surfaces.text = text;
  return absl::OkStatus();
}

}  // namespace tokenmill
