#include "tokenizers/tokenizer.h"

#include <algorithm>
#include <thread>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {
namespace {

// HF's OffsetType::None (into_encoding): each token only its id, type 0 (whichever input).
void DropTokenDetails(Encoding& encoding) {
  for (std::string& token : encoding.tokens) token.clear();
  std::fill(encoding.offsets.begin(), encoding.offsets.end(), Span{0, 0});
  std::fill(encoding.word_ids.begin(), encoding.word_ids.end(), std::nullopt);
  std::fill(encoding.type_ids.begin(), encoding.type_ids.end(), 0u);
}

// Room reserved after a sequence's tokens for the special tokens post-processing adds.
constexpr size_t kSpecialTokenSlack = 8;

}  // namespace

absl::StatusOr<std::unique_ptr<Tokenizer>> Tokenizer::Create(TokenizerParts parts) {
  if (parts.model == nullptr) return absl::InvalidArgumentError("a tokenizer needs a model");
  return std::unique_ptr<Tokenizer>(new Tokenizer(std::move(parts)));
}

Tokenizer::Tokenizer(TokenizerParts parts)
    : parts_(std::move(parts)), added_(parts_.added_tokens, parts_.normalizer.get()) {}

absl::StatusOr<Encoding> Tokenizer::EncodeSequence(std::string_view text, int8_t sequence) const {
  Encoding encoding;
  TM_RETURN_IF_ERROR(AppendSequence(text, sequence, std::nullopt, encoding));
  return encoding;
}

absl::Status Tokenizer::AppendSequence(std::string_view text, int8_t sequence,
                                       std::optional<uint32_t> word_id, Encoding& encoding) const {
  if (text.size() >= (size_t{1} << 32) - 1) {
    return absl::InvalidArgumentError("text longer than 4 GiB");
  }
  TM_RETURN_IF_ERROR(utf8::Validate(text));
  // One scratch per thread: its split and token vectors keep their capacity across calls,
  // which saves several allocations per encoded text.
  thread_local PreTokenizedString words;
  // ... but a big text's buffers are not kept alive in it.
  absl::Cleanup release_big = [&] {
    if (text.size() > (size_t{1} << 20)) words = PreTokenizedString();
  };
  added_.ExtractAndNormalize(text, parts_.normalizer.get(), words);
  if (parts_.pre_tokenizer != nullptr) parts_.pre_tokenizer->PreTokenize(words);
  absl::Status status;
  words.Tokenize([&](std::string_view word, std::vector<Token>& out) {
    if (status.ok()) status = parts_.model->Tokenize(word, out);
  });
  TM_RETURN_IF_ERROR(status);

  // Sized once and filled in place: no per-token push into eight vectors.
  const size_t n = words.tokens().size();
  const size_t first = encoding.size();
  if (first == 0) encoding.Reserve(n + kSpecialTokenSlack);  // room for [CLS]/[SEP] in place
  encoding.ids.resize(first + n);
  encoding.tokens.resize(first + n);
  encoding.offsets.resize(first + n);
  encoding.word_ids.resize(first + n);
  encoding.type_ids.resize(first + n, static_cast<uint32_t>(sequence));
  encoding.special_tokens_mask.resize(first + n, 0);
  encoding.attention_mask.resize(first + n, 1);
  encoding.sequence_ids.resize(first + n, sequence);
  const auto& splits = words.splits();
  const std::vector<Token>& tokens = words.tokens();
  size_t i = first;
  for (size_t word = 0; word < splits.size(); ++word) {
    const Split& split = splits[word];
    const size_t count = static_cast<size_t>(split.token_end - split.token_begin);
    if (split.added) {
      for (size_t k = 0; k < count; ++k) encoding.tokens[i + k].assign(words.SplitText(split));
    } else if (count > 0) {
      parts_.model->TokenStrings(words.SplitText(split), &tokens[split.token_begin], count,
                                 &encoding.tokens[i]);
    }
    for (int32_t t = split.token_begin; t < split.token_end; ++t, ++i) {
      const Token& token = tokens[t];
      encoding.ids[i] = token.id;
      encoding.offsets[i] = words.TokenSpan(split, token);
      encoding.word_ids[i] = word_id.value_or(static_cast<uint32_t>(word));
    }
  }
  return absl::OkStatus();
}

// HF's encode_single_sequence over InputSequence::PreTokenized: each word encoded on its own,
// the results concatenated without shifting offsets (HF merges them), each token's word the
// word's index. Appended into one encoding: no encoding per word.
absl::StatusOr<Encoding> Tokenizer::EncodeWordSequence(Words words, int8_t sequence) const {
  Encoding encoding;
  for (size_t i = 0; i < words.size(); ++i) {
    const absl::Status status =
        AppendSequence(words[i], sequence, static_cast<uint32_t>(i), encoding);
    if (!status.ok()) {
      return absl::Status(status.code(), absl::StrFormat("word %d: %s", i, status.message()));
    }
  }
  return encoding;
}

