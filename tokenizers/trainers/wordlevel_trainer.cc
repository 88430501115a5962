#include "tokenizers/trainers/wordlevel_trainer.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/models/wordlevel/word_level.h"

namespace tokenmill {

absl::StatusOr<TrainedModel> WordLevelTrainer::Train(WordList words, const Model* base,
                                                     Progress& progress) const {
  std::vector<WordCount>& counted = words.words;
  progress.Start("rank words", counted.size(), "words");
  std::sort(counted.begin(), counted.end(), [](const WordCount& a, const WordCount& b) {
    if (CountOf(a.count) != CountOf(b.count)) return CountOf(a.count) > CountOf(b.count);
    return a.word < b.word;
  });
  // HF collects (token, id) into a map: a word equal to a special token takes the later id,
  // and the special token's id is left without a token.
  absl::flat_hash_map<std::string_view, uint32_t> ids;
  uint32_t next_id = 0;
  auto add = [&](std::string_view token) { ids[token] = next_id++; };
  for (const std::string& special : options_.special_tokens) {
    if (next_id >= options_.vocab_size) break;
    add(special);
  }
  for (const WordCount& w : counted) {
    if (next_id >= options_.vocab_size) break;
    if (CountOf(w.count) >= options_.min_frequency) add(w.word);
  }
  progress.Set(counted.size());
  progress.Finish();
  std::vector<std::pair<std::string_view, uint32_t>> entries(ids.begin(), ids.end());
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  TM_ASSIGN_OR_RETURN(Vocab vocab, Vocab::Create(entries));
  std::string unk_token = "[UNK]";
  if (const auto* base_wl = dynamic_cast<const WordLevel*>(base)) unk_token = base_wl->unk_token();
  TrainedModel trained;
  trained.model = std::make_unique<WordLevel>(std::move(vocab), std::move(unk_token));
  trained.special_tokens = options_.special_tokens;
  return trained;
}

}  // namespace tokenmill
