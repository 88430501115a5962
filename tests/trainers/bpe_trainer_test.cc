// The BPE trainer against HF's own unit tests (models/bpe/trainer.rs) and against a naive,
// line-by-line transcription of HF's do_train on random corpora with every option.
#include "tokenizers/trainers/bpe_trainer.h"

#include <gtest/gtest.h>

#include <iostream>

#include <map>
#include <queue>
#include <random>
#include <set>

#include "tokenizers/base/utf8.h"
#include "tokenizers/trainers/wordpiece_trainer.h"

namespace tokenmill {
namespace {

std::vector<WordCount> Words(const std::vector<std::pair<std::string, uint64_t>>& list,
                             std::vector<std::string>& storage) {
  storage.clear();
  for (const auto& [w, c] : list) storage.push_back(w);
  std::vector<WordCount> out;
  for (size_t i = 0; i < list.size(); ++i) out.push_back({storage[i], list[i].second});
  return out;
}

BpeTrainingResult TrainOrDie(const std::vector<WordCount>& words, const BpeTrainerOptions& o) {
  auto result = TrainBpeVocabulary(words, o, Progress::Silent());
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *std::move(result) : BpeTrainingResult();
}

// HF trainer.rs test_train: min_frequency 2.
TEST(BpeTrainerHfCases, TrainWithMinFrequency) {
  std::vector<std::string> storage;
  const auto words = Words({{"roses", 1}, {"are", 2}, {"red", 1}, {"voilets", 1}, {"blue", 1},
                            {"BERT", 1}, {"is", 2}, {"big", 1}, {"and", 1}, {"so", 1},
                            {"GPT-2", 1}},
                           storage);
  BpeTrainerOptions o;
  o.min_frequency = 2;
  const BpeTrainingResult r = TrainOrDie(words, o);
  const std::vector<std::string> expected = {"-", "2", "B", "E", "G", "P", "R", "T", "a",
                                             "b", "d", "e", "g", "i", "l", "n", "o", "r",
                                             "s", "t", "u", "v", "re", "are", "is"};
  EXPECT_EQ(r.vocab, expected);
  const std::vector<std::pair<uint32_t, uint32_t>> merges = {{17, 11}, {8, 22}, {13, 18}};
  EXPECT_EQ(r.merges, merges);
}

// HF trainer.rs bpe_test_max_token_length_direct_assert: max_token_length 2.
TEST(BpeTrainerHfCases, MaxTokenLengthDirect) {
  std::vector<std::string> storage;
  const auto words = Words({{"sin", 2}, {"Sin", 2}, {"Lon", 2}, {"Ano", 2}, {"짧은한", 2},
                            {"긴한글", 2}, {"短字符", 2}, {"长字符", 2}, {"短い文", 2},
                            {"長い文", 2}, {"so", 2}, {"GP", 2}},
                           storage);
  BpeTrainerOptions o;
  o.max_token_length = 2;
  const BpeTrainingResult r = TrainOrDie(words, o);
  const std::map<std::string, uint32_t> expected = {
      {"短", 12}, {"n", 6},    {"i", 5},   {"s", 8},   {"字符", 23}, {"長", 14}, {"긴", 17},
      {"い文", 22}, {"L", 2},  {"in", 21}, {"o", 7},   {"은한", 29}, {"S", 4},   {"P", 3},
      {"so", 27}, {"符", 13},  {"文", 11}, {"字", 10}, {"짧", 19},   {"GP", 25}, {"글", 16},
      {"G", 1},   {"An", 24},  {"长", 15}, {"A", 0},   {"Lo", 26},   {"긴한", 28}, {"い", 9},
      {"한", 20}, {"은", 18}};
  std::map<std::string, uint32_t> got;
  for (uint32_t id = 0; id < r.vocab.size(); ++id) got[r.vocab[id]] = id;
  EXPECT_EQ(got, expected);
}

// HF trainer.rs bpe_test_max_token_length_16: no learned token is longer than 16 characters.
TEST(BpeTrainerHfCases, MaxTokenLength16) {
  std::vector<std::string> storage;
  const auto words = Words(
      {{"singlelongtokenwithoutcasechange", 2}, {"singleLongTokenWithCamelCaseChange", 2},
       {"Longsingletokenwithpunctu@t!onwithin", 2}, {"Anotherlongsingletokenwithnumberw1th1n", 2},
       {"짧은한글문자열짧은한", 2}, {"긴한글문자열긴한글문자열긴한글문", 2},
       {"短字符串短字符串短字", 2}, {"长字符串长字符串长字符串长字符串", 2},
       {"短い文字列短い文字列", 2}, {"長い文字列長い文字列長い文字列長", 2}, {"so", 2}, {"GPT-2", 2}},
      storage);
  BpeTrainerOptions o;
  o.max_token_length = 16;
  const BpeTrainingResult r = TrainOrDie(words, o);
  EXPECT_GT(r.vocab.size(), 100u);
  for (const std::string& token : r.vocab) EXPECT_LE(utf8::CountCodePoints(token), 16u) << token;
}

// ---- A naive transcription of HF's do_train (std containers, no pooling, no compaction).
struct NaiveResult {
  std::vector<std::string> vocab;
  std::vector<std::pair<uint32_t, uint32_t>> merges;
};

NaiveResult NaiveHfTrain(const std::vector<WordCount>& wc, const BpeTrainerOptions& o) {
  std::map<std::string, uint32_t> w2id;
  std::vector<std::string> id2w;
  auto add = [&](const std::string& s) {
    if (!w2id.count(s)) {
      w2id[s] = id2w.size();
      id2w.push_back(s);
    }
  };
  for (const auto& s : o.special_tokens) add(s);
  std::map<char32_t, uint64_t> alphabet;
  for (const auto& w : wc) {
    size_t p = 0;
    while (p < w.word.size()) alphabet[utf8::DecodeValid(w.word, p)] += w.count;
  }
  for (char32_t c : o.initial_alphabet) alphabet[c] = UINT64_MAX;
  std::vector<std::pair<char32_t, uint64_t>> kept(alphabet.begin(), alphabet.end());
  if (o.limit_alphabet && kept.size() > *o.limit_alphabet) {
    std::stable_sort(kept.begin(), kept.end(), [](auto& a, auto& b) {
      return a.second != b.second ? a.second < b.second : a.first > b.first;
    });
    kept.erase(kept.begin(), kept.begin() + (kept.size() - *o.limit_alphabet));
  }
  std::sort(kept.begin(), kept.end());
  for (auto& [c, n] : kept) {
    std::string s;
    utf8::Append(c, s);
    add(s);
  }
  // Words: decorated symbols in byte order (our documented choice for HF's hash order).
  std::vector<std::vector<std::string>> spelled;
  std::set<std::string> decorated;
  for (const auto& w : wc) {
    std::vector<std::string> symbols;
    size_t p = 0;
    while (p < w.word.size()) {
      const size_t b = p;
      utf8::DecodeValid(w.word, p);
      std::string s(w.word.substr(b, p - b));
      if (!w2id.count(s)) continue;
      if (b > 0 && o.continuing_subword_prefix) s = *o.continuing_subword_prefix + s;
      if (p == w.word.size() && o.end_of_word_suffix) s += *o.end_of_word_suffix;
      if (!w2id.count(s)) decorated.insert(s);
      symbols.push_back(s);
    }
    spelled.push_back(symbols);
  }
  for (const auto& s : decorated) add(s);
  std::vector<std::vector<uint32_t>> words;
  std::vector<std::vector<size_t>> lens;
  for (const auto& symbols : spelled) {
    words.emplace_back();
    lens.emplace_back();
    for (const auto& s : symbols) {
      words.back().push_back(w2id[s]);
      lens.back().push_back(1);
    }
  }
  using Pair = std::pair<uint32_t, uint32_t>;
  std::map<Pair, int64_t> pair_counts;
  std::map<Pair, std::set<size_t>> where;
  for (size_t i = 0; i < words.size(); ++i) {
    for (size_t j = 0; j + 1 < words[i].size(); ++j) {
      Pair p{words[i][j], words[i][j + 1]};
      pair_counts[p] += wc[i].count;
      where[p].insert(i);
    }
  }
  struct Entry {
    uint64_t count;
    Pair pair;
    uint64_t seq;
    std::set<size_t> pos;
    bool operator<(const Entry& e) const {
      if (count != e.count) return count < e.count;
      if (pair != e.pair) return pair > e.pair;
      return seq > e.seq;
    }
  };
  std::priority_queue<Entry> queue;
  uint64_t seq = 0;
  for (auto& [p, pos] : where) {
    if (pair_counts[p] > 0) queue.push({uint64_t(pair_counts[p]), p, seq++, pos});
  }
  const size_t max_len = o.max_token_length.value_or(SIZE_MAX);
  std::vector<std::pair<Pair, uint32_t>> merges;
  while (w2id.size() < o.vocab_size && !queue.empty()) {
    Entry top = queue.top();
    queue.pop();
    if (top.count != uint64_t(pair_counts[top.pair])) {
      top.count = uint64_t(pair_counts[top.pair]);
      top.seq = seq++;
      queue.push(top);
      continue;
    }
    if (top.count < 1 || o.min_frequency > top.count) break;
    std::string b = id2w[top.pair.second];
    if (o.continuing_subword_prefix && b.rfind(*o.continuing_subword_prefix, 0) == 0) {
      b = b.substr(o.continuing_subword_prefix->size());
    }
    add(id2w[top.pair.first] + b);
    const uint32_t id = w2id[id2w[top.pair.first] + b];
    merges.push_back({top.pair, id});
    std::map<Pair, std::set<size_t>> updates;
    for (size_t i : top.pos) {
      auto& s = words[i];
      auto& l = lens[i];
      for (size_t j = 0; j < s.size(); ++j) {  // Word::merge, with insert/remove
        if (s[j] == top.pair.first && j + 1 < s.size() && s[j + 1] == top.pair.second) {
          const uint32_t first = s[j], second = s[j + 1];
          const size_t new_len = l[j] + l[j + 1];
          auto change = [&](Pair p, int c) {
            pair_counts[p] += int64_t(c) * int64_t(wc[i].count);
            if (c > 0) updates[p].insert(i);
          };
          if (j > 0) {
            change({s[j - 1], first}, -1);
            if (l[j - 1] + new_len < max_len) change({s[j - 1], id}, 1);
          }
          s[j] = id;
          l[j] = new_len;
          s.erase(s.begin() + j + 1);
          l.erase(l.begin() + j + 1);
          if (j + 1 < s.size()) {
            change({second, s[j + 1]}, -1);
            if (l[j + 1] + new_len < max_len) change({id, s[j + 1]}, 1);
          }
        }
      }
    }
    for (auto& [p, pos] : updates) {
      if (pair_counts[p] > 0) queue.push({uint64_t(pair_counts[p]), p, seq++, pos});
    }
  }
  NaiveResult r;
  r.vocab = id2w;
  std::set<Pair> seen;
  for (size_t i = merges.size(); i-- > 0;) {
    if (seen.insert(merges[i].first).second) r.merges.push_back(merges[i].first);
  }
  std::reverse(r.merges.begin(), r.merges.end());
  return r;
}

// Random words over a small alphabet, so that pairs repeat and the same string can be built
// by different merges (the case where HF's queue entries carry partial word sets).
std::vector<std::pair<std::string, uint64_t>> RandomWords(std::mt19937& rng) {
  static const std::vector<std::string> kChars = {"a", "b", "c", "d", "é", "中", "😀", "#"};
  std::vector<std::pair<std::string, uint64_t>> out;
  std::set<std::string> seen;
  const int n = std::uniform_int_distribution<int>(5, 120)(rng);
  for (int i = 0; i < n; ++i) {
    std::string w;
    const int len = std::uniform_int_distribution<int>(1, 12)(rng);
    const size_t alphabet = i % 4 ? 2 + (i % 2) : 8;  // mostly 2-3 letters: many shared strings
    for (int j = 0; j < len; ++j) w += kChars[std::uniform_int_distribution<size_t>(0, alphabet - 1)(rng)];
    if (seen.insert(w).second) out.emplace_back(w, std::uniform_int_distribution<int>(1, 9)(rng));
  }
  return out;
}

TEST(BpeTrainerDifferential, MatchesNaiveHfTranscription) {
  std::mt19937 rng(12345);
  int rounds_with_repeated_strings = 0;  // a token built by two different merges
  int rounds_with_repeated_pairs = 0;    // a pair merged twice (HF keeps its last rank)
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> storage;
    const auto words = Words(RandomWords(rng), storage);
    BpeTrainerOptions o;
    o.vocab_size = std::uniform_int_distribution<size_t>(10, 400)(rng);
    if (round % 2) o.min_frequency = std::uniform_int_distribution<int>(0, 6)(rng);
    if (round % 3 == 1) o.special_tokens = {"<s>", "a", "</s>"};
    if (round % 5 == 2) o.limit_alphabet = std::uniform_int_distribution<size_t>(1, 7)(rng);
    if (round % 4 == 3) o.initial_alphabet = {U'z', U'a', U'ß'};
    if (round % 3 == 2) o.continuing_subword_prefix = "##";
    if (round % 7 == 3) o.end_of_word_suffix = "</w>";
    if (round % 4 == 1) o.max_token_length = std::uniform_int_distribution<size_t>(2, 6)(rng);
    NaiveResult expected = NaiveHfTrain(words, o);
    auto got = TrainBpeVocabulary(words, o, Progress::Silent());
    if (expected.vocab.size() > o.vocab_size) {  // too small for the alphabet: we refuse
      EXPECT_FALSE(got.ok());
      continue;
    }
    ASSERT_TRUE(got.ok()) << got.status();
    ASSERT_EQ(got->vocab, expected.vocab) << "round " << round;
    ASSERT_EQ(got->merges, expected.merges) << "round " << round;
    if (got->merges.size() > got->vocab.size() - got->initial_vocab_size) {
      ++rounds_with_repeated_strings;
    }
    if (got->merge_steps > got->merges.size()) ++rounds_with_repeated_pairs;
  }
  // The random corpora reach HF's corner cases (else this test would prove little).
  EXPECT_GT(rounds_with_repeated_strings, 5);
  EXPECT_GT(rounds_with_repeated_pairs, 1);
  std::cout << rounds_with_repeated_strings << " rounds built a string twice, "
            << rounds_with_repeated_pairs << " merged a pair twice\n";
}

// The compact paths: 16-bit symbol ids up to vocab_size 65536 (32-bit above), word counts in
// 32 bits unless they do not fit. Both sides of each switch against the transcription.
TEST(BpeTrainerDifferential, WideIdsAndHugeCountsMatchNaiveHfTranscription) {
  std::mt19937 rng(777);
  for (int round = 0; round < 24; ++round) {
    auto list = RandomWords(rng);
    if (round % 2) {
      for (auto& [w, c] : list) c += (uint64_t{1} << 32) * (c % 3);  // some ≥ 2^32, some not
    }
    std::vector<std::string> storage;
    const auto words = Words(list, storage);
    BpeTrainerOptions o;
    o.vocab_size = round % 4 < 2 ? 65536 : 65537;  // more than the corpus gives: every merge
    if (round % 3 == 1) o.max_token_length = 4;
    NaiveResult expected = NaiveHfTrain(words, o);
    auto got = TrainBpeVocabulary(words, o, Progress::Silent());
    ASSERT_TRUE(got.ok()) << got.status();
    ASSERT_EQ(got->vocab, expected.vocab) << "round " << round;
    ASSERT_EQ(got->merges, expected.merges) << "round " << round;
  }
}

TEST(BpeTrainerErrors, VocabSmallerThanAlphabetNamesTheParts) {
  std::vector<std::string> storage;
  const auto words = Words({{"abcdef", 3}}, storage);
  BpeTrainerOptions o;
  o.vocab_size = 4;
  o.special_tokens = {"[UNK]"};
  auto r = TrainBpeVocabulary(words, o, Progress::Silent());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("1 special tokens, 6 alphabet characters"),
            std::string::npos)
      << r.status();
}

TEST(BpeTrainerOptions, ByteLevelAlphabetIsGpt2s) {
  const std::vector<char32_t> alphabet = ByteLevelAlphabet();
  ASSERT_EQ(alphabet.size(), 256u);
  EXPECT_EQ(alphabet[' '], U'Ġ');
  EXPECT_EQ(alphabet['\n'], U'Ċ');
  EXPECT_EQ(alphabet['a'], U'a');
  EXPECT_EQ(std::set<char32_t>(alphabet.begin(), alphabet.end()).size(), 256u);
}

TEST(BpeTrainerOptions, ThreadCountDoesNotChangeTheResult) {
  std::mt19937 rng(99);
  std::vector<std::string> storage;
  const auto words = Words(RandomWords(rng), storage);
  BpeTrainerOptions o;
  o.vocab_size = 150;
  o.num_threads = 1;
  const auto one = TrainOrDie(words, o);
  o.num_threads = 4;
  const auto four = TrainOrDie(words, o);
  EXPECT_EQ(one.vocab, four.vocab);
  EXPECT_EQ(one.merges, four.merges);
}

}  // namespace
}  // namespace tokenmill
