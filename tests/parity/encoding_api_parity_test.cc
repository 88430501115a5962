// The API around encode against HF tokenizers 0.22 (goldens by gen_encoding_api_goldens.js):
// pre-split input (HF's is_pretokenized: Tokenizer::EncodeWords), the position queries of an
// Encoding (TokenToSequence … WordToChars), post-processing, padding and truncating an
// encoding after the fact, and tokens added at run time (AddTokens), with a WordPiece/BertProcessing tokenizer
// (bert-base-uncased), a Unigram/Metaspace one without post-processor (unigram_8k, HF's
// conversion), a byte-level BPE one with RobertaProcessing (CLIP-shaped), and the first two
// padded to 96 tokens. HF reports code points; these are converted to UTF-8 bytes, what the
// C++ API reports. Runs without ../shared.
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testing/test_data.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill {
namespace {

struct Case {
  std::string name;       // golden: hf.<name>.jsonl.gz
  std::string tokenizer;  // relative to the source tree
  size_t padding = 0;     // pad every encoding to this length (0: no padding)
};

std::unique_ptr<Tokenizer> Load(const Case& c) {
  auto json = testing::ReadMaybeGzip(testing::SourceDir() + "/" + c.tokenizer);
  EXPECT_TRUE(json.ok()) << json.status();
  if (!json.ok()) return nullptr;
  auto tokenizer = ParseTokenizerJson(*json, c.tokenizer);
  EXPECT_TRUE(tokenizer.ok()) << tokenizer.status();
  if (!tokenizer.ok()) return nullptr;
  if (c.padding > 0) {
    PaddingParams padding;  // HF's defaults: pad id 0, "[PAD]"
    padding.fixed_length = c.padding;
    (*tokenizer)->SetPadding(padding);
  }
  return *std::move(tokenizer);
}

// byte_of[k]: the UTF-8 byte where code point k starts (byte_of[count] = size).
std::vector<uint32_t> CodePointStarts(std::string_view text) {
  std::vector<uint32_t> starts;
  for (uint32_t i = 0; i < text.size(); ++i) {
    if ((static_cast<uint8_t>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(static_cast<uint32_t>(text.size()));
  return starts;
}

nlohmann::json ToBytes(const nlohmann::json& char_span, const std::vector<uint32_t>& starts) {
  if (char_span.is_null()) return nullptr;
  return {starts.at(char_span[0].get<size_t>()), starts.at(char_span[1].get<size_t>())};
}

template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json Fields(const Encoding& e) {
  nlohmann::json sequence_ids = nlohmann::json::array();
  for (size_t t = 0; t < e.size(); ++t) {
    // HF's get_sequence_ids: without ranges, every token is input 0's.
    sequence_ids.push_back(e.sequence_ranges == 0 ? nlohmann::json(0)
                           : e.sequence_ids[t] < 0 ? nlohmann::json(nullptr)
                                                   : nlohmann::json(e.sequence_ids[t]));
  }
  nlohmann::json words = nlohmann::json::array();
  for (const auto& w : e.word_ids) words.push_back(OrNull(w));
  return {{"ids", e.ids},
          {"type_ids", e.type_ids},
          {"tokens", e.tokens},
          {"special_tokens_mask", std::vector<int>(e.special_tokens_mask.begin(),
                                                   e.special_tokens_mask.end())},
          {"attention_mask", std::vector<int>(e.attention_mask.begin(), e.attention_mask.end())},
          {"word_ids", words},
          {"sequence_ids", sequence_ids},
          {"n_sequences", e.NumSequences()}};
}

void ExpectFields(const Encoding& e, const nlohmann::json& g, const std::string& where) {
  const nlohmann::json got = Fields(e);
  for (const auto& [key, value] : got.items()) {
    EXPECT_EQ(value, g.at(key)) << where << ": " << key;
  }
}

std::vector<std::string_view> Views(const std::vector<std::string>& words) {
  return std::vector<std::string_view>(words.begin(), words.end());
}

void CheckWords(const Tokenizer& tokenizer, const nlohmann::json& g, const std::string& where) {
  const auto words = g.at("words").get<std::vector<std::string>>();
  std::optional<std::vector<std::string>> pair;
  if (!g.at("pair").is_null()) pair = g.at("pair").get<std::vector<std::string>>();
  const std::vector<std::string_view> word_views = Views(words);
  std::vector<std::string_view> pair_views;
  std::optional<Tokenizer::Words> pair_arg;
  if (pair) {
    pair_views = Views(*pair);
    pair_arg = pair_views;
  }
  auto e = tokenizer.EncodeWords(word_views, pair_arg, g.at("add_special_tokens"));
  ASSERT_TRUE(e.ok()) << where << ": " << e.status();
  ExpectFields(*e, g, where);
  // Offsets: bytes into each word.
  ASSERT_EQ(e->size(), g.at("offsets").size()) << where;
  for (size_t t = 0; t < e->size(); ++t) {
    const nlohmann::json& want = g.at("offsets")[t];
    const int sequence = e->sequence_ids[t];
    if (sequence < 0) {
      EXPECT_EQ(nlohmann::json({e->offsets[t].start, e->offsets[t].end}), want) << where;
      continue;
    }
    const std::vector<std::string>& list = sequence == 0 ? words : *pair;
    const auto starts = CodePointStarts(list.at(*e->word_ids[t]));
    EXPECT_EQ(nlohmann::json({e->offsets[t].start, e->offsets[t].end}), ToBytes(want, starts))
        << where << " token " << t;
  }
}

void CheckPositions(const Tokenizer& tokenizer, const nlohmann::json& g, const std::string& where) {
  const std::string text = g.at("text");
  std::vector<std::string> texts = {text};
  if (!g.at("pair").is_null()) texts.push_back(g.at("pair"));
  std::optional<std::string_view> pair;
  if (texts.size() == 2) pair = texts[1];
  auto e = tokenizer.Encode(text, pair, g.at("add_special_tokens"));
  ASSERT_TRUE(e.ok()) << where << ": " << e.status();
  ExpectFields(*e, g, where);
  std::vector<std::vector<uint32_t>> starts;
  for (const std::string& t : texts) starts.push_back(CodePointStarts(t));
  const nlohmann::json& q = g.at("queries");
  // A token's chars are in the text of its input (input 0's when it has none).
  auto text_of = [&](size_t token) -> const std::vector<uint32_t>& {
    const int sequence = token < e->size() ? e->sequence_ids[token] : 0;
    return starts[sequence > 0 ? 1 : 0];
  };
  for (size_t t = 0; t <= e->size(); ++t) {
    const std::string at = where + " token " + std::to_string(t);
    EXPECT_EQ(OrNull(e->TokenToSequence(t)), q.at("token_to_sequence")[t]) << at;
    EXPECT_EQ(OrNull(e->TokenToWord(t)), q.at("token_to_word")[t]) << at;
    const std::optional<Span> chars = e->TokenToChars(t);
    const nlohmann::json got = chars ? nlohmann::json({chars->start, chars->end}) : nullptr;
    EXPECT_EQ(got, ToBytes(q.at("token_to_chars")[t], text_of(t))) << at;
  }
  for (size_t s = 0; s < texts.size(); ++s) {
    for (size_t c = 0; c < starts[s].size(); ++c) {
      const std::string at = where + " seq " + std::to_string(s) + " char " + std::to_string(c);
      EXPECT_EQ(OrNull(e->CharToToken(starts[s][c], s)), q.at("char_to_token")[s][c]) << at;
      EXPECT_EQ(OrNull(e->CharToWord(starts[s][c], s)), q.at("char_to_word")[s][c]) << at;
    }
    for (uint32_t w = 0; w < q.at("word_to_tokens")[s].size(); ++w) {
      const std::string at = where + " seq " + std::to_string(s) + " word " + std::to_string(w);
      const auto tokens = e->WordToTokens(w, s);
      EXPECT_EQ(tokens ? nlohmann::json({tokens->first, tokens->second}) : nlohmann::json(nullptr),
                q.at("word_to_tokens")[s][w])
          << at;
      const std::optional<Span> chars = e->WordToChars(w, s);
      const nlohmann::json got = chars ? nlohmann::json({chars->start, chars->end}) : nullptr;
      EXPECT_EQ(got, ToBytes(q.at("word_to_chars")[s][w], text_of(tokens ? tokens->first : 0)))
          << at;
    }
  }
}

// HF's add_tokens / add_special_tokens on a fresh tokenizer, call after call: what each
// returns, the vocabulary size, then encodings and decodings with the tokens in place.
void CheckAdded(const Case& c, const nlohmann::json& g, const std::string& where) {
  std::unique_ptr<Tokenizer> tokenizer = Load(c);
  ASSERT_NE(tokenizer, nullptr);
  for (const nlohmann::json& step : g.at("steps")) {
    const bool special = step.at("call") == "add_special_tokens";
    std::vector<AddedToken> tokens;
    for (const std::string content : step.at("tokens")) {
      AddedToken token;
      token.content = content;
      token.special = special;
      token.normalized = !special;  // HF's AddedToken::from(content, special)
      tokens.push_back(token);
    }
    const size_t added = tokenizer->AddTokens(tokens);
    if (!special) {
      EXPECT_EQ(added, step.at("returned").get<size_t>()) << where;
    }
    EXPECT_EQ(tokenizer->GetVocabSize(), step.at("vocab_size").get<size_t>()) << where;
  }
  EXPECT_EQ(nlohmann::json(tokenizer->added_vocabulary().ToJson()), g.at("saved_added_tokens"))
      << where;
  for (const nlohmann::json& want : g.at("encodings")) {
    const std::string text = want.at("text");
    auto e = tokenizer->Encode(text);
    ASSERT_TRUE(e.ok()) << where << ": " << e.status();
    ExpectFields(*e, want, where + " " + text);
    const auto starts = CodePointStarts(text);
    for (size_t t = 0; t < e->size(); ++t) {
      EXPECT_EQ(nlohmann::json({e->offsets[t].start, e->offsets[t].end}),
                e->sequence_ids[t] < 0 ? want.at("offsets")[t] : ToBytes(want.at("offsets")[t], starts))
          << where << " " << text << " token " << t;
    }
    EXPECT_EQ(*tokenizer->Decode(e->ids, true), want.at("decoded").get<std::string>()) << where;
    EXPECT_EQ(*tokenizer->Decode(e->ids, false), want.at("decoded_all").get<std::string>()) << where;
  }
}

// Changes after encode, on encodings made without post-processor and padding: HF's
// post_process (PostProcessEncodings), Encoding.pad (PadEncoding) and Encoding.truncate
// (TruncateEncoding, with its overflowing windows).
void CheckOps(const Tokenizer& tokenizer, const Tokenizer& bare, const nlohmann::json& g,
              const std::string& where) {
  auto encode = [&](const std::string& text) {
    auto e = bare.Encode(text, std::nullopt, false);
    EXPECT_TRUE(e.ok()) << where << ": " << e.status();
    return e.ok() ? *std::move(e) : Encoding();
  };
  const std::string text = g.at("text");
  std::optional<Encoding> pair;
  if (!g.at("pair").is_null()) pair = encode(g.at("pair"));
  auto processed = tokenizer.PostProcessEncodings(encode(text), pair, g.at("add_special_tokens"));
  ASSERT_TRUE(processed.ok()) << where << ": " << processed.status();
  ExpectFields(*processed, g.at("post_processed"), where + " post_process");

  const nlohmann::json& p = g.at("pad");
  Encoding padded = encode(text);
  PaddingParams params;
  params.direction = p.at("direction") == "left" ? Direction::kLeft : Direction::kRight;
  params.pad_id = 7;
  params.pad_type_id = 1;
  params.pad_token = "<p>";
  PadEncoding(padded, p.at("length"), params);
  ExpectFields(padded, p, where + " pad");

  const nlohmann::json& t = g.at("truncate");
  Encoding cut = encode(text);
  ASSERT_TRUE(TruncateEncoding(cut, t.at("max_length"), t.at("stride"),
                               t.at("direction") == "left" ? Direction::kLeft : Direction::kRight)
                  .ok());
  ExpectFields(cut, t, where + " truncate");
  ASSERT_EQ(cut.overflowing.size(), t.at("overflowing").size()) << where;
  for (size_t i = 0; i < cut.overflowing.size(); ++i) {
    ExpectFields(cut.overflowing[i], t.at("overflowing")[i], where + " overflowing");
  }
}

// The tokenizer without post-processor and padding.
std::unique_ptr<Tokenizer> Bare(const Case& c) {
  auto json = testing::ReadMaybeGzip(testing::SourceDir() + "/" + c.tokenizer);
  if (!json.ok()) return nullptr;
  nlohmann::json config = nlohmann::json::parse(*json);
  config["post_processor"] = nullptr;
  auto tokenizer = ParseTokenizerJson(config.dump(), c.tokenizer);
  return tokenizer.ok() ? *std::move(tokenizer) : nullptr;
}

class EncodingApiParity : public ::testing::TestWithParam<Case> {};

TEST_P(EncodingApiParity, MatchesHuggingFaceTokenizers) {
  const Case& c = GetParam();
  std::unique_ptr<Tokenizer> tokenizer = Load(c);
  ASSERT_NE(tokenizer, nullptr);
  auto goldens = testing::ReadJsonLines(testing::SourceDir() +
                                        "/tests/data/golden/encoding_api/hf." + c.name + ".jsonl.gz");
  ASSERT_TRUE(goldens.ok()) << goldens.status();
  std::unique_ptr<Tokenizer> bare = Bare(c);
  ASSERT_NE(bare, nullptr);
  size_t words = 0, positions = 0, added = 0, ops = 0;
  for (size_t i = 0; i < goldens->size(); ++i) {
    const nlohmann::json& g = (*goldens)[i];
    const std::string where = c.name + " record " + std::to_string(i + 1);
    if (g.at("kind") == "words") {
      CheckWords(*tokenizer, g, where);
      ++words;
    } else if (g.at("kind") == "positions") {
      CheckPositions(*tokenizer, g, where);
      ++positions;
    } else if (g.at("kind") == "ops") {
      CheckOps(*tokenizer, *bare, g, where);
      ++ops;
    } else if (g.at("kind") == "added") {
      CheckAdded(c, g, where);
      ++added;
    }
    if (HasFailure()) return;
  }
  EXPECT_GT(words, 40u);
  EXPECT_GT(positions, 40u);
  EXPECT_EQ(added, 3u);
  EXPECT_GE(ops, 20u);
}

INSTANTIATE_TEST_SUITE_P(
    Tokenizers, EncodingApiParity,
    ::testing::Values(Case{"bert-base-uncased", "vocab/bert-base-uncased/tokenizer.json"},
                      Case{"bert-base-uncased-padded", "vocab/bert-base-uncased/tokenizer.json", 96},
                      Case{"unigram_8k", "tests/data/spm/unigram_8k.hf.tokenizer.json"},
                      Case{"unigram_8k-padded", "tests/data/spm/unigram_8k.hf.tokenizer.json", 96},
                      Case{"clip", "tests/data/golden/clip/tokenizer.json.gz"}),
    [](const ::testing::TestParamInfo<Case>& info) {
      std::string name = info.param.name;
      for (char& ch : name) {
        if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name;
    });

}  // namespace
}  // namespace tokenmill
