#include "tokenizers/models/unigram/unigram.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_format.h"
#include "tokenizers/models/unigram/unigram_viterbi.h"

namespace tokenmill {
namespace {

constexpr double kHfUnkPenalty = 10.0;  // HF keeps scores in f64 (sentencepiece: float)

}  // namespace

absl::StatusOr<std::unique_ptr<Unigram>> Unigram::Create(
    std::vector<std::pair<std::string, double>> vocab, std::optional<uint32_t> unk_id,
    bool byte_fallback) {
  if (unk_id) {
    if (vocab.empty()) {
      return absl::InvalidArgumentError(
          "Unigram: the vocabulary is empty but at least <unk> is needed");
    }
    if (*unk_id >= vocab.size()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "Unigram: unk_id %d is not in the vocabulary (%d entries)", *unk_id, vocab.size()));
    }
  }
  if (vocab.size() > DoubleArrayTrie::kMaxValue) {
    return absl::InvalidArgumentError(
        absl::StrFormat("Unigram: %d vocabulary entries, at most %d supported", vocab.size(),
                        DoubleArrayTrie::kMaxValue));
  }
  std::unique_ptr<Unigram> model(new Unigram());
  model->vocab_ = std::move(vocab);
  model->unk_id_ = unk_id;
  model->byte_fallback_ = byte_fallback;
  model->min_score_ = std::numeric_limits<double>::infinity();
  model->scores_.reserve(model->vocab_.size());
  for (uint32_t id = 0; id < model->vocab_.size(); ++id) {
    const auto& [token, score] = model->vocab_[id];
    model->ids_[absl::string_view(token.data(), token.size())] = id;  // the last duplicate wins
    model->scores_.push_back(score);
    if (score < model->min_score_) model->min_score_ = score;
  }
  std::vector<std::pair<std::string_view, uint32_t>> entries;
  entries.reserve(model->ids_.size());
  for (const auto& [token, id] : model->ids_) entries.emplace_back(std::string_view(token.data(), token.size()), id);
  auto trie = DoubleArrayTrie::Build(std::move(entries));
  if (!trie.ok()) return trie.status();
  model->trie_ = std::move(*trie);
  for (int b = 0; b < 256; ++b) {
    const auto it = model->ids_.find(absl::StrFormat("<0x%02X>", b));
    model->byte_ids_[b] = it == model->ids_.end() ? -1 : static_cast<int64_t>(it->second);
  }
  return model;
}

absl::Status Unigram::Tokenize(std::string_view word, std::vector<Token>& out) const {
  thread_local std::vector<unigram_internal::BestPathNode<double>> best;
  thread_local std::vector<Token> path;
  path.clear();
  const unigram_internal::ViterbiScoring<double> scoring{scores_.data(),
                                                         min_score_ - kHfUnkPenalty, unk_id_};
  if (!unigram_internal::ViterbiEncode(word, trie_, scoring, best, path)) {
    return absl::InvalidArgumentError(
        "Unigram: encountered an unknown token but `unk_id` is missing");
  }
  for (size_t i = 0; i < path.size();) {
    if (!unk_id_ || path[i].id != *unk_id_) {
      out.push_back(path[i++]);
      continue;
    }
    size_t j = i + 1;
    while (j < path.size() && path[j].id == *unk_id_) ++j;
    AppendUnknownRun(word, path[i].begin, path[j - 1].end, out);
    i = j;
  }
  return absl::OkStatus();
}

void Unigram::AppendUnknownRun(std::string_view word, uint32_t begin, uint32_t end,
                               std::vector<Token>& out) const {
  const std::string_view text = word.substr(begin, end - begin);
  if (auto it = ids_.find(absl::string_view(text.data(), text.size())); it != ids_.end()) {
    out.push_back(Token{it->second, begin, end});
    return;
  }
  if (byte_fallback_ &&
      std::all_of(text.begin(), text.end(),
                  [&](char c) { return byte_ids_[static_cast<uint8_t>(c)] >= 0; })) {
    for (const char c : text) {
      out.push_back(Token{static_cast<uint32_t>(byte_ids_[static_cast<uint8_t>(c)]), begin, end});
    }
    return;
  }
  out.push_back(Token{*unk_id_, begin, end});
}

std::optional<uint32_t> Unigram::TokenToId(std::string_view token) const {
  const auto it = ids_.find(absl::string_view(token.data(), token.size()));
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string_view> Unigram::IdToToken(uint32_t id) const {
  if (id >= vocab_.size()) return std::nullopt;
  return vocab_[id].first;
}

std::vector<std::pair<std::string, uint32_t>> Unigram::GetVocab() const {
  std::vector<std::pair<std::string, uint32_t>> entries;
  entries.reserve(ids_.size());
  for (const auto& [token, id] : ids_) entries.emplace_back(std::string(token), id);
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  return entries;
}

nlohmann::ordered_json Unigram::ToJson() const {
  nlohmann::ordered_json vocab = nlohmann::ordered_json::array();
  vocab.get_ref<nlohmann::ordered_json::array_t&>().reserve(vocab_.size());
  for (const auto& [token, score] : vocab_) vocab.push_back(nlohmann::ordered_json::array({token, score}));
  return {{"type", "Unigram"},
          {"unk_id", unk_id_ ? nlohmann::ordered_json(*unk_id_) : nlohmann::ordered_json(nullptr)},
          {"vocab", std::move(vocab)},
          {"byte_fallback", byte_fallback_}};
}

}  // namespace tokenmill
