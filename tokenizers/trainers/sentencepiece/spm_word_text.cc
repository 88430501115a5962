#include "tokenizers/trainers/sentencepiece/spm_word_text.h"

namespace tokenmill {
namespace {

constexpr std::string_view kEnds("\0\x01", 2);

bool SeenMidSentence(uint8_t ends) { return ends & kSpmWordMidSentence; }
// A word never seen mid-sentence counts as sentence-final (spm's text has NUL after it).
bool SeenSentenceFinal(uint8_t ends) { return (ends & kSpmWordSentenceFinal) || ends == 0; }

// Whether the word is written twice (see the header).
bool WrittenTwice(bool suffix, uint8_t ends, int64_t count) {
  if (!SeenMidSentence(ends)) return false;
  // Whitespace as a suffix: a word seen mid-sentence is followed by the next word's first
  // character, a different one somewhere in all likelihood when it was seen twice.
  return SeenSentenceFinal(ends) || (suffix && count >= 2);
}

}  // namespace

SpmWordText PackSpmWordText(const spm::TrainerSpec& spec, SpmSentences& table) {
  auto& words = table.sentences;
  const bool suffix = spec.treat_whitespace_as_suffix();
  SpmWordText out;
  out.mid_sentence_ends = table.word_ends.size() == words.size();
  size_t bytes = 0, entries = 0;
  for (size_t i = 0; i < words.size() && out.mid_sentence_ends; ++i) {
    if (words[i].first.find(kSpmMidSentenceEnd) != std::string::npos) {
      out.mid_sentence_ends = false;
    }
  }
  for (size_t i = 0; i < words.size(); ++i) {
    const bool twice = out.mid_sentence_ends &&
                       WrittenTwice(suffix, table.word_ends[i], words[i].second);
    bytes += (words[i].first.size() + 1) * (twice ? 2 : 1);
    entries += twice ? 2 : 1;
  }
  out.bytes.reserve(bytes);
  out.counts.reserve(entries);
  for (size_t i = 0; i < words.size(); ++i) {
    std::string& word = words[i].first;
    const uint8_t ends = out.mid_sentence_ends ? table.word_ends[i] : kSpmWordSentenceFinal;
    const bool twice = WrittenTwice(suffix, ends, words[i].second);
    if (SeenMidSentence(ends)) {
      out.bytes.append(word);
      out.bytes.push_back(kSpmMidSentenceEnd);
      out.counts.push_back(words[i].second);
    }
    if (twice || !SeenMidSentence(ends)) {
      out.bytes.append(word);
      out.bytes.push_back('\0');
      out.counts.push_back(twice ? 0 : words[i].second);
    }
    std::string().swap(word);
  }
  std::vector<std::pair<std::string, int64_t>>().swap(words);
  std::vector<uint8_t>().swap(table.word_ends);
  return out;
}

unigram_training::Words SpmWordTextWords(const SpmWordText& text) {
  unigram_training::Words words;
  size_t distinct = 0;
  for (const int64_t count : text.counts) distinct += count != 0;
  words.reserve(distinct);
  const std::string_view bytes = text.bytes;
  size_t start = 0;
  for (const int64_t count : text.counts) {
    const size_t end = bytes.find_first_of(kEnds, start);
    if (count != 0) words.emplace_back(bytes.substr(start, end - start), count);
    start = end + 1;
  }
  return words;
}

std::string_view SpmWordTextPrefix(const SpmWordText& text, uint64_t budget,
                                   std::vector<uint32_t>& starts) {
  const std::string_view bytes = text.bytes;
  size_t start = 0;
  for (size_t i = 0; i < text.counts.size();) {
    // A word and its second copy (count 0) go in together or not at all.
    const size_t group = i + 1 < text.counts.size() && text.counts[i + 1] == 0 ? 2 : 1;
    size_t end = start;
    for (size_t k = 0; k < group; ++k) end = bytes.find_first_of(kEnds, end) + 1;
    if (end > budget) break;
    for (size_t k = 0; k < group; ++k) {
      starts.push_back(static_cast<uint32_t>(start));
      start = bytes.find_first_of(kEnds, start) + 1;
    }
    i += group;
  }
  return bytes.substr(0, start);
}

}  // namespace tokenmill