absl::StatusOr<Encoding> Tokenizer::PostProcess(Encoding first, std::optional<Encoding> second,
                                                bool add_special_tokens) const {
  if (parts_.truncation) {
    TruncationParams params = *parts_.truncation;
    const size_t added = add_special_tokens && parts_.post_processor
                             ? parts_.post_processor->AddedTokens(second.has_value())
                             : 0;
    if (added > params.max_length) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "truncation max_length %d is smaller than the %d special tokens to add",
          params.max_length, added));
    }
    params.max_length -= added;
    TM_RETURN_IF_ERROR(Truncate(first, second ? &*second : nullptr, params));
  }
  if (parts_.post_processor) {
    return parts_.post_processor->Process(std::move(first), std::move(second), add_special_tokens);
  }
  // No processor: the sequences are concatenated (type ids 0 and 1 from EncodeSequence), their
  // overflowing parts combined as HF's default_process does; it marks the sequences of a pair
  // only.
  if (second) {
    first.SetSequenceId(0);
    second->SetSequenceId(1);
    first.MergeWith(*std::move(second));
  }
  return first;
}

absl::StatusOr<Encoding> Tokenizer::EncodeInput(const Input& input, int8_t sequence,
                                                EncodeDetail detail) const {
  absl::StatusOr<Encoding> encoding;
  if (const auto* text = std::get_if<std::string_view>(&input)) {
    encoding = EncodeSequence(*text, sequence);
  } else {
    encoding = EncodeWordSequence(std::get<Words>(input), sequence);
  }
  if (encoding.ok() && detail == EncodeDetail::kIdsOnly) DropTokenDetails(*encoding);
  return encoding;
}

absl::StatusOr<Encoding> Tokenizer::EncodeUnpadded(const Input& input,
                                                   const std::optional<Input>& pair,
                                                   bool add_special_tokens,
                                                   EncodeDetail detail) const {
  TM_ASSIGN_OR_RETURN(Encoding first, EncodeInput(input, 0, detail));
  std::optional<Encoding> second;
  if (pair) {
    TM_ASSIGN_OR_RETURN(second, EncodeInput(*pair, 1, detail));
  }
  return PostProcess(std::move(first), std::move(second), add_special_tokens);
}

absl::StatusOr<Encoding> Tokenizer::EncodePadded(const Input& input,
                                                 const std::optional<Input>& pair,
                                                 bool add_special_tokens,
                                                 EncodeDetail detail) const {
  TM_ASSIGN_OR_RETURN(Encoding encoding, EncodeUnpadded(input, pair, add_special_tokens, detail));
  if (parts_.padding) {
    std::vector<Encoding*> batch = {&encoding};
    Pad(batch, *parts_.padding);
  }
  return encoding;
}

absl::StatusOr<Encoding> Tokenizer::PostProcessEncodings(Encoding first,
                                                         std::optional<Encoding> second,
                                                         bool add_special_tokens) const {
  TM_ASSIGN_OR_RETURN(Encoding encoding,
                      PostProcess(std::move(first), std::move(second), add_special_tokens));
  if (parts_.padding) {
    std::vector<Encoding*> batch = {&encoding};
    Pad(batch, *parts_.padding);
  }
  return encoding;
}

absl::StatusOr<Encoding> Tokenizer::Encode(std::string_view text,
                                           std::optional<std::string_view> pair,
                                           bool add_special_tokens, EncodeDetail detail) const {
  std::optional<Input> pair_input;
  if (pair) pair_input = *pair;
  return EncodePadded(text, pair_input, add_special_tokens, detail);
}

absl::StatusOr<Encoding> Tokenizer::EncodeWords(Words words, std::optional<Words> pair,
                                                bool add_special_tokens,
                                                EncodeDetail detail) const {
  std::optional<Input> pair_input;
  if (pair) pair_input = *pair;
  return EncodePadded(words, pair_input, add_special_tokens, detail);
}

namespace {

// A batch's pairs as one optional pair per input (none when `pairs` is null).
template <typename T>
std::vector<std::optional<T>> OptionalPairs(size_t count, const std::vector<T>* pairs) {
  if (pairs == nullptr) return std::vector<std::optional<T>>(count);
  return std::vector<std::optional<T>>(pairs->begin(), pairs->end());
}

}  // namespace

absl::StatusOr<std::vector<Encoding>> Tokenizer::EncodeBatch(
    const std::vector<std::string_view>& texts, const std::vector<std::string_view>* pairs,
    bool add_special_tokens, size_t num_threads, EncodeDetail detail) const {
  return EncodeInputs(texts, OptionalPairs(texts.size(), pairs), add_special_tokens, num_threads,
                      detail);
}

absl::StatusOr<std::vector<Encoding>> Tokenizer::EncodeBatch(
    const std::vector<std::string_view>& texts,
    const std::vector<std::optional<std::string_view>>& pairs, bool add_special_tokens,
    size_t num_threads, EncodeDetail detail) const {
  return EncodeInputs(texts, pairs, add_special_tokens, num_threads, detail);
}

