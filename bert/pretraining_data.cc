#include "bert/pretraining_data.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "bert/python_random.h"
#include "tokenizers/base/status_macros.h"

namespace tokenmill::bert {
namespace {

// truncate_seq_pair: drop tokens from the longer side, front or back at random.
void TruncatePair(std::vector<uint32_t>& a, std::vector<uint32_t>& b, size_t max_tokens,
                  PythonRandom& rng) {
  while (a.size() + b.size() > max_tokens) {
    std::vector<uint32_t>& longer = a.size() > b.size() ? a : b;
    if (rng.Random() < 0.5) {
      longer.erase(longer.begin());
    } else {
      longer.pop_back();
    }
  }
}

// create_masked_lm_predictions.
void MaskTokens(PretrainingInstance& inst, const PretrainingVocab& vocab,
                const PretrainingOptions& o, PythonRandom& rng) {
  const std::vector<uint32_t> tokens = inst.input_ids;
  std::vector<std::vector<uint32_t>> candidates;
  for (uint32_t i = 0; i < tokens.size(); ++i) {
    const uint32_t t = tokens[i];
    if (t == vocab.cls_id || t == vocab.sep_id) continue;
    if (o.do_whole_word_mask && !candidates.empty() && t < vocab.is_continuation.size() &&
        vocab.is_continuation[t]) {
      candidates.back().push_back(i);
    } else {
      candidates.push_back({i});
    }
  }
  rng.Shuffle(candidates);
  // Python's round() rounds halves to even, as std::nearbyint does by default.
  const size_t wanted = static_cast<size_t>(std::nearbyint(tokens.size() * o.masked_lm_prob));
  const size_t to_predict = std::min(o.max_predictions_per_seq, std::max<size_t>(1, wanted));
  std::vector<std::pair<uint32_t, uint32_t>> masked;  // (position, original id)
  std::vector<uint8_t> covered(tokens.size(), 0);
  for (const auto& word : candidates) {
    if (masked.size() >= to_predict) break;
    if (masked.size() + word.size() > to_predict) continue;
    if (std::any_of(word.begin(), word.end(), [&](uint32_t i) { return covered[i]; })) continue;
    for (uint32_t i : word) {
      covered[i] = 1;
      uint32_t replacement;
      if (rng.Random() < 0.8) {
        replacement = vocab.mask_id;
      } else if (rng.Random() < 0.5) {
        replacement = tokens[i];
      } else {
        replacement = static_cast<uint32_t>(rng.RandInt(0, static_cast<int64_t>(vocab.size) - 1));
      }
      inst.input_ids[i] = replacement;
      masked.emplace_back(i, tokens[i]);
    }
  }
  std::sort(masked.begin(), masked.end());
  for (const auto& [position, label] : masked) {
    inst.masked_lm_positions.push_back(position);
    inst.masked_lm_labels.push_back(label);
  }
}

// create_instances_from_document.
void InstancesFromDocument(const std::vector<Document>& docs, size_t doc_index,
                           const PretrainingVocab& vocab, const PretrainingOptions& o,
                           PythonRandom& rng, std::vector<PretrainingInstance>& out) {
  const Document& doc = docs[doc_index];
  const int64_t max_tokens = static_cast<int64_t>(o.max_seq_length) - 3;
  int64_t target_length = max_tokens;
  if (rng.Random() < o.short_seq_prob) target_length = rng.RandInt(2, max_tokens);
  std::vector<const std::vector<uint32_t>*> chunk;
  int64_t chunk_length = 0;
  for (int64_t i = 0; i < static_cast<int64_t>(doc.size()); ++i) {
    chunk.push_back(&doc[i]);
    chunk_length += static_cast<int64_t>(doc[i].size());
    if (i != static_cast<int64_t>(doc.size()) - 1 && chunk_length < target_length) continue;
    if (!chunk.empty()) {
      int64_t a_end = 1;
      if (chunk.size() >= 2) a_end = rng.RandInt(1, static_cast<int64_t>(chunk.size()) - 1);
      std::vector<uint32_t> a, b;
      for (int64_t j = 0; j < a_end; ++j) a.insert(a.end(), chunk[j]->begin(), chunk[j]->end());
      bool random_next = false;
      if (chunk.size() == 1 || rng.Random() < 0.5) {
        random_next = true;
        const int64_t target_b = target_length - static_cast<int64_t>(a.size());
        // Ten tries for another document (with a single document, the same one).
        int64_t other = 0;
        for (int tries = 0; tries < 10; ++tries) {
          other = rng.RandInt(0, static_cast<int64_t>(docs.size()) - 1);
          if (other != static_cast<int64_t>(doc_index)) break;
        }
        const Document& random_doc = docs[other];
        const int64_t start = rng.RandInt(0, static_cast<int64_t>(random_doc.size()) - 1);
        for (size_t j = start; j < random_doc.size(); ++j) {
          b.insert(b.end(), random_doc[j].begin(), random_doc[j].end());
          if (static_cast<int64_t>(b.size()) >= target_b) break;
        }
        // The unused sentences of this chunk start the next one.
        i -= static_cast<int64_t>(chunk.size()) - a_end;
      } else {
        for (size_t j = a_end; j < chunk.size(); ++j) b.insert(b.end(), chunk[j]->begin(), chunk[j]->end());
      }
      TruncatePair(a, b, static_cast<size_t>(max_tokens), rng);
      if (!a.empty() && !b.empty()) {  // the script asserts this; never false for valid input
        PretrainingInstance inst;
        inst.is_random_next = random_next;
        inst.input_ids.push_back(vocab.cls_id);
        inst.input_ids.insert(inst.input_ids.end(), a.begin(), a.end());
        inst.input_ids.push_back(vocab.sep_id);
        inst.segment_ids.assign(a.size() + 2, 0);
        inst.input_ids.insert(inst.input_ids.end(), b.begin(), b.end());
        inst.input_ids.push_back(vocab.sep_id);
        inst.segment_ids.resize(inst.input_ids.size(), 1);
        MaskTokens(inst, vocab, o, rng);
        out.push_back(std::move(inst));
      }
    }
    chunk.clear();
    chunk_length = 0;
  }
}

}  // namespace

absl::StatusOr<PretrainingVocab> PretrainingVocab::FromTokenizer(const Tokenizer& tokenizer) {
  PretrainingVocab v;
  const auto cls = tokenizer.TokenToId("[CLS]");
  const auto sep = tokenizer.TokenToId("[SEP]");
  const auto mask = tokenizer.TokenToId("[MASK]");
  if (!cls || !sep || !mask) {
    return absl::InvalidArgumentError("the tokenizer needs [CLS], [SEP] and [MASK] tokens");
  }
  v.cls_id = *cls;
  v.sep_id = *sep;
  v.mask_id = *mask;
  v.size = tokenizer.GetVocabSize();
  v.is_continuation.assign(v.size, 0);
  for (const auto& [token, id] : tokenizer.GetVocab()) {
    if (id < v.size && absl::StartsWith(token, "##")) v.is_continuation[id] = 1;
  }
  return v;
}

absl::StatusOr<std::vector<Document>> ReadDocuments(std::string_view text,
                                                    const Tokenizer& tokenizer) {
  std::vector<Document> docs(1);
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const absl::string_view stripped = absl::StripAsciiWhitespace(absl::string_view(line.data(), line.size()));
    line = std::string_view(stripped.data(), stripped.size());
    if (line.empty()) {
      docs.emplace_back();
      continue;
    }
    TM_ASSIGN_OR_RETURN(Encoding e, tokenizer.Encode(line, std::nullopt, /*add_special_tokens=*/false));
    if (!e.ids.empty()) docs.back().push_back(std::move(e.ids));
  }
  std::erase_if(docs, [](const Document& d) { return d.empty(); });
  return docs;
}

