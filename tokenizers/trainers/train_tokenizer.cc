#include "tokenizers/trainers/train_tokenizer.h"

#include <unistd.h>

#include <chrono>
#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/serialization/registries.h"
#include "tokenizers/serialization/tokenizer_json.h"
#include "tokenizers/trainers/corpus_reader.h"
#include "tokenizers/trainers/word_counter.h"

namespace tokenmill {
namespace {

using Json = nlohmann::ordered_json;

// Looks `token` up in the new vocabulary for a post-processor.
absl::StatusOr<uint32_t> ProcessorTokenId(const Model& model, const std::string& token) {
  if (auto id = model.TokenToId(token)) return *id;
  return absl::InvalidArgumentError(absl::StrFormat(
      "the post-processor uses \"%s\", which the trained vocabulary lacks: add it to the "
      "special tokens",
      token));
}

// Re-reads the ids of the special tokens a post-processor adds from the new vocabulary.
absl::Status RemapProcessor(Json& processor, const Model& model) {
  if (!processor.is_object()) return absl::OkStatus();
  const std::string type = processor.value("type", "");
  if (type == "BertProcessing" || type == "RobertaProcessing") {
    for (const char* key : {"sep", "cls"}) {
      if (!processor.contains(key)) continue;
      Json& pair = processor[key];
      TM_ASSIGN_OR_RETURN(uint32_t id, ProcessorTokenId(model, pair[0].get<std::string>()));
      pair[1] = id;
    }
  } else if (type == "TemplateProcessing" && processor.contains("special_tokens")) {
    for (auto& [name, special] : processor["special_tokens"].items()) {
      Json& ids = special["ids"];
      const Json& tokens = special["tokens"];
      for (size_t i = 0; i < tokens.size() && i < ids.size(); ++i) {
        TM_ASSIGN_OR_RETURN(uint32_t id, ProcessorTokenId(model, tokens[i].get<std::string>()));
        ids[i] = id;
      }
    }
  } else if (type == "Sequence" && processor.contains("processors")) {
    for (Json& inner : processor["processors"]) TM_RETURN_IF_ERROR(RemapProcessor(inner, model));
  }
  return absl::OkStatus();
}

// A component rebuilt from its tokenizer.json form (components are not copyable).
template <typename T>
absl::StatusOr<std::unique_ptr<T>> ComponentFromJson(const Json& j,
                                                     const ComponentRegistry<T>& registry) {
  simdjson::dom::parser parser;
  simdjson::padded_string text(j.dump());
  json::Value value;
  if (parser.parse(text).get(value)) return absl::InternalError("cannot re-read a component");
  return registry.Create(value, "template");
}

template <typename T>
absl::StatusOr<std::unique_ptr<T>> CloneComponent(const std::unique_ptr<T>& component,
                                                  const ComponentRegistry<T>& registry) {
  if (component == nullptr) return std::unique_ptr<T>();
  return ComponentFromJson(component->ToJson(), registry);
}

}  // namespace

size_t DefaultMaxMemory() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  size_t physical = pages > 0 && page_size > 0 ? static_cast<size_t>(pages) * page_size : 0;
  return std::max<size_t>(physical / 2, size_t{256} << 20);
}

absl::StatusOr<size_t> ParseMemorySize(std::string text) {
  text = absl::AsciiStrToUpper(text);
  if (!text.empty() && text.back() == 'B') text.pop_back();
  double scale = 1;
  if (!text.empty() && std::string("KMGT").find(text.back()) != std::string::npos) {
    scale = std::pow(1024.0, std::string("KMGT").find(text.back()) + 1);
    text.pop_back();
  }
  double value;
  if (!absl::SimpleAtod(text, &value) || value <= 0) {
    return absl::InvalidArgumentError("--max-memory: expected a size such as 512M or 4G");
  }
  return static_cast<size_t>(value * scale);
}

absl::StatusOr<std::unique_ptr<WordCounts>> CountWords(const Tokenizer& base,
                                                       const std::vector<std::string>& inputs,
                                                       const TrainOptions& options,
                                                       Progress& progress) {
  TM_ASSIGN_OR_RETURN(std::vector<std::string> paths, ExpandInputs(inputs));
  auto counts = std::make_unique<WordCounts>(options.max_memory ? options.max_memory
                                                                : DefaultMaxMemory());
  TM_RETURN_IF_ERROR(CountWordsInFiles(paths, base, *counts, options.num_threads, progress));
  return counts;
}