absl::StatusOr<std::vector<Encoding>> Tokenizer::EncodeWordsBatch(
    const std::vector<Words>& inputs, const std::vector<Words>* pairs, bool add_special_tokens,
    size_t num_threads, EncodeDetail detail) const {
  return EncodeInputs(inputs, OptionalPairs(inputs.size(), pairs), add_special_tokens,
                      num_threads, detail);
}

absl::StatusOr<std::vector<Encoding>> Tokenizer::EncodeWordsBatch(
    const std::vector<Words>& inputs, const std::vector<std::optional<Words>>& pairs,
    bool add_special_tokens, size_t num_threads, EncodeDetail detail) const {
  return EncodeInputs(inputs, pairs, add_special_tokens, num_threads, detail);
}

template <typename T>
absl::StatusOr<std::vector<Encoding>> Tokenizer::EncodeInputs(
    const std::vector<T>& inputs, const std::vector<std::optional<T>>& pairs,
    bool add_special_tokens, size_t num_threads, EncodeDetail detail) const {
  if (pairs.size() != inputs.size()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "encode_batch got %d inputs but %d pairs", inputs.size(), pairs.size()));
  }
  return EncodeMany(
      inputs.size(), [&](size_t i) { return Input(inputs[i]); },
      [&](size_t i) { return pairs[i] ? std::optional<Input>(*pairs[i]) : std::nullopt; },
      add_special_tokens, num_threads, detail);
}

template <typename InputAt, typename PairAt>
absl::StatusOr<std::vector<Encoding>> Tokenizer::EncodeMany(size_t count, InputAt input,
                                                            PairAt pair,
                                                            bool add_special_tokens,
                                                            size_t num_threads,
                                                            EncodeDetail detail) const {
  std::vector<absl::StatusOr<Encoding>> results(count);
  auto work = [&](size_t begin, size_t step) {
    for (size_t i = begin; i < count; i += step) {
      results[i] = EncodeUnpadded(input(i), pair(i), add_special_tokens, detail);
    }
  };
  if (num_threads == 0) num_threads = std::max(1u, std::thread::hardware_concurrency());
  num_threads = std::min(num_threads, std::max<size_t>(1, count / 8));
  if (num_threads <= 1) {
    work(0, 1);
  } else {
    std::vector<std::thread> threads;
    for (size_t t = 0; t < num_threads; ++t) threads.emplace_back(work, t, num_threads);
    for (auto& thread : threads) thread.join();
  }
  std::vector<Encoding> out;
  out.reserve(count);
  for (size_t i = 0; i < results.size(); ++i) {
    if (!results[i].ok()) {
      const absl::Status& s = results[i].status();
      return absl::Status(s.code(), absl::StrFormat("input %d: %s", i, s.message()));
    }
    out.push_back(*std::move(results[i]));
  }
  if (parts_.padding) {
    std::vector<Encoding*> batch;
    for (Encoding& e : out) batch.push_back(&e);
    Pad(batch, *parts_.padding);
  }
  return out;
}

absl::StatusOr<std::string> Tokenizer::Decode(const std::vector<uint32_t>& ids,
                                              bool skip_special_tokens) const {
  std::vector<std::string> tokens;
  tokens.reserve(ids.size());
  for (uint32_t id : ids) {
    // HF: the token's text, skipped when that text was added as a special token.
    std::string_view text;
    if (const AddedToken* added = added_.FindById(id)) {
      text = added->content;
    } else if (auto piece = parts_.model->IdToToken(id)) {
      text = *piece;
    } else {
      return absl::InvalidArgumentError(absl::StrFormat("decode: unknown token id %d", id));
    }
    if (skip_special_tokens && added_.IsSpecial(text)) continue;
    tokens.emplace_back(text);
  }
  if (parts_.decoder) return parts_.decoder->Decode(std::move(tokens));
  std::string out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i) out += ' ';
    out += tokens[i];
  }
  return out;
}

size_t Tokenizer::AddTokens(const std::vector<AddedToken>& tokens) {
  return added_.Add(tokens, *parts_.model, parts_.normalizer.get());
}

std::optional<uint32_t> Tokenizer::TokenToId(std::string_view token) const {
  if (std::optional<uint32_t> id = added_.IdOf(token)) return id;
  return parts_.model->TokenToId(token);
}

std::optional<std::string> Tokenizer::IdToToken(uint32_t id) const {
  if (const AddedToken* added = added_.FindById(id)) return added->content;
  if (auto piece = parts_.model->IdToToken(id)) return std::string(*piece);
  return std::nullopt;
}

std::vector<std::pair<std::string, uint32_t>> Tokenizer::GetVocab() const {
  auto vocab = parts_.model->GetVocab();
  for (const AddedToken& t : added_.tokens()) {
    if (!parts_.model->TokenToId(t.content)) vocab.emplace_back(t.content, t.id);
  }
  return vocab;
}

size_t Tokenizer::GetVocabSize() const { return GetVocab().size(); }

}  // namespace tokenmill