absl::StatusOr<std::vector<PretrainingInstance>> CreatePretrainingInstances(
    std::vector<Document> documents, const PretrainingVocab& vocab,
    const PretrainingOptions& options) {
  if (options.max_seq_length < 5) {
    return absl::InvalidArgumentError("max_seq_length must be at least 5");
  }
  if (!(options.masked_lm_prob >= 0 && options.masked_lm_prob <= 1) ||
      !(options.short_seq_prob >= 0 && options.short_seq_prob <= 1)) {
    return absl::InvalidArgumentError("masked_lm_prob and short_seq_prob must be in [0, 1]");
  }
  if (vocab.size == 0) return absl::InvalidArgumentError("empty vocabulary");
  std::erase_if(documents, [](const Document& d) { return d.empty(); });
  for (const Document& d : documents) {
    for (const auto& sentence : d) {
      if (sentence.empty()) return absl::InvalidArgumentError("a sentence has no tokens");
    }
  }
  PythonRandom rng(options.seed);
  rng.Shuffle(documents);
  std::vector<PretrainingInstance> instances;
  for (size_t pass = 0; pass < options.dupe_factor; ++pass) {
    for (size_t d = 0; d < documents.size(); ++d) {
      InstancesFromDocument(documents, d, vocab, options, rng, instances);
    }
  }
  rng.Shuffle(instances);
  return instances;
}

PretrainingArrays ToArrays(const std::vector<PretrainingInstance>& instances,
                           const PretrainingOptions& options) {
  PretrainingArrays a;
  a.count = instances.size();
  a.max_seq_length = options.max_seq_length;
  a.max_predictions_per_seq = options.max_predictions_per_seq;
  const size_t S = a.max_seq_length, P = a.max_predictions_per_seq, n = a.count;
  a.input_ids.assign(n * S, 0);
  a.input_mask.assign(n * S, 0);
  a.segment_ids.assign(n * S, 0);
  a.masked_lm_positions.assign(n * P, 0);
  a.masked_lm_ids.assign(n * P, 0);
  a.masked_lm_weights.assign(n * P, 0.0f);
  a.next_sentence_labels.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const PretrainingInstance& inst = instances[i];
    for (size_t t = 0; t < inst.input_ids.size() && t < S; ++t) {
      a.input_ids[i * S + t] = static_cast<int32_t>(inst.input_ids[t]);
      a.input_mask[i * S + t] = 1;
      a.segment_ids[i * S + t] = static_cast<int32_t>(inst.segment_ids[t]);
    }
    for (size_t m = 0; m < inst.masked_lm_positions.size() && m < P; ++m) {
      a.masked_lm_positions[i * P + m] = static_cast<int32_t>(inst.masked_lm_positions[m]);
      a.masked_lm_ids[i * P + m] = static_cast<int32_t>(inst.masked_lm_labels[m]);
      a.masked_lm_weights[i * P + m] = 1.0f;
    }
    a.next_sentence_labels[i] = inst.is_random_next ? 1 : 0;
  }
  return a;
}

}  // namespace tokenmill::bert