absl::StatusOr<std::unique_ptr<Tokenizer>> WithTrainedModel(const Tokenizer& base,
                                                            TrainedModel trained) {
  const Model& model = *trained.model;
  const TokenizerParts& old = base.parts();
  TokenizerParts parts;
  parts.model = std::move(trained.model);
  TM_ASSIGN_OR_RETURN(parts.normalizer, CloneComponent(old.normalizer, NormalizerRegistry()));
  TM_ASSIGN_OR_RETURN(parts.pre_tokenizer,
                      CloneComponent(old.pre_tokenizer, PreTokenizerRegistry()));
  TM_ASSIGN_OR_RETURN(parts.decoder, CloneComponent(old.decoder, DecoderRegistry()));
  if (old.post_processor != nullptr) {
    Json processor = old.post_processor->ToJson();
    TM_RETURN_IF_ERROR(RemapProcessor(processor, model));
    TM_ASSIGN_OR_RETURN(parts.post_processor,
                        ComponentFromJson(processor, PostProcessorRegistry()));
  }
  parts.truncation = old.truncation;
  parts.padding = old.padding;

  // Added tokens: the base's (re-numbered in the new vocabulary), then the trained specials.
  absl::flat_hash_set<std::string> contents;
  uint32_t next_id = static_cast<uint32_t>(model.VocabSize());
  for (const AddedToken& t : base.added_vocabulary().tokens()) {
    AddedToken copy = t;
    if (auto id = model.TokenToId(t.content)) {
      copy.id = *id;
    } else {
      copy.id = next_id++;
    }
    contents.insert(copy.content);
    parts.added_tokens.push_back(std::move(copy));
  }
  for (const std::string& content : trained.special_tokens) {
    if (content.empty() || !contents.insert(content).second) continue;
    AddedToken t;
    t.content = content;
    t.special = true;
    t.normalized = false;  // HF: AddedToken::from(content, special = true)
    auto id = model.TokenToId(content);
    t.id = id ? *id : next_id++;
    parts.added_tokens.push_back(std::move(t));
  }
  std::sort(parts.added_tokens.begin(), parts.added_tokens.end(),
            [](const AddedToken& a, const AddedToken& b) { return a.id < b.id; });
  return Tokenizer::Create(std::move(parts));
}

absl::StatusOr<std::unique_ptr<Tokenizer>> TrainOnCounts(const Tokenizer& base,
                                                         const Trainer& trainer,
                                                         std::unique_ptr<WordCounts> owned,
                                                         Progress& progress) {
  const WordCounts& counts = *owned;
  if (counts.size() == 0) {
    return absl::InvalidArgumentError(
        "the corpus is empty: no word to train on (after normalization and pre-tokenization)");
  }
  if (counts.pruned_words() > 0) {
    progress.Note(absl::StrFormat(
        "warning: the word counts reached the memory bound: %d distinct words seen at most %d "
        "times (%d occurrences) were dropped while counting; raise --max-memory to keep them",
        counts.pruned_words(), counts.prune_threshold(), counts.pruned_occurrences()));
  }
  WordList words;
  words.words = counts.Entries();
  words.storage = std::shared_ptr<const WordCounts>(std::move(owned));
  TM_ASSIGN_OR_RETURN(TrainedModel trained,
                      trainer.Train(std::move(words), base.parts().model.get(), progress));
  return WithTrainedModel(base, std::move(trained));
}

absl::StatusOr<std::unique_ptr<Tokenizer>> TrainTokenizer(const Tokenizer& base,
                                                          const Trainer& trainer,
                                                          const std::vector<std::string>& inputs,
                                                          const TrainOptions& options,
                                                          Progress& progress) {
  const auto start = std::chrono::steady_clock::now();
  TM_ASSIGN_OR_RETURN(std::unique_ptr<WordCounts> counts,
                      CountWords(base, inputs, options, progress));
  progress.Note(absl::StrFormat("counted %d distinct words (%d in all)", counts->size(),
                                counts->total()));
  TM_ASSIGN_OR_RETURN(std::unique_ptr<Tokenizer> tokenizer,
                      TrainOnCounts(base, trainer, std::move(counts), progress));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress.Note(absl::StrFormat("trained a %s vocabulary of %d tokens in %.2f s",
                                trainer.model_type(), tokenizer->GetVocabSize(), seconds));
  return tokenizer;
}

}  // namespace tokenmill
